import { moscowDate } from '../api/schemas/calendar-date.ts';

/**
 * Derives the contract's human-readable number, `К-<year>-<last 8 characters of the application
 * id>`, such as К-2025-HBCDEA7Q. The year is the Moscow year in which the application was
 * created, so every version of the contract, and every read of it, gets the same number.
 */
export function contractNumber(applicationId: string, applicationCreatedAt: string): string {
  const year = moscowDate(new Date(applicationCreatedAt)).slice(0, 4);
  return `К-${year}-${applicationId.slice(-8)}`;
}
