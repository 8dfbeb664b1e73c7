import { describe, expect, it } from 'vitest';
import { deriveEventId } from '../../../functions/domain/events.ts';
import { ChangeRejectedError, InvalidTaskInputError } from '../../../functions/workflow/errors.ts';
import { recordOutcome, type RecordOutcomeInput } from '../../../functions/workflow/record-outcome.ts';
import { buildApplication, givenApplication, pendingEventOf, stateUpdates, useWorkflowMocks } from './state-table-mock.ts';

const NOW = new Date('2025-03-04T12:00:00.000Z');
const WAITING = {
  waitingTasks: {
    FINAL_APPROVAL: { step: 'FINAL_APPROVAL', taskToken: 'token-1', waitId: 'wait-1', since: '2025-03-03T09:00:00.000Z', executionName: 'app-1-r1' },
  },
};

function input(outcome: 'APPROVED' | 'REJECTED', decision: Omit<RecordOutcomeInput['decision'], 'decision'>): RecordOutcomeInput {
  return { applicationId: 'app-1', executionName: 'app-1-r1', outcome, decision: { decision: outcome, ...decision } };
}

describe('recordOutcome', () => {
  useWorkflowMocks();

  it("records an operator's approval and removes the waiting step", async () => {
    givenApplication(buildApplication(WAITING));

    const output = await recordOutcome(input('APPROVED', { operatorId: 'operator-7' }), NOW);

    expect(output).toEqual({ status: 'APPROVED' });
    const [update] = stateUpdates();
    expect(update?.set.status).toBe('APPROVED');
    expect(update?.set.decision).toEqual({ outcome: 'APPROVED', reasonCode: 'OPERATOR_APPROVED', operatorId: 'operator-7' });
    expect(update?.removed).toEqual(['waitingTasks', 'waitingPartition', 'waitingSince']);
    expect(pendingEventOf(update!)).toMatchObject({
      eventId: deriveEventId('app-1-r1', 'RecordOutcome'),
      type: 'STATUS_CHANGED',
      status: 'APPROVED',
      previousStatus: 'IN_REVIEW',
      actor: { kind: 'operator', id: 'operator-7' },
      reasonCode: 'OPERATOR_APPROVED',
    });
  });

  it("records an operator's rejection with the note id", async () => {
    givenApplication(buildApplication(WAITING));

    const output = await recordOutcome(input('REJECTED', { operatorId: 'operator-7', noteId: 'note-1' }), NOW);

    expect(output).toEqual({ status: 'REJECTED' });
    const [update] = stateUpdates();
    expect(update?.set.decision).toEqual({ outcome: 'REJECTED', reasonCode: 'OPERATOR_REJECTED', noteId: 'note-1', operatorId: 'operator-7' });
    expect(pendingEventOf(update!)).toMatchObject({ reasonCode: 'OPERATOR_REJECTED', noteId: 'note-1', actor: { kind: 'operator', id: 'operator-7' } });
  });

  it('records automatic rejection as system', async () => {
    givenApplication(buildApplication());

    await recordOutcome(input('REJECTED', { reasonCode: 'MISSING_REQUIRED_DOCUMENT', documentTypes: ['MILITARY_ID'] }), NOW);

    const event = pendingEventOf(stateUpdates()[0]!);
    expect(event).toMatchObject({
      status: 'REJECTED',
      actor: { kind: 'system', id: 'kontrakt' },
      reasonCode: 'MISSING_REQUIRED_DOCUMENT',
      documentTypes: ['MILITARY_ID'],
    });
  });

  it('rejects an automatic rejection without a reason', async () => {
    givenApplication(buildApplication());

    const error = await recordOutcome(input('REJECTED', {}), NOW).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(InvalidTaskInputError);
    expect(stateUpdates()).toEqual([]);
  });

  it('rejects a decision that contradicts the outcome', async () => {
    givenApplication(buildApplication());
    const contradicting = { ...input('APPROVED', { operatorId: 'operator-7' }), outcome: 'REJECTED' as const };

    const error = await recordOutcome(contradicting, NOW).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(InvalidTaskInputError);
    expect((error as Error).message).toContain('decision.decision');
  });

  it('rejects application no longer in review', async () => {
    givenApplication(buildApplication({ status: 'APPROVED' }));

    const error = await recordOutcome(input('REJECTED', { operatorId: 'operator-7' }), NOW).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ChangeRejectedError);
    expect(stateUpdates()).toEqual([]);
  });

  it('records approved amendment keeping status', async () => {
    givenApplication(buildApplication({ ...WAITING, status: 'APPROVED' }));

    const output = await recordOutcome({ ...input('APPROVED', { operatorId: 'operator-7' }), executionName: 'app-1-a1', amendmentId: 'amend-1' }, NOW);

    expect(output).toEqual({ status: 'APPROVED' });
    const [update] = stateUpdates();
    expect(update?.set.status).toBe('APPROVED');
    expect(update?.set.decision).toBeUndefined();
    expect(update?.removed).toContain('contract.pendingAmendment');
    expect(update?.condition).toContain('contract.pendingAmendment.amendmentId = :outcomeAmendment');
    expect(pendingEventOf(update!)).toMatchObject({ type: 'AMENDMENT_APPROVED', amendmentId: 'amend-1', actor: { kind: 'operator', id: 'operator-7' } });
  });

  it('records rejected amendment with reason', async () => {
    givenApplication(buildApplication({ ...WAITING, status: 'APPROVED' }));

    const output = await recordOutcome({ ...input('REJECTED', { operatorId: 'operator-7', noteId: 'note-2' }), executionName: 'app-1-a1', amendmentId: 'amend-1' }, NOW);

    expect(output).toEqual({ status: 'APPROVED' });
    expect(pendingEventOf(stateUpdates()[0]!)).toMatchObject({ type: 'AMENDMENT_REJECTED', reasonCode: 'OPERATOR_REJECTED', noteId: 'note-2', status: 'APPROVED' });
  });

  it('rejects amendment of unapproved application', async () => {
    givenApplication(buildApplication(WAITING));

    const error = await recordOutcome({ ...input('APPROVED', { operatorId: 'operator-7' }), amendmentId: 'amend-1' }, NOW).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ChangeRejectedError);
    expect(stateUpdates()).toEqual([]);
  });
});
