import { describe, expect, it } from 'vitest';
import { checkFileSize, checkPostForm, signPolicy, type PostFormContext } from '../../../local/s3/post-policy.ts';
import { S3Error } from '../../../local/s3/s3-error.ts';

const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
const REGION = 'eu-central-1';
const NOW = new Date('2026-03-01T10:00:00Z');
const DATE = '20260301';

/** Builds a signed form for a policy, the way createPresignedPost does. */
function signedForm(policy: unknown, fields: Record<string, string>): PostFormContext {
  const policyBase64 = Buffer.from(JSON.stringify(policy)).toString('base64');
  const signed = {
    ...fields,
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Credential': `${CREDENTIALS.accessKeyId}/${DATE}/${REGION}/s3/aws4_request`,
    'X-Amz-Date': `${DATE}T100000Z`,
    Policy: policyBase64,
    'X-Amz-Signature': signPolicy(policyBase64, CREDENTIALS.secretAccessKey, DATE, REGION),
  };
  return { bucket: 'uploads', fields: Object.entries(signed), credentials: CREDENTIALS, region: REGION, now: NOW };
}

const SIGNING_CONDITIONS = [
  { 'X-Amz-Algorithm': 'AWS4-HMAC-SHA256' },
  { 'X-Amz-Credential': `${CREDENTIALS.accessKeyId}/${DATE}/${REGION}/s3/aws4_request` },
  { 'X-Amz-Date': `${DATE}T100000Z` },
];

function policyWith(conditions: unknown[], expiration = '2026-03-01T11:00:00Z') {
  return { expiration, conditions: [...SIGNING_CONDITIONS, { bucket: 'uploads' }, ...conditions] };
}

function capture(action: () => unknown): S3Error {
  try {
    action();
  } catch (error) {
    if (error instanceof S3Error) return error;
    throw error;
  }
  throw new Error('expected an S3Error');
}

