import type { ApplicationRecord } from '../../functions/domain/application-record.ts';
import { readJournal } from '../../functions/domain/applications.ts';
import { readApplicationRecord } from '../../functions/domain/commit-change.ts';
import { DOCUMENT_CATALOGUE } from '../../functions/domain/document-catalogue.ts';
import type { DomainEvent } from '../../functions/domain/events.ts';
import type { ApplicationStatus, DocumentStatus } from '../../functions/domain/statuses.ts';
import { getForm } from '../../functions/personal-data/forms.ts';
import { getNoteText } from '../../functions/personal-data/notes.ts';
import { applicationNotFound } from '../errors.ts';
import { summarizeForm, type FormSummary } from '../form-summary.ts';
import type { WaitingStepView } from './list-waiting-steps.ts';

export interface DocumentView {
  type: string;
  required: boolean;
  /** Undefined while the applicant has not asked to upload this type. */
  status?: DocumentStatus;
  fileName?: string;
  reasonCode?: string;
  issueDate?: string;
  expiryDate?: string;
}

export interface DecisionView {
  outcome: 'APPROVED' | 'REJECTED';
  reasonCode?: string;
  operatorId?: string;
  noteId?: string;
  /** The operator's reason, read from the personal-data store. */
  noteText?: string;
}

/** Data that `show` prints about one application. It leaves out the task token, which completes the step. */
export interface ApplicationView {
  applicationId: string;
  applicantId: string;
  status: ApplicationStatus;
  createdAt: string;
  updatedAt: string;
  waiting?: WaitingStepView;
  decision?: DecisionView;
  documents: DocumentView[];
  journal: DomainEvent[];
  form?: FormSummary;
}

/** Lists every catalogue type that is required or that the applicant has started, in catalogue order. */
function viewDocuments(record: ApplicationRecord): DocumentView[] {
  return DOCUMENT_CATALOGUE.filter((rule) => rule.required || record.documents?.[rule.type] !== undefined).map((rule) => {
    const document = record.documents?.[rule.type];
    return {
      type: rule.type,
      required: rule.required,
      status: document?.status,
      fileName: document?.fileName,
      reasonCode: document?.reasonCode,
      issueDate: document?.issueDate,
      expiryDate: document?.expiryDate,
    };
  });
}

async function viewDecision(record: ApplicationRecord): Promise<DecisionView | undefined> {
  if (record.decision === undefined) return undefined;
  const noteText = record.decision.noteId === undefined ? undefined : await getNoteText(record.applicationId, record.decision.noteId);
  return { ...record.decision, noteText };
}

/** Reads the application's state, journal and form summary for `show`. */
export async function showApplication(applicationId: string): Promise<ApplicationView> {
  const record = await readApplicationRecord(applicationId);
  if (record === undefined) throw applicationNotFound(applicationId);

  const [journal, stored, decision] = await Promise.all([readJournal(record), getForm<unknown>(applicationId), viewDecision(record)]);
  const waiting = record.waitingTask;
  return {
    applicationId: record.applicationId,
    applicantId: record.applicantId,
    status: record.status,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    waiting:
      waiting === undefined
        ? undefined
        : { applicationId, step: waiting.step, waitingSince: waiting.since, registryResult: waiting.registryResult },
    decision,
    documents: viewDocuments(record),
    journal,
    form: stored === undefined ? undefined : summarizeForm(stored.form),
  };
}
