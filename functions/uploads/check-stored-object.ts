import { headObject, readObject } from '../personal-data/documents.ts';
import { inspectFile, type FileRule, type InspectionResult } from './inspect-file.ts';

export interface StoredObjectCheck {
  sizeBytes: number;
  result: InspectionResult;
  /** The bytes that were inspected; missing when the metadata alone rejected the object. */
  bytes?: Uint8Array;
}

/**
 * Checks an uploaded object in the personal-data bucket. The size comes from its metadata first,
 * so an empty or oversized object is rejected without being downloaded. Returns undefined when
 * the object no longer exists.
 */
export async function checkStoredObject(
  objectKey: string,
  rule: FileRule,
  declaredContentType: string,
): Promise<StoredObjectCheck | undefined> {
  const head = await headObject(objectKey);
  if (head === undefined) return undefined;
  if (head.sizeBytes === 0) return { sizeBytes: 0, result: { ok: false, reasonCode: 'EMPTY_FILE' } };
  if (head.sizeBytes > rule.maxSizeBytes) {
    return { sizeBytes: head.sizeBytes, result: { ok: false, reasonCode: 'FILE_TOO_LARGE' } };
  }

  let bytes: Uint8Array;
  try {
    bytes = await readObject(objectKey);
  } catch (error) {
    // Deleted between the two requests.
    if ((error as { name?: unknown } | null)?.name === 'NoSuchKey') return undefined;
    throw error;
  }
  return { sizeBytes: bytes.length, result: await inspectFile(bytes, rule, declaredContentType), bytes };
}
