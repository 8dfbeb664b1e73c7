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
  registryResult: 'NO_RECORD',
};
const NOW = new Date('2025-03-03T09:00:00.000Z');

describe('waitForOperator', () => {
  useWorkflowMocks();

  it('stores waiting task in waitingSteps index', async () => {
    givenApplication(buildApplication());

    const output = await waitForOperator(INPUT, NOW);

    expect(output).toEqual({ step: 'FINAL_APPROVAL', waitingSince: NOW.toISOString() });
    const [update] = stateUpdates();
    expect(update?.set.waitingTask).toEqual({
      step: 'FINAL_APPROVAL',
      taskToken: 'token-1',
      since: NOW.toISOString(),
      executionName: 'app-1-r1',
      registryResult: 'NO_RECORD',
    });
    expect(update?.set.waitingPartition).toBe('WAITING');
    expect(update?.set.waitingSince).toBe(NOW.toISOString());
  });

  it('commits waiting event without reason', async () => {
    givenApplication(buildApplication());

    await waitForOperator(INPUT, NOW);

    const event = pendingEventOf(stateUpdates()[0]!);
    expect(event).toMatchObject({
      eventId: deriveEventId('app-1-r1', 'WaitForOperator', 'token-1'),
      type: 'OPERATOR_STEP_WAITING',
      step: 'FINAL_APPROVAL',
      status: 'IN_REVIEW',
    });
    expect(event.reasonCode).toBeUndefined();
  });

  it('names a registry outage in the event', async () => {
    givenApplication(buildApplication());

    await waitForOperator({ ...INPUT, registryResult: 'UNAVAILABLE' }, NOW);

    expect(pendingEventOf(stateUpdates()[0]!).reasonCode).toBe('REGISTRY_UNAVAILABLE');
  });

  it('keeps a found record out of the event', async () => {
    givenApplication(buildApplication());

    await waitForOperator({ ...INPUT, registryResult: 'RECORD_FOUND' }, NOW);

    const [update] = stateUpdates();
    expect(JSON.stringify(pendingEventOf(update!))).not.toContain('RECORD_FOUND');
    expect((update?.set.waitingTask as { registryResult: string }).registryResult).toBe('RECORD_FOUND');
  });

  it('commits once for a retry with the same token', async () => {
    givenApplication(buildApplication({ eventIds: new Set([deriveEventId('app-1-r1', 'WaitForOperator', 'token-1')]) }));

    await waitForOperator(INPUT, NOW);

    expect(stateUpdates()).toEqual([]);
  });

  it('stores a new token after a redrive', async () => {
    givenApplication(buildApplication({ eventIds: new Set([deriveEventId('app-1-r1', 'WaitForOperator', 'token-1')]) }));

    await waitForOperator({ ...INPUT, taskToken: 'token-2' }, NOW);

    expect((stateUpdates()[0]?.set.waitingTask as { taskToken: string }).taskToken).toBe('token-2');
  });

  it('rejects input without a task token', () => {
    const { taskToken: _taskToken, ...withoutToken } = INPUT;

    const parse = () => parseTaskInput(waitForOperatorInputSchema, withoutToken);

    expect(parse).toThrow(InvalidTaskInputError);
    expect(parse).toThrow('Invalid workflow task input at: taskToken');
  });
});
