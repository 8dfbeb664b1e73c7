import { GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import type { S3EventRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_S3_CREDENTIALS, startTemporaryLocalS3, type TemporaryS3 } from '../support/local-s3.ts';

const BUCKET = 'personal-data';
const REGION = 'eu-central-1';
const CREDENTIALS = LOCAL_S3_CREDENTIALS;
const MAX_SIZE = 1024;

let localS3: TemporaryS3;
let s3: S3Client;
const records: S3EventRecord[] = [];
let keyCounter = 0;

beforeAll(async () => {
  localS3 = await startTemporaryLocalS3({
    directoryPrefix: 'local-s3-post-',
    buckets: [BUCKET],
    region: REGION,
    credentials: CREDENTIALS,
    notificationPrefix: 'applications/',
    onObjectCreated: (record) => records.push(record),
  });
  s3 = new S3Client({ endpoint: localS3.endpoint, forcePathStyle: true, region: REGION, credentials: CREDENTIALS });
});

afterAll(async () => {
  s3.destroy();
  await localS3.stop();
});

function nextKey(): string {
  keyCounter += 1;
  return `applications/app-${keyCounter}/passport/original`;
}

async function createForm(key: string, options: { expiresInSeconds?: number; client?: S3Client } = {}) {
  return createPresignedPost(options.client ?? s3, {
    Bucket: BUCKET,
    Key: key,
    Conditions: [
      ['content-length-range', 1, MAX_SIZE],
      ['eq', '$Content-Type', 'application/pdf'],
    ],
    Fields: { 'Content-Type': 'application/pdf' },
    Expires: options.expiresInSeconds ?? 300,
  });
}

async function postForm(url: string, fields: Record<string, string>, file: Uint8Array) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', new Blob([file], { type: 'application/pdf' }), 'document.pdf');
  const response = await fetch(url, { method: 'POST', body: form });
  return { status: response.status, body: await response.text() };
}

async function objectExists(key: string): Promise<boolean> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
    return true;
  } catch (error) {
    if ((error as { name?: string }).name === 'NotFound') return false;
    throw error;
  }
}

function errorCode(body: string): string | undefined {
  return /<Code>([^<]*)<\/Code>/.exec(body)?.[1];
}

function errorMessage(body: string): string | undefined {
  return /<Message>([^<]*)<\/Message>/.exec(body)?.[1];
}

function toBase64Policy(policy: unknown): string {
  return Buffer.from(JSON.stringify(policy)).toString('base64');
}

