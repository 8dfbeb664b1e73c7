import { ulid } from 'ulid';
import { NotFoundError, applicationNotFound } from '../commons/errors.ts';
import { uploadUrlTtlSeconds } from '../commons/env.ts';
import { type ApiResult, httpHandler, jsonResponse } from '../commons/http.ts';
import { logger } from '../commons/logger.ts';
import type { ApplicationRecord, DocumentRecord } from '../domain/application-record.ts';
import { readOwnedApplication } from '../domain/applications.ts';
import { type Change, commitChange } from '../domain/commit-change.ts';
import { DOCUMENT_TYPES, type DocumentTypeRule, findDocumentRule } from '../domain/document-catalogue.ts';
import { newEventId } from '../domain/events.ts';
import { createUploadForm } from '../personal-data/documents.ts';
import { uploadObjectKey } from '../personal-data/table-design.ts';
import { applicationReadOnly, assertEditable, isEditable } from './application-access.ts';
import { moscowDate } from './schemas/calendar-date.ts';
import { documentPathSchema } from './schemas/path-parameters.ts';
import { type UploadRequest, uploadRequestSchema } from './schemas/upload-request.ts';
import { checkDocumentValidity, checkUploadRequest } from './upload-rules.ts';

/** How often the commit is rebuilt when the document slot changed between read and write. */
const MAX_SLOT_ATTEMPTS = 3;

function findRuleOrThrow(documentType: string): DocumentTypeRule {
  const rule = findDocumentRule(documentType);
  if (rule === undefined) {
    throw new NotFoundError(
      'DOCUMENT_TYPE_NOT_FOUND',
      `Неизвестный тип документа ${documentType}; допустимые типы: ${DOCUMENT_TYPES.join(', ')}`,
    );
  }
  return rule;
}

interface Slot {
  applicantId: string;
  rule: DocumentTypeRule;
  request: UploadRequest;
  uploadId: string;
  objectKey: string;
  requestedAt: string;
}

/** Builds the new document record and moves the slot it replaces to the history. */
function buildDocument(slot: Slot, previous: DocumentRecord | undefined): DocumentRecord {
  const history = previous === undefined
    ? undefined
    : [
        ...(previous.history ?? []),
        { uploadId: previous.uploadId, status: previous.status, reasonCode: previous.reasonCode, replacedAt: slot.requestedAt },
      ];
  return {
    status: 'AWAITING_UPLOAD',
    uploadId: slot.uploadId,
    objectKey: slot.objectKey,
    fileName: slot.request.fileName,
    contentType: slot.request.contentType,
    requestedAt: slot.requestedAt,
    issueDate: slot.request.issueDate,
    expiryDate: slot.request.expiryDate,
    history,
  };
}

/**
 * Builds the commit of DOCUMENT_UPLOAD_REQUESTED. Its condition pins the slot it replaces (or its
 * absence), so a validation that lands meanwhile is not overwritten with a stale history.
 */
function buildChange(slot: Slot, record: ApplicationRecord): { change: Change; document: DocumentRecord } {
  const type = slot.rule.type;
  const previous = record.documents?.[type];
  const document = buildDocument(slot, previous);
  const names = { '#review': 'review', '#documents': 'documents', '#documentType': type };
  const condition = previous === undefined
    ? { expression: 'attribute_not_exists(#review) AND attribute_not_exists(#documents.#documentType)', names, values: {} }
    : {
        expression:
          'attribute_not_exists(#review) AND #documents.#documentType.#uploadId = :previousUploadId' +
          ' AND #documents.#documentType.#status = :previousStatus',
        names: { ...names, '#uploadId': 'uploadId', '#status': 'status' },
        values: { ':previousUploadId': previous.uploadId, ':previousStatus': previous.status },
      };
  const change: Change = {
    applicationId: record.applicationId,
    event: {
      eventId: newEventId(),
      type: 'DOCUMENT_UPLOAD_REQUESTED',
      applicationId: record.applicationId,
      applicantId: slot.applicantId,
      occurredAt: slot.requestedAt,
      actor: { kind: 'applicant', id: slot.applicantId },
      status: 'RECEIVED',
      documentType: type,
    },
    allowedStatuses: ['RECEIVED'],
    set: [{ path: ['documents', type], value: document }],
    condition,
  };
  return { change, document };
}

/** Commits the new slot, rebuilding it from the latest record when the old slot changed meanwhile. */
async function commitSlot(slot: Slot, record: ApplicationRecord): Promise<DocumentRecord> {
  let latest = record;
  for (let attempt = 1; attempt <= MAX_SLOT_ATTEMPTS; attempt++) {
    const { change, document } = buildChange(slot, latest);
    const result = await commitChange(change);
    if (result.outcome !== 'rejected') return document;
    if (result.record === undefined) throw applicationNotFound();
    if (!isEditable(result.record)) throw applicationReadOnly();
    latest = result.record;
  }
  throw new Error(`Upload slot of ${slot.rule.type} kept changing after ${MAX_SLOT_ATTEMPTS} attempts`);
}

export const handler = httpHandler(
  { path: documentPathSchema, body: uploadRequestSchema },
  async ({ applicantId, path, body }): Promise<ApiResult> => {
    logger.appendKeys({ applicationId: path.applicationId, documentType: path.documentType });
    const rule = findRuleOrThrow(path.documentType);
    const record = await readOwnedApplication(path.applicationId, applicantId);
    assertEditable(record);

    const today = moscowDate();
    checkUploadRequest(rule, body, today);
    checkDocumentValidity(rule, body, today);

    const now = new Date();
    const uploadId = ulid();
    const objectKey = uploadObjectKey(applicantId, path.applicationId, rule.type, uploadId);
    const ttlSeconds = uploadUrlTtlSeconds();
    // The form is signed before the commit, so a signing failure leaves no slot without a form.
    const uploadForm = await createUploadForm({
      objectKey,
      contentType: body.contentType,
      maxSizeBytes: rule.maxSizeBytes,
      expiresInSeconds: ttlSeconds,
    });

    const slot: Slot = { applicantId, rule, request: body, uploadId, objectKey, requestedAt: now.toISOString() };
    await commitSlot(slot, record);
    logger.info('Document upload requested', { uploadId });

    return jsonResponse(201, {
      uploadId,
      documentType: rule.type,
      url: uploadForm.url,
      fields: uploadForm.fields,
      expiresAt: new Date(now.getTime() + ttlSeconds * 1000).toISOString(),
      maxSizeBytes: rule.maxSizeBytes,
    });
  },
);