describe('signPolicy', () => {
  it('matches the SigV4 example from the S3 POST documentation', () => {
    // Values from S3's "Example: Browser-Based Upload using HTTP POST (Using AWS Signature Version 4)".
    const policy =
      'eyAiZXhwaXJhdGlvbiI6ICIyMDE1LTEyLTMwVDEyOjAwOjAwLjAwMFoiLA0KICAiY29uZGl0aW9ucyI6IFsNCiAgICB7ImJ1Y2tldCI6ICJzaWd2NGV4YW1wbGVidWNrZXQifSwNCiAgICBbInN0YXJ0cy13aXRoIiwgIiRrZXkiLCAidXNlci91c2VyMS8iXSwNCiAgICB7ImFjbCI6ICJwdWJsaWMtcmVhZCJ9LA0KICAgIHsic3VjY2Vzc19hY3Rpb25fcmVkaXJlY3QiOiAiaHR0cDovL3NpZ3Y0ZXhhbXBsZWJ1Y2tldC5zMy5hbWF6b25hd3MuY29tL3N1Y2Nlc3NmdWxfdXBsb2FkLmh0bWwifSwNCiAgICBbInN0YXJ0cy13aXRoIiwgIiRDb250ZW50LVR5cGUiLCAiaW1hZ2UvIl0sDQogICAgeyJ4LWFtei1tZXRhLXV1aWQiOiAiMTQzNjUxMjM2NTEyNzQifSwNCiAgICB7IngtYW16LXNlcnZlci1zaWRlLWVuY3J5cHRpb24iOiAiQUVTMjU2In0sDQogICAgWyJzdGFydHMtd2l0aCIsICIkeC1hbXotbWV0YS10YWciLCAiIl0sDQoNCiAgICB7IngtYW16LWNyZWRlbnRpYWwiOiAiQUtJQUlPU0ZPRE5ON0VYQU1QTEUvMjAxNTEyMjkvdXMtZWFzdC0xL3MzL2F3czRfcmVxdWVzdCJ9LA0KICAgIHsieC1hbXotYWxnb3JpdGhtIjogIkFXUzQtSE1BQy1TSEEyNTYifSwNCiAgICB7IngtYW16LWRhdGUiOiAiMjAxNTEyMjlUMDAwMDAwWiIgfQ0KICBdDQp9';

    const signature = signPolicy(policy, 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', '20151229', 'us-east-1');

    expect(signature).toBe('8afdbf4008c03f22c2cd3cdb72e4afbb1f6a588f3255ac628749a66d7f09699e');
  });
});

describe('checkPostForm', () => {
  it('returns the content-length-range of a valid form', () => {
    const form = signedForm(policyWith([{ key: 'a/b' }, ['content-length-range', 1, 100]]), { key: 'a/b', bucket: 'uploads' });

    const range = checkPostForm(form);

    expect(range).toEqual({ min: 1, max: 100 });
  });

  it('narrows several ranges to the one that satisfies all', () => {
    const conditions = [{ key: 'a' }, ['content-length-range', 1, 100], ['content-length-range', 10, 1000]];
    const form = signedForm(policyWith(conditions), { key: 'a' });

    const range = checkPostForm(form);

    expect(range).toEqual({ min: 10, max: 100 });
  });

  it('matches field names case-insensitively', () => {
    const form = signedForm(policyWith([{ key: 'a' }, ['eq', '$content-type', 'application/pdf']]), { key: 'a', 'Content-Type': 'application/pdf' });

    const range = checkPostForm(form);

    expect(range).toBeUndefined();
  });

  it('requires every entry of a Content-Type list to match a starts-with condition', () => {
    const form = signedForm(policyWith([{ key: 'a' }, ['starts-with', '$Content-Type', 'image/']]), {
      key: 'a',
      'Content-Type': 'image/png, application/pdf',
    });

    const error = capture(() => checkPostForm(form));

    expect(error.code).toBe('AccessDenied');
  });

  it('checks the bucket condition against the bucket in the URL', () => {
    const form = { ...signedForm(policyWith([{ key: 'a' }]), { key: 'a' }), bucket: 'other-bucket' };

    const error = capture(() => checkPostForm(form));

    expect(error.message).toBe('Invalid according to Policy: Policy Condition failed: ["eq", "$bucket", "uploads"]');
  });

  it('rejects a form without a key', () => {
    const form = signedForm(policyWith([]), {});

    const error = capture(() => checkPostForm(form));

    expect(error.code).toBe('InvalidArgument');
  });

  it('rejects a policy that is not base64 JSON, once the signature holds', () => {
    const form = signedForm(policyWith([]), { key: 'a' });
    const fields = form.fields.map(([name, value]): [string, string] => {
      if (name === 'Policy') return [name, 'bm90IGpzb24='];
      if (name === 'X-Amz-Signature') return [name, signPolicy('bm90IGpzb24=', CREDENTIALS.secretAccessKey, DATE, REGION)];
      return [name, value];
    });

    const error = capture(() => checkPostForm({ ...form, fields }));

    expect(error.code).toBe('InvalidPolicyDocument');
    expect(error.message).toBe('Invalid Policy: Invalid JSON.');
  });

  it('rejects a policy without an expiration', () => {
    const form = signedForm({ conditions: [{ key: 'a' }] }, { key: 'a' });

    const error = capture(() => checkPostForm(form));

    expect(error.message).toBe('Invalid Policy: Policy missing expiration.');
  });

  it('rejects an unknown condition operator', () => {
    const form = signedForm(policyWith([{ key: 'a' }, ['ends-with', '$key', 'a']]), { key: 'a' });

    const error = capture(() => checkPostForm(form));

    expect(error.code).toBe('InvalidPolicyDocument');
  });

  it('rejects SigV2 form fields', () => {
    const form = signedForm(policyWith([{ key: 'a' }]), { key: 'a' });
    const fields = form.fields.filter(([name]) => name !== 'X-Amz-Algorithm');

    const error = capture(() => checkPostForm({ ...form, fields: [...fields, ['AWSAccessKeyId', CREDENTIALS.accessKeyId]] }));

    expect(error.code).toBe('InvalidRequest');
  });

  it('rejects a field repeated in another case', () => {
    const form = signedForm(policyWith([{ key: 'a' }]), { key: 'a' });

    const error = capture(() => checkPostForm({ ...form, fields: [...form.fields, ['Key', 'b']] }));

    expect(error.code).toBe('InvalidArgument');
  });
});

describe('checkFileSize', () => {
  it('accepts both ends of the range', () => {
    const check = () => {
      checkFileSize(1, { min: 1, max: 10 });
      checkFileSize(10, { min: 1, max: 10 });
    };

    expect(check).not.toThrow();
  });

  it('rejects a size above the range as EntityTooLarge', () => {
    const error = capture(() => checkFileSize(11, { min: 1, max: 10 }));

    expect(error.code).toBe('EntityTooLarge');
    expect(error.statusCode).toBe(400);
    expect(error.details).toEqual({ ProposedSize: 11, MaxSizeAllowed: 10 });
  });

  it('rejects a size below the range as EntityTooSmall', () => {
    const error = capture(() => checkFileSize(0, { min: 1, max: 10 }));

    expect(error.code).toBe('EntityTooSmall');
    expect(error.details).toEqual({ ProposedSize: 0, MinSizeAllowed: 1 });
  });
});
