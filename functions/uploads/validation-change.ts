import type { Change, FieldUpdate } from '../domain/commit-change.ts';
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
}

/**
 * Builds the change that records a validation in the application's document slot. It applies
 * only while the application is RECEIVED, the slot still contains this upload and no newer event
 * of the object has been recorded. The event id is derived from the object key and sequencer,
 * so a repeated S3 event commits nothing the second time.
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
  // A validation of earlier content of the same key may have recorded a format that no longer applies.
  if (result.format === undefined) remove.push(slotPath('detectedFormat'));
  else set.push({ path: slotPath('detectedFormat'), value: result.format });

  return {
    applicationId: outcome.applicationId,
    allowedStatuses: ['RECEIVED'],
    set,
    remove,
    condition: {
      expression:
        '#validatedDocuments.#validatedType.#validatedUploadId = :validatedUploadId AND ' +
        '(attribute_not_exists(#validatedDocuments.#validatedType.#validatedSequencer) OR ' +
        '#validatedDocuments.#validatedType.#validatedSequencer < :validatedSequencer)',
      names: {
        '#validatedDocuments': 'documents',
        '#validatedType': outcome.documentType,
        '#validatedUploadId': 'uploadId',
        '#validatedSequencer': 'lastSequencer',
      },
      values: { ':validatedUploadId': outcome.uploadId, ':validatedSequencer': outcome.sequencer },
    },
    event: {
      eventId: deriveEventId(outcome.objectKey, outcome.sequencer),
      type: result.ok ? 'DOCUMENT_ACCEPTED' : 'DOCUMENT_REJECTED',
      applicationId: outcome.applicationId,
      applicantId: outcome.applicantId,
      occurredAt: outcome.validatedAt,
      actor: SYSTEM_ACTOR,
      status: 'RECEIVED',
      documentType: outcome.documentType,
      ...(result.ok ? {} : { reasonCode: result.reasonCode }),
    },
  };
}
