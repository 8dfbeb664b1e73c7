import { queryStateTable } from '../domain/query-state-table.ts';
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { moscowDate } from '../api/schemas/calendar-date.ts';
import { logger } from '../commons/logger.ts';
import type { ApplicationRecord } from '../domain/application-record.ts';
import { commitChange, readApplicationRecord, type Change, type FieldUpdate } from '../domain/commit-change.ts';
import { SYSTEM_ACTOR, deriveEventId } from '../domain/events.ts';
import { isReviewOverdue } from '../domain/review-term.ts';
import { WAITING_PARTITION } from '../domain/state-table-design.ts';

export interface ReviewTermsResult {
  checked: number;
  escalated: number;
  failures: number;
}

/** Ids of the applications that wait for a person: a review in progress always waits at some step. */
async function listWaitingApplicationIds(): Promise<string[]> {
  const items = await queryStateTable({
    IndexName: 'waitingSteps',
    KeyConditionExpression: 'waitingPartition = :partition',
    ExpressionAttributeValues: { ':partition': WAITING_PARTITION },
    ProjectionExpression: 'applicationId',
  });
  return items.map((item) => String(item.applicationId));
}

function termEvent(record: ApplicationRecord, type: 'REVIEW_OVERDUE' | 'REVIEW_ESCALATED', now: Date): Change['event'] {
  const executionName = record.review?.executionName ?? '';
  return {
    eventId: deriveEventId(executionName, type),
    type,
    applicationId: record.applicationId,
    applicantId: record.applicantId,
    occurredAt: now.toISOString(),
    actor: SYSTEM_ACTOR,
    status: 'IN_REVIEW',
  };
}

/** Both changes apply to the review round they were built for, on the item version they were built from. */
function roundCondition(record: ApplicationRecord): NonNullable<Change['condition']> {
  return {
    expression: '#termReview.#termExecution = :termExecution AND #termVersion = :termVersion',
    names: { '#termReview': 'review', '#termExecution': 'executionName', '#termVersion': 'version' },
    values: { ':termExecution': record.review?.executionName, ':termVersion': record.version },
  };
}

/**
 * Warns the applicant that the term passed (REVIEW_OVERDUE) and hands the review to a senior
 * operator (REVIEW_ESCALATED): the round and every waiting step are flagged `escalated`, and
 * waiting steps created later inherit the flag. Event ids derive from the execution name, so
 * each round is warned and escalated once however often the check runs. A change that loses a
 * race with the workflow is left for the next run.
 */
async function escalateReview(applicationId: string, today: string, now: Date): Promise<boolean> {
  let record = await readApplicationRecord(applicationId);
  const deadline = record?.review?.deadline;
  if (record === undefined || record.status !== 'IN_REVIEW' || deadline === undefined || !isReviewOverdue(deadline, today)) return false;

  const overdue = await commitChange({ applicationId, event: termEvent(record, 'REVIEW_OVERDUE', now), allowedStatuses: ['IN_REVIEW'], condition: roundCondition(record) });
  if (overdue.outcome === 'rejected' || overdue.record === undefined) return false;
  record = overdue.record;

  const set: FieldUpdate[] = [{ path: ['review', 'escalated'], value: true }];
  for (const step of Object.keys(record.waitingTasks ?? {})) set.push({ path: ['waitingTasks', step, 'escalated'], value: true });
  const escalated = await commitChange({
    applicationId,
    event: termEvent(record, 'REVIEW_ESCALATED', now),
    allowedStatuses: ['IN_REVIEW'],
    set,
    condition: roundCondition(record),
  });
  return escalated.outcome === 'committed';
}

/**
 * Checks the review term of every application that waits at a step.
 * NOTE: the term also runs while the review waits for documents the operator requested from the
 * applicant. Whether that time counts is a legal question that this check does not settle.
 */
export async function checkReviewTerms(now = new Date()): Promise<ReviewTermsResult> {
  const today = moscowDate(now);
  const result: ReviewTermsResult = { checked: 0, escalated: 0, failures: 0 };
  for (const applicationId of await listWaitingApplicationIds()) {
    result.checked++;
    try {
      if (await escalateReview(applicationId, today, now)) result.escalated++;
    } catch (error) {
      // One application's failure must not stop the others; the next run tries it again.
      result.failures++;
      logger.error('Review term check failed', { applicationId, error: error as Error });
    }
  }
  return result;
}

export const handler = middy()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async () => {
    const result = await checkReviewTerms();
    logger.info('Review terms checked', { ...result });
    if (result.failures > 0) throw new Error(`Review term check failed for ${result.failures} applications`);
    return result;
  });
