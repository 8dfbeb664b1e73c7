import { describe, expect, it } from 'vitest';
import type { DocumentRecord } from '../../../functions/domain/application-record.ts';
import { REQUIRED_DOCUMENT_TYPES } from '../../../functions/domain/document-catalogue.ts';
import { deriveEventId } from '../../../functions/domain/events.ts';
import { checkDocuments } from '../../../functions/workflow/check-documents.ts';
import { buildApplication, givenApplication, pendingEventOf, stateUpdates, useWorkflowMocks } from './state-table-mock.ts';

const INPUT = { applicationId: 'app-1', executionName: 'app-1-r1' };
/** 2025-06-10 in Moscow. */
const NOW = new Date('2025-06-10T09:00:00.000Z');

function acceptedDocument(type: string, dates: Partial<DocumentRecord> = {}): DocumentRecord {
  return {
    status: 'ACCEPTED',
    uploadId: `upload-${type}`,
    objectKey: `uploads/applicant-1/app-1/${type}/upload-${type}`,
    fileName: 'Документ_20250301.pdf',
    contentType: 'application/pdf',
    requestedAt: '2025-03-01T08:00:00.000Z',
    ...dates,
  };
}

/** Every required type accepted and valid on NOW. */
function completeDocuments(): Record<string, DocumentRecord> {
  const documents: Record<string, DocumentRecord> = {};
  for (const type of REQUIRED_DOCUMENT_TYPES) documents[type] = acceptedDocument(type);
  documents.MEDICAL_HEALTH = acceptedDocument('MEDICAL_HEALTH', { issueDate: '2025-01-10', expiryDate: '2026-01-10' });
  documents.MEDICAL_CONTRAINDICATIONS = acceptedDocument('MEDICAL_CONTRAINDICATIONS', { issueDate: '2025-01-10', expiryDate: '2026-01-10' });
  documents.CRIMINAL_RECORD_CERTIFICATE = acceptedDocument('CRIMINAL_RECORD_CERTIFICATE', { issueDate: '2025-05-01' });
  return documents;
}

describe('checkDocuments', () => {
  useWorkflowMocks();

  it('reports complete accepted documents', async () => {
    givenApplication(buildApplication({ documents: completeDocuments() }));

    const output = await checkDocuments(INPUT, NOW);

    expect(output).toEqual({ complete: true, missingDocumentTypes: [], expiredDocumentTypes: [] });
    expect(stateUpdates()).toEqual([]);
  });

  it('lists required types without an accepted document', async () => {
    const documents = completeDocuments();
    delete documents.MILITARY_ID;
    documents.PASSPORT = { ...documents.PASSPORT!, status: 'REJECTED', reasonCode: 'UNREADABLE_FILE' };
    documents.PERSONAL_DATA_CONSENT = { ...documents.PERSONAL_DATA_CONSENT!, status: 'AWAITING_UPLOAD' };
    givenApplication(buildApplication({ documents }));

    const output = await checkDocuments(INPUT, NOW);

    expect(output.complete).toBe(false);
    expect(output.missingDocumentTypes).toEqual(['PASSPORT', 'MILITARY_ID', 'PERSONAL_DATA_CONSENT']);
  });

  it('ignores optional document types', async () => {
    const documents = completeDocuments();
    documents.DIPLOMA = { ...acceptedDocument('DIPLOMA'), status: 'REJECTED' };
    givenApplication(buildApplication({ documents }));

    const output = await checkDocuments(INPUT, NOW);

    expect(output.complete).toBe(true);
  });

  it('rejects certificate past expiry date', async () => {
    const documents = completeDocuments();
    documents.MEDICAL_HEALTH = acceptedDocument('MEDICAL_HEALTH', { issueDate: '2024-06-01', expiryDate: '2025-06-09' });
    givenApplication(buildApplication({ documents }));

    const output = await checkDocuments(INPUT, NOW);

    expect(output).toEqual({ complete: false, missingDocumentTypes: ['MEDICAL_HEALTH'], expiredDocumentTypes: ['MEDICAL_HEALTH'] });
    const [update] = stateUpdates();
    expect(update?.set['documents.MEDICAL_HEALTH.status']).toBe('REJECTED');
    expect(update?.set['documents.MEDICAL_HEALTH.reasonCode']).toBe('DOCUMENT_EXPIRED');
    expect(update?.condition).toContain('documents.MEDICAL_HEALTH.uploadId = :checkedUploadId');
    expect(pendingEventOf(update!)).toMatchObject({
      eventId: deriveEventId('app-1-r1', 'CheckDocuments', 'MEDICAL_HEALTH'),
      type: 'DOCUMENT_REJECTED',
      documentType: 'MEDICAL_HEALTH',
      reasonCode: 'DOCUMENT_EXPIRED',
      status: 'IN_REVIEW',
    });
  });

  it('keeps a certificate valid on its expiry date', async () => {
    const documents = completeDocuments();
    documents.MEDICAL_HEALTH = acceptedDocument('MEDICAL_HEALTH', { issueDate: '2024-06-01', expiryDate: '2025-06-10' });
    givenApplication(buildApplication({ documents }));

    const output = await checkDocuments(INPUT, NOW);

    expect(output.complete).toBe(true);
  });

  it('keeps criminal-record certificate for 90 days', async () => {
    const documents = completeDocuments();
    documents.CRIMINAL_RECORD_CERTIFICATE = acceptedDocument('CRIMINAL_RECORD_CERTIFICATE', { issueDate: '2025-03-12' });
    givenApplication(buildApplication({ documents }));

    const output = await checkDocuments(INPUT, NOW);

    expect(output.complete).toBe(true);
  });

  it('rejects criminal-record certificate after 90 days', async () => {
    const documents = completeDocuments();
    documents.CRIMINAL_RECORD_CERTIFICATE = acceptedDocument('CRIMINAL_RECORD_CERTIFICATE', { issueDate: '2025-03-11' });
    givenApplication(buildApplication({ documents }));

    const output = await checkDocuments(INPUT, NOW);

    expect(output.expiredDocumentTypes).toEqual(['CRIMINAL_RECORD_CERTIFICATE']);
    expect(output.missingDocumentTypes).toEqual(['CRIMINAL_RECORD_CERTIFICATE']);
  });
});
