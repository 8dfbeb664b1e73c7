import { ExecutionAlreadyExists, StartExecutionCommand, type StartExecutionCommandInput } from '@aws-sdk/client-sfn';
import { UpdateCommand, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../../functions/api/submit-application.ts';
import type { ApplicationRecord, DocumentRecord } from '../../../functions/domain/application-record.ts';
import { DOCUMENT_CATALOGUE, REQUIRED_DOCUMENT_TYPES } from '../../../functions/domain/document-catalogue.ts';
import {
  APPLICANT_ID,
  APPLICATION_ID,
  OTHER_APPLICANT_ID,
  STATE_MACHINE_ARN,
  STATE_TABLE,
  apiEvent,
  applicationRecord,
  assignedValues,
  callsTo,
  commits,
  dynamo,
  givenApplication,
  givenApplicationKeepsChanging,
  givenCommitsReturn,
  invoke,
  unusedPlaceholders,
  sfn,
} from './api-test-kit.ts';

const EXECUTION_NAME = `${APPLICATION_ID}-r1`;
const EXECUTION_ARN = `arn:aws:states:eu-central-1:123456789012:execution:Review:${EXECUTION_NAME}`;

const submitEvent = (applicantId = APPLICANT_ID) =>
  apiEvent({ routeKey: 'POST /applications/{applicationId}/submit', applicantId, pathParameters: { applicationId: APPLICATION_ID } });

function acceptedDocument(type: string): DocumentRecord {
  return {
    status: 'ACCEPTED',
    uploadId: `upload-${type}`,
    objectKey: `uploads/${APPLICANT_ID}/${APPLICATION_ID}/${type}/upload-${type}`,
    fileName: `${type}.pdf`,
    contentType: 'application/pdf',
    requestedAt: '2025-06-01T08:00:00.000Z',
  };
}

const allRequiredAccepted = (): Record<string, DocumentRecord> =>
  Object.fromEntries(REQUIRED_DOCUMENT_TYPES.map((type) => [type, acceptedDocument(type)]));

function submittedRecord(overrides: Partial<ApplicationRecord> = {}): ApplicationRecord {
  return applicationRecord({
    version: 2,
    documents: allRequiredAccepted(),
    review: { round: 1, executionName: EXECUTION_NAME, submittedAt: '2025-06-15T09:00:00.000Z' },
    ...overrides,
  });
}

const startCalls = (): StartExecutionCommandInput[] =>
  sfn.commandCalls(StartExecutionCommand).map((call) => call.args[0].input);

/** UpdateItem calls that only store the execution ARN, outside commitChange. */
const arnWrites = (): UpdateCommandInput[] =>
  callsTo<UpdateCommandInput>(UpdateCommand, STATE_TABLE).filter((input) => input.UpdateExpression?.includes('#executionArn'));

describe('submit-application handler', () => {
  beforeEach(() => {
    sfn.on(StartExecutionCommand).resolves({ executionArn: EXECUTION_ARN, startDate: new Date() });
  });

  it('lists every required document that is not accepted by its Russian title', async () => {
    // Prepare
    const documents = allRequiredAccepted();
    delete documents.PASSPORT;
    documents.MILITARY_ID = { ...acceptedDocument('MILITARY_ID'), status: 'REJECTED', reasonCode: 'UNSUPPORTED_FORMAT' };
    documents.PERSONAL_DATA_CONSENT = { ...acceptedDocument('PERSONAL_DATA_CONSENT'), status: 'AWAITING_UPLOAD' };
    givenApplication(applicationRecord({ documents }));

    // Act
    const result = await invoke(handler, submitEvent());

    // Assess
    expect(result.statusCode).toBe(409);
    expect(result.body.error.code).toBe('DOCUMENTS_INCOMPLETE');
    expect(result.body.error.message).toBe(
      'Не все обязательные документы приняты: Паспорт гражданина Российской Федерации, Военный билет, ' +
        'Согласие на обработку персональных данных',
    );
    expect(result.body.error.fields).toEqual([
      { path: 'documents.PASSPORT', code: 'DOCUMENT_MISSING', message: 'Документ «Паспорт гражданина Российской Федерации» не загружен' },
      {
        path: 'documents.MILITARY_ID',
        code: 'DOCUMENT_REJECTED',
        message: 'Документ «Военный билет» отклонён: Неподдерживаемый формат; загрузите новый',
      },
      {
        path: 'documents.PERSONAL_DATA_CONSENT',
        code: 'DOCUMENT_NOT_CHECKED',
        message: 'Документ «Согласие на обработку персональных данных» ещё не загружен или не проверен',
      },
    ]);
    expect(commits()).toHaveLength(0);
    expect(startCalls()).toHaveLength(0);
  });

  it('lists all required documents of an empty application', async () => {
    // Prepare
    givenApplication(applicationRecord());

    // Act
    const result = await invoke(handler, submitEvent());

    // Assess
    const requiredTitles = DOCUMENT_CATALOGUE.filter((rule) => rule.required).map((rule) => rule.title);
    expect(result.body.error.message).toBe(`Не все обязательные документы приняты: ${requiredTitles.join(', ')}`);
    expect(result.body.error.fields).toHaveLength(REQUIRED_DOCUMENT_TYPES.length);
  });

  it('commits the submission, then starts the review with a fixed name and input', async () => {
    // Prepare
    givenApplication(applicationRecord({ documents: allRequiredAccepted() }));
    givenCommitsReturn(submittedRecord());

    // Act
    const result = await invoke(handler, submitEvent());

    // Assess
    expect(result.statusCode).toBe(202);
    const [commit] = commits();
    expect(commit?.ConditionExpression).toContain('attribute_not_exists(#review)');
    expect(unusedPlaceholders(commit)).toEqual([]);
    expect(assignedValues(commit).review).toMatchObject({ round: 1, executionName: EXECUTION_NAME });
    expect(startCalls()).toEqual([
      { stateMachineArn: STATE_MACHINE_ARN, name: EXECUTION_NAME, input: `{"applicationId":"${APPLICATION_ID}","round":1}` },
    ]);
    expect(arnWrites()[0]?.ExpressionAttributeValues).toEqual({ ':executionArn': EXECUTION_ARN, ':round': 1 });
    expect(result.body).toEqual({
      applicationId: APPLICATION_ID,
      status: 'RECEIVED',
      statusTitle: 'Получено',
      review: { round: 1, submittedAt: '2025-06-15T09:00:00.000Z', executionArn: EXECUTION_ARN },
    });
  });

  it('starts one execution name when called twice', async () => {
    // Prepare
    givenApplication(applicationRecord({ documents: allRequiredAccepted() }));
    givenCommitsReturn(submittedRecord());
    const first = await invoke(handler, submitEvent());
    givenApplication(submittedRecord({ status: 'IN_REVIEW', review: { ...submittedRecord().review!, executionArn: EXECUTION_ARN } }));

    // Act
    const second = await invoke(handler, submitEvent());

    // Assess
    expect(second.statusCode).toBe(202);
    expect(second.body.review.executionArn).toBe(first.body.review.executionArn);
    expect(commits()).toHaveLength(1);
    expect(new Set(startCalls().map((input) => input.name))).toEqual(new Set([EXECUTION_NAME]));
    expect(new Set(startCalls().map((input) => input.input)).size).toBe(1);
  });

  it('heals a crash between the commit and the start', async () => {
    // Prepare
    givenApplication(submittedRecord());

    // Act
    const result = await invoke(handler, submitEvent());

    // Assess
    expect(result.statusCode).toBe(202);
    expect(commits()).toHaveLength(0);
    expect(startCalls().map((input) => input.name)).toEqual([EXECUTION_NAME]);
    expect(arnWrites()).toHaveLength(1);
  });

  it('derives the ARN of an execution that already closed', async () => {
    // Prepare
    givenApplication(submittedRecord({ status: 'IN_REVIEW' }));
    sfn.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists({ message: 'Execution already exists', $metadata: {} }));

    // Act
    const result = await invoke(handler, submitEvent());

    // Assess
    expect(result.statusCode).toBe(202);
    expect(result.body.review.executionArn).toBe(EXECUTION_ARN);
  });

  it('refuses to submit an approved application again', async () => {
    // Prepare
    givenApplication(submittedRecord({ status: 'APPROVED' }));

    // Act
    const result = await invoke(handler, submitEvent());

    // Assess
    expect(result.statusCode).toBe(409);
    expect(result.body.error.code).toBe('APPLICATION_ALREADY_DECIDED');
    expect(startCalls()).toHaveLength(0);
  });

  it('starts round 2 after a rejection', async () => {
    // Prepare
    const rejected = submittedRecord({ status: 'REJECTED', decision: { outcome: 'REJECTED', reasonCode: 'OPERATOR_REJECTED', operatorId: 'operator-7' } });
    givenApplication(rejected);
    givenCommitsReturn(
      submittedRecord({ status: 'RECEIVED', review: { round: 2, executionName: `${APPLICATION_ID}-r2`, submittedAt: '2025-06-20T09:00:00.000Z' } }),
    );

    // Act
    const result = await invoke(handler, submitEvent());

    // Assess
    expect(result.statusCode).toBe(202);
    expect(result.body.review.round).toBe(2);
    const [commit] = commits();
    const values = assignedValues(commit);
    expect(values.status).toBe('RECEIVED');
    expect((values.review as { round: number; executionName: string }).round).toBe(2);
    expect((values.review as { executionName: string }).executionName).toBe(`${APPLICATION_ID}-r2`);
    expect(commit?.UpdateExpression).toContain('REMOVE');
    expect(Object.values(commit?.ExpressionAttributeNames ?? {})).toContain('decision');
    expect(startCalls()[0]?.name).toBe(`${APPLICATION_ID}-r2`);
    expect(startCalls()[0]?.input).toBe(JSON.stringify({ applicationId: APPLICATION_ID, round: 2 }));
  });

  it('stores review deadline of 10 working days', async () => {
    // Prepare
    givenApplication(applicationRecord({ documents: allRequiredAccepted() }));
    givenCommitsReturn(submittedRecord());

    // Act
    await invoke(handler, submitEvent());

    // Assess
    const review = assignedValues(commits()[0]).review as { deadline: string; submittedAt: string };
    expect(review.deadline).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const calendarDays = (Date.parse(review.deadline) - Date.parse(review.submittedAt.slice(0, 10))) / 86_400_000;
    expect(calendarDays).toBeGreaterThanOrEqual(14);
    expect(calendarDays).toBeLessThanOrEqual(16);
  });

  it('answers 409 CONCURRENT_CHANGE and starts no review under contention', async () => {
    // Prepare
    givenApplicationKeepsChanging(applicationRecord({ documents: allRequiredAccepted() }));

    // Act
    const result = await invoke(handler, submitEvent());

    // Assess
    expect(result.statusCode).toBe(409);
    expect(result.body.error).toMatchObject({
      code: 'CONCURRENT_CHANGE',
      message: 'Заявление сейчас изменяется другим запросом; повторите попытку',
    });
    expect(startCalls()).toEqual([]);
  });

  it("reports another applicant's application as not found", async () => {
    // Prepare
    givenApplication(applicationRecord({ applicantId: OTHER_APPLICANT_ID, documents: allRequiredAccepted() }));

    // Act
    const result = await invoke(handler, submitEvent());

    // Assess
    expect(result.statusCode).toBe(404);
    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(0);
    expect(startCalls()).toHaveLength(0);
  });

  it('hides a failed start behind a generic 500 and keeps the submission', async () => {
    // Prepare
    givenApplication(applicationRecord({ documents: allRequiredAccepted() }));
    givenCommitsReturn(submittedRecord());
    sfn.on(StartExecutionCommand).rejects(new Error('connect ETIMEDOUT states.eu-central-1.amazonaws.com'));

    // Act
    const result = await invoke(handler, submitEvent());

    // Assess
    expect(result.statusCode).toBe(500);
    expect(JSON.stringify(result.body)).not.toContain('ETIMEDOUT');
    expect(commits()).toHaveLength(1);
  });
});
