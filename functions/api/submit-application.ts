import { AppError, ConflictError, applicationNotFound, type FieldError } from '../commons/errors.ts';
import { type ApiResult, httpHandler, jsonResponse } from '../commons/http.ts';
import { logger } from '../commons/logger.ts';
import type { ApplicationRecord, ReviewRound } from '../domain/application-record.ts';
import { readOwnedApplication } from '../domain/applications.ts';
import { commitChange, type Change } from '../domain/commit-change.ts';
import { DOCUMENT_CATALOGUE } from '../domain/document-catalogue.ts';
import { deriveEventId } from '../domain/events.ts';
import { describeReason } from '../domain/reasons.ts';
import { APPLICATION_STATUS_TITLES } from '../domain/statuses.ts';
import { reviewDeadline } from '../domain/review-term.ts';
import { applicationReadOnly } from './application-access.ts';
import { moscowDate } from './schemas/calendar-date.ts';
import { recordExecutionArn, reviewExecutionName, startReviewExecution } from './review-execution.ts';
import { applicationPathSchema } from './schemas/path-parameters.ts';

/** Returns a field error for each required document that is not ACCEPTED, naming it by its Russian title. */
function findIncompleteDocuments(record: ApplicationRecord): Array<{ title: string; problem: FieldError }> {
  const incomplete: Array<{ title: string; problem: FieldError }> = [];
  for (const rule of DOCUMENT_CATALOGUE.filter((candidate) => candidate.required)) {
    const document = record.documents?.[rule.type];
    const path = `documents.${rule.type}`;
    if (document === undefined) {
      incomplete.push({ title: rule.title, problem: { path, code: 'DOCUMENT_MISSING', message: `Документ «${rule.title}» не загружен` } });
    } else if (document.status === 'AWAITING_UPLOAD') {
      const message = `Документ «${rule.title}» ещё не загружен или не проверен`;
      incomplete.push({ title: rule.title, problem: { path, code: 'DOCUMENT_NOT_CHECKED', message } });
    } else if (document.status === 'REJECTED') {
      const reason = document.reasonCode === undefined ? '' : `: ${describeReason(document.reasonCode)}`;
      const message = `Документ «${rule.title}» отклонён${reason}; загрузите новый`;
      incomplete.push({ title: rule.title, problem: { path, code: 'DOCUMENT_REJECTED', message } });
    }
  }
  return incomplete;
}

function assertDocumentsComplete(record: ApplicationRecord): void {
  const incomplete = findIncompleteDocuments(record);
  if (incomplete.length === 0) return;
  const titles = incomplete.map((entry) => entry.title).join(', ');
  throw new AppError(
    409,
    'DOCUMENTS_INCOMPLETE',
    `Не все обязательные документы приняты: ${titles}`,
    incomplete.map((entry) => entry.problem),
  );
}

/**
 * Commits APPLICATION_SUBMITTED with the review round and its deadline. A first submission starts
 * round 1 from RECEIVED; a submission after a rejection starts the next round, moves the
 * application back to RECEIVED and clears the old decision, while the journal keeps the earlier
 * rounds. The event id is derived from the round, so a repeated commit is reported as already
 * applied. When a concurrent submission won, its record is returned.
 */
async function commitSubmission(record: ApplicationRecord, applicantId: string): Promise<ApplicationRecord> {
  const resubmission = record.status === 'REJECTED';
  const previousRound = record.review?.round ?? 0;
  const round = previousRound + 1;
  const now = new Date();
  const review: ReviewRound = {
    round,
    executionName: reviewExecutionName(record.applicationId, round),
    submittedAt: now.toISOString(),
    deadline: reviewDeadline(moscowDate(now)),
  };
  const condition: Change['condition'] = resubmission
    ? {
        expression: '#review.#round = :previousRound',
        names: { '#review': 'review', '#round': 'round' },
        values: { ':previousRound': previousRound },
      }
    : { expression: 'attribute_not_exists(#review)', names: { '#review': 'review' }, values: {} };
  const result = await commitChange({
    applicationId: record.applicationId,
    event: {
      eventId: deriveEventId('APPLICATION_SUBMITTED', record.applicationId, String(round)),
      type: 'APPLICATION_SUBMITTED',
      applicationId: record.applicationId,
      applicantId,
      occurredAt: review.submittedAt,
      actor: { kind: 'applicant', id: applicantId },
      status: 'RECEIVED',
    },
    allowedStatuses: resubmission ? ['REJECTED'] : ['RECEIVED'],
    set: [{ path: ['review'], value: review }],
    remove: resubmission ? [['decision']] : undefined,
    condition,
  });
  if (result.record === undefined) throw applicationNotFound();
  if (result.record.review === undefined || result.record.review.round < round) throw applicationReadOnly();
  return result.record;
}

/**
 * Submits the application for review, or after a rejection for a new round of review: checks
 * that every required document is accepted, commits the submission, then starts the review
 * workflow. A repeated call, or a retry after a crash
 * between the commit and the start, requests the same execution name and input again, so Step
 * Functions keeps one execution.
 */
export async function submitApplication(current: ApplicationRecord, applicantId: string): Promise<{ record: ApplicationRecord; review: ReviewRound }> {
  if (current.status === 'APPROVED' || current.status === 'CANCELLED') {
    throw new ConflictError('APPLICATION_ALREADY_DECIDED', `Решение по заявлению уже принято: ${APPLICATION_STATUS_TITLES[current.status]}`);
  }
  let record = current;
  if (record.review === undefined || record.status === 'REJECTED') {
    assertDocumentsComplete(record);
    record = await commitSubmission(record, applicantId);
  }

  const review = record.review as ReviewRound;
  const executionArn = await startReviewExecution(record.applicationId, review.round);
  if (review.executionArn !== executionArn) await recordExecutionArn(record.applicationId, review.round, executionArn);
  return { record, review: { ...review, executionArn } };
}

export const handler = httpHandler({ path: applicationPathSchema }, async ({ applicantId, path }): Promise<ApiResult> => {
  logger.appendKeys({ applicationId: path.applicationId });
  const current = await readOwnedApplication(path.applicationId, applicantId);
  const { record, review } = await submitApplication(current, applicantId);
  logger.info('Application submitted', { round: review.round, executionArn: review.executionArn });

  return jsonResponse(202, {
    applicationId: record.applicationId,
    status: record.status,
    statusTitle: APPLICATION_STATUS_TITLES[record.status],
    review: { round: review.round, submittedAt: review.submittedAt, deadline: review.deadline, executionArn: review.executionArn },
  });
});
