import { ulid } from 'ulid';
import { ConcurrentChangeError, ConflictError, NotFoundError, applicationNotFound, echoInput } from '../commons/errors.ts';
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
import { applicationReadOnly, assertEditable, editGuard, isEditable, isRequestedDocument, type EditGuard } from './application-access.ts';
import { moscowDate } from './schemas/calendar-date.ts';
import { documentPathSchema } from './schemas/path-parameters.ts';
import { type UploadRequest, uploadRequestSchema } from './schemas/upload-request.ts';
import { checkDocumentValidity, checkUploadRequest } from './upload-rules.ts';

/** How often the commit is rebuilt when the document slot changed between read and write. */
const MAX_SLOT_ATTEMPTS = 3;

/**
 * Maximum upload slots per document type over the application's life. Each slot adds an entry to
 * the document's history and an event id to the application item, which DynamoDB caps at 400 KB,
 * so the cap also bounds the history at MAX_UPLOAD_SLOTS_PER_TYPE - 1 entries.
 * NOTE: 20 is an estimate, not a measured figure: an applicant who fixes a rejected file needs a few
 * slots, not dozens.
 */
export const MAX_UPLOAD_SLOTS_PER_TYPE = 20;

/** Counts the slots requested for a document; records written before requestCount existed count their history. */
function requestedSlots(document: DocumentRecord | undefined): number {
  if (document === undefined) return 0;
  return document.requestCount ?? (document.history?.length ?? 0) + 1;
}

/** Throws 409 TOO_MANY_UPLOADS when the document type has used up its upload slots. */
function assertSlotAvailable(record: ApplicationRecord, documentType: string): void {
  if (requestedSlots(record.documents?.[documentType]) < MAX_UPLOAD_SLOTS_PER_TYPE) return;
  logger.warn('Upload slot limit reached', { maxSlots: MAX_UPLOAD_SLOTS_PER_TYPE });
  throw new ConflictError(
    'TOO_MANY_UPLOADS',
    `Превышено число загрузок этого документа (${MAX_UPLOAD_SLOTS_PER_TYPE}); обратитесь в поддержку`,
  );
}

function findRuleOrThrow(documentType: string): DocumentTypeRule {
  const rule = findDocumentRule(documentType);
  if (rule === undefined) {
    throw new NotFoundError(
      'DOCUMENT_TYPE_NOT_FOUND',
      `Неизвестный тип документа ${echoInput(documentType)}; допустимые типы: ${DOCUMENT_TYPES.join(', ')}`,
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
    requestCount: requestedSlots(previous) + 1,
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
  const guard = slotGuard(record, type);
  const names = { ...guard.condition.names, '#documents': 'documents', '#documentType': type };
  const condition = previous === undefined
    ? { expression: `(${guard.condition.expression}) AND attribute_not_exists(#documents.#documentType)`, names, values: guard.condition.values }
    : {
        expression:
          `(${guard.condition.expression}) AND #documents.#documentType.#uploadId = :previousUploadId` +
          ' AND #documents.#documentType.#status = :previousStatus',
        names: { ...names, '#uploadId': 'uploadId', '#status': 'status' },
        values: { ...guard.condition.values, ':previousUploadId': previous.uploadId, ':previousStatus': previous.status },
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
      status: guard.status,
      documentType: type,
    },
    allowedStatuses: guard.allowedStatuses,
    set: [{ path: ['documents', type], value: document }],
    condition,
  };
  return { change, document };
}

/**
 * Returns the guard of a new upload slot: an editable application, or a review that waits for
 * this very type from the applicant. The condition pins that wait, so no slot opens once it ends.
 */
function slotGuard(record: ApplicationRecord, documentType: string): EditGuard {
  if (!isRequestedDocument(record, documentType)) return editGuard(record);
  return {
    status: 'IN_REVIEW',
    allowedStatuses: ['IN_REVIEW'],
    condition: {
      expression: '#slotWaiting.#slotStep.#slotWaitId = :slotWaitId',
      names: { '#slotWaiting': 'waitingTasks', '#slotStep': 'APPLICANT_DOCUMENTS', '#slotWaitId': 'waitId' },
      values: { ':slotWaitId': record.waitingTasks?.APPLICANT_DOCUMENTS?.waitId },
    },
  };
}

/** Commits the new slot, rebuilding it from the latest record when the old slot changed meanwhile. */
async function commitSlot(slot: Slot, record: ApplicationRecord): Promise<DocumentRecord> {
  let latest = record;
  for (let attempt = 1; attempt <= MAX_SLOT_ATTEMPTS; attempt++) {
    // The commit pins the slot it replaces, so a concurrent request cannot pass the cap with it.
    assertSlotAvailable(latest, slot.rule.type);
    const { change, document } = buildChange(slot, latest);
    const result = await commitChange(change);
    if (result.outcome !== 'rejected') return document;
    if (result.record === undefined) throw applicationNotFound();
    if (!isEditable(result.record) && !isRequestedDocument(result.record, slot.rule.type)) throw applicationReadOnly();
    latest = result.record;
  }
  logger.warn('Upload slot kept changing', { attempts: MAX_SLOT_ATTEMPTS });
  throw new ConcurrentChangeError();
}

export const handler = httpHandler(
  { path: documentPathSchema, body: uploadRequestSchema },
  async ({ applicantId, path, body }): Promise<ApiResult> => {
    logger.appendKeys({ applicationId: path.applicationId, documentType: path.documentType });
    const rule = findRuleOrThrow(path.documentType);
    const record = await readOwnedApplication(path.applicationId, applicantId);
    if (!isRequestedDocument(record, rule.type)) assertEditable(record);
    assertSlotAvailable(record, rule.type);

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
