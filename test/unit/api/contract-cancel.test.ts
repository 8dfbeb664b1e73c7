import { GetCommand, PutCommand, UpdateCommand, type PutCommandInput } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../../functions/api/contract-cancel.ts';
import type { DomainEvent } from '../../../functions/domain/events.ts';
import { applicationKey } from '../../../functions/domain/state-table-design.ts';
import { approvedRecord, contractOf, deletedPersonalDataKeys } from '../contracts/contract-test-kit.ts';
import {
  APPLICANT_ID,
  APPLICATION_ID,
  OTHER_APPLICANT_ID,
  PERSONAL_DATA_TABLE,
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
  unusedPlaceholders,
} from './api-test-kit.ts';

const NOW = new Date('2025-06-25T09:00:00.000Z');
const REASON = 'Изменились семейные обстоятельства';

const cancelEvent = (body: unknown, applicantId = APPLICANT_ID) =>
  apiEvent({
    routeKey: 'POST /applications/{applicationId}/contract/cancel',
    applicantId,
    pathParameters: { applicationId: APPLICATION_ID },
    body,
  });

const storedNotes = (): PutCommandInput[] =>
  callsTo<PutCommandInput>(PutCommand, PERSONAL_DATA_TABLE).filter((input) => String(input.Item?.sk).startsWith('NOTE#'));

describe('contract-cancel handler', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'], now: NOW });
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('cancels an approved contract and keeps the reason as a note', async () => {
    // Prepare
    const record = approvedRecord({ contract: contractOf(1) });
    givenApplication(record);
    givenCommitsReturn({ ...record, status: 'CANCELLED', cancellation: { cancelledAt: NOW.toISOString(), noteId: 'note-1' } });

    // Act
    const result = await invoke(handler, cancelEvent({ reason: `  ${REASON}  ` }));

    // Assess
    expect(result.statusCode).toBe(200);
    expect(result.body).toEqual({ applicationId: APPLICATION_ID, status: 'CANCELLED', statusTitle: 'Отменён', cancelledAt: NOW.toISOString() });
    const [note] = storedNotes();
    expect(note?.Item).toMatchObject({ applicantId: APPLICANT_ID, text: REASON });
    const assigned = assignedValues(commits()[0]);
    expect(assigned.status).toBe('CANCELLED');
    expect(assigned.cancellation).toEqual({ cancelledAt: NOW.toISOString(), noteId: note?.Item?.noteId });
    expect(unusedPlaceholders(commits()[0])).toEqual([]);
  });

  it('commits CONTRACT_CANCELLED with the note id, not the reason', async () => {
    // Prepare
    const record = approvedRecord({ contract: contractOf(2) });
    givenApplication(record);
    givenCommitsReturn({ ...record, status: 'CANCELLED' });

    // Act
    await invoke(handler, cancelEvent({ reason: REASON }));

    // Assess
    const assigned = assignedValues(commits()[0]);
    const event = Object.entries(assigned).find(([path]) => path.startsWith('pendingEvents.'))?.[1] as DomainEvent;
    expect(event).toMatchObject({
      type: 'CONTRACT_CANCELLED',
      status: 'CANCELLED',
      noteId: storedNotes()[0]?.Item?.noteId,
      contractVersion: 2,
      actor: { kind: 'applicant', id: APPLICANT_ID },
    });
    expect(JSON.stringify(event)).not.toContain(REASON);
  });

  it.each([
    ['an already cancelled contract', approvedRecord({ status: 'CANCELLED', contract: contractOf(1) }), 'ALREADY_CANCELLED'],
    ['an application in review', approvedRecord({ status: 'IN_REVIEW', decision: undefined }), 'CONTRACT_NOT_APPROVED'],
    ['a rejected application', approvedRecord({ status: 'REJECTED' }), 'CONTRACT_NOT_APPROVED'],
    ['an approval whose contract is not generated yet', approvedRecord(), 'CONTRACT_NOT_READY'],
    [
      'a contract with an amendment under review',
      approvedRecord({
        contract: contractOf(1, {
          pendingAmendment: { amendmentId: 'amendment-1', number: 1, executionName: `${APPLICATION_ID}-a1`, requestedAt: NOW.toISOString() },
        }),
      }),
      'AMENDMENT_UNDER_REVIEW',
    ],
  ])('returns 409 for %s', async (_case, record, code) => {
    // Prepare
    givenApplication(record);

    // Act
    const result = await invoke(handler, cancelEvent({ reason: REASON }));

    // Assess
    expect(result.statusCode).toBe(409);
    expect(result.body.error.code).toBe(code);
    expect(storedNotes()).toEqual([]);
    expect(commits()).toEqual([]);
  });

  it('deletes the note of a cancellation that loses', async () => {
    // Prepare
    const before = approvedRecord({ contract: contractOf(1) });
    const after = { ...before, version: before.version + 1, status: 'CANCELLED' as const };
    dynamo
      .on(GetCommand, { TableName: STATE_TABLE, Key: applicationKey(APPLICATION_ID) })
      .resolvesOnce({ Item: before })
      .resolvesOnce({ Item: before })
      .resolves({ Item: after });
    dynamo.on(UpdateCommand, { TableName: STATE_TABLE, ReturnValues: 'ALL_NEW' }).rejects(conditionFailed());

    // Act
    const result = await invoke(handler, cancelEvent({ reason: REASON }));

    // Assess
    expect(result.statusCode).toBe(409);
    expect(result.body.error.code).toBe('ALREADY_CANCELLED');
    const [note] = storedNotes();
    expect(deletedPersonalDataKeys()).toEqual([{ pk: note?.Item?.pk, sk: note?.Item?.sk }]);
  });

  it("reports another applicant's application as not found", async () => {
    // Prepare
    givenApplication(approvedRecord({ contract: contractOf(1) }));

    // Act
    const result = await invoke(handler, cancelEvent({ reason: REASON }, OTHER_APPLICANT_ID));

    // Assess
    expect(result.statusCode).toBe(404);
    expect(result.body.error.code).toBe('APPLICATION_NOT_FOUND');
    expect(storedNotes()).toEqual([]);
  });

  it.each([
    ['no reason', {}, 'reason', 'REQUIRED'],
    ['a blank reason', { reason: ' \n ' }, 'reason', 'REQUIRED'],
    ['a reason that is too long', { reason: 'а'.repeat(1001) }, 'reason', 'TOO_LONG'],
    ['a reason that is not a string', { reason: 42 }, 'reason', 'INVALID_TYPE'],
  ])('rejects a request with %s', async (_case, body, path, code) => {
    // Prepare
    givenApplication(approvedRecord({ contract: contractOf(1) }));

    // Act
    const result = await invoke(handler, cancelEvent(body));

    // Assess
    expect(result.statusCode).toBe(400);
    expect(result.body.error.fields).toContainEqual(expect.objectContaining({ path, code }));
    expect(commits()).toEqual([]);
  });
});
