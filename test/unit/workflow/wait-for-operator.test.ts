import { describe, expect, it } from 'vitest';
import { deriveEventId } from '../../../functions/domain/events.ts';
import { InvalidTaskInputError } from '../../../functions/workflow/errors.ts';
import { parseTaskInput } from '../../../functions/workflow/task-handler.ts';
import { waitForOperator, waitForOperatorInputSchema, type WaitForOperatorInput } from '../../../functions/workflow/wait-for-operator.ts';
import { buildApplication, givenApplication, pendingEventOf, stateUpdates, useWorkflowMocks } from './state-table-mock.ts';

const INPUT: WaitForOperatorInput = {
  applicationId: 'app-1',
  executionName: 'app-1-r1',
  taskToken: 'token-1',
  step: 'FINAL_APPROVAL',
};
const NOW = new Date('2025-03-03T09:00:00.000Z');
const WAIT_ID = deriveEventId('app-1-r1', 'FINAL_APPROVAL', 'token-1');

describe('waitForOperator', () => {
  useWorkflowMocks();

  it('stores first waiting task as map', async () => {
    givenApplication(buildApplication());

    const output = await waitForOperator(INPUT, NOW);

    expect(output).toEqual({ step: 'FINAL_APPROVAL', waitingSince: NOW.toISOString() });
    const [update] = stateUpdates();
    expect(update?.set.waitingTasks).toEqual({
      FINAL_APPROVAL: { step: 'FINAL_APPROVAL', taskToken: 'token-1', waitId: WAIT_ID, since: NOW.toISOString(), executionName: 'app-1-r1' },
    });
    expect(update?.set.waitingPartition).toBe('WAITING');
    expect(update?.set.waitingSince).toBe(NOW.toISOString());
    expect(update?.condition).toContain('attribute_not_exists(waitingTasks)');
  });

  it('adds parallel step to existing map', async () => {
    const earlier = { step: 'MEDICAL_COMMISSION', taskToken: 't0', waitId: 'w0', since: '2025-03-02T09:00:00.000Z', executionName: 'app-1-r1' };
    givenApplication(buildApplication({ waitingTasks: { MEDICAL_COMMISSION: earlier } }));

    await waitForOperator({ ...INPUT, step: 'PSYCHOLOGICAL_TESTING' }, NOW);

    const [update] = stateUpdates();
    expect((update?.set['waitingTasks.PSYCHOLOGICAL_TESTING'] as { step: string }).step).toBe('PSYCHOLOGICAL_TESTING');
    expect(update?.set.waitingSince).toBe('2025-03-02T09:00:00.000Z');
    expect(update?.condition).toContain('attribute_exists(waitingTasks)');
  });

  it('commits waiting event with step', async () => {
    givenApplication(buildApplication());

    await waitForOperator(INPUT, NOW);

    const event = pendingEventOf(stateUpdates()[0]!);
    expect(event).toMatchObject({ eventId: WAIT_ID, type: 'OPERATOR_STEP_WAITING', step: 'FINAL_APPROVAL', status: 'IN_REVIEW' });
    expect(event.reasonCode).toBeUndefined();
  });

  it('requests documents from applicant', async () => {
    givenApplication(buildApplication());

    await waitForOperator({ ...INPUT, step: 'APPLICANT_DOCUMENTS', documentTypes: ['PASSPORT'] }, NOW);

    const [update] = stateUpdates();
    expect(pendingEventOf(update!)).toMatchObject({ type: 'DOCUMENTS_REQUESTED', documentTypes: ['PASSPORT'] });
    expect((update?.set.waitingTasks as Record<string, { documentTypes: string[] }>).APPLICANT_DOCUMENTS?.documentTypes).toEqual(['PASSPORT']);
  });

  it('escalates step after review term', async () => {
    givenApplication(buildApplication({ review: { round: 1, executionName: 'app-1-r1', submittedAt: '2025-02-01T08:00:00.000Z', escalated: true } }));

    await waitForOperator(INPUT, NOW);

    expect((stateUpdates()[0]?.set.waitingTasks as Record<string, { escalated?: boolean }>).FINAL_APPROVAL?.escalated).toBe(true);
  });

  it('waits during amendment while approved', async () => {
    givenApplication(buildApplication({ status: 'APPROVED' }));

    await waitForOperator({ ...INPUT, executionName: 'app-1-a1' }, NOW);

    expect(pendingEventOf(stateUpdates()[0]!).status).toBe('APPROVED');
  });

  it('commits once for a retry with the same token', async () => {
    givenApplication(buildApplication({ eventIds: new Set([WAIT_ID]) }));

    await waitForOperator(INPUT, NOW);

    expect(stateUpdates()).toEqual([]);
  });

  it('stores a new token after a redrive', async () => {
    givenApplication(buildApplication({ eventIds: new Set([WAIT_ID]) }));

    await waitForOperator({ ...INPUT, taskToken: 'token-2' }, NOW);

    expect((stateUpdates()[0]?.set.waitingTasks as Record<string, { taskToken: string }>).FINAL_APPROVAL?.taskToken).toBe('token-2');
  });

  it('rejects input without a task token', () => {
    const { taskToken: _taskToken, ...withoutToken } = INPUT;

    const parse = () => parseTaskInput(waitForOperatorInputSchema, withoutToken);

    expect(parse).toThrow(InvalidTaskInputError);
    expect(parse).toThrow('Invalid workflow task input at: taskToken');
  });
});
