import { createHash } from 'node:crypto';
import { logger } from '../commons/logger.ts';
import { isRequestedDocument } from '../api/application-access.ts';
import type { ApplicationRecord, DocumentRecord } from '../domain/application-record.ts';
import { commitChange, readApplicationRecord } from '../domain/commit-change.ts';
import { FORMAT_CONTENT_TYPES, findDocumentRule } from '../domain/document-catalogue.ts';
import type { ReasonCode } from '../domain/reasons.ts';
import { readPersonalDataConfig } from '../personal-data/config.ts';
import { writeAcceptedDocument } from '../personal-data/documents.ts';
import { acceptedObjectKey, parseUploadObjectKey } from '../personal-data/table-design.ts';
import { checkStoredObject } from './check-stored-object.ts';
import type { S3ObjectEvent } from './s3-notification.ts';
import { compareSequencers, normalizeSequencer } from './s3-sequencer.ts';
import { buildValidationChange } from './validation-change.ts';

/** Reason for leaving an event without effect. A retry would end the same way for each of them. */
export type SkipReason =
  | 'not-object-created'
  | 'not-an-upload-key'
  | 'other-bucket'
  | 'application-not-found'
  | 'applicant-mismatch'
  | 'stale-upload'
  | 'not-newer'
  | 'slot-used'
  | 'application-not-received'
  | 'unknown-document-type'
  | 'object-missing'
  | 'already-applied'
  | 'slot-changed';

export type UploadEventOutcome =
  | { kind: 'validated'; status: 'ACCEPTED' | 'REJECTED'; reasonCode?: ReasonCode }
  | { kind: 'skipped'; reason: SkipReason };

type Upload = NonNullable<ReturnType<typeof parseUploadObjectKey>>;

function skip(reason: SkipReason, fields: Record<string, unknown> = {}): UploadEventOutcome {
  logger.info('Upload event skipped', { skipReason: reason, ...fields });
  return { kind: 'skipped', reason };
}

/** Returns the ids to log for an event. The key's applicant id and any unparsable key are left out. */
export function uploadLogKeys(objectEvent: S3ObjectEvent): Record<string, string> {
  const upload = objectEvent.objectKey === undefined ? undefined : parseUploadObjectKey(objectEvent.objectKey);
  if (upload === undefined) return {};
  return { applicationId: upload.applicationId, documentType: upload.documentType, uploadId: upload.uploadId };
}

/** Finds the document slot this event belongs to, or the reason the event does not apply to it. */
function findCurrentSlot(
  record: ApplicationRecord | undefined,
  upload: Upload,
  sequencer: string,
): { slot: DocumentRecord; record: ApplicationRecord } | { skipReason: SkipReason } {
  if (record === undefined) return { skipReason: 'application-not-found' };
  if (record.applicantId !== upload.applicantId) return { skipReason: 'applicant-mismatch' };
  const slot = record.documents?.[upload.documentType];
  // A newer upload request replaced the slot's uploadId, so this object is no longer the document.
  if (slot === undefined || slot.uploadId !== upload.uploadId) return { skipReason: 'stale-upload' };
  if (slot.lastSequencer !== undefined && compareSequencers(sequencer, slot.lastSequencer) <= 0) {
    return { skipReason: 'not-newer' };
  }
  // Each slot is validated once. A newer object under the same key comes from a reused upload
  // form, and the applicant must request a new slot to upload again.
  if (slot.lastSequencer !== undefined) return { skipReason: 'slot-used' };
  // Documents are validated while the applicant may change them: before submission, after a
  // rejection, and during a review that requested this type again. Otherwise the review works
  // with the verdicts recorded by then.
  const validatable = record.status === 'RECEIVED' || record.status === 'REJECTED' || isRequestedDocument(record, upload.documentType);
  if (!validatable) return { skipReason: 'application-not-received' };
  return { slot, record };
}

/**
 * Writes the accepted bytes under accepted/, keyed by their SHA-256, and returns the key. The
 * commit that follows records the key, so a crash in between leaves only an unreferenced copy.
 */
async function storeAcceptedCopy(
  upload: Upload,
  bytes: Uint8Array | undefined,
  contentType: string,
): Promise<{ objectKey: string; sha256: string }> {
  if (bytes === undefined) throw new Error('The validator accepted a document without reading its bytes');
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const objectKey = acceptedObjectKey(upload, sha256);
  await writeAcceptedDocument(objectKey, bytes, contentType);
  return { objectKey, sha256 };
}

/**
 * Validates the object of one S3 ObjectCreated event and records the verdict in its document
 * slot, and writes an accepted file's bytes under accepted/ first. Events that do not apply (stale
 * upload slot, older or repeated event, a slot already validated, submitted application, deleted
 * object) are skipped and logged. AWS errors propagate to the caller, which
 * lets the queue retry the message.
 */
export async function validateUploadEvent(objectEvent: S3ObjectEvent, now: () => Date = () => new Date()): Promise<UploadEventOutcome> {
  if (!objectEvent.eventName.startsWith('ObjectCreated:')) return skip('not-object-created', { eventName: objectEvent.eventName });
  const objectKey = objectEvent.objectKey;
  const upload = objectKey === undefined ? undefined : parseUploadObjectKey(objectKey);
  if (objectKey === undefined || upload === undefined) return skip('not-an-upload-key');
  if (objectEvent.bucketName !== readPersonalDataConfig().bucketName) return skip('other-bucket');
  const sequencer = normalizeSequencer(objectEvent.sequencer);

  const found = findCurrentSlot(await readApplicationRecord(upload.applicationId), upload, sequencer);
  if ('skipReason' in found) return skip(found.skipReason);
  const rule = findDocumentRule(upload.documentType);
  if (rule === undefined) return skip('unknown-document-type');

  const checked = await checkStoredObject(objectKey, rule, found.slot.contentType);
  if (checked === undefined) return skip('object-missing');

  const { result } = checked;
  const accepted = result.ok ? await storeAcceptedCopy(upload, checked.bytes, FORMAT_CONTENT_TYPES[result.format]) : undefined;
  const change = buildValidationChange({
    ...upload,
    applicantId: found.record.applicantId,
    objectKey,
    sequencer,
    sizeBytes: checked.sizeBytes,
    result,
    accepted,
    validatedAt: now().toISOString(),
    applicationStatus: found.record.status,
  });
  const commit = await commitChange(change);
  if (commit.outcome === 'already-applied') return skip('already-applied');
  if (commit.outcome === 'rejected') {
    // After the read, the slot got a newer upload or another validation, or the application
    // changed status.
    // NOTE: an accepted copy written for this event stays in the bucket unreferenced. It is not
    // deleted, because a racing validation of the same bytes may have committed the same key.
    return skip('slot-changed', { applicationStatus: commit.record?.status });
  }

  const status = result.ok ? 'ACCEPTED' : 'REJECTED';
  const reasonCode = result.ok ? undefined : result.reasonCode;
  logger.info('Document validated', { documentStatus: status, reasonCode, detectedFormat: result.format, sizeBytes: checked.sizeBytes });
  return reasonCode === undefined ? { kind: 'validated', status } : { kind: 'validated', status, reasonCode };
}
