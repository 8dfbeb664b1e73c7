import { describe, expect, it } from 'vitest';
import { deriveEventId } from '../../../functions/domain/events.ts';
import type { InspectionResult } from '../../../functions/uploads/inspect-file.ts';
import { buildValidationChange, type ValidationOutcome } from '../../../functions/uploads/validation-change.ts';

const OBJECT_KEY = 'uploads/applicant-1/app-1/PASSPORT/upload-1';
const SEQUENCER = '000000000000000055AED6DCD90281E5';
const ACCEPTED = { objectKey: 'accepted/applicant-1/app-1/PASSPORT/upload-1/0f0e', sha256: '0f0e' };

const outcome = (result: InspectionResult): ValidationOutcome => ({
  applicationId: 'app-1',
  applicantId: 'applicant-1',
  documentType: 'PASSPORT',
  uploadId: 'upload-1',
  objectKey: OBJECT_KEY,
  sequencer: SEQUENCER,
  sizeBytes: 1234,
  result,
  accepted: result.ok ? ACCEPTED : undefined,
  validatedAt: '2025-01-15T09:00:00.000Z',
});

const slot = (field: string): string[] => ['documents', 'PASSPORT', field];

describe('buildValidationChange', () => {
  it('marks an accepted document and removes an earlier reason', () => {
    const change = buildValidationChange(outcome({ ok: true, format: 'PDF' }));

    expect(change.set).toEqual(
      expect.arrayContaining([
        { path: slot('status'), value: 'ACCEPTED' },
        { path: slot('detectedFormat'), value: 'PDF' },
        { path: slot('sizeBytes'), value: 1234 },
        { path: slot('lastSequencer'), value: SEQUENCER },
        { path: slot('validatedAt'), value: '2025-01-15T09:00:00.000Z' },
        { path: slot('acceptedObjectKey'), value: ACCEPTED.objectKey },
        { path: slot('acceptedSha256'), value: ACCEPTED.sha256 },
      ]),
    );
    expect(change.remove).toEqual([slot('reasonCode')]);
    expect(change.event).toMatchObject({ type: 'DOCUMENT_ACCEPTED', documentType: 'PASSPORT', status: 'RECEIVED' });
    expect(change.event).not.toHaveProperty('reasonCode');
  });

  it('marks a rejected document with its reason', () => {
    const change = buildValidationChange(outcome({ ok: false, reasonCode: 'ENCRYPTED_PDF', format: 'PDF' }));

    expect(change.set).toEqual(
      expect.arrayContaining([
        { path: slot('status'), value: 'REJECTED' },
        { path: slot('reasonCode'), value: 'ENCRYPTED_PDF' },
      ]),
    );
    expect(change.remove).toEqual([]);
    expect(change.set?.map((update) => update.path)).not.toContainEqual(slot('acceptedObjectKey'));
    expect(change.event).toMatchObject({ type: 'DOCUMENT_REJECTED', reasonCode: 'ENCRYPTED_PDF' });
  });

  it('throws for an acceptance without a copy', () => {
    expect(() => buildValidationChange({ ...outcome({ ok: true, format: 'PDF' }), accepted: undefined })).toThrow(/no copy under accepted/);
  });

  it('removes the detected format when none was detected', () => {
    const change = buildValidationChange(outcome({ ok: false, reasonCode: 'EMPTY_FILE' }));

    expect(change.remove).toEqual([slot('detectedFormat')]);
    expect(change.set?.map((update) => update.path)).not.toContainEqual(slot('detectedFormat'));
  });

  it('conditions the commit on an unvalidated slot', () => {
    const change = buildValidationChange(outcome({ ok: true, format: 'PDF' }));

    expect(change.allowedStatuses).toEqual(['RECEIVED']);
    expect(change.condition?.values).toEqual({ ':validatedUploadId': 'upload-1' });
    expect(change.condition?.expression).toContain('#validatedDocuments.#validatedType.#validatedUploadId = :validatedUploadId');
    expect(change.condition?.expression).toContain('attribute_not_exists(#validatedDocuments.#validatedType.#validatedSequencer)');
    expect(change.condition?.names['#validatedSequencer']).toBe('lastSequencer');
    expect(change.condition?.names['#validatedType']).toBe('PASSPORT');
  });

  it('derives the event id from the object key and sequencer', () => {
    const first = buildValidationChange(outcome({ ok: true, format: 'PDF' }));
    const repeated = buildValidationChange({ ...outcome({ ok: true, format: 'PDF' }), validatedAt: '2025-01-15T10:00:00.000Z' });

    expect(first.event.eventId).toBe(deriveEventId(OBJECT_KEY, SEQUENCER));
    expect(repeated.event.eventId).toBe(first.event.eventId);
  });

  it.each(['IN_REVIEW', 'REJECTED'] as const)('keeps status %s of a requested upload', (status) => {
    const change = buildValidationChange({ ...outcome({ ok: true, format: 'PDF' }), applicationStatus: status });

    expect(change.allowedStatuses).toEqual([status]);
    expect(change.event.status).toBe(status);
  });
});
