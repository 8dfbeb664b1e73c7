import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { personalDataClients } from './clients.ts';

export interface UploadForm {
  url: string;
  fields: Record<string, string>;
}

/**
 * Creates a presigned POST form for one object. Its policy fixes the key and Content-Type and
 * limits the size, so S3 itself rejects any other upload.
 */
export async function createUploadForm(input: {
  objectKey: string;
  contentType: string;
  maxSizeBytes: number;
  expiresInSeconds: number;
}): Promise<UploadForm> {
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
