import { ConflictError } from '../commons/errors.ts';
import { type IfMatch, parseIfMatch } from '../commons/if-match.ts';
import type { ApplicationRecord } from '../domain/application-record.ts';
import type { Change } from '../domain/commit-change.ts';
import type { ApplicationStatus } from '../domain/statuses.ts';

/**
 * Tells whether the applicant may change the form and documents: before the first submission,
 * and again after a rejection, so that they can fix the application and submit it for a new round.
 */
export function isEditable(record: ApplicationRecord): boolean {
  return (record.status === 'RECEIVED' && record.review === undefined) || record.status === 'REJECTED';
}

/** Tells whether the review waits for the applicant to upload this document type again. */
export function isRequestedDocument(record: ApplicationRecord, documentType: string): boolean {
  return record.status === 'IN_REVIEW' && (record.waitingTasks?.APPLICANT_DOCUMENTS?.documentTypes ?? []).includes(documentType);
}

/**
 * The guard of an applicant's edit for commitChange: the status the event carries (an edit
 * changes no status), the statuses it may apply in and a condition that fails once the
 * application was submitted meanwhile. A rejected application stays editable until its next
 * submission moves it back to RECEIVED with a new round.
 */
export interface EditGuard {
  status: ApplicationStatus;
  allowedStatuses: Change['allowedStatuses'];
  condition: NonNullable<Change['condition']>;
}

export function editGuard(record: ApplicationRecord): EditGuard {
  if (record.status === 'REJECTED') {
    return {
      status: 'REJECTED',
      allowedStatuses: ['REJECTED'],
      condition: { expression: '#editStatus = :editStatus', names: { '#editStatus': 'status' }, values: { ':editStatus': 'REJECTED' } },
    };
  }
  return {
    status: 'RECEIVED',
    allowedStatuses: ['RECEIVED'],
    condition: { expression: 'attribute_not_exists(#review)', names: { '#review': 'review' }, values: {} },
  };
}

export const applicationReadOnly = (): ConflictError =>
  new ConflictError('APPLICATION_READ_ONLY', 'Заявление отправлено на проверку и не может быть изменено');

export function assertEditable(record: ApplicationRecord): void {
  if (!isEditable(record)) throw applicationReadOnly();
}

export const formVersionTag = (version: number): string => `"${version}"`;

/**
 * Reads `If-Match`: the form version from the ETag of the last response, a list of them, or `*`.
 * A missing header is 428 and a malformed or weak one 400 (see parseIfMatch).
 */
export function readIfMatch(headers: Record<string, string | undefined>): IfMatch {
  return parseIfMatch(headers['if-match'], '"1"');
}
