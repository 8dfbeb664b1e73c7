import { ExecutionAlreadyExists, StartExecutionCommand, type StartExecutionCommandInput } from '@aws-sdk/client-sfn';
import { GetCommand, PutCommand, UpdateCommand, type PutCommandInput, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../../functions/api/contract-amendment.ts';
import type { ApplicationRecord } from '../../../functions/domain/application-record.ts';
import { deriveEventId, type DomainEvent } from '../../../functions/domain/events.ts';
import { applicationKey } from '../../../functions/domain/state-table-design.ts';
import { amendmentKey } from '../../../functions/personal-data/contract-requests.ts';
import { approvedRecord, contractOf, deletedPersonalDataKeys, givenAmendment, givenStoredForm } from '../contracts/contract-test-kit.ts';
import {
  APPLICANT_ID,
  APPLICATION_ID,
  OTHER_APPLICANT_ID,
  PERSONAL_DATA_TABLE,
  STATE_MACHINE_ARN,
  STATE_TABLE,
  apiEvent,
  assignedValues,
  callsTo,
  commits,
  conditionFailed,
  dynamo,
  givenApplication,
  givenCommitsReturn,
  invoke,
  sfn,
  unusedPlaceholders,
} from './api-test-kit.ts';

const TODAY = new Date('2025-06-25T09:00:00.000Z');
const EXECUTION_NAME = `${APPLICATION_ID}-a1`;
const EXECUTION_ARN = `arn:aws:states:eu-central-1:123456789012:execution:Review:${EXECUTION_NAME}`;
const REQUEST = { terms: { contractEnd: '2027-08-31', position: 'Механик-водитель' }, reason: 'Прошу продлить контракт' };

const amendmentEvent = (body: unknown, applicantId = APPLICANT_ID) =>
  apiEvent({
    routeKey: 'POST /applications/{applicationId}/contract/amendments',
    applicantId,
    pathParameters: { applicationId: APPLICATION_ID },
    body,
  });

const startCalls = (): StartExecutionCommandInput[] => sfn.commandCalls(StartExecutionCommand).map((call) => call.args[0].input);
const storedAmendments = (): PutCommandInput[] =>
  callsTo<PutCommandInput>(PutCommand, PERSONAL_DATA_TABLE).filter((input) => String(input.Item?.sk).startsWith('AMENDMENT#'));

function pendingRecord(amendmentId = 'amendment-1'): ApplicationRecord {
  return approvedRecord({
    version: 10,
    contract: contractOf(1, {
      amendmentCount: 1,
      pendingAmendment: { amendmentId, number: 1, executionName: EXECUTION_NAME, requestedAt: '2025-06-24T09:00:00.000Z' },
    }),
  });
}

function givenStoredRequest(amendmentId: string, request: typeof REQUEST): void {
  givenAmendment({ applicationId: APPLICATION_ID, applicantId: APPLICANT_ID, amendmentId, ...request, requestedAt: '2025-06-24T09:00:00.000Z' });
}

describe('contract-amendment handler', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'], now: TODAY });
    sfn.on(StartExecutionCommand).resolves({ executionArn: EXECUTION_ARN, startDate: TODAY });
    givenStoredForm();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('starts the review of a new amendment', async () => {
    // Prepare
    const record = approvedRecord({ contract: contractOf(1) });
    givenApplication(record);
    givenCommitsReturn(record);

    // Act
    const result = await invoke(handler, amendmentEvent(REQUEST));

    // Assess
    expect(result.statusCode).toBe(202);
    const amendmentId: string = result.body.amendment.amendmentId;
    expect(result.body.amendment).toMatchObject({ number: 1, status: 'UNDER_REVIEW', statusTitle: 'На рассмотрении', executionArn: EXECUTION_ARN });
    expect(storedAmendments()).toEqual([
      expect.objectContaining({
        Item: expect.objectContaining({ ...amendmentKey(APPLICATION_ID, amendmentId), terms: REQUEST.terms, reason: REQUEST.reason }),
      }),
    ]);
    const assigned = assignedValues(commits()[0]);
    expect(assigned['contract.pendingAmendment']).toEqual({
      amendmentId,
      number: 1,
      executionName: EXECUTION_NAME,
      requestedAt: TODAY.toISOString(),
    });
    expect(assigned['contract.amendmentCount']).toBe(1);
    expect(unusedPlaceholders(commits()[0])).toEqual([]);
    expect(startCalls()).toEqual([
      {
        stateMachineArn: STATE_MACHINE_ARN,
        name: EXECUTION_NAME,
        input: JSON.stringify({ applicationId: APPLICATION_ID, round: 1, kind: 'AMENDMENT', amendmentId }),
      },
    ]);
  });

  it('commits AMENDMENT_REQUESTED with ids only', async () => {
    // Prepare
    const record = approvedRecord({ contract: contractOf(1) });
    givenApplication(record);
    givenCommitsReturn(record);

    // Act
    const result = await invoke(handler, amendmentEvent(REQUEST));

    // Assess
    const assigned = assignedValues(commits()[0]);
    const event = Object.entries(assigned).find(([path]) => path.startsWith('pendingEvents.'))?.[1] as DomainEvent;
    expect(event).toMatchObject({
      eventId: deriveEventId('AMENDMENT_REQUESTED', APPLICATION_ID, '1'),
      type: 'AMENDMENT_REQUESTED',
      status: 'APPROVED',
      amendmentId: result.body.amendment.amendmentId,
      contractVersion: 1,
      actor: { kind: 'applicant', id: APPLICANT_ID },
    });
    expect(JSON.stringify(event)).not.toMatch(/Механик|продлить|2027/u);
  });

  it('resumes the pending amendment when the same request is repeated', async () => {
    // Prepare
    givenApplication(pendingRecord());
    givenStoredRequest('amendment-1', REQUEST);
    sfn.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists({ message: 'exists', $metadata: {} }));

    // Act
    const result = await invoke(handler, amendmentEvent(REQUEST));

    // Assess
    expect(result.statusCode).toBe(202);
    expect(result.body.amendment).toMatchObject({ amendmentId: 'amendment-1', number: 1, executionArn: EXECUTION_ARN });
    expect(storedAmendments()).toEqual([]);
    expect(commits()).toEqual([]);
    expect(startCalls()).toEqual([
      {
        stateMachineArn: STATE_MACHINE_ARN,
        name: EXECUTION_NAME,
        input: JSON.stringify({ applicationId: APPLICATION_ID, round: 1, kind: 'AMENDMENT', amendmentId: 'amendment-1' }),
      },
    ]);
  });

  it('rejects a different request while an amendment is under review', async () => {
    // Prepare
    givenApplication(pendingRecord());
    givenStoredRequest('amendment-1', { ...REQUEST, reason: 'Другая причина' });

    // Act
    const result = await invoke(handler, amendmentEvent(REQUEST));

    // Assess
    expect(result.statusCode).toBe(409);
    expect(result.body.error.code).toBe('AMENDMENT_UNDER_REVIEW');
    expect(startCalls()).toEqual([]);
  });

  it('deletes the terms of a request that loses', async () => {
    // Prepare
    const before = approvedRecord({ contract: contractOf(1) });
    dynamo
      .on(GetCommand, { TableName: STATE_TABLE, Key: applicationKey(APPLICATION_ID) })
      .resolvesOnce({ Item: before })
      .resolvesOnce({ Item: before })
      .resolves({ Item: pendingRecord('amendment-winner') });
    dynamo.on(UpdateCommand, { TableName: STATE_TABLE, ReturnValues: 'ALL_NEW' }).rejects(conditionFailed());
    givenStoredRequest('amendment-winner', { ...REQUEST, reason: 'Другая причина' });

    // Act
    const result = await invoke(handler, amendmentEvent(REQUEST));

    // Assess
    expect(result.statusCode).toBe(409);
    expect(result.body.error.code).toBe('AMENDMENT_UNDER_REVIEW');
    const [stored] = storedAmendments();
    expect(deletedPersonalDataKeys()).toEqual([{ pk: stored?.Item?.pk, sk: stored?.Item?.sk }]);
    expect(startCalls()).toEqual([]);
  });

  it.each([
    ['a received application', approvedRecord({ status: 'RECEIVED', decision: undefined }), 'CONTRACT_NOT_APPROVED'],
    ['a rejected application', approvedRecord({ status: 'REJECTED' }), 'CONTRACT_NOT_APPROVED'],
    ['a cancelled contract', approvedRecord({ status: 'CANCELLED', contract: contractOf(1) }), 'ALREADY_CANCELLED'],
    ['an approval whose contract is not generated yet', approvedRecord(), 'CONTRACT_NOT_READY'],
  ])('returns 409 for %s', async (_case, record, code) => {
    // Prepare
    givenApplication(record);

    // Act
    const result = await invoke(handler, amendmentEvent(REQUEST));

    // Assess
    expect(result.statusCode).toBe(409);
    expect(result.body.error.code).toBe(code);
    expect(storedAmendments()).toEqual([]);
    expect(commits()).toEqual([]);
  });

  it('rejects an end date after 2100', async () => {
    givenApplication(approvedRecord({ contract: contractOf(1) }));

    const result = await invoke(handler, amendmentEvent({ terms: { contractEnd: '9999-12-31' }, reason: 'Причина' }));

    expect(result.statusCode).toBe(400);
    expect(result.body.error.fields).toEqual([expect.objectContaining({ path: 'terms.contractEnd', code: 'CONTRACT_END_TOO_LATE' })]);
    expect(storedAmendments()).toEqual([]);
    expect(commits()).toEqual([]);
  });

  it('rejects an end date before the contract start', async () => {
    // Prepare: the stored form starts the contract on 2025-09-01.
    givenApplication(approvedRecord({ contract: contractOf(1) }));

    // Act
    const result = await invoke(handler, amendmentEvent({ terms: { contractEnd: '2025-08-01' }, reason: 'Причина' }));

    // Assess
    expect(result.statusCode).toBe(400);
    expect(result.body.error.fields).toEqual([expect.objectContaining({ path: 'terms.contractEnd', code: 'CONTRACT_END_NOT_AFTER_START' })]);
    expect(result.body.error.fields[0].message).toContain('01.09.2025');
    expect(storedAmendments()).toEqual([]);
    expect(commits()).toEqual([]);
  });

  it("reports another applicant's application as not found", async () => {
    // Prepare
    givenApplication(approvedRecord({ contract: contractOf(1) }));

    // Act
    const result = await invoke(handler, amendmentEvent(REQUEST, OTHER_APPLICANT_ID));

    // Assess
    expect(result.statusCode).toBe(404);
    expect(result.body.error.code).toBe('APPLICATION_NOT_FOUND');
    expect(storedAmendments()).toEqual([]);
  });

  it.each([
    ['no terms', { terms: {}, reason: 'Причина' }, 'terms', 'AMENDMENT_TERMS_EMPTY'],
    ['an end date in the past', { terms: { contractEnd: '2025-06-01' }, reason: 'Причина' }, 'terms.contractEnd', 'CONTRACT_END_NOT_IN_FUTURE'],
    ['a date that does not exist', { terms: { contractEnd: '2027-02-30' }, reason: 'Причина' }, 'terms.contractEnd', 'INVALID_DATE'],
    ['a position with invalid characters', { terms: { position: 'Стрелок <script>' }, reason: 'Причина' }, 'terms.position', 'INVALID_CHARACTERS'],
    ['no reason', { terms: { position: 'Стрелок' } }, 'reason', 'REQUIRED'],
    ['a blank reason', { terms: { position: 'Стрелок' }, reason: '   ' }, 'reason', 'REQUIRED'],
    ['an unknown term', { terms: { salary: 100 }, reason: 'Причина' }, 'terms.salary', 'UNKNOWN_FIELD'],
  ])('rejects a request with %s', async (_case, body, path, code) => {
    // Prepare
    givenApplication(approvedRecord({ contract: contractOf(1) }));

    // Act
    const result = await invoke(handler, amendmentEvent(body));

    // Assess
    expect(result.statusCode).toBe(400);
    expect(result.body.error.fields).toContainEqual(expect.objectContaining({ path, code }));
    expect(storedAmendments()).toEqual([]);
  });
});
