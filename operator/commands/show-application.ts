import type { ApplicationRecord } from '../../functions/domain/application-record.ts';
import { readJournal } from '../../functions/domain/applications.ts';
import { readApplicationRecord } from '../../functions/domain/commit-change.ts';
import { DOCUMENT_CATALOGUE } from '../../functions/domain/document-catalogue.ts';
import type { DomainEvent } from '../../functions/domain/events.ts';
import type { ApplicationStatus, DocumentStatus } from '../../functions/domain/statuses.ts';
import { createDownloadUrl } from '../../functions/personal-data/documents.ts';
import { getForm } from '../../functions/personal-data/forms.ts';
import { getNoteText } from '../../functions/personal-data/notes.ts';
import { getRegistryCheck } from '../../functions/personal-data/registry-checks.ts';
import { getStepResult } from '../../functions/personal-data/step-results.ts';
import { DOWNLOAD_LINK_TTL_SECONDS } from '../download-links.ts';
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
  /**
   * A presigned GET link, valid for DOWNLOAD_LINK_TTL_SECONDS, to the accepted copy of the
   * document: the bytes the validator checked. Rejected and unchecked uploads get no link,
   * because the applicant's upload form can overwrite them until it expires.
   */
  downloadUrl?: string;
}

/** The review results kept in the personal-data store, read for the current review round. */
export interface ReviewResultsView {
  /** NO_RECORD, RECORD_FOUND, or undefined while the registry has not responded. */
  registryResult?: string;
  medicalCommissionCategory?: string;
  psychologicalTestingResult?: string;
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
  waiting: WaitingStepView[];
  /** Last day of the review term, YYYY-MM-DD. */
  reviewDeadline?: string;
  results: ReviewResultsView;
  decision?: DecisionView;
  documents: DocumentView[];
  journal: DomainEvent[];
  form?: FormSummary;
}

/** Lists every catalogue type that is required or that the applicant has started, in catalogue order. */
async function viewDocuments(record: ApplicationRecord): Promise<DocumentView[]> {
  const rules = DOCUMENT_CATALOGUE.filter((rule) => rule.required || record.documents?.[rule.type] !== undefined);
  return Promise.all(rules.map(async (rule) => {
    const document = record.documents?.[rule.type];
    // NOTE: documents accepted before accepted/ copies existed have no acceptedObjectKey and so no link.
    const downloadUrl = document?.acceptedObjectKey === undefined
      ? undefined
      : await createDownloadUrl(document.acceptedObjectKey, document.fileName, DOWNLOAD_LINK_TTL_SECONDS);
    return {
      type: rule.type,
      required: rule.required,
      status: document?.status,
      fileName: document?.fileName,
      reasonCode: document?.reasonCode,
      issueDate: document?.issueDate,
      expiryDate: document?.expiryDate,
      downloadUrl,
    };
  }));
}

async function viewResults(record: ApplicationRecord): Promise<ReviewResultsView> {
  const executionName = record.review?.executionName;
  if (executionName === undefined) return {};
  const [registry, commission, testing] = await Promise.all([
    getRegistryCheck(record.applicationId, executionName),
    getStepResult(record.applicationId, executionName, 'MEDICAL_COMMISSION'),
    getStepResult(record.applicationId, executionName, 'PSYCHOLOGICAL_TESTING'),
  ]);
  return { registryResult: registry?.result, medicalCommissionCategory: commission?.result, psychologicalTestingResult: testing?.result };
}

async function viewDecision(record: ApplicationRecord): Promise<DecisionView | undefined> {
  if (record.decision === undefined) return undefined;
  const noteText = record.decision.noteId === undefined ? undefined : await getNoteText(record.applicationId, record.decision.noteId);
  return { ...record.decision, noteText };
}

/** Reads the application's state, journal, form summary, document links and review results for `show`. */
export async function showApplication(applicationId: string): Promise<ApplicationView> {
  const record = await readApplicationRecord(applicationId);
  if (record === undefined) throw applicationNotFound(applicationId);

  const [journal, stored, decision, documents, results] = await Promise.all([
    readJournal(record),
    getForm<unknown>(applicationId),
    viewDecision(record),
    viewDocuments(record),
    viewResults(record),
  ]);
  const waiting = Object.values(record.waitingTasks ?? {})
    .sort((left, right) => left.since.localeCompare(right.since))
    .map((task) => ({
      applicationId,
      step: task.step,
      waitingSince: task.since,
      escalated: task.escalated === true,
      registryResult: results.registryResult,
      documentTypes: task.documentTypes,
    }));
  return {
    applicationId: record.applicationId,
    applicantId: record.applicantId,
    status: record.status,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    waiting,
    reviewDeadline: record.review?.deadline,
    results,
    decision,
    documents,
    journal,
    form: stored === undefined ? undefined : summarizeForm(stored.form),
  };
}