describe('startLocalS3 POST policy', () => {
  it('stores a valid upload with its Content-Type', async () => {
    const key = nextKey();
    const form = await createForm(key);
    const content = new TextEncoder().encode('%PDF-1.7 valid upload');

    const result = await postForm(form.url, form.fields, content);

    expect(result.status).toBe(204);
    const stored = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    expect(stored.ContentType).toBe('application/pdf');
    expect(await stored.Body?.transformToString()).toBe('%PDF-1.7 valid upload');
  });

  it('stores a Cyrillic key', async () => {
    const key = `applications/заявление ${++keyCounter}/паспорт.pdf`;
    const form = await createForm(key);

    const result = await postForm(form.url, form.fields, new Uint8Array([1, 2, 3]));

    expect(result.status).toBe(204);
    expect(await objectExists(key)).toBe(true);
  });

  it('answers 201 with XML when success_action_status asks for it', async () => {
    const key = nextKey();
    const form = await createPresignedPost(s3, {
      Bucket: BUCKET,
      Key: key,
      Conditions: [['eq', '$success_action_status', '201']],
      Fields: { success_action_status: '201' },
      Expires: 300,
    });

    const result = await postForm(form.url, form.fields, new Uint8Array([1]));

    expect(result.status).toBe(201);
    expect(result.body).toContain('<PostResponse>');
  });

  it('rejects an oversized file and stores nothing', async () => {
    const key = nextKey();
    const form = await createForm(key);

    const result = await postForm(form.url, form.fields, new Uint8Array(MAX_SIZE + 1));

    expect(result.status).toBe(400);
    expect(errorCode(result.body)).toBe('EntityTooLarge');
    expect(result.body).toContain(`<ProposedSize>${MAX_SIZE + 1}</ProposedSize>`);
    expect(await objectExists(key)).toBe(false);
  });

  it('rejects a zero-byte file when the range starts at 1', async () => {
    const key = nextKey();
    const form = await createForm(key);

    const result = await postForm(form.url, form.fields, new Uint8Array(0));

    expect(result.status).toBe(400);
    expect(errorCode(result.body)).toBe('EntityTooSmall');
    expect(await objectExists(key)).toBe(false);
  });

  it('accepts a file of exactly the maximum size', async () => {
    const key = nextKey();
    const form = await createForm(key);

    const result = await postForm(form.url, form.fields, new Uint8Array(MAX_SIZE));

    expect(result.status).toBe(204);
    expect(await objectExists(key)).toBe(true);
  });

  it('rejects another Content-Type', async () => {
    const key = nextKey();
    const form = await createForm(key);

    const result = await postForm(form.url, { ...form.fields, 'Content-Type': 'image/png' }, new Uint8Array([1]));

    expect(result.status).toBe(403);
    expect(errorCode(result.body)).toBe('AccessDenied');
    expect(errorMessage(result.body)).toBe(
      'Invalid according to Policy: Policy Condition failed: ["eq", "$Content-Type", "application/pdf"]',
    );
    expect(await objectExists(key)).toBe(false);
  });

  it('rejects another key', async () => {
    const key = nextKey();
    const otherKey = nextKey();
    const form = await createForm(key);

    const result = await postForm(form.url, { ...form.fields, key: otherKey }, new Uint8Array([1]));

    expect(result.status).toBe(403);
    expect(errorMessage(result.body)).toBe(`Invalid according to Policy: Policy Condition failed: ["eq", "$key", "${key}"]`);
    expect(await objectExists(key)).toBe(false);
    expect(await objectExists(otherKey)).toBe(false);
  });

  it('checks a starts-with condition on the key', async () => {
    const form = await createPresignedPost(s3, {
      Bucket: BUCKET,
      Key: 'applications/app-prefix/${filename}',
      Expires: 300,
    });
    const insideKey = 'applications/app-prefix/scan.pdf';
    const outsideKey = 'applications/other/scan.pdf';

    const inside = await postForm(form.url, { ...form.fields, key: insideKey }, new Uint8Array([1]));
    const outside = await postForm(form.url, { ...form.fields, key: outsideKey }, new Uint8Array([1]));

    expect(inside.status).toBe(204);
    expect(await objectExists(insideKey)).toBe(true);
    expect(outside.status).toBe(403);
    expect(errorMessage(outside.body)).toBe(
      'Invalid according to Policy: Policy Condition failed: ["starts-with", "$key", "applications/app-prefix/"]',
    );
    expect(await objectExists(outsideKey)).toBe(false);
  });

  it('checks a starts-with condition on the Content-Type', async () => {
    const key = nextKey();
    const form = await createPresignedPost(s3, {
      Bucket: BUCKET,
      Key: key,
      Conditions: [['starts-with', '$Content-Type', 'image/']],
      Fields: { 'Content-Type': 'image/png' },
      Expires: 300,
    });

    const rejected = await postForm(form.url, { ...form.fields, 'Content-Type': 'application/pdf' }, new Uint8Array([1]));
    const accepted = await postForm(form.url, form.fields, new Uint8Array([1]));

    expect(rejected.status).toBe(403);
    expect(errorCode(rejected.body)).toBe('AccessDenied');
    expect(accepted.status).toBe(204);
  });

  it('rejects an expired policy', async () => {
    const key = nextKey();
    const form = await createForm(key, { expiresInSeconds: -60 });

    const result = await postForm(form.url, form.fields, new Uint8Array([1]));

    expect(result.status).toBe(403);
    expect(errorCode(result.body)).toBe('AccessDenied');
    expect(errorMessage(result.body)).toBe('Invalid according to Policy: Policy expired.');
    expect(await objectExists(key)).toBe(false);
  });

  it('rejects a policy changed after signing', async () => {
    const key = nextKey();
    const form = await createForm(key);
    const policy = JSON.parse(Buffer.from(form.fields.Policy ?? '', 'base64').toString('utf8')) as { conditions: unknown[] };
    policy.conditions = policy.conditions.map((condition) =>
      Array.isArray(condition) && condition[0] === 'content-length-range' ? ['content-length-range', 1, 10 * MAX_SIZE] : condition,
    );

    const result = await postForm(form.url, { ...form.fields, Policy: toBase64Policy(policy) }, new Uint8Array(2 * MAX_SIZE));

    expect(result.status).toBe(403);
    expect(errorCode(result.body)).toBe('SignatureDoesNotMatch');
    expect(await objectExists(key)).toBe(false);
  });

  it('rejects a changed signature', async () => {
    const key = nextKey();
    const form = await createForm(key);
    const signature = form.fields['X-Amz-Signature'] ?? '';
    const changed = `${signature.startsWith('0') ? '1' : '0'}${signature.slice(1)}`;

    const result = await postForm(form.url, { ...form.fields, 'X-Amz-Signature': changed }, new Uint8Array([1]));

    expect(result.status).toBe(403);
    expect(errorCode(result.body)).toBe('SignatureDoesNotMatch');
    expect(await objectExists(key)).toBe(false);
  });

  it('rejects a form signed with another secret key', async () => {
    const key = nextKey();
    const forger = new S3Client({
      endpoint: localS3.endpoint,
      forcePathStyle: true,
      region: REGION,
      credentials: { accessKeyId: CREDENTIALS.accessKeyId, secretAccessKey: 'guessed-secret' },
    });
    const form = await createForm(key, { client: forger });

    const result = await postForm(form.url, form.fields, new Uint8Array([1]));

    expect(result.status).toBe(403);
    expect(errorCode(result.body)).toBe('SignatureDoesNotMatch');
    expect(await objectExists(key)).toBe(false);
  });

  it('rejects an unknown access key id', async () => {
    const key = nextKey();
    const stranger = new S3Client({
      endpoint: localS3.endpoint,
      forcePathStyle: true,
      region: REGION,
      credentials: { accessKeyId: 'UNKNOWNKEY', secretAccessKey: CREDENTIALS.secretAccessKey },
    });
    const form = await createForm(key, { client: stranger });

    const result = await postForm(form.url, form.fields, new Uint8Array([1]));

    expect(result.status).toBe(403);
    expect(errorCode(result.body)).toBe('InvalidAccessKeyId');
    expect(await objectExists(key)).toBe(false);
  });

  it('rejects a form signed for another region', async () => {
    const key = nextKey();
    const elsewhere = new S3Client({ endpoint: localS3.endpoint, forcePathStyle: true, region: 'us-east-1', credentials: CREDENTIALS });
    const form = await createForm(key, { client: elsewhere });

    const result = await postForm(form.url, form.fields, new Uint8Array([1]));

    expect(result.status).toBe(400);
    expect(errorCode(result.body)).toBe('AuthorizationQueryParametersError');
    expect(await objectExists(key)).toBe(false);
  });

  it('rejects an extra field that no condition covers', async () => {
    const key = nextKey();
    const form = await createForm(key);

    const result = await postForm(form.url, { ...form.fields, 'x-amz-meta-owner': 'someone' }, new Uint8Array([1]));

    expect(result.status).toBe(403);
    expect(errorMessage(result.body)).toBe('Invalid according to Policy: Extra input fields: x-amz-meta-owner');
    expect(await objectExists(key)).toBe(false);
  });

  it('lets an x-ignore- field through without a condition', async () => {
    const key = nextKey();
    const form = await createForm(key);

    const result = await postForm(form.url, { ...form.fields, 'x-ignore-trace': 'abc' }, new Uint8Array([1]));

    expect(result.status).toBe(204);
    expect(await objectExists(key)).toBe(true);
  });

  it('rejects a form without a policy', async () => {
    const key = nextKey();

    const result = await postForm(`${localS3.endpoint}/${BUCKET}`, { key, 'Content-Type': 'application/pdf' }, new Uint8Array([1]));

    expect(result.status).toBe(403);
    expect(errorCode(result.body)).toBe('AccessDenied');
    expect(await objectExists(key)).toBe(false);
  });

  it('rejects a repeated key field', async () => {
    const key = nextKey();
    const form = await createForm(key);
    const multipart = new FormData();
    for (const [name, value] of Object.entries(form.fields)) multipart.append(name, value);
    multipart.append('key', 'applications/elsewhere');
    multipart.append('file', new Blob([new Uint8Array([1])]), 'document.pdf');

    const response = await fetch(form.url, { method: 'POST', body: multipart });

    expect(response.status).toBe(400);
    expect(errorCode(await response.text())).toBe('InvalidArgument');
    expect(await objectExists(key)).toBe(false);
    expect(await objectExists('applications/elsewhere')).toBe(false);
  });

  it('rejects a form without a file', async () => {
    const key = nextKey();
    const form = await createForm(key);
    const multipart = new FormData();
    for (const [name, value] of Object.entries(form.fields)) multipart.append(name, value);

    const response = await fetch(form.url, { method: 'POST', body: multipart });

    expect(response.status).toBe(400);
    expect(errorMessage(await response.text())).toBe('POST requires exactly one file upload per request.');
  });

  it('sends no notification for a rejected upload', async () => {
    const key = nextKey();
    const form = await createForm(key);

    await postForm(form.url, form.fields, new Uint8Array(MAX_SIZE + 1));

    expect(records.map((record) => record.s3.object.key)).not.toContain(key);
  });
});
