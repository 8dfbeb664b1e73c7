import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalS3 } from '../../local/s3/start-local-s3.ts';
import { LOCAL_S3_CREDENTIALS, startTemporaryLocalS3, type TemporaryS3 } from '../support/local-s3.ts';

const BUCKET = 'personal-data';
const REGION = 'eu-central-1';
const CREDENTIALS = LOCAL_S3_CREDENTIALS;

let localS3: TemporaryS3;
let s3: S3Client;

beforeAll(async () => {
  localS3 = await startTemporaryLocalS3({
    directoryPrefix: 'local-s3-sdk-',
    buckets: [BUCKET],
    region: REGION,
    credentials: CREDENTIALS,
    notificationPrefix: 'applications/',
    onObjectCreated: () => undefined,
  });
  s3 = new S3Client({ endpoint: localS3.endpoint, forcePathStyle: true, region: REGION, credentials: CREDENTIALS });
});

afterAll(async () => {
  s3.destroy();
  await localS3.stop();
});

describe('startLocalS3 SDK calls', () => {
  it('serves PutObject, HeadObject, GetObject, ListObjectsV2 and DeleteObject', async () => {
    const key = 'applications/app-1/договор.pdf';

    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: new Uint8Array([37, 80, 68, 70]), ContentType: 'application/pdf' }));
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
    const object = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    const listing = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'applications/app-1/' }));
    await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: key }));
    const afterDelete = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'applications/app-1/' }));

    expect(head.ContentLength).toBe(4);
    expect(head.ContentType).toBe('application/pdf');
    expect(await object.Body?.transformToString()).toBe('%PDF');
    expect(listing.Contents?.map((entry) => entry.Key)).toEqual([key]);
    expect(afterDelete.KeyCount).toBe(0);
  });

  it('serves a presigned PUT, GET and HEAD', async () => {
    const key = 'applications/app-2/скан паспорта.pdf';
    const putUrl = await getSignedUrl(s3, new PutObjectCommand({ Bucket: BUCKET, Key: key, ContentType: 'application/pdf' }), { expiresIn: 60 });
    const getUrl = await getSignedUrl(s3, new GetObjectCommand({ Bucket: BUCKET, Key: key }), { expiresIn: 60 });
    const headUrl = await getSignedUrl(s3, new HeadObjectCommand({ Bucket: BUCKET, Key: key }), { expiresIn: 60 });

    const put = await fetch(putUrl, { method: 'PUT', body: 'presigned body', headers: { 'content-type': 'application/pdf' } });
    const get = await fetch(getUrl);
    const head = await fetch(headUrl, { method: 'HEAD' });

    expect(put.status).toBe(200);
    expect(get.status).toBe(200);
    expect(await get.text()).toBe('presigned body');
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String('presigned body'.length));
  });

  it('rejects an expired presigned GET', async () => {
    const key = 'applications/app-3/file.pdf';
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: 'x' }));
    const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket: BUCKET, Key: key }), { expiresIn: 1 });
    await new Promise((resolve) => setTimeout(resolve, 2_100));

    const response = await fetch(url);

    expect(response.status).toBe(403);
    expect(await response.text()).toContain('<Code>AccessDenied</Code>');
  });

  it('rejects requests signed with an unknown access key id', async () => {
    const stranger = new S3Client({
      endpoint: localS3.endpoint,
      forcePathStyle: true,
      region: REGION,
      credentials: { accessKeyId: 'UNKNOWNKEY', secretAccessKey: 'x' },
    });

    const attempt = stranger.send(new ListObjectsV2Command({ Bucket: BUCKET }));

    await expect(attempt).rejects.toMatchObject({ name: 'InvalidAccessKeyId' });
    stranger.destroy();
  });

  it('answers NoSuchKey for a missing object', async () => {
    const attempt = s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'applications/missing' }));

    await expect(attempt).rejects.toMatchObject({ name: 'NoSuchKey' });
  });

  it('rejects a port that is already in use', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as AddressInfo;

    const attempt = startLocalS3({
      dataDir: localS3.dataDir,
      port,
      buckets: [BUCKET],
      region: REGION,
      credentials: CREDENTIALS,
      notificationPrefix: 'applications/',
      onObjectCreated: () => undefined,
    });

    await expect(attempt).rejects.toMatchObject({ code: 'EADDRINUSE' });
    await new Promise((resolve) => blocker.close(resolve));
  });

  describe('signature checks', () => {
    const key = 'applications/signed/Паспорт_20160310.pdf';

    beforeAll(async () => {
      await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: 'signed content', ContentType: 'application/pdf' }));
    });

    it('denies an anonymous GET, PUT and listing', async () => {
      const objectUrl = `${localS3.endpoint}/${BUCKET}/${encodeURIComponent(key).replaceAll('%2F', '/')}`;

      const get = await fetch(objectUrl);
      const put = await fetch(`${localS3.endpoint}/${BUCKET}/scratch.txt`, { method: 'PUT', body: 'x' });
      const list = await fetch(`${localS3.endpoint}/${BUCKET}?list-type=2`);

      expect(get.status).toBe(403);
      expect(await get.text()).toContain('<Code>AccessDenied</Code>');
      expect(put.status).toBe(403);
      expect(list.status).toBe(403);
    });

    it('denies a presigned URL with a changed signature or lifetime', async () => {
      const url = new URL(await getSignedUrl(s3, new GetObjectCommand({ Bucket: BUCKET, Key: key }), { expiresIn: 60 }));
      const tampered = new URL(url);
      tampered.searchParams.set('X-Amz-Signature', '0'.repeat(64));
      const extended = new URL(url);
      extended.searchParams.set('X-Amz-Expires', '604800');

      const valid = await fetch(url);
      const withTamperedSignature = await fetch(tampered);
      const withExtendedLifetime = await fetch(extended);

      expect(valid.status).toBe(200);
      expect(await valid.text()).toBe('signed content');
      expect(withTamperedSignature.status).toBe(403);
      expect(await withTamperedSignature.text()).toContain('SignatureDoesNotMatch');
      expect(withExtendedLifetime.status).toBe(403);
    });

    it('denies a request signed with another secret key', async () => {
      const stranger = new S3Client({
        endpoint: localS3.endpoint,
        forcePathStyle: true,
        region: REGION,
        credentials: { accessKeyId: CREDENTIALS.accessKeyId, secretAccessKey: 'not-the-secret' },
        maxAttempts: 1,
      });

      const attempt = stranger.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));

      await expect(attempt).rejects.toMatchObject({ name: 'SignatureDoesNotMatch' });
      stranger.destroy();
    });
  });
});

