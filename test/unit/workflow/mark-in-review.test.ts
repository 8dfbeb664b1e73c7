import { describe, expect, it } from 'vitest';
import { deriveEventId } from '../../../functions/domain/events.ts';
import { ApplicationNotFoundError, ChangeRejectedError } from '../../../functions/workflow/errors.ts';
import { markInReview } from '../../../functions/workflow/mark-in-review.ts';
import { buildApplication, givenApplication, givenNoApplication, pendingEventOf, stateUpdates, useWorkflowMocks } from './state-table-mock.ts';

const INPUT = { applicationId: 'app-1', round: 1, executionName: 'app-1-r1' };
const NOW = new Date('2025-03-03T09:00:00.000Z');

describe('markInReview', () => {
  useWorkflowMocks();

  it('sets IN_REVIEW with derived event id', async () => {
    givenApplication(buildApplication({ status: 'RECEIVED' }));

    const output = await markInReview(INPUT, NOW);

    expect(output).toEqual({ status: 'IN_REVIEW' });
    const [update] = stateUpdates();
    expect(update?.set.status).toBe('IN_REVIEW');
    expect(pendingEventOf(update!)).toMatchObject({
      eventId: deriveEventId('app-1-r1', 'MarkInReview'),
      type: 'STATUS_CHANGED',
      status: 'IN_REVIEW',
      previousStatus: 'RECEIVED',
      actor: { kind: 'system', id: 'kontrakt' },
      occurredAt: NOW.toISOString(),
    });
  });

  it('rejects a rejected application', async () => {
    givenApplication(buildApplication({ status: 'REJECTED' }));

    const error = await markInReview(INPUT, NOW).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ChangeRejectedError);
  });

  it('commits nothing when a retry finds its event applied', async () => {
    const eventId = deriveEventId('app-1-r1', 'MarkInReview');
    givenApplication(buildApplication({ status: 'IN_REVIEW', eventIds: new Set([eventId]) }));

    const output = await markInReview(INPUT, NOW);

    expect(output).toEqual({ status: 'IN_REVIEW' });
    expect(stateUpdates()).toEqual([]);
  });

  it('throws ChangeRejectedError for an approved application', async () => {
    givenApplication(buildApplication({ status: 'APPROVED' }));

    const error = await markInReview(INPUT, NOW).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ChangeRejectedError);
    expect((error as Error).message).toBe(
      "Change STATUS_CHANGED of application app-1 rejected: status is APPROVED, expected RECEIVED, or the change's condition failed",
    );
    expect(stateUpdates()).toEqual([]);
  });

  it('throws ApplicationNotFoundError for an unknown application', async () => {
    givenNoApplication();

    const error = await markInReview(INPUT, NOW).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ApplicationNotFoundError);
  });
});
