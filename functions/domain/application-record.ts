import type { ContractRecord } from './contract-record.ts';
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
  /**
   * S3 event sequencer of the validated object. An upload slot is validated once, so any later
   * event of its key (older, repeated or from a reused upload form) is ignored.
   */
  lastSequencer?: string;
  /**
   * Key under accepted/ of the bytes the validator checked, set when it accepted them. Operators
   * and later steps read the document from here, never from `objectKey`, which the upload form can
   * overwrite until it expires.
   */
  acceptedObjectKey?: string;
  /** SHA-256 (hex) of the accepted bytes; it is also the last segment of acceptedObjectKey. */
  acceptedSha256?: string;
  /** Upload slots requested for this document type, the current one included. */
  requestCount?: number;
  history?: DocumentVersion[];
}

/**
 * A workflow step waiting for an operator or the applicant, with the Step Functions task token
 * that completes it. `waitId` derives from the execution name, step and token: the completing
 * side echoes it, so the workflow can tell which wait a completion belongs to.
 */
export interface WaitingTask {
  step: string;
  taskToken: string;
  waitId: string;
  since: string;
  executionName: string;
  /** Set once the review term has passed: only a senior operator may decide the step. */
  escalated?: boolean;
  /** APPLICANT_DOCUMENTS only: the document types the operator requested. */
  documentTypes?: string[];
}

export interface ReviewRound {
  round: number;
  executionName: string;
  executionArn?: string;
  submittedAt: string;
  /** Last day of the review term (YYYY-MM-DD, Moscow), 10 working days after submission. */
  deadline?: string;
  /** Set when the term passed and the review went to a senior operator. */
  escalated?: boolean;
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
  /** Waiting steps by step code; background checks wait for several at once. */
  waitingTasks?: Record<string, WaitingTask>;
  decision?: { outcome: 'APPROVED' | 'REJECTED'; reasonCode?: string; noteId?: string; operatorId?: string };
  contract?: ContractRecord;
  /** Set when the applicant cancelled the contract; the reason is a note in the personal-data store. */
  cancellation?: { cancelledAt: string; noteId: string };
  pendingEvents: Record<string, DomainEvent>;
  eventIds?: Set<string>;
}
