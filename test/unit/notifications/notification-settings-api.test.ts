import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_PREFERENCES } from '../../../functions/notifications/settings.ts';
import { apiEvent } from './api-event.ts';
import { testContext } from './lambda-test-context.ts';

const dynamo = mockClient(DynamoDBDocumentClient);
const APPLICANT = 'applicant-1';
const ENDPOINT = 'arn:aws:sns:eu-central-1:123456789012:endpoint/APNS/kontrakt-ios/2f1c7f4e-8a5d-3b8e-9c1a-0d2e4f6a8b0c';

type ApiHandler = (event: APIGatewayProxyEventV2WithJWTAuthorizer, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;
let getSettings: ApiHandler;
let replaceSettings: ApiHandler;
let registerEndpoint: ApiHandler;

beforeAll(async () => {
  process.env.STATE_TABLE_NAME = 'state';
  process.env.AWS_REGION = 'eu-central-1';
  getSettings = (await import('../../../functions/notifications/api/get-notification-settings.ts')).handler as ApiHandler;
  replaceSettings = (await import('../../../functions/notifications/api/replace-notification-settings.ts')).handler as ApiHandler;
  registerEndpoint = (await import('../../../functions/notifications/api/register-push-endpoint.ts')).handler as ApiHandler;
});

beforeEach(() => {
  dynamo.reset();
  dynamo.on(GetCommand).resolves({});
  dynamo.on(PutCommand).resolves({});
  dynamo.on(UpdateCommand).resolves({});
});

const storedSettings = (version: number) => ({
  Item: { pk: `APPLICANT#${APPLICANT}`, sk: 'NOTIFICATION_SETTINGS', applicantId: APPLICANT, version, preferences: DEFAULT_PREFERENCES },
});

function put(body: unknown, headers: Record<string, string> = {}) {
  return replaceSettings(apiEvent({ routeKey: 'PUT /notification-settings', applicantId: APPLICANT, body, headers }), testContext('Replace'));
}

const errorOf = (response: APIGatewayProxyStructuredResultV2) =>
  (JSON.parse(String(response.body)) as { error: { code: string; message: string; fields?: { path: string }[] } }).error;

describe('GET /notification-settings', () => {
  it('returns the defaults with version 0 for a new applicant', async () => {
    const response = await getSettings(apiEvent({ routeKey: 'GET /notification-settings', applicantId: APPLICANT }), testContext('Get'));

    expect(response.statusCode).toBe(200);
    expect(response.headers?.etag).toBe('"0"');
    expect(JSON.parse(String(response.body))).toEqual({ version: 0, preferences: DEFAULT_PREFERENCES, pushEndpointRegistered: false });
  });
});

describe('PUT /notification-settings', () => {
  it('rejects incomplete and mistyped preferences with every failing field', async () => {
    const { documents: _documents, ...withoutDocuments } = DEFAULT_PREFERENCES;
    const preferences = { ...withoutDocuments, statusChanges: { push: 'yes', sms: true, email: true }, marketing: { push: true } };

    const response = await put({ preferences }, { 'If-Match': '"0"' });

    expect(response.statusCode).toBe(400);
    const error = errorOf(response);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toBe('Проверьте заполнение полей');
    const paths = (error.fields ?? []).map((field) => field.path);
    expect(paths).toContain('preferences.documents');
    expect(paths).toContain('preferences.statusChanges.push');
    expect(paths).toContain('preferences.marketing');
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('requires If-Match', async () => {
    const response = await put({ preferences: DEFAULT_PREFERENCES });

    expect(response.statusCode).toBe(428);
    expect(errorOf(response).code).toBe('PRECONDITION_REQUIRED');
  });

  it.each(['3', 'W/"0"', '"0" "1"'])('rejects malformed or weak If-Match %s', async (ifMatch) => {
    const response = await put({ preferences: DEFAULT_PREFERENCES }, { 'If-Match': ifMatch });

    expect(response.statusCode).toBe(400);
    expect(errorOf(response).code).toBe('INVALID_IF_MATCH');
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
  });

  it.each(['*', '"0"', '"7", "0"'])('accepts If-Match %s for the current version', async (ifMatch) => {
    const response = await put({ preferences: DEFAULT_PREFERENCES }, { 'If-Match': ifMatch });

    expect(response.statusCode).toBe(200);
    expect(dynamo.commandCalls(PutCommand).length).toBeGreaterThan(0);
  });

  it.each(['"1"', '"abc"', '"9999999999"'])('rejects well-formed stale If-Match %s with 412', async (ifMatch) => {
    const response = await put({ preferences: DEFAULT_PREFERENCES }, { 'If-Match': ifMatch });

    expect(response.statusCode).toBe(412);
    expect(errorOf(response).code).toBe('SETTINGS_VERSION_MISMATCH');
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('rejects a stale If-Match without writing', async () => {
    dynamo.on(GetCommand).resolves(storedSettings(2));

    const response = await put({ preferences: DEFAULT_PREFERENCES }, { 'If-Match': '"1"' });

    expect(response.statusCode).toBe(412);
    expect(errorOf(response).code).toBe('SETTINGS_VERSION_MISMATCH');
    expect(errorOf(response).message).toMatch(/^Настройки уведомлений уже изменены/);
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('rejects a change that loses the race to a concurrent one', async () => {
    dynamo.on(GetCommand).resolves(storedSettings(1));
    dynamo.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }));

    const response = await put({ preferences: DEFAULT_PREFERENCES }, { 'If-Match': '"1"' });

    expect(response.statusCode).toBe(412);
  });

  it('replaces the preferences, bumps the version and journals the change', async () => {
    dynamo.on(GetCommand).resolves(storedSettings(1));
    const preferences = { ...DEFAULT_PREFERENCES, statusChanges: { push: false, sms: false, email: true } };

    const response = await put({ preferences }, { 'If-Match': '"1"' });

    expect(response.statusCode).toBe(200);
    expect(response.headers?.etag).toBe('"2"');
    const [settingsPut, journalPut] = dynamo.commandCalls(PutCommand).map((call) => call.args[0].input);
    expect(settingsPut?.ConditionExpression).toBe('version = :expected');
    expect(settingsPut?.ExpressionAttributeValues).toEqual({ ':expected': 1 });
    expect(settingsPut?.Item).toMatchObject({ sk: 'NOTIFICATION_SETTINGS', version: 2, preferences });
    expect(journalPut?.Item).toMatchObject({ pk: `APPLICANT#${APPLICANT}`, type: 'NOTIFICATION_SETTINGS_CHANGED', version: 2 });
    expect(String(journalPut?.Item?.sk)).toMatch(/^JOURNAL#\d{4}-\d\d-\d\dT.+#.+$/);
    expect(dynamo.commandCalls(UpdateCommand)[0]?.args[0].input.UpdateExpression).toBe('REMOVE pendingJournal.#eventId');
  });
});

describe('PUT /notification-settings/push-endpoint', () => {
  function register(endpointArn: string) {
    const event = apiEvent({ routeKey: 'PUT /notification-settings/push-endpoint', applicantId: APPLICANT, body: { endpointArn } });
    return registerEndpoint(event, testContext('Register'));
  }

  it.each([
    'arn:aws:sns:eu-central-1:123456789012:my-topic',
    'arn:aws:sns:eu-central-1:123456789012:endpoint/SMS/app/2f1c7f4e-8a5d-3b8e-9c1a-0d2e4f6a8b0c',
    'arn:aws:sns:eu-central-1:1234:endpoint/GCM/app/2f1c7f4e-8a5d-3b8e-9c1a-0d2e4f6a8b0c',
    'https://example.ru/device',
  ])('rejects %s', async (endpointArn) => {
    const response = await register(endpointArn);

    expect(response.statusCode).toBe(400);
    expect(errorOf(response).fields?.[0]).toMatchObject({ path: 'endpointArn', code: 'INVALID_PUSH_ENDPOINT_ARN' });
  });

  it('stores a valid endpoint and reports it registered', async () => {
    const response = await register(ENDPOINT);

    expect(response.statusCode).toBe(200);
    expect(JSON.parse(String(response.body))).toMatchObject({ version: 1, pushEndpointRegistered: true });
    const settingsPut = dynamo.commandCalls(PutCommand)[0]?.args[0].input;
    expect(settingsPut?.Item).toMatchObject({ pushEndpointArn: ENDPOINT, preferences: DEFAULT_PREFERENCES });
    expect(settingsPut?.ConditionExpression).toBe('attribute_not_exists(pk)');
  });
});
