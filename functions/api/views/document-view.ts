import type { ApplicationRecord, DocumentRecord, DocumentVersion } from '../../domain/application-record.ts';
import { DOCUMENT_CATALOGUE, type DocumentTypeRule } from '../../domain/document-catalogue.ts';
import { describeReason } from '../../domain/reasons.ts';
import { DOCUMENT_STATUS_TITLES } from '../../domain/statuses.ts';

/** Status of a catalogue document the applicant has not started to upload; it exists only in views. */
export const NOT_UPLOADED = { status: 'NOT_UPLOADED', statusTitle: 'Не загружен' } as const;

export interface DocumentVersionView {
  uploadId: string;
  status: string;
  statusTitle: string;
  reasonCode?: string;
  reason?: string;
  replacedAt: string;
}

export interface DocumentView {
  documentType: string;
  title: string;
  required: boolean;
  status: string;
  statusTitle: string;
  reasonCode?: string;
  reason?: string;
  uploadId?: string;
  fileName?: string;
  contentType?: string;
  issueDate?: string;
  expiryDate?: string;
  sizeBytes?: number;
  requestedAt?: string;
  validatedAt?: string;
  history?: DocumentVersionView[];
}

function toVersionView(version: DocumentVersion): DocumentVersionView {
  return {
    uploadId: version.uploadId,
    status: version.status,
    statusTitle: DOCUMENT_STATUS_TITLES[version.status],
    reasonCode: version.reasonCode,
    reason: version.reasonCode === undefined ? undefined : describeReason(version.reasonCode),
    replacedAt: version.replacedAt,
  };
}

function toDocumentView(rule: DocumentTypeRule, document: DocumentRecord | undefined): DocumentView {
  const base = { documentType: rule.type, title: rule.title, required: rule.required };
  if (document === undefined) return { ...base, ...NOT_UPLOADED };
  return {
    ...base,
    status: document.status,
    statusTitle: DOCUMENT_STATUS_TITLES[document.status],
    reasonCode: document.reasonCode,
    reason: document.reasonCode === undefined ? undefined : describeReason(document.reasonCode),
    uploadId: document.uploadId,
    fileName: document.fileName,
    contentType: document.contentType,
    issueDate: document.issueDate,
    expiryDate: document.expiryDate,
    sizeBytes: document.sizeBytes,
    requestedAt: document.requestedAt,
    validatedAt: document.validatedAt,
    history: document.history?.map(toVersionView),
  };
}

/** Lists every catalogue document type, in catalogue order, with the application's state of it. */
export function toDocumentViews(record: ApplicationRecord): DocumentView[] {
  return DOCUMENT_CATALOGUE.map((rule) => toDocumentView(rule, record.documents?.[rule.type]));
}
