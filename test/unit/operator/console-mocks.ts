import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { SignJWT, createLocalJWKSet, exportJWK, generateKeyPair } from 'jose';
import { beforeEach, vi } from 'vitest';
import type { ApplicationRecord } from '../../../functions/domain/application-record.ts';
import type { OperatorIdentity } from '../../../operator/operator-identity.ts';
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
    review: { round: 1, executionName: 'app-1-r1', submittedAt: '2025-03-03T08:00:00.000Z', deadline: '2025-03-17' },
    waitingTasks: {
      FINAL_APPROVAL: { step: 'FINAL_APPROVAL', taskToken: 'secret-token-1', waitId: 'wait-1', since: WAITING_SINCE, executionName: 'app-1-r1' },
    },
    ...overrides,
  };
}

export function givenApplication(record: ApplicationRecord | undefined): void {
  dynamo.on(GetCommand, { TableName: STATE_TABLE }).resolves({ Item: record });
}

export function givenWaitingSteps(records: ApplicationRecord[]): void {
  dynamo.on(QueryCommand, { TableName: STATE_TABLE, IndexName: 'waitingSteps' }).resolves({
    Items: records.map((record) => ({ ...record, waitingPartition: 'WAITING', waitingSince: Object.values(record.waitingTasks ?? {})[0]?.since })),
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

export const ISSUER = 'https://issuer.test/local-issuer';
export const AUDIENCE = 'kontrakt-test';

const signingKeys = await generateKeyPair('RS256');
const publicJwk = { ...(await exportJWK(signingKeys.publicKey)), kid: 'test-key', alg: 'RS256' };
const otherKeys = await generateKeyPair('RS256');

/** The issuer's key set as the console would fetch it from KONTRAKT_JWKS_URL. */
export const KEY_SET = createLocalJWKSet({ keys: [publicJwk] });

/** Signs an access token as the identity provider would; `foreignKey` signs with a key the issuer does not publish. */
export async function issueToken(
  sub: string,
  roles: string[],
  options: { foreignKey?: boolean; audience?: string; withoutExpiry?: boolean } = {},
): Promise<string> {
  const token = new SignJWT(roles.length > 0 ? { roles } : {})
    .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
    .setIssuer(ISSUER)
    .setAudience(options.audience ?? AUDIENCE)
    .setSubject(sub)
    .setIssuedAt();
  if (options.withoutExpiry !== true) token.setExpirationTime('1h');
  return token.sign(options.foreignKey === true ? otherKeys.privateKey : signingKeys.privateKey);
}

export const OPERATOR: OperatorIdentity = { operatorId: 'operator-7', roles: ['operator'] };
export const SENIOR_OPERATOR: OperatorIdentity = { operatorId: 'senior-1', roles: ['operator', 'senior-operator'] };

/** An in-memory terminal: not a TTY, fixed clock and time zone, no env file, the test issuer's keys. */
export function captureIo(env: NodeJS.ProcessEnv = {}): CapturedIo {
  let stdout = '';
  let stderr = '';
  return {
    stdout: { write: (text: string) => (stdout += text), isTTY: false },
    stderr: { write: (text: string) => (stderr += text) },
    env: {
      STATE_TABLE_NAME: STATE_TABLE,
      PERSONAL_DATA_TABLE_NAME: PERSONAL_DATA_TABLE,
      PERSONAL_DATA_BUCKET_NAME: 'test-bucket',
      KONTRAKT_JWT_ISSUER: ISSUER,
      KONTRAKT_JWT_AUDIENCE: AUDIENCE,
      ...env,
    },
    keySet: KEY_SET,
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
    // Presigned document links are signed locally and need some credentials, never real ones.
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'test-key-id');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test-secret');
  });
}
