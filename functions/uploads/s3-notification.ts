import { z } from 'zod';
import { isSequencer } from './s3-sequencer.ts';

/** One object event from an S3 event notification, with its key decoded. */
export interface S3ObjectEvent {
  eventName: string;
  bucketName: string;
  /** Undefined when the key in the notification is not valid URL encoding. */
  objectKey: string | undefined;
  sequencer: string;
}

export type S3Notification =
  | { kind: 'test-event' }
  | { kind: 'records'; records: S3ObjectEvent[] }
  | { kind: 'invalid'; issue: string };

const recordSchema = z.object({
  eventName: z.string(),
  s3: z.object({
    bucket: z.object({ name: z.string().min(1) }),
    object: z.object({ key: z.string().min(1), sequencer: z.string().refine(isSequencer, 'not a hexadecimal sequencer') }),
  }),
});

/** S3 sends `s3:TestEvent` once when a notification configuration is created or changed. */
const testEventSchema = z.object({ Event: z.literal('s3:TestEvent') });

const notificationSchema = z.object({ Records: z.array(recordSchema) });

/**
 * Decodes an object key as S3 writes it in event notifications: URL-encoded, with '+' for a space.
 * Returns undefined when the encoding is invalid.
 */
export function decodeS3ObjectKey(encodedKey: string): string | undefined {
  try {
    return decodeURIComponent(encodedKey.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

/** Parses an SQS message body that S3 wrote: an event notification or a test event. */
export function parseS3Notification(body: string): S3Notification {
  let message: unknown;
  try {
    message = JSON.parse(body);
  } catch {
    return { kind: 'invalid', issue: 'body is not JSON' };
  }
  if (testEventSchema.safeParse(message).success) return { kind: 'test-event' };

  const parsed = notificationSchema.safeParse(message);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    // The issue code, not its message: zod may be configured with the Russian locale.
    return { kind: 'invalid', issue: `${first?.path.join('.') ?? ''}: ${first?.code ?? 'invalid'}` };
  }
  const records = parsed.data.Records.map((record) => ({
    eventName: record.eventName,
    bucketName: record.s3.bucket.name,
    objectKey: decodeS3ObjectKey(record.s3.object.key),
    sequencer: record.s3.object.sequencer,
  }));
  return { kind: 'records', records };
}
