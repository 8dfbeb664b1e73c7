import { PDFDocument, ParseSpeeds } from 'pdf-lib';
import type { ReasonCode } from '../domain/reasons.ts';

/** PDF readers look for the end-of-file marker within the last 1024 bytes (ISO 32000-1, 7.5.5). */
const END_OF_FILE_WINDOW = 1024;

/** How far past a `trailer` keyword its dictionary is searched when no `startxref` follows. */
const TRAILER_WINDOW = 4096;

const ENCRYPT_ENTRY = /\/Encrypt\b/;

/**
 * Tells whether pdf-lib rejected a document as encrypted. pdf-lib 1.17 is compiled to ES5, where
 * its EncryptedPDFError subclass loses its prototype, so `instanceof` fails and only the message
 * identifies it.
 */
const isEncryptedPdfError = (error: unknown): boolean =>
  error instanceof Error && error.message.startsWith('Input document to `PDFDocument.load` is encrypted');

/**
 * Tells whether a trailer dictionary, classic (`trailer << … >>`) or in a cross-reference stream
 * (`/Type /XRef`), has an /Encrypt entry. It reads the raw text because pdf-lib fails on the
 * encrypted object streams of such a file before it can report the encryption.
 */
export function trailerDeclaresEncryption(text: string): boolean {
  for (let index = text.indexOf('trailer'); index >= 0; index = text.indexOf('trailer', index + 1)) {
    const end = text.indexOf('startxref', index);
    const dictionary = text.slice(index, end >= 0 ? end : index + TRAILER_WINDOW);
    if (ENCRYPT_ENTRY.test(dictionary)) return true;
  }
  for (const match of text.matchAll(/\/Type\s*\/XRef\b/g)) {
    const start = text.lastIndexOf('obj', match.index);
    const end = text.indexOf('stream', match.index);
    const dictionary = text.slice(Math.max(start, 0), end >= 0 ? end : match.index + TRAILER_WINDOW);
    if (ENCRYPT_ENTRY.test(dictionary)) return true;
  }
  return false;
}

/**
 * Checks that a PDF is not encrypted, ends with %%EOF, parses with pdf-lib and has at least one
 * page. Returns the reason to reject it, or undefined when it is readable.
 */
export async function inspectPdf(bytes: Uint8Array): Promise<ReasonCode | undefined> {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  if (trailerDeclaresEncryption(text)) return 'ENCRYPTED_PDF';
  if (!text.slice(-END_OF_FILE_WINDOW).includes('%%EOF')) return 'TRUNCATED_FILE';

  let document: PDFDocument;
  try {
    // NOTE: throwOnInvalidObject rejects files with any object pdf-lib cannot parse, including
    // some damaged files that desktop readers repair and open.
    document = await PDFDocument.load(bytes, {
      throwOnInvalidObject: true,
      updateMetadata: false,
      parseSpeed: ParseSpeeds.Fastest,
    });
  } catch (error) {
    return isEncryptedPdfError(error) ? 'ENCRYPTED_PDF' : 'UNREADABLE_FILE';
  }

  try {
    return document.getPageCount() === 0 ? 'PDF_HAS_NO_PAGES' : undefined;
  } catch {
    // A broken page tree (a missing or cyclic /Kids entry) throws here.
    return 'UNREADABLE_FILE';
  }
}
