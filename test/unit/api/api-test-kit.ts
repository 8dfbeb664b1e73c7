import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, vi } from 'vitest';
import { logger } from '../../../functions/commons/logger.ts';
import type { ApplicationRecord } from '../../../functions/domain/application-record.ts';
import type { DomainEvent } from '../../../functions/domain/events.ts';
import { applicationKey } from '../../../functions/domain/state-table-design.ts';
import type { StoredForm } from '../../../functions/personal-data/forms.ts';
import { formKey, noteKey } from '../../../functions/personal-data/table-design.ts';

export const STATE_TABLE = 'api-test-state';
export const PERSONAL_DATA_TABLE = 'api-test-personal-data';
export const STATE_MACHINE_ARN = 'arn:aws:states:eu-central-1:123456789012:stateMachine:Review';
export const APPLICANT_ID = 'applicant-1';
export const OTHER_APPLICANT_ID = 'applicant-2';
export const APPLICATION_ID = '01JF3Q8Z6Y4T2N7KX5W9HBCDEA';

Object.assign(process.env, {
  STATE_TABLE_NAME: STATE_TABLE,
  PERSONAL_DATA_TABLE_NAME: PERSONAL_DATA_TABLE,
  PERSONAL_DATA_BUCKET_NAME: 'api-test-bucket',
  EVENTS_TOPIC_ARN: 'arn:aws:sns:eu-central-1:123456789012:events',
  REVIEW_STATE_MACHINE_ARN: STATE_MACHINE_ARN,
  UPLOAD_URL_TTL_SECONDS: '900',
  AWS_REGION: 'eu-central-1',
  AWS_ACCESS_KEY_ID: 'test-access-key',
  AWS_SECRET_ACCESS_KEY: 'test-secret-key',
});

/** Every DynamoDBDocumentClient: the state table's and the personal-data store's. */
export const dynamo = mockClient(DynamoDBDocumentClient);
export const sns = mockClient(SNSClient);
export const sfn = mockClient(SFNClient);

beforeEach(() => {
  dynamo.reset();
  sns.reset();
  sfn.reset();
  dynamo.onAnyCommand().resolves({});
  dynamo.on(QueryCommand).resolves({ Items: [] });
  sns.onAnyCommand().resolves({ MessageId: 'message-1' });
  vi.spyOn(logger, 'info').mockImplementation(() => undefined);
  vi.spyOn(logger, 'error').mockImplementation(() => undefined);
});

export const conditionFailed = () =>
  new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

export function applicationRecord(overrides: Partial<ApplicationRecord> = {}): ApplicationRecord {
  return {
    applicationId: APPLICATION_ID,
    applicantId: APPLICANT_ID,
    status: 'RECEIVED',
    version: 1,
    createdAt: '2025-06-01T07:00:00.000Z',
    updatedAt: '2025-06-01T07:00:00.000Z',
    documents: {},
    pendingEvents: {},
    ...overrides,
  };
}

export function domainEvent(overrides: Partial<DomainEvent> = {}): DomainEvent {
  return {
    eventId: '01JF3Q8Z6Y4T2N7KX5W9HBCEV1',
    type: 'APPLICATION_CREATED',
    applicationId: APPLICATION_ID,
    applicantId: APPLICANT_ID,
    occurredAt: '2025-06-01T07:00:00.000Z',
    actor: { kind: 'applicant', id: APPLICANT_ID },
    status: 'RECEIVED',
    sequence: 1,
    ...overrides,
  };
}

/** The state table returns this record for the application, on every read. */
export function givenApplication(record: ApplicationRecord): void {
  dynamo.on(GetCommand, { TableName: STATE_TABLE, Key: applicationKey(record.applicationId) }).resolves({ Item: record });
}

/**
 * Another writer changes the application between every read and write: each read returns the
 * record one version higher, and every commit fails its condition.
 */
export function givenApplicationKeepsChanging(record: ApplicationRecord): void {
  let version = record.version;
  dynamo
    .on(GetCommand, { TableName: STATE_TABLE, Key: applicationKey(record.applicationId) })
    .callsFake(() => ({ Item: { ...record, version: version++ } }));
  dynamo.on(UpdateCommand, { TableName: STATE_TABLE, ReturnValues: 'ALL_NEW' }).rejects(conditionFailed());
}

/** Commits succeed and return this record as the item after the update. */
export function givenCommitsReturn(record: ApplicationRecord): void {
  dynamo.on(UpdateCommand, { TableName: STATE_TABLE, ReturnValues: 'ALL_NEW' }).resolves({ Attributes: record });
}

export function givenForm(stored: StoredForm<unknown>): void {
  dynamo
    .on(GetCommand, { TableName: PERSONAL_DATA_TABLE, Key: formKey(stored.applicationId) })
    .resolves({ Item: { ...formKey(stored.applicationId), ...stored } });
}

