import { AppError, ConflictError } from '../commons/errors.ts';
import type { ApplicationRecord } from '../domain/application-record.ts';

/** Tells whether the applicant may still change the form and documents: only before the first submission. */
export function isEditable(record: ApplicationRecord): boolean {
  return record.status === 'RECEIVED' && record.review === undefined;
}

export const applicationReadOnly = (): ConflictError =>
  new ConflictError('APPLICATION_READ_ONLY', 'Заявление отправлено на проверку и не может быть изменено');

export function assertEditable(record: ApplicationRecord): void {
  if (!isEditable(record)) throw applicationReadOnly();
}

/** An entity tag as this API writes it: the form version in double quotes, such as "3". */
const FORM_VERSION_TAG = /^"([1-9]\d{0,8})"$/;

export const formVersionTag = (version: number): string => `"${version}"`;

/**
 * Reads the form version from `If-Match`. A missing header is 428, because an edit without a
 * version could silently overwrite someone else's; a malformed one is 400.
 */
export function readIfMatchVersion(headers: Record<string, string | undefined>): number {
  const value = headers['if-match']?.trim();
  if (value === undefined || value === '') {
    throw new AppError(428, 'PRECONDITION_REQUIRED', 'Укажите в заголовке If-Match версию анкеты из ETag последнего ответа, например "1"');
  }
  const match = FORM_VERSION_TAG.exec(value);
  if (match === null) {
    throw new AppError(400, 'INVALID_IF_MATCH', 'Заголовок If-Match должен содержать версию анкеты в кавычках, например "1"');
  }
  return Number(match[1]);
}
