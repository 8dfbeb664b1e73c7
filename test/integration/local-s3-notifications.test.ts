import { createHash } from 'node:crypto';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import type { S3EventRecord } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { LOCAL_S3_CREDENTIALS, startTemporaryLocalS3, type TemporaryS3 } from '../support/local-s3.ts';

const BUCKET = 'personal-data';
const REGION = 'eu-central-1';
const CREDENTIALS = LOCAL_S3_CREDENTIALS;
const PREFIX = 'applications/';

let localS3: TemporaryS3;
let s3: S3Client;
let records: S3EventRecord[] = [];

beforeAll(async () => {
  localS3 = await startTemporaryLocalS3({
    directoryPrefix: 'local-s3-events-',
    buckets: [BUCKET],
    region: REGION,
    credentials: CREDENTIALS,
    notificationPrefix: PREFIX,
    onObjectCreated: (record) => records.push(record),
  });
  s3 = new S3Client({ endpoint: localS3.endpoint, forcePathStyle: true, region: REGION, credentials: CREDENTIALS });
});

beforeEach(() => {
  records = [];
});

afterAll(async () => {
  s3.destroy();
  await localS3.stop();
});

const md5 = (content: string): string => createHash('md5').update(content).digest('hex');
const decodeEventKey = (key: string): string => decodeURIComponent(key.replace(/\+/g, ' '));

async function putObject(key: string, content: string): Promise<void> {
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: content, ContentType: 'text/plain' }));
}

describe('startLocalS3 notifications', () => {
  it('sends one S3-shaped record for a POST upload', async () => {
    const key = 'applications/app-1/passport/original';
    const form = await createPresignedPost(s3, { Bucket: BUCKET, Key: key, Expires: 300 });
    const multipart = new FormData();
    for (const [name, value] of Object.entries(form.fields)) multipart.append(name, value);
    multipart.append('file', new Blob(['scan']), 'scan.pdf');

    const response = await fetch(form.url, { method: 'POST', body: multipart });

    expect(response.status).toBe(204);
    await vi.waitFor(() => expect(records).toHaveLength(1));
    const [record] = records;
    expect(record?.eventVersion).toBe('2.1');
    expect(record?.eventSource).toBe('aws:s3');
    expect(record?.awsRegion).toBe(REGION);
    expect(record?.eventName).toBe('ObjectCreated:Post');
    expect(Number.isNaN(Date.parse(record?.eventTime ?? ''))).toBe(false);
    expect(record?.s3.bucket.name).toBe(BUCKET);
    expect(record?.s3.bucket.arn).toBe(`arn:aws:s3:::${BUCKET}`);
    expect(record?.s3.object.key).toBe(key);
    expect(record?.s3.object.size).toBe(4);
    expect(record?.s3.object.eTag).toBe(md5('scan'));
    expect(record?.s3.object.sequencer).toMatch(/^[0-9A-F]+$/);
  });

  it('sends an ObjectCreated:Put record for PutObject', async () => {
    await putObject('applications/app-2/contract.pdf', 'contract');

    await vi.waitFor(() => expect(records).toHaveLength(1));
    expect(records[0]?.eventName).toBe('ObjectCreated:Put');
    expect(records[0]?.s3.object.eTag).toBe(md5('contract'));
  });

  it('encodes a Cyrillic key with spaces the way S3 does', async () => {
    const key = 'applications/заявление 7/скан паспорта (1).pdf';

    await putObject(key, 'scan');

    await vi.waitFor(() => expect(records).toHaveLength(1));
    const eventKey = records[0]?.s3.object.key ?? '';
    expect(eventKey).toBe(
      'applications/%D0%B7%D0%B0%D1%8F%D0%B2%D0%BB%D0%B5%D0%BD%D0%B8%D0%B5+7/' +
        '%D1%81%D0%BA%D0%B0%D0%BD+%D0%BF%D0%B0%D1%81%D0%BF%D0%BE%D1%80%D1%82%D0%B0+(1).pdf',
    );
    expect(decodeEventKey(eventKey)).toBe(key);
  });

  it('encodes a plus sign so that it decodes back to a plus', async () => {
    const key = 'applications/a+b=c.pdf';

    await putObject(key, 'x');

    await vi.waitFor(() => expect(records).toHaveLength(1));
    expect(records[0]?.s3.object.key).toBe('applications/a%2Bb%3Dc.pdf');
    expect(decodeEventKey(records[0]?.s3.object.key ?? '')).toBe(key);
  });

  it('sends no record for a key outside the prefix', async () => {
    await putObject('generated/contract.pdf', 'contract');
    await putObject('applications/app-3/marker', 'marker');

    await vi.waitFor(() => expect(records).toHaveLength(1));
    expect(records[0]?.s3.object.key).toBe('applications/app-3/marker');
  });

  it('increases the sequencer with every write to one key', async () => {
    const key = 'applications/app-4/passport/original';

    for (const content of ['first', 'second', 'third']) await putObject(key, content);

    await vi.waitFor(() => expect(records).toHaveLength(3));
    const sequencers = records.map((record) => record.s3.object.sequencer);
    expect(new Set(sequencers.map((sequencer) => sequencer.length)).size).toBe(1);
    expect(sequencers[0]! < sequencers[1]!).toBe(true);
    expect(sequencers[1]! < sequencers[2]!).toBe(true);
  });

  it('reports a copy with the ETag of the new object', async () => {
    await putObject('generated/source.pdf', 'source');

    await s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'applications/app-5/copy.pdf', CopySource: `${BUCKET}/generated/source.pdf` }));

    await vi.waitFor(() => expect(records).toHaveLength(1));
    expect(records[0]?.eventName).toBe('ObjectCreated:Copy');
    expect(records[0]?.s3.object.eTag).toBe(md5('source'));
  });

  it('reports a completed multipart upload under its own event name', async () => {
    const key = 'applications/app-6/large.pdf';
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: key }));
    const part = await s3.send(new UploadPartCommand({ Bucket: BUCKET, Key: key, UploadId, PartNumber: 1, Body: 'only part' }));

    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: BUCKET,
        Key: key,
        UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] },
      }),
    );

    await vi.waitFor(() => expect(records).toHaveLength(1));
    expect(records[0]?.eventName).toBe('ObjectCreated:CompleteMultipartUpload');
    expect(records[0]?.s3.object.key).toBe(key);
  });
});
