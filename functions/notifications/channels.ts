import type { EventType } from '../domain/events.ts';

/** Delivery channels an applicant can choose per notification kind. */
export const CHANNELS = ['push', 'sms', 'email'] as const;

export type Channel = (typeof CHANNELS)[number];

/** Notification kinds an applicant subscribes to; each kind covers one or more event types. */
export const NOTIFICATION_KINDS = [
  'statusChanges',
  'documents',
  'contractCreated',
  'contractExtended',
  'contractTermsChanged',
  'contractOverdue',
  'consultationReminders',
  'feedbackAnswers',
] as const;

export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * The event types that notify the applicant, with the kind that governs each. Event types not
 * listed here (creation, upload requests, operator steps) notify no applicant.
 */
export const KIND_BY_EVENT_TYPE: Partial<Record<EventType, NotificationKind>> = {
  APPLICATION_SUBMITTED: 'statusChanges',
  STATUS_CHANGED: 'statusChanges',
  DOCUMENT_ACCEPTED: 'documents',
  DOCUMENT_REJECTED: 'documents',
  DOCUMENTS_REQUESTED: 'documents',
  REVIEW_OVERDUE: 'statusChanges',
  CONTRACT_CREATED: 'contractCreated',
  CONTRACT_EXTENDED: 'contractExtended',
  CONTRACT_TERMS_CHANGED: 'contractTermsChanged',
  AMENDMENT_APPROVED: 'contractTermsChanged',
  AMENDMENT_REJECTED: 'contractTermsChanged',
  CONTRACT_CANCELLED: 'statusChanges',
  CONTRACT_OVERDUE: 'contractOverdue',
  CONSULTATION_REMINDER: 'consultationReminders',
  FEEDBACK_ANSWERED: 'feedbackAnswers',
};

export const APPLICANT_EVENT_TYPES = Object.keys(KIND_BY_EVENT_TYPE) as EventType[];

/** The event type whose messages go to the operators' mailbox. */
export const OPERATOR_EVENT_TYPE: EventType = 'OPERATOR_STEP_WAITING';

export function notificationKindOf(eventType: string): NotificationKind | undefined {
  return (KIND_BY_EVENT_TYPE as Record<string, NotificationKind | undefined>)[eventType];
}
