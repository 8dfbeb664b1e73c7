import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, vi } from 'vitest';
import type { ApplicationRecord } from '../../../functions/domain/application-record.ts';
import type { ConsoleIo } from '../../../operator/run-cli.ts';

export const STATE_TABLE = 'test-state';
export const PERSONAL_DATA_TABLE = 'test-personal-data';

export const dynamo = mockClient(DynamoDBDocumentClient);
export const sfn = mockClient(SFNClient);

export const WAITING_SINCE = '2025-03-03T09:00:00.000Z';

export function waitingApplication(overrides: Partial<ApplicationRecord> = {}): ApplicationRecord {
  return {
    applicationId: 'app-1',
    applicantId: 'applicant-1',
    status: 'IN_REVIEW',
    version: 6,
    createdAt: '2025-03-01T08:00:00.000Z',
    updatedAt: WAITING_SINCE,
    documents: {},
    pendingEvents: {},
    waitingTask: { step: 'FINAL_APPROVAL', taskToken: 'secret-token-1', since: WAITING_SINCE, executionName: 'app-1-r1', registryResult: 'UNAVAILABLE' },
    ...overrides,
  };
}

export function givenApplication(record: ApplicationRecord | undefined): void {
  dynamo.on(GetCommand, { TableName: STATE_TABLE }).resolves({ Item: record });
}

export function givenWaitingSteps(records: ApplicationRecord[]): void {
  dynamo.on(QueryCommand, { TableName: STATE_TABLE, IndexName: 'waitingSteps' }).resolves({
    Items: records.map((record) => ({ ...record, waitingPartition: 'WAITING', waitingSince: record.waitingTask?.since })),
  });
}

/** An SFN service error as the SDK throws it: the exception name is the error's name. */
export function sfnError(name: string): Error {
  const error = new Error(`Provided task token is no longer valid (${name})`);
  error.name = name;
  return error;
}

export interface CapturedIo extends ConsoleIo {
  output(): string;
  errors(): string;
}

/** An in-memory terminal: not a TTY, fixed clock and time zone, no env file. */
export function captureIo(env: NodeJS.ProcessEnv = {}): CapturedIo {
  let stdout = '';
  let stderr = '';
  return {
    stdout: { write: (text: string) => (stdout += text), isTTY: false },
    stderr: { write: (text: string) => (stderr += text) },
    env: { STATE_TABLE_NAME: STATE_TABLE, PERSONAL_DATA_TABLE_NAME: PERSONAL_DATA_TABLE, PERSONAL_DATA_BUCKET_NAME: 'test-bucket', ...env },
    now: () => new Date('2025-03-04T12:30:00.000Z'),
    timeZone: 'Europe/Moscow',
    loadEnvironment: () => undefined,
    output: () => stdout,
    errors: () => stderr,
  };
}

/** Resets the mocks and sets the variables the domain and personal-data modules read. */
export function useConsoleMocks(): void {
  beforeEach(() => {
    dynamo.reset();
    sfn.reset();
    vi.stubEnv('STATE_TABLE_NAME', STATE_TABLE);
    vi.stubEnv('PERSONAL_DATA_TABLE_NAME', PERSONAL_DATA_TABLE);
    vi.stubEnv('PERSONAL_DATA_BUCKET_NAME', 'test-bucket');
    vi.stubEnv('AWS_REGION', 'eu-central-1');
  });
}
