import { fileTypeFromBuffer } from 'file-type';
import { FORMAT_CONTENT_TYPES, type DocumentTypeRule, type FileFormat } from '../domain/document-catalogue.ts';
import type { ReasonCode } from '../domain/reasons.ts';
import { inspectJpeg } from './inspect-jpeg.ts';
import { inspectPdf } from './inspect-pdf.ts';
import { inspectPng } from './inspect-png.ts';

/** The verdict on an uploaded file. `format` is the detected format whenever it is PDF, JPEG or PNG. */
export type InspectionResult =
  | { ok: true; format: FileFormat }
  | { ok: false; reasonCode: ReasonCode; format?: FileFormat };

/** The catalogue rules that apply to the file itself. */
export type FileRule = Pick<DocumentTypeRule, 'formats' | 'maxSizeBytes'>;

/** MIME types that file-type reports, mapped to the formats of the catalogue. An APNG is a valid PNG. */
const FORMATS_BY_DETECTED_MIME: Record<string, FileFormat> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
  'image/apng': 'PNG',
};

const INSPECTORS: Record<FileFormat, (bytes: Uint8Array) => Promise<ReasonCode | undefined> | ReasonCode | undefined> = {
  PDF: inspectPdf,
  JPEG: inspectJpeg,
  PNG: inspectPng,
};

/** Detects the format from the content (magic bytes), never from the file name or the declared type. */
export async function detectFormat(bytes: Uint8Array): Promise<FileFormat | undefined> {
  const detected = await fileTypeFromBuffer(bytes);
  return detected === undefined ? undefined : FORMATS_BY_DETECTED_MIME[detected.mime];
}

/** Lower-cases a Content-Type and drops its parameters (`; charset=…`). */
export function normalizeContentType(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}

/**
 * Checks an uploaded file against its document type's rule and the Content-Type the applicant
 * declared: size, real format, format allowed for the type, declared type, then the structure
 * of the format (complete, not encrypted, decodable).
 */
export async function inspectFile(bytes: Uint8Array, rule: FileRule, declaredContentType: string): Promise<InspectionResult> {
  if (bytes.length === 0) return { ok: false, reasonCode: 'EMPTY_FILE' };
  if (bytes.length > rule.maxSizeBytes) return { ok: false, reasonCode: 'FILE_TOO_LARGE' };

  const format = await detectFormat(bytes);
  if (format === undefined) return { ok: false, reasonCode: 'UNSUPPORTED_FORMAT' };
  if (!rule.formats.includes(format)) return { ok: false, reasonCode: 'UNSUPPORTED_FORMAT', format };
  if (normalizeContentType(declaredContentType) !== FORMAT_CONTENT_TYPES[format]) {
    return { ok: false, reasonCode: 'CONTENT_TYPE_MISMATCH', format };
  }

  const reasonCode = await INSPECTORS[format](bytes);
  return reasonCode === undefined ? { ok: true, format } : { ok: false, reasonCode, format };
}
