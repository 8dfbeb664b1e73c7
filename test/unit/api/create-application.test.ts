import { GetCommand, PutCommand, type PutCommandInput } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../../functions/api/create-application.ts';
import { deriveApplicationId } from '../../../functions/api/application-ids.ts';
import { applicationKey } from '../../../functions/domain/state-table-design.ts';
import { formKey } from '../../../functions/personal-data/table-design.ts';
import { TODAY, storedFormOf, validFormInput } from '../schemas/form-fixtures.ts';
import {
  APPLICANT_ID,
  PERSONAL_DATA_TABLE,
  STATE_TABLE,
  apiEvent,
  applicationRecord,
  callsTo,
  conditionFailed,
  dynamo,
  givenApplication,
  givenForm,
  invoke,
} from './api-test-kit.ts';

const ROUTE = 'POST /applications';

const createEvent = (body: unknown, headers: Record<string, string> = {}) =>
  apiEvent({ routeKey: ROUTE, applicantId: APPLICANT_ID, body, headers });

describe('create-application handler', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'], now: TODAY });
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('creates an application in status RECEIVED', async () => {
    // Act
    const result = await invoke(handler, createEvent(validFormInput()));

    // Assess
    expect(result.statusCode).toBe(201);
    expect(result.body.status).toBe('RECEIVED');
    expect(result.body.statusTitle).toBe('Получено');
    expect(result.body.version).toBe(1);
    expect(result.body.formVersion).toBe(1);
    expect(result.body.form).toEqual(storedFormOf());
    expect(result.headers.location).toBe(`/applications/${result.body.applicationId}`);
    expect(result.headers.etag).toBe('"1"');
  });

  it('stores the form before the application record', async () => {
    // Act
    await invoke(handler, createEvent(validFormInput()));

    // Assess
    const puts = dynamo.commandCalls(PutCommand).map((call) => call.args[0].input as PutCommandInput);
    const formPut = puts.findIndex((input) => input.TableName === PERSONAL_DATA_TABLE);
    const recordPut = puts.findIndex((input) => input.TableName === STATE_TABLE && input.Item?.sk === 'APPLICATION');
    expect(formPut).toBeGreaterThanOrEqual(0);
    expect(recordPut).toBeGreaterThan(formPut);
  });

  it('stores the normalised form as version 1 under a new id', async () => {
    // Act
    const result = await invoke(handler, createEvent(validFormInput()));

    // Assess
    const [formPut] = callsTo<PutCommandInput>(PutCommand, PERSONAL_DATA_TABLE);
    expect(formPut?.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(formPut?.Item).toMatchObject({
      ...formKey(result.body.applicationId),
      applicantId: APPLICANT_ID,
      version: 1,
      form: storedFormOf(),
    });
    expect(result.body.applicationId).toMatch(/^[0-7][0-9A-HJKMNP-TV-Z]{25}$/);
  });

  it('records the creation event without personal data', async () => {
    // Act
    await invoke(handler, createEvent(validFormInput()));

    // Assess
    const recordPut = callsTo<PutCommandInput>(PutCommand, STATE_TABLE).find((input) => input.Item?.sk === 'APPLICATION');
    const events = Object.values(recordPut?.Item?.pendingEvents ?? {}) as Array<Record<string, unknown>>;
    expect(events.map((event) => event.type)).toEqual(['APPLICATION_CREATED']);
    expect(events[0]?.actor).toEqual({ kind: 'applicant', id: APPLICANT_ID });
    expect(JSON.stringify(recordPut?.Item)).not.toContain('Петрова');
    expect(JSON.stringify(recordPut?.Item)).not.toContain('11223344595');
  });

  it('reports every wrong field at once and writes nothing', async () => {
    // Prepare
    const body = {
      fullName: { lastName: 'Smith', firstName: '' },
      birthDate: '2023-02-29',
      passport: { seriesAndNumber: '45', issueDate: 'вчера', issuedBy: '', divisionCode: '7' },
      snils: '1',
      phone: '1',
      email: 'x',
      registrationAddress: {},
      employment: {},
    };

    // Act
    const result = await invoke(handler, createEvent(body));

    // Assess
    expect(result.statusCode).toBe(400);
    expect(result.body.error.code).toBe('VALIDATION_FAILED');
    expect(result.body.error.requestId).toBe('aws-request-1');
    const paths = result.body.error.fields.map((field: { path: string }) => field.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'fullName.lastName',
        'fullName.firstName',
        'birthDate',
        'passport.seriesAndNumber',
        'passport.issueDate',
        'passport.issuedBy',
        'passport.divisionCode',
        'snils',
        'phone',
        'email',
        'registrationAddress.postalCode',
        'actualAddress',
        'employment.position',
        'employment.contractEnd',
      ]),
    );
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('rejects a body that is not JSON', async () => {
    // Prepare
    const event = apiEvent({ routeKey: ROUTE, applicantId: APPLICANT_ID, rawBody: '{"fullName":', headers: { 'Content-Type': 'application/json' } });

    // Act
    const result = await invoke(handler, event);

    // Assess
    expect(result.statusCode).toBe(400);
    expect(result.body.error.code).toBe('INVALID_JSON');
  });

  it('rejects a body that is not declared as JSON', async () => {
    // Prepare
    const event = apiEvent({ routeKey: ROUTE, applicantId: APPLICANT_ID, rawBody: 'fullName=x', headers: { 'Content-Type': 'text/plain' } });

    // Act
    const result = await invoke(handler, event);

    // Assess
    expect(result.statusCode).toBe(415);
    expect(result.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('rejects a request without the subject claim', async () => {
    // Prepare
    const event = apiEvent({ routeKey: ROUTE, body: validFormInput() });

    // Act
    const result = await invoke(handler, event);

    // Assess
    expect(result.statusCode).toBe(401);
    expect(result.body.error.code).toBe('UNAUTHORIZED');
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('hides internal errors behind a generic 500', async () => {
    // Prepare
    dynamo.on(PutCommand, { TableName: PERSONAL_DATA_TABLE }).rejects(new Error('socket hang up at 10.0.0.7'));

    // Act
    const result = await invoke(handler, createEvent(validFormInput()));

    // Assess
    expect(result.statusCode).toBe(500);
    expect(result.body.error.code).toBe('INTERNAL_ERROR');
    expect(JSON.stringify(result.body)).not.toContain('10.0.0.7');
  });

  describe('with an Idempotency-Key', () => {
    const KEY = '6f1c2a9e-1b7d-4c55-9a55-2f0a4b1f3c11';
    const derivedId = deriveApplicationId(APPLICANT_ID, KEY);

    it('derives the application id from the applicant and the key', async () => {
      // Act
      const result = await invoke(handler, createEvent(validFormInput(), { 'Idempotency-Key': KEY }));

      // Assess
      expect(result.statusCode).toBe(201);
      expect(result.body.applicationId).toBe(derivedId);
      expect(deriveApplicationId('another-applicant', KEY)).not.toBe(derivedId);
    });

    it('returns the same application to a repeated request', async () => {
      // Prepare
      dynamo.on(PutCommand, { TableName: PERSONAL_DATA_TABLE }).rejects(conditionFailed());
      givenForm({ applicationId: derivedId, applicantId: APPLICANT_ID, form: storedFormOf(), version: 1, updatedAt: TODAY.toISOString() });
      givenApplication(applicationRecord({ applicationId: derivedId }));

      // Act
      const result = await invoke(handler, createEvent(validFormInput(), { 'Idempotency-Key': KEY }));

      // Assess
      expect(result.statusCode).toBe(201);
      expect(result.body.applicationId).toBe(derivedId);
      const recordPuts = callsTo<PutCommandInput>(PutCommand, STATE_TABLE).filter((input) => input.Item?.sk === 'APPLICATION');
      expect(recordPuts).toHaveLength(0);
    });

    it('inserts the record that a crash left out', async () => {
      // Prepare
      dynamo.on(PutCommand, { TableName: PERSONAL_DATA_TABLE }).rejects(conditionFailed());
      givenForm({ applicationId: derivedId, applicantId: APPLICANT_ID, form: storedFormOf(), version: 1, updatedAt: TODAY.toISOString() });
      dynamo.on(GetCommand, { TableName: STATE_TABLE, Key: applicationKey(derivedId) }).resolves({});

      // Act
      const result = await invoke(handler, createEvent(validFormInput(), { 'Idempotency-Key': KEY }));

      // Assess
      expect(result.statusCode).toBe(201);
      const recordPuts = callsTo<PutCommandInput>(PutCommand, STATE_TABLE).filter((input) => input.Item?.sk === 'APPLICATION');
      expect(recordPuts.map((input) => input.Item?.applicationId)).toEqual([derivedId]);
    });

    it('rejects the key reused with a different form', async () => {
      // Prepare
      dynamo.on(PutCommand, { TableName: PERSONAL_DATA_TABLE }).rejects(conditionFailed());
      const otherForm = { ...storedFormOf(), phone: '+79990000000' };
      givenForm({ applicationId: derivedId, applicantId: APPLICANT_ID, form: otherForm, version: 1, updatedAt: TODAY.toISOString() });

      // Act
      const result = await invoke(handler, createEvent(validFormInput(), { 'Idempotency-Key': KEY }));

      // Assess
      expect(result.statusCode).toBe(422);
      expect(result.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    });

    it('rejects a key with spaces', async () => {
      // Act
      const result = await invoke(handler, createEvent(validFormInput(), { 'Idempotency-Key': 'my key' }));

      // Assess
      expect(result.statusCode).toBe(400);
      expect(result.body.error.code).toBe('INVALID_IDEMPOTENCY_KEY');
      expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
    });
  });
});