export function givenJournal(events: DomainEvent[]): void {
  dynamo
    .on(QueryCommand, { TableName: STATE_TABLE, ExpressionAttributeValues: { ':prefix': 'JOURNAL#' } })
    .resolves({ Items: events.map((event) => ({ pk: 'APPLICATION#x', sk: `JOURNAL#${event.eventId}`, ...event })) });
}

export function givenNote(applicationId: string, noteId: string, text: string): void {
  dynamo
    .on(GetCommand, { TableName: PERSONAL_DATA_TABLE, Key: noteKey(applicationId, noteId) })
    .resolves({ Item: { ...noteKey(applicationId, noteId), noteId, text } });
}

/** Returns the input of every call of a command to one table, in call order. */
export function callsTo<Input extends { TableName?: string }>(
  command: typeof GetCommand | typeof PutCommand | typeof UpdateCommand | typeof QueryCommand,
  table: string,
): Input[] {
  return dynamo
    .commandCalls(command as typeof PutCommand)
    .map((call) => call.args[0].input as unknown as Input)
    .filter((input) => input.TableName === table);
}

/** The commits of the state table: UpdateItem calls that return the new item. */
export function commits(): UpdateCommandInput[] {
  return callsTo<UpdateCommandInput>(UpdateCommand, STATE_TABLE).filter((input) => input.ReturnValues === 'ALL_NEW');
}

/** Returns the values a commit sets, keyed by attribute path with placeholders resolved: `documents.PASSPORT` → value. */
export function assignedValues(input: UpdateCommandInput | undefined): Record<string, unknown> {
  if (input === undefined) return {};
  const names = input.ExpressionAttributeNames ?? {};
  const values = input.ExpressionAttributeValues ?? {};
  const setClause = /^SET (.*?) ADD /.exec(input.UpdateExpression ?? '')?.[1] ?? '';
  const assigned: Record<string, unknown> = {};
  for (const assignment of setClause.split(/, (?=#)/)) {
    const [path, value] = assignment.split(' = ') as [string, string];
    const resolvedPath = path.replace(/#\w+/g, (placeholder) => names[placeholder] ?? placeholder);
    assigned[resolvedPath] = value.startsWith(':') ? values[value] : value;
  }
  return assigned;
}

/** Names and values an UpdateItem declares but never uses; DynamoDB rejects such a request. */
export function unusedPlaceholders(input: UpdateCommandInput | undefined): string[] {
  if (input === undefined) return [];
  const expressions = `${input.UpdateExpression ?? ''} ${input.ConditionExpression ?? ''}`;
  const declared = [...Object.keys(input.ExpressionAttributeNames ?? {}), ...Object.keys(input.ExpressionAttributeValues ?? {})];
  return declared.filter((placeholder) => !new RegExp(`${placeholder}(?![A-Za-z0-9_])`).test(expressions));
}

export function apiEvent(input: {
  routeKey: string;
  applicantId?: string;
  pathParameters?: Record<string, string>;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}): APIGatewayProxyEventV2WithJWTAuthorizer {
  const [method, path] = input.routeKey.split(' ') as [string, string];
  const body = input.rawBody ?? (input.body === undefined ? undefined : JSON.stringify(input.body));
  const claims: Record<string, string> = input.applicantId === undefined ? {} : { sub: input.applicantId };
  return {
    version: '2.0',
    routeKey: input.routeKey,
    rawPath: path,
    rawQueryString: '',
    headers: { ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...input.headers },
    pathParameters: input.pathParameters,
    body,
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'api.example.ru',
      domainPrefix: 'api',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: 'request-1',
      routeKey: input.routeKey,
      stage: '$default',
      time: '15/Jun/2025:09:00:00 +0000',
      timeEpoch: 0,
      authorizer: { principalId: '', integrationLatency: 0, jwt: { claims, scopes: [] } },
    },
  };
}

export function lambdaContext(): Context {
  const unsupported = () => {
    throw new Error('Callback-style completion is not used by these handlers');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'api-test',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:eu-central-1:123456789012:function:api-test',
    memoryLimitInMB: '256',
    awsRequestId: 'aws-request-1',
    logGroupName: '/aws/lambda/api-test',
    logStreamName: 'test',
    getRemainingTimeInMillis: () => 30_000,
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}

export interface ParsedResult {
  statusCode: number;
  headers: Record<string, string>;
  body: any;
}

/** Invokes a handler and parses its JSON body. */
export async function invoke(
  handler: (event: APIGatewayProxyEventV2WithJWTAuthorizer, context: Context) => Promise<APIGatewayProxyStructuredResultV2>,
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
): Promise<ParsedResult> {
  const result = await handler(event, lambdaContext());
  return {
    statusCode: result.statusCode ?? 0,
    headers: (result.headers ?? {}) as Record<string, string>,
    body: typeof result.body === 'string' && result.body !== '' ? JSON.parse(result.body) : undefined,
  };
}
