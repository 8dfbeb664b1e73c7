import { addDays } from '../api/schemas/calendar-date.ts';
import type { DocumentRecord } from '../domain/application-record.ts';
import type { DocumentTypeRule } from '../domain/document-catalogue.ts';

/**
 * Returns the last date (YYYY-MM-DD) on which the document is valid, or undefined when it does
 * not expire. A `days-from-issue` document stays valid through issue date + days.
 */
export function lastValidDate(rule: DocumentTypeRule, document: DocumentRecord): string | undefined {
  switch (rule.validity.kind) {
    case 'none':
      return undefined;
    case 'expiry-date':
      return document.expiryDate;
    case 'days-from-issue':
      return document.issueDate === undefined ? undefined : addDays(document.issueDate, rule.validity.days);
  }
}

/**
 * Tells whether an accepted document has expired by `today` (a Moscow calendar date). A missing
 * stated date counts as not expired, because the upload step requires those dates before it
 * accepts the document.
 */
export function isDocumentExpired(rule: DocumentTypeRule, document: DocumentRecord, today: string): boolean {
  const lastDate = lastValidDate(rule, document);
  return lastDate !== undefined && lastDate < today;
}
