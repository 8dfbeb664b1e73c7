import { describe, expect, it } from 'vitest';
import { decodeS3ObjectKey, parseS3Notification } from '../../../functions/uploads/s3-notification.ts';

function notificationBody(key: string, overrides: { eventName?: string; sequencer?: string } = {}): string {
  return JSON.stringify({
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        eventName: overrides.eventName ?? 'ObjectCreated:Post',
        s3: {
          bucket: { name: 'personal-data', arn: 'arn:aws:s3:::personal-data' },
          object: { key, size: 10, eTag: 'abc', sequencer: overrides.sequencer ?? '0055AED6DCD90281E5' },
        },
      },
    ],
  });
}

describe('decodeS3ObjectKey', () => {
  it.each([
    ['uploads/a/b/PASSPORT/01J', 'uploads/a/b/PASSPORT/01J'],
    ['uploads/esia+1000%2B42/b', 'uploads/esia 1000+42/b'],
    ['uploads/%D0%B7%D0%B0%D1%8F%D0%B2%D0%BA%D0%B0', 'uploads/заявка'],
    ['uploads/%E0%A4%A', undefined],
  ])('decodes %s', (encoded, expected) => {
    expect(decodeS3ObjectKey(encoded)).toBe(expected);
  });
});

describe('parseS3Notification', () => {
  it('recognizes the S3 test event', () => {
    const body = JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent', Time: '2025-01-15T09:00:00.000Z', Bucket: 'personal-data' });

    expect(parseS3Notification(body)).toEqual({ kind: 'test-event' });
  });

  it('returns the records with decoded keys', () => {
    const parsed = parseS3Notification(notificationBody('uploads/applicant+1/app-1/PASSPORT/upload-1'));

    expect(parsed).toEqual({
      kind: 'records',
      records: [
        {
          eventName: 'ObjectCreated:Post',
          bucketName: 'personal-data',
          objectKey: 'uploads/applicant 1/app-1/PASSPORT/upload-1',
          sequencer: '0055AED6DCD90281E5',
        },
      ],
    });
  });

  it.each([
    ['a body that is not JSON', 'not json'],
    ['a body without Records', JSON.stringify({ Message: 'hello' })],
    ['a sequencer that is not hexadecimal', notificationBody('uploads/a/b/c/d', { sequencer: 'xyz' })],
  ])('rejects %s', (_case, body) => {
    expect(parseS3Notification(body).kind).toBe('invalid');
  });
});
