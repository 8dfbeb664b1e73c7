import { PutCommand, type PutCommandInput, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../../functions/api/update-application.ts';
import { TODAY, storedFormOf, validFormInput } from '../schemas/form-fixtures.ts';
import {
  APPLICANT_ID,
  APPLICATION_ID,
  OTHER_APPLICANT_ID,
  PERSONAL_DATA_TABLE,
  apiEvent,
  applicationRecord,
  assignedValues,
  callsTo,
  commits,
  conditionFailed,
  dynamo,
  givenApplication,
  givenApplicationKeepsChanging,
  givenCommitsReturn,
  givenForm,
  invoke,
  unusedPlaceholders,
} from './api-test-kit.ts';

const ROUTE = 'PUT /applications/{applicationId}';

function updateEvent(body: unknown, headers: Record<string, string> = { 'If-Match': '"2"' }) {
  return apiEvent({ routeKey: ROUTE, applicantId: APPLICANT_ID, pathParameters: { applicationId: APPLICATION_ID }, body, headers });
}

function editedInput() {
  const input = validFormInput();
  input.phone = '8 (903) 000-11-22';
  return input;
}

const currentForm = { applicationId: APPLICATION_ID, applicantId: APPLICANT_ID, form: storedFormOf(), version: 2, updatedAt: '2025-06-02T08:00:00.000Z' };

describe('update-application handler', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'], now: TODAY });
    givenApplication(applicationRecord({ version: 4 }));
    givenForm(currentForm);
    givenCommitsReturn(applicationRecord({ version: 5 }));
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('replaces the form and returns the next form version', async () => {
    // Act
    const result = await invoke(handler, updateEvent(editedInput()));

    // Assess
    expect(result.statusCode).toBe(200);
    expect(result.headers.etag).toBe('"3"');
    expect(result.body.formVersion).toBe(3);
    expect(result.body.form.phone).toBe('+79030001122');
    const [formPut] = callsTo<PutCommandInput>(PutCommand, PERSONAL_DATA_TABLE);
    expect(formPut?.ConditionExpression).toBe('version = :expected');
    expect(formPut?.ExpressionAttributeValues).toEqual({ ':expected': 2 });
    expect(formPut?.Item).toMatchObject({ version: 3, form: { phone: '+79030001122' } });
  });

  it('journals the edit as FORM_UPDATED while no submission exists', async () => {
    // Act
    await invoke(handler, updateEvent(editedInput()));

    // Assess
    const [commit] = commits();
    expect(commit?.ConditionExpression).toContain('attribute_not_exists(#review)');
    expect(unusedPlaceholders(commit)).toEqual([]);
    const events = Object.entries(assignedValues(commit)).filter(([path]) => path.startsWith('pendingEvents.'));
    expect(events.map(([, event]) => (event as { type: string }).type)).toEqual(['FORM_UPDATED']);
  });

  it('requires If-Match', async () => {
    // Act
    const result = await invoke(handler, updateEvent(editedInput(), {}));

    // Assess
    expect(result.statusCode).toBe(428);
    expect(result.body.error.code).toBe('PRECONDITION_REQUIRED');
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
  });

  it.each(['2', '"2', '"2" "3"', 'W/"2"'])('rejects malformed or weak If-Match %s', async (ifMatch) => {
    // Act
    const result = await invoke(handler, updateEvent(editedInput(), { 'If-Match': ifMatch }));

    // Assess
    expect(result.statusCode).toBe(400);
    expect(result.body.error.code).toBe('INVALID_IF_MATCH');
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('explains that a weak If-Match tag never matches', async () => {
    // Act
    const result = await invoke(handler, updateEvent(editedInput(), { 'If-Match': 'W/"2"' }));

    // Assess
    expect(result.body.error.message).toContain('слабый тег с префиксом W/ не подходит');
  });

  it.each(['*', '"2"', '"1", "2"', '"2","7"'])('accepts If-Match %s that allows version 2', async (ifMatch) => {
    // Act
    const result = await invoke(handler, updateEvent(editedInput(), { 'If-Match': ifMatch }));

    // Assess
    expect(result.statusCode).toBe(200);
    const [formPut] = callsTo<PutCommandInput>(PutCommand, PERSONAL_DATA_TABLE);
    expect(formPut?.ExpressionAttributeValues).toEqual({ ':expected': 2 });
  });

  it.each(['"0"', '"abc"', '"9999999999"', '"02"', '"1", "3"'])('rejects well-formed stale If-Match %s with 412', async (ifMatch) => {
    // Act
    const result = await invoke(handler, updateEvent(editedInput(), { 'If-Match': ifMatch }));

    // Assess
    expect(result.statusCode).toBe(412);
    expect(result.body.error.code).toBe('VERSION_MISMATCH');
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('rejects a stale version and writes nothing', async () => {
    // Act
    const result = await invoke(handler, updateEvent(editedInput(), { 'If-Match': '"1"' }));

    // Assess
    expect(result.statusCode).toBe(412);
    expect(result.body.error.code).toBe('VERSION_MISMATCH');
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('rejects an edit that loses the race for the form and journals nothing', async () => {
    // Prepare
    dynamo.on(PutCommand, { TableName: PERSONAL_DATA_TABLE }).rejects(conditionFailed());

    // Act
    const result = await invoke(handler, updateEvent(editedInput()));

    // Assess
    expect(result.statusCode).toBe(412);
    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('refuses to edit a submitted application', async () => {
    // Prepare
    givenApplication(
      applicationRecord({ review: { round: 1, executionName: `${APPLICATION_ID}-r1`, submittedAt: '2025-06-10T10:00:00.000Z' } }),
    );

    // Act
    const result = await invoke(handler, updateEvent(editedInput()));

    // Assess
    expect(result.statusCode).toBe(409);
    expect(result.body.error).toMatchObject({
      code: 'APPLICATION_READ_ONLY',
      message: 'Заявление отправлено на проверку и не может быть изменено',
    });
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('restores the form when a submission commits first', async () => {
    // Prepare
    dynamo.on(UpdateCommand, { ReturnValues: 'ALL_NEW' }).rejects(conditionFailed());

    // Act
    const result = await invoke(handler, updateEvent(editedInput()));

    // Assess
    expect(result.statusCode).toBe(409);
    const formPuts = callsTo<PutCommandInput>(PutCommand, PERSONAL_DATA_TABLE);
    expect(formPuts.map((input) => input.Item?.version)).toEqual([3, 4]);
    expect(formPuts[1]?.Item?.form).toEqual(storedFormOf());
    expect(formPuts[1]?.ExpressionAttributeValues).toEqual({ ':expected': 3 });
  });

  it('answers 409 CONCURRENT_CHANGE and restores the form under contention', async () => {
    // Prepare
    givenApplicationKeepsChanging(applicationRecord({ version: 4 }));

    // Act
    const result = await invoke(handler, updateEvent(editedInput()));

    // Assess
    expect(result.statusCode).toBe(409);
    expect(result.body.error).toMatchObject({
      code: 'CONCURRENT_CHANGE',
      message: 'Заявление сейчас изменяется другим запросом; повторите попытку',
    });
    const formPuts = callsTo<PutCommandInput>(PutCommand, PERSONAL_DATA_TABLE);
    expect(formPuts.map((input) => input.Item?.version)).toEqual([3, 4]);
    expect(formPuts[1]?.Item?.form).toEqual(storedFormOf());
  });

  it("reports another applicant's application as not found", async () => {
    // Prepare
    givenApplication(applicationRecord({ applicantId: OTHER_APPLICANT_ID }));

    // Act
    const result = await invoke(handler, updateEvent(editedInput()));

    // Assess
    expect(result.statusCode).toBe(404);
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('reports every wrong field at once', async () => {
    // Prepare
    const input = editedInput();
    input.snils = '112-233-445 96';
    input.email = 'нет';

    // Act
    const result = await invoke(handler, updateEvent(input));

    // Assess
    expect(result.statusCode).toBe(400);
    expect(result.body.error.fields.map((field: { path: string }) => field.path)).toEqual(['snils', 'email']);
  });
});
