import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { ApplicationRecord } from '../../../functions/domain/application-record.ts';
import { deriveEventId } from '../../../functions/domain/events.ts';
import { checkReviewTerms } from '../../../functions/workflow/check-review-terms.ts';
import { STATE_TABLE, buildApplication, dynamo, givenApplication, pendingEventOf, stateUpdates, useWorkflowMocks } from './state-table-mock.ts';

// 18 March 2025, 12:00 in Moscow: the day after a deadline of 17 March.
const NOW = new Date('2025-03-18T09:00:00.000Z');

function reviewing(deadline: string, overrides: Partial<ApplicationRecord> = {}): ApplicationRecord {
  return buildApplication({
    review: { round: 1, executionName: 'app-1-r1', submittedAt: '2025-03-03T09:00:00.000Z', deadline },
    waitingTasks: {
      FINAL_APPROVAL: { step: 'FINAL_APPROVAL', taskToken: 't', waitId: 'w', since: '2025-03-04T09:00:00.000Z', executionName: 'app-1-r1' },
    },
    ...overrides,
  });
}

function givenWaiting(record: ApplicationRecord): void {
  dynamo.on(QueryCommand, { TableName: STATE_TABLE, IndexName: 'waitingSteps' }).resolves({ Items: [{ applicationId: record.applicationId }] });
  givenApplication(record);
}

describe('checkReviewTerms', () => {
  useWorkflowMocks();

  it('warns and escalates overdue review', async () => {
    givenWaiting(reviewing('2025-03-17'));

    const result = await checkReviewTerms(NOW);

    expect(result).toEqual({ checked: 1, escalated: 1, failures: 0 });
    const [overdue, escalated] = stateUpdates();
    expect(pendingEventOf(overdue!)).toMatchObject({ type: 'REVIEW_OVERDUE', eventId: deriveEventId('app-1-r1', 'REVIEW_OVERDUE') });
    expect(pendingEventOf(escalated!)).toMatchObject({ type: 'REVIEW_ESCALATED', eventId: deriveEventId('app-1-r1', 'REVIEW_ESCALATED') });
    expect(escalated?.set['review.escalated']).toBe(true);
    expect(escalated?.set['waitingTasks.FINAL_APPROVAL.escalated']).toBe(true);
  });

  it('leaves review within term alone', async () => {
    givenWaiting(reviewing('2025-03-18'));

    const result = await checkReviewTerms(NOW);

    expect(result.escalated).toBe(0);
    expect(stateUpdates()).toEqual([]);
  });

  it('escalates once per round', async () => {
    const eventIds = new Set([deriveEventId('app-1-r1', 'REVIEW_OVERDUE'), deriveEventId('app-1-r1', 'REVIEW_ESCALATED')]);
    givenWaiting(reviewing('2025-03-17', { eventIds }));

    const result = await checkReviewTerms(NOW);

    expect(result.escalated).toBe(0);
    expect(stateUpdates()).toEqual([]);
  });

  it('skips amendment of approved application', async () => {
    givenWaiting(reviewing('2025-03-17', { status: 'APPROVED' }));

    const result = await checkReviewTerms(NOW);

    expect(result).toEqual({ checked: 1, escalated: 0, failures: 0 });
    expect(stateUpdates()).toEqual([]);
  });
});
