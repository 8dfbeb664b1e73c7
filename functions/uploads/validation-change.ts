import type { Change, FieldUpdate } from '../domain/commit-change.ts';
import type { ApplicationStatus } from '../domain/statuses.ts';
import { SYSTEM_ACTOR, deriveEventId } from '../domain/events.ts';
import type { InspectionResult } from './inspect-file.ts';

export interface ValidationOutcome {
  applicationId: string;
  applicantId: string;
  documentType: string;
  uploadId: string;
  objectKey: string;
  /** The event's sequencer, normalized (normalizeSequencer). */
  sequencer: string;
  sizeBytes: number;
  result: InspectionResult;
  validatedAt: string;
  /** The accepted copy under accepted/ and the SHA-256 of its bytes; set when `result` is ok. */
  accepted?: { objectKey: string; sha256: string };
  /** The application's status when the upload was read: RECEIVED, REJECTED (being fixed) or IN_REVIEW (requested again). */
  applicationStatus?: ApplicationStatus;
}

/**
 * Builds the change that records a validation in the application's document slot. It applies
 * only while the application keeps the status it was read in, the slot still contains this
 * upload and no validation of the slot has been recorded, because each upload slot is validated
 * once. The event id is derived from the object key and sequencer, so a repeated S3 event commits
 * nothing the second time.
 */
export function buildValidationChange(outcome: ValidationOutcome): Change {
  const { result } = outcome;
  const slotPath = (field: string): string[] => ['documents', outcome.documentType, field];

  const set: FieldUpdate[] = [
    { path: slotPath('status'), value: result.ok ? 'ACCEPTED' : 'REJECTED' },
    { path: slotPath('validatedAt'), value: outcome.validatedAt },
    { path: slotPath('sizeBytes'), value: outcome.sizeBytes },
    { path: slotPath('lastSequencer'), value: outcome.sequencer },
  ];
  const remove: string[][] = [];
  if (result.ok) remove.push(slotPath('reasonCode'));
  else set.push({ path: slotPath('reasonCode'), value: result.reasonCode });
  if (result.ok) {
    if (outcome.accepted === undefined) throw new Error(`Accepted ${outcome.objectKey} has no copy under accepted/`);
    set.push({ path: slotPath('acceptedObjectKey'), value: outcome.accepted.objectKey });
    set.push({ path: slotPath('acceptedSha256'), value: outcome.accepted.sha256 });
  }
  // A validation of earlier content of the same key may have recorded a format that no longer applies.
  if (result.format === undefined) remove.push(slotPath('detectedFormat'));
  else set.push({ path: slotPath('detectedFormat'), value: result.format });

  return {
    applicationId: outcome.applicationId,
    allowedStatuses: [outcome.applicationStatus ?? 'RECEIVED'],
    set,
    remove,
    condition: {
      expression:
        '#validatedDocuments.#validatedType.#validatedUploadId = :validatedUploadId AND ' +
        'attribute_not_exists(#validatedDocuments.#validatedType.#validatedSequencer)',
      names: {
        '#validatedDocuments': 'documents',
        '#validatedType': outcome.documentType,
        '#validatedUploadId': 'uploadId',
        '#validatedSequencer': 'lastSequencer',
      },
      values: { ':validatedUploadId': outcome.uploadId },
    },
    event: {
      eventId: deriveEventId(outcome.objectKey, outcome.sequencer),
      type: result.ok ? 'DOCUMENT_ACCEPTED' : 'DOCUMENT_REJECTED',
      applicationId: outcome.applicationId,
      applicantId: outcome.applicantId,
      occurredAt: outcome.validatedAt,
      actor: SYSTEM_ACTOR,
      status: outcome.applicationStatus ?? 'RECEIVED',
      documentType: outcome.documentType,
      ...(result.ok ? {} : { reasonCode: result.reasonCode }),
    },
  };
}
