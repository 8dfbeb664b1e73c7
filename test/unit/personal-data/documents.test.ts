import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createUploadForm, writeAcceptedDocument } from '../../../functions/personal-data/documents.ts';

const s3 = mockClient(S3Client);

beforeAll(() => {
  process.env.PERSONAL_DATA_TABLE_NAME = 'test-personal-data';
  process.env.PERSONAL_DATA_BUCKET_NAME = 'test-personal-data-bucket';
  process.env.AWS_REGION = 'eu-central-1';
  process.env.AWS_ACCESS_KEY_ID = 'test-access-key';
  process.env.AWS_SECRET_ACCESS_KEY = 'test-secret-key';
});

beforeEach(() => {
  s3.reset();
});

const formInput = (objectKey: string) => ({ objectKey, contentType: 'application/pdf', maxSizeBytes: 1024, expiresInSeconds: 900 });

describe('createUploadForm', () => {
  it('signs a key under uploads/', async () => {
    // Act
    const form = await createUploadForm(formInput('uploads/applicant-1/app-1/PASSPORT/upload-1'));

    // Assess
    expect(form.fields.key).toBe('uploads/applicant-1/app-1/PASSPORT/upload-1');
  });

  it.each([
    'accepted/applicant-1/app-1/PASSPORT/upload-1',
    'accepted/applicant-1/app-1/PASSPORT/upload-1/0f0e',
    'contracts/applicant-1/app-1/v1.pdf',
    'uploads/applicant-1/app-1/PASSPORT/${filename}',
    'uploads/applicant-1/app-1/PASSPORT',
  ])('rejects %s', async (objectKey) => {
    // Act and assess
    await expect(createUploadForm(formInput(objectKey))).rejects.toThrow(/Invalid upload key/);
  });
});

describe('writeAcceptedDocument', () => {
  it('writes under accepted/', async () => {
    // Prepare
    s3.on(PutObjectCommand).resolves({});
    const bytes = new Uint8Array([0x25, 0x50, 0x44, 0x46]);

    // Act
    await writeAcceptedDocument('accepted/applicant-1/app-1/PASSPORT/upload-1/0f0e', bytes, 'application/pdf');

    // Assess
    const [put] = s3.commandCalls(PutObjectCommand);
    expect(put?.args[0].input).toMatchObject({ Key: 'accepted/applicant-1/app-1/PASSPORT/upload-1/0f0e', Body: bytes, ContentType: 'application/pdf' });
  });

  it('rejects a key under uploads/', async () => {
    // Act and assess
    await expect(writeAcceptedDocument('uploads/applicant-1/app-1/PASSPORT/upload-1', new Uint8Array([1]), 'application/pdf')).rejects.toThrow(
      /Invalid accepted-document key/,
    );
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
  });
});
