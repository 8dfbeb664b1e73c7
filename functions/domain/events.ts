import { createHash } from 'node:crypto';
import { ulid } from 'ulid';
import type { ApplicationStatus } from './statuses.ts';

export const EVENT_TYPES = [
  'APPLICATION_CREATED',
  'FORM_UPDATED',
  'APPLICATION_SUBMITTED',
  'STATUS_CHANGED',
  'DOCUMENT_UPLOAD_REQUESTED',
  'DOCUMENT_ACCEPTED',
  'DOCUMENT_REJECTED',
  'OPERATOR_STEP_WAITING',
  'CONTRACT_CREATED',
  'CONTRACT_EXTENDED',
  'CONTRACT_TERMS_CHANGED',
  'CONTRACT_OVERDUE',
  'CONSULTATION_REMINDER',
  'FEEDBACK_ANSWERED',
  'AMENDMENT_REQUESTED',
  'AMENDMENT_APPROVED',
  'AMENDMENT_REJECTED',
  'CONTRACT_CANCELLED',
  'OPERATOR_STEP_COMPLETED',
  'DOCUMENTS_REQUESTED',
  'DOCUMENTS_SUBMITTED',
  'REVIEW_OVERDUE',
  'REVIEW_ESCALATED',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

export type ActorKind = 'applicant' | 'operator' | 'system';

/** The party that acted: the applicant (JWT subject), an operator (operator id) or the service itself. */
export interface Actor {
  kind: ActorKind;
  id: string;
}

export const SYSTEM_ACTOR: Actor = { kind: 'system', id: 'kontrakt' };

/**
 * A domain event. It becomes one journal entry and one SNS message, so it carries ids and
 * codes only, never personal data; people read it through the Russian texts in journal-texts.ts.
 */
export interface DomainEvent {
  eventId: string;
  type: EventType;
  applicationId: string;
  applicantId: string;
  occurredAt: string;
  actor: Actor;
  /** The application's status after the event. */
  status: ApplicationStatus;
  previousStatus?: ApplicationStatus;
  /** The application's version after the event; orders the events of one application. */
  sequence: number;
  documentType?: string;
  reasonCode?: string;
  /** Document types that a reason refers to, such as the missing ones. */
  documentTypes?: string[];
  step?: string;
  /** The code of an operator's decision at a step, such as APPROVED or REQUEST_DOCUMENTS. */
  decision?: string;
  /** Id of an operator's or applicant's free-text note, kept in the personal-data store. */
  noteId?: string;
  /** The contract version that the event created or concerns. */
  contractVersion?: number;
  /** Id of the amendment request the event belongs to; its terms are in the personal-data store. */
  amendmentId?: string;
}

/** Returns a new random event id for an action that happens once, such as an API request. */
export const newEventId = (): string => ulid();

/**
 * Derives an event id from the parts that identify one action, so that a retried Lambda or a
 * repeated S3 event produces the same id and the commit rejects it as already applied.
 */
export function deriveEventId(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('base64url').slice(0, 26);
}
