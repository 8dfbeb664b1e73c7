import type { ApplicationRecord } from '../../domain/application-record.ts';
import type { DomainEvent } from '../../domain/events.ts';
import { describeReason } from '../../domain/reasons.ts';
import { APPLICATION_STATUS_TITLES } from '../../domain/statuses.ts';
import type { StoredForm } from '../../personal-data/forms.ts';
import type { ApplicationForm } from '../schemas/application-form.ts';
import { type ContractView, toContractView } from './contract-view.ts';
import { type DocumentView, toDocumentViews } from './document-view.ts';
import { type JournalEntryView, toJournalEntryView } from './journal-view.ts';

export interface ApplicationSummaryView {
  applicationId: string;
  status: string;
  statusTitle: string;
  /** Increments with every change of the application: form edits, uploads, checks, decisions. */
  version: number;
  createdAt: string;
  updatedAt: string;
  submittedAt?: string;
}

export interface DecisionView {
  outcome: 'APPROVED' | 'REJECTED';
  outcomeTitle: string;
  reasonCode?: string;
  reason?: string;
  /** The operator's note to the applicant. */
  note?: string;
}

export interface ApplicationDetailView extends ApplicationSummaryView {
  /** The form's own version, which `If-Match` of an edit must name. */
  formVersion: number;
  form: ApplicationForm;
  documents: DocumentView[];
  journal: JournalEntryView[];
  review?: ReviewView;
  decision?: DecisionView;
  /** The contract once generated; GET /applications/{applicationId}/contract returns its download link. */
  contract?: ContractView;
}

export interface ReviewView {
  round: number;
  submittedAt: string;
  /** Last day of the review term, YYYY-MM-DD. */
  deadline?: string;
  /** Documents the operator requested while the review waits for them. */
  requestedDocumentTypes?: string[];
}

function toReviewView(record: ApplicationRecord): ReviewView | undefined {
  if (record.review === undefined) return undefined;
  const { round, submittedAt, deadline } = record.review;
  return { round, submittedAt, deadline, requestedDocumentTypes: record.waitingTasks?.APPLICANT_DOCUMENTS?.documentTypes };
}

export function toApplicationSummary(record: ApplicationRecord): ApplicationSummaryView {
  return {
    applicationId: record.applicationId,
    status: record.status,
    statusTitle: APPLICATION_STATUS_TITLES[record.status],
    version: record.version,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    submittedAt: record.review?.submittedAt,
  };
}

function toDecisionView(record: ApplicationRecord, noteTexts: ReadonlyMap<string, string>): DecisionView | undefined {
  const decision = record.decision;
  if (decision === undefined) return undefined;
  return {
    outcome: decision.outcome,
    outcomeTitle: APPLICATION_STATUS_TITLES[decision.outcome],
    reasonCode: decision.reasonCode,
    reason: decision.reasonCode === undefined ? undefined : describeReason(decision.reasonCode),
    note: decision.noteId === undefined ? undefined : noteTexts.get(decision.noteId),
  };
}

export function toApplicationDetail(input: {
  record: ApplicationRecord;
  form: StoredForm<ApplicationForm>;
  journal: DomainEvent[];
  noteTexts: ReadonlyMap<string, string>;
}): ApplicationDetailView {
  const { record, form, journal, noteTexts } = input;
  return {
    ...toApplicationSummary(record),
    formVersion: form.version,
    form: form.form,
    documents: toDocumentViews(record),
    journal: journal.map((event) => toJournalEntryView(event, noteTexts)),
    review: toReviewView(record),
    decision: toDecisionView(record, noteTexts),
    contract: toContractView(record),
  };
}
