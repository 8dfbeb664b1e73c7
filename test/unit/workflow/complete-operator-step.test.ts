import { describe, expect, it } from 'vitest';
import type { WaitingTask } from '../../../functions/domain/application-record.ts';
import { deriveEventId } from '../../../functions/domain/events.ts';
import { completeOperatorStep, type CompleteOperatorStepInput } from '../../../functions/workflow/complete-operator-step.ts';
import { ChangeRejectedError, InvalidTaskInputError } from '../../../functions/workflow/errors.ts';
import { buildApplication, givenApplication, pendingEventOf, stateUpdates, useWorkflowMocks } from './state-table-mock.ts';

const NOW = new Date('2025-03-04T12:00:00.000Z');

const task = (step: string, since = '2025-03-03T09:00:00.000Z', extra: Partial<WaitingTask> = {}): WaitingTask => ({
  step,
  taskToken: `token-${step}`,
  waitId: `wait-${step}`,
  since,
  executionName: 'app-1-r1',
  ...extra,
});

function input(step: CompleteOperatorStepInput['step'], output: Partial<CompleteOperatorStepInput['output']> = {}): CompleteOperatorStepInput {
  return {
    applicationId: 'app-1',
    executionName: 'app-1-r1',
    step,
    output: { decision: 'APPROVED', waitId: `wait-${step}`, operatorId: 'operator-7', ...output },
  };
}

describe('completeOperatorStep', () => {
  useWorkflowMocks();

  it('journals decision with operator', async () => {
    givenApplication(buildApplication({ waitingTasks: { DOCUMENT_REVIEW: task('DOCUMENT_REVIEW') } }));

    const output = await completeOperatorStep(input('DOCUMENT_REVIEW'), NOW);

    expect(output).toEqual({ decision: 'APPROVED' });
    expect(pendingEventOf(stateUpdates()[0]!)).toMatchObject({
      eventId: deriveEventId('app-1-r1', 'DOCUMENT_REVIEW', 'wait-DOCUMENT_REVIEW'),
      type: 'OPERATOR_STEP_COMPLETED',
      step: 'DOCUMENT_REVIEW',
      decision: 'APPROVED',
      actor: { kind: 'operator', id: 'operator-7' },
      status: 'IN_REVIEW',
    });
  });

  it('leaves waiting index when last step closes', async () => {
    givenApplication(buildApplication({ waitingTasks: { FINAL_APPROVAL: task('FINAL_APPROVAL') } }));

    await completeOperatorStep(input('FINAL_APPROVAL'), NOW);

    const [update] = stateUpdates();
    expect(update?.removed).toEqual(['waitingTasks.FINAL_APPROVAL', 'waitingPartition', 'waitingSince']);
    expect(update?.condition).toContain('waitingTasks.FINAL_APPROVAL.waitId = :completedWaitId');
  });

  it('keeps parallel step waiting', async () => {
    const waitingTasks = {
      MEDICAL_COMMISSION: task('MEDICAL_COMMISSION', '2025-03-03T09:00:00.000Z'),
      PSYCHOLOGICAL_TESTING: task('PSYCHOLOGICAL_TESTING', '2025-03-03T10:00:00.000Z'),
    };
    givenApplication(buildApplication({ waitingTasks }));

    await completeOperatorStep(input('MEDICAL_COMMISSION', { decision: 'RECORDED', fitForService: true }), NOW);

    const [update] = stateUpdates();
    expect(update?.removed).toEqual(['waitingTasks.MEDICAL_COMMISSION']);
    expect(update?.set.waitingSince).toBe('2025-03-03T10:00:00.000Z');
  });

  it('journals applicant submission', async () => {
    const waiting = task('APPLICANT_DOCUMENTS', undefined, { documentTypes: ['PASSPORT'] });
    givenApplication(buildApplication({ waitingTasks: { APPLICANT_DOCUMENTS: waiting } }));

    await completeOperatorStep(input('APPLICANT_DOCUMENTS', { decision: 'SUBMITTED', operatorId: undefined, applicantId: 'applicant-1' }), NOW);

    expect(pendingEventOf(stateUpdates()[0]!)).toMatchObject({
      type: 'DOCUMENTS_SUBMITTED',
      actor: { kind: 'applicant', id: 'applicant-1' },
      documentTypes: ['PASSPORT'],
    });
  });

  it('commits once for a retry', async () => {
    const eventId = deriveEventId('app-1-r1', 'DOCUMENT_REVIEW', 'wait-DOCUMENT_REVIEW');
    givenApplication(buildApplication({ eventIds: new Set([eventId]) }));

    await completeOperatorStep(input('DOCUMENT_REVIEW'), NOW);

    expect(stateUpdates()).toEqual([]);
  });

  it('requires operator id for operator step', async () => {
    givenApplication(buildApplication({ waitingTasks: { DOCUMENT_REVIEW: task('DOCUMENT_REVIEW') } }));

    const error = await completeOperatorStep(input('DOCUMENT_REVIEW', { operatorId: undefined }), NOW).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(InvalidTaskInputError);
    expect(stateUpdates()).toEqual([]);
  });

  it('rejects completion of closed application', async () => {
    givenApplication(buildApplication({ status: 'REJECTED' }));

    const error = await completeOperatorStep(input('DOCUMENT_REVIEW'), NOW).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ChangeRejectedError);
  });

  it('returns next contract version', async () => {
    const contract = { currentVersion: 1, versions: [{ version: 1, objectKey: 'contracts/v1.pdf', createdAt: '2025-03-01T08:00:00.000Z' }] };
    givenApplication(buildApplication({ status: 'APPROVED', contract, waitingTasks: { FINAL_APPROVAL: task('FINAL_APPROVAL', undefined, { executionName: 'app-1-a1' }) } }));

    const output = await completeOperatorStep({ ...input('FINAL_APPROVAL'), executionName: 'app-1-a1' }, NOW);

    expect(output).toEqual({ decision: 'APPROVED', nextContractVersion: 2 });
  });
});
