import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The one logger of the service. Messages are fixed English sentences; ids go in the fields
 * object. Personal data (names, passport, SNILS, addresses, contacts, file contents) is never
 * passed to it.
 */
export const logger = new Logger({ serviceName: 'kontrakt' });
