import type { DomainEvent } from './events.ts';
import type { ApplicationStatus, DocumentStatus } from './statuses.ts';

/** One earlier upload of a document, kept when the applicant uploads it again. */
export interface DocumentVersion {
  uploadId: string;
  status: DocumentStatus;
  reasonCode?: string;
  replacedAt: string;
}

/** A document slot of an application. The file itself lives in the personal-data bucket. */
export interface DocumentRecord {
  status: DocumentStatus;
  /** The upload slot the applicant was last given; an object from an older slot is ignored. */
  uploadId: string;
  objectKey: string;
  /** File name the applicant gave, in the pattern `Тип_Документа_ГГГГММДД.ext`. */
  fileName: string;
  /** Content-Type the applicant declared; the validator compares it with the real format. */
  contentType: string;
  requestedAt: string;
  /** Dates the applicant stated, as YYYY-MM-DD, for types whose validity depends on them. */
  issueDate?: string;
  expiryDate?: string;
  validatedAt?: string;
  sizeBytes?: number;
  detectedFormat?: string;
  reasonCode?: string;
  /** S3 event sequencer of the last validated object, so older or repeated events are ignored. */
  lastSequencer?: string;
  history?: DocumentVersion[];
}

/** A workflow step waiting for an operator, with the Step Functions task token that completes it. */
export interface WaitingTask {
  step: string;
  taskToken: string;
  since: string;
  executionName: string;
  /** The criminal-record check result the operator decides with: NO_RECORD, RECORD_FOUND or UNAVAILABLE. */
  registryResult?: string;
}

export interface ReviewRound {
  round: number;
  executionName: string;
  executionArn?: string;
  submittedAt: string;
}

/** The application item of the state table: status and document state, no personal data. */
export interface ApplicationRecord {
  applicationId: string;
  applicantId: string;
  status: ApplicationStatus;
  version: number;
  createdAt: string;
  updatedAt: string;
  documents: Record<string, DocumentRecord>;
  review?: ReviewRound;
  waitingTask?: WaitingTask;
  decision?: { outcome: 'APPROVED' | 'REJECTED'; reasonCode?: string; noteId?: string; operatorId?: string };
  pendingEvents: Record<string, DomainEvent>;
  eventIds?: Set<string>;
}
