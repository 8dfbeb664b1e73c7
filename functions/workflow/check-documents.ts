import { z } from 'zod';
import { moscowDate } from '../api/schemas/calendar-date.ts';
import type { ApplicationRecord, DocumentRecord } from '../domain/application-record.ts';
import { REQUIRED_DOCUMENT_TYPES, findDocumentRule } from '../domain/document-catalogue.ts';
import { SYSTEM_ACTOR, deriveEventId } from '../domain/events.ts';
import { commitStep, readApplicationOrThrow } from './commit-step.ts';
import { isDocumentExpired } from './document-validity.ts';
import { workflowTaskHandler } from './task-handler.ts';

export const checkDocumentsInputSchema = z.object({
  applicationId: z.string().min(1),
  executionName: z.string().min(1),
});

export type CheckDocumentsInput = z.infer<typeof checkDocumentsInputSchema>;

export interface CheckDocumentsOutput {
  complete: boolean;
  /** Required types without an accepted document, including those rejected here as expired. */
  missingDocumentTypes: string[];
  /** Types this check rejected because their validity ended since upload. */
  expiredDocumentTypes: string[];
}

function findExpiredDocuments(record: ApplicationRecord, today: string): Array<[string, DocumentRecord]> {
  return Object.entries(record.documents ?? {}).filter(([type, document]) => {
    const rule = findDocumentRule(type);
    return document.status === 'ACCEPTED' && rule !== undefined && isDocumentExpired(rule, document, today);
  });
}

/**
 * Checks that every required document type has an accepted document. Validity is checked again
 * here because a document valid at upload may have expired by the review: each expired one is
 * rejected with DOCUMENT_EXPIRED first, and so counts as missing.
 */
export async function checkDocuments(input: CheckDocumentsInput, now = new Date()): Promise<CheckDocumentsOutput> {
  let record = await readApplicationOrThrow(input.applicationId);
  const expired = findExpiredDocuments(record, moscowDate(now));

  for (const [documentType, document] of expired) {
    record = await commitStep({
      applicationId: input.applicationId,
      event: {
        eventId: deriveEventId(input.executionName, 'CheckDocuments', documentType),
        type: 'DOCUMENT_REJECTED',
        applicationId: input.applicationId,
        applicantId: record.applicantId,
        occurredAt: now.toISOString(),
        actor: SYSTEM_ACTOR,
        status: 'IN_REVIEW',
        documentType,
        reasonCode: 'DOCUMENT_EXPIRED',
      },
      allowedStatuses: ['IN_REVIEW'],
      set: [
        { path: ['documents', documentType, 'status'], value: 'REJECTED' },
        { path: ['documents', documentType, 'reasonCode'], value: 'DOCUMENT_EXPIRED' },
      ],
      // Only the upload that was checked: a newer upload in the same slot is left alone.
      condition: {
        expression: '#checkedDocuments.#checkedType.#checkedUploadId = :checkedUploadId',
        names: { '#checkedDocuments': 'documents', '#checkedType': documentType, '#checkedUploadId': 'uploadId' },
        values: { ':checkedUploadId': document.uploadId },
      },
    });
  }

  const missingDocumentTypes = REQUIRED_DOCUMENT_TYPES.filter((type) => record.documents?.[type]?.status !== 'ACCEPTED');
  return {
    complete: missingDocumentTypes.length === 0,
    missingDocumentTypes,
    expiredDocumentTypes: expired.map(([type]) => type),
  };
}

export const handler = workflowTaskHandler(checkDocumentsInputSchema, (input) => checkDocuments(input));
