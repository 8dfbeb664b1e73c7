import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { personalDataClients } from './clients.ts';
import { ACCEPTED_PREFIX, parseUploadObjectKey } from './table-design.ts';

export interface UploadForm {
  url: string;
  fields: Record<string, string>;
}

/**
 * Creates a presigned POST form for one object. Its policy fixes the key and Content-Type and
 * limits the size, so S3 itself rejects any other upload. Throws for a key outside uploads/, so
 * that no form can ever overwrite an accepted document or a contract.
 */
export async function createUploadForm(input: {
  objectKey: string;
  contentType: string;
  maxSizeBytes: number;
  expiresInSeconds: number;
}): Promise<UploadForm> {
  // `${filename}` would make the policy a starts-with condition instead of the exact key.
  if (parseUploadObjectKey(input.objectKey) === undefined || input.objectKey.includes('${filename}')) {
    throw new Error(`Invalid upload key ${input.objectKey}: forms are signed only for uploads/<applicantId>/<applicationId>/<documentType>/<uploadId>`);
  }
  const { config, s3 } = await personalDataClients();
  return createPresignedPost(s3, {
    Bucket: config.bucketName,
    Key: input.objectKey,
    Conditions: [
      ['content-length-range', 1, input.maxSizeBytes],
      ['eq', '$Content-Type', input.contentType],
    ],
    Fields: { 'Content-Type': input.contentType },
    Expires: input.expiresInSeconds,
  });
}

export interface StoredObjectHead {
  sizeBytes: number;
  contentType?: string;
  versionId?: string;
  eTag?: string;
}

/** Returns the object's size and metadata, or undefined when it does not exist (any more). */
export async function headObject(objectKey: string): Promise<StoredObjectHead | undefined> {
  const { config, s3 } = await personalDataClients();
  try {
    const head = await s3.send(new HeadObjectCommand({ Bucket: config.bucketName, Key: objectKey }));
    return { sizeBytes: head.ContentLength ?? 0, contentType: head.ContentType, versionId: head.VersionId, eTag: head.ETag };
  } catch (error) {
    if ((error as { name?: string }).name === 'NotFound') return undefined;
    throw error;
  }
}

/** Reads a whole object; callers check its size first. */
export async function readObject(objectKey: string): Promise<Uint8Array> {
  const { config, s3 } = await personalDataClients();
  const object = await s3.send(new GetObjectCommand({ Bucket: config.bucketName, Key: objectKey }));
  if (object.Body === undefined) return new Uint8Array();
  return object.Body.transformToByteArray();
}

export async function writeObject(objectKey: string, body: Uint8Array, contentType: string): Promise<void> {
  const { config, s3 } = await personalDataClients();
  await s3.send(new PutObjectCommand({ Bucket: config.bucketName, Key: objectKey, Body: body, ContentType: contentType }));
}

/**
 * Writes the bytes that the upload validator checked and accepted to a key under accepted/.
 * Writing the checked bytes themselves, rather than copying the upload object, leaves no moment in
 * which a reused upload form could swap in other content.
 */
export async function writeAcceptedDocument(objectKey: string, body: Uint8Array, contentType: string): Promise<void> {
  if (!objectKey.startsWith(ACCEPTED_PREFIX)) {
    throw new Error(`Invalid accepted-document key ${objectKey}: accepted documents are written only under ${ACCEPTED_PREFIX}`);
  }
  await writeObject(objectKey, body, contentType);
}

/** Returns a short-lived presigned GET URL that downloads the object under the given file name. */
export async function createDownloadUrl(objectKey: string, fileName: string, expiresInSeconds: number): Promise<string> {
  const { config, s3 } = await personalDataClients();
  const disposition = `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`;
  return getSignedUrl(
    s3,
    new GetObjectCommand({ Bucket: config.bucketName, Key: objectKey, ResponseContentDisposition: disposition }),
    { expiresIn: expiresInSeconds },
  );
}
