import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { createHash } from 'node:crypto';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client, type GetObjectCommandOutput } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { logger } from '../../../functions/commons/logger.ts';
import type { ApplicationRecord, DocumentRecord } from '../../../functions/domain/application-record.ts';
import { deriveEventId } from '../../../functions/domain/events.ts';
import { uploadObjectKey } from '../../../functions/personal-data/table-design.ts';
import { normalizeSequencer } from '../../../functions/uploads/s3-sequencer.ts';
import { handler, processUploadMessages } from '../../../functions/uploads/validate-upload.ts';
import { TEN_MEGABYTES, readFixture } from '../../fixtures/files.ts';

const dynamo = mockClient(DynamoDBDocumentClient);
const s3 = mockClient(S3Client);
const sns = mockClient(SNSClient);

const BUCKET = 'test-personal-data-bucket';
const APPLICANT_ID = 'applicant-1';
const APPLICATION_ID = '01JAPPLICATION0000000000001';
const UPLOAD_ID = '01JUPLOAD000000000000000001';
const OBJECT_KEY = uploadObjectKey(APPLICANT_ID, APPLICATION_ID, 'PASSPORT', UPLOAD_ID);
const SEQUENCER = '0055AED6DCD90281E5';

beforeAll(() => {
  process.env.STATE_TABLE_NAME = 'test-state';
  process.env.EVENTS_TOPIC_ARN = 'arn:aws:sns:eu-central-1:000000000000:events';
  process.env.PERSONAL_DATA_TABLE_NAME = 'test-personal-data';
  process.env.PERSONAL_DATA_BUCKET_NAME = BUCKET;
  process.env.AWS_REGION = 'eu-central-1';
});

function documentSlot(overrides: Partial<DocumentRecord> = {}): DocumentRecord {
  return {
    status: 'AWAITING_UPLOAD',
    uploadId: UPLOAD_ID,
    objectKey: OBJECT_KEY,
    fileName: 'Паспорт_20250115.pdf',
    contentType: 'application/pdf',
    requestedAt: '2025-01-15T08:00:00.000Z',
    ...overrides,
  };
}

function application(overrides: Partial<ApplicationRecord> = {}, slot: Partial<DocumentRecord> = {}): ApplicationRecord {
  return {
    applicationId: APPLICATION_ID,
    applicantId: APPLICANT_ID,
    status: 'RECEIVED',
    version: 3,
    createdAt: '2025-01-15T08:00:00.000Z',
    updatedAt: '2025-01-15T08:00:00.000Z',
    documents: { PASSPORT: documentSlot(slot) },
    pendingEvents: {},
    ...overrides,
  };
}

interface ObjectEventOptions {
  key?: string;
  sequencer?: string;
  eventName?: string;
  bucket?: string;
}

/** Builds an S3 event record as S3 writes it, with the key URL-encoded and '+' for spaces. */
function s3Record(options: ObjectEventOptions = {}) {
  const key = options.key ?? OBJECT_KEY;
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: 'eu-central-1',
    eventTime: '2025-01-15T09:00:00.000Z',
    eventName: options.eventName ?? 'ObjectCreated:Post',
    s3: {
      bucket: { name: options.bucket ?? BUCKET, arn: `arn:aws:s3:::${options.bucket ?? BUCKET}` },
      object: { key: encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/'), size: 1, sequencer: options.sequencer ?? SEQUENCER },
    },
  };
}

function sqsMessage(messageId: string, body: unknown): SQSRecord {
  return {
    messageId,
    receiptHandle: `receipt-${messageId}`,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '1736931600000',
      SenderId: 'AIDAEXAMPLE',
      ApproximateFirstReceiveTimestamp: '1736931600000',
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-central-1:000000000000:uploads',
    awsRegion: 'eu-central-1',
  };
}

const uploadEvent = (...messages: SQSRecord[]): SQSEvent => ({ Records: messages });
const objectEventMessage = (messageId: string, options: ObjectEventOptions = {}) =>
  sqsMessage(messageId, { Records: [s3Record(options)] });

/** Serves the application item to readApplicationRecord and the publisher; nothing else is stored. */
function serveApplication(record: ApplicationRecord | undefined): void {
  dynamo.on(GetCommand).callsFake((input: { Key: { sk: string } }) => {
    return input.Key.sk === 'APPLICATION' ? { Item: record } : {};
  });
  dynamo.on(UpdateCommand).callsFake((input: UpdateCommandInput) => {
    return input.ReturnValues === 'ALL_NEW' ? { Attributes: { ...record, version: (record?.version ?? 0) + 1 } } : {};
  });
  dynamo.on(PutCommand).resolves({});
}

function serveObject(bytes: Uint8Array, contentLength = bytes.length): void {
  s3.on(HeadObjectCommand).resolves({ ContentLength: contentLength });
  const body = { transformToByteArray: async () => bytes } as unknown as GetObjectCommandOutput['Body'];
  s3.on(GetObjectCommand).resolves({ Body: body });
  s3.on(PutObjectCommand).resolves({});
}

/** The validator's commit: the UpdateItem that returns the new item. */
function commitInputs(): UpdateCommandInput[] {
  return dynamo
    .commandCalls(UpdateCommand)
    .map((call) => call.args[0].input)
    .filter((input) => input.ReturnValues === 'ALL_NEW');
}

/** Resolves the SET clause of an UpdateItem to `attribute.path` → value. */
function assignedValues(input: UpdateCommandInput): Record<string, unknown> {
  const names = input.ExpressionAttributeNames ?? {};
  const values = input.ExpressionAttributeValues ?? {};
  const setClause = /^SET (.*?)(?: ADD | REMOVE |$)/.exec(input.UpdateExpression ?? '')?.[1] ?? '';
  const assigned: Record<string, unknown> = {};
  for (const match of setClause.matchAll(/([#\w.]+) = (:\w+)/g)) {
    const path = match[1]!.split('.').map((placeholder) => names[placeholder] ?? placeholder).join('.');
    assigned[path] = values[match[2]!];
  }
  return assigned;
}

let infoLog: MockInstance<typeof logger.info>;
let warnLog: MockInstance<typeof logger.warn>;
let errorLog: MockInstance<typeof logger.error>;

const skipReasons = (): unknown[] =>
  infoLog.mock.calls
    .filter(([message]) => message === 'Upload event skipped')
    .map((call) => (call[1] as { skipReason?: string }).skipReason);

beforeEach(() => {
  dynamo.reset();
  s3.reset();
  sns.reset();
  sns.on(PublishCommand).resolves({ MessageId: 'message-1' });
  infoLog = vi.spyOn(logger, 'info').mockImplementation(() => undefined);
  warnLog = vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
  errorLog = vi.spyOn(logger, 'error').mockImplementation(() => undefined);
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('validate-upload handler', () => {
  it('accepts a valid PDF and records the verdict in the slot', async () => {
    serveApplication(application());
    serveObject(readFixture('valid.pdf'));

    const response = await processUploadMessages(uploadEvent(objectEventMessage('m1')));

    expect(response).toEqual({ batchItemFailures: [] });
    const [commit] = commitInputs();
    expect(commit).toBeDefined();
    const assigned = assignedValues(commit!);
    expect(assigned['documents.PASSPORT.status']).toBe('ACCEPTED');
    expect(assigned['documents.PASSPORT.detectedFormat']).toBe('PDF');
    expect(assigned['documents.PASSPORT.sizeBytes']).toBe(readFixture('valid.pdf').length);
    expect(assigned['documents.PASSPORT.lastSequencer']).toBe(normalizeSequencer(SEQUENCER));
    expect(commit!.ExpressionAttributeValues?.[':validatedUploadId']).toBe(UPLOAD_ID);
    expect(commit!.UpdateExpression).toContain('REMOVE');
  });

  it('copies accepted bytes under accepted/ before the commit', async () => {
    // Prepare
    serveApplication(application());
    serveObject(readFixture('valid.pdf'));
    const sha256 = createHash('sha256').update(readFixture('valid.pdf')).digest('hex');
    const expectedKey = `accepted/${APPLICANT_ID}/${APPLICATION_ID}/PASSPORT/${UPLOAD_ID}/${sha256}`;

    // Act
    await processUploadMessages(uploadEvent(objectEventMessage('m1')));

    // Assess
    const [put] = s3.commandCalls(PutObjectCommand);
    expect(put?.args[0].input.Key).toBe(expectedKey);
    expect(put?.args[0].input.Body).toEqual(readFixture('valid.pdf'));
    expect(put?.args[0].input.ContentType).toBe('application/pdf');
    const assigned = assignedValues(commitInputs()[0]!);
    expect(assigned['documents.PASSPORT.acceptedObjectKey']).toBe(expectedKey);
    expect(assigned['documents.PASSPORT.acceptedSha256']).toBe(sha256);
  });

  it('retries the message when the accepted copy fails', async () => {
    // Prepare
    serveApplication(application());
    serveObject(readFixture('valid.pdf'));
    s3.on(PutObjectCommand).rejects(Object.assign(new Error('Please reduce your request rate.'), { name: 'SlowDown', $metadata: { httpStatusCode: 503 } }));

    // Act
    const response = await processUploadMessages(uploadEvent(objectEventMessage('m1')));

    // Assess
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm1' }] });
    expect(commitInputs()).toHaveLength(0);
  });

  it('rejects an encrypted PDF with its reason and event', async () => {
    serveApplication(application());
    serveObject(readFixture('encrypted.pdf'));

    await processUploadMessages(uploadEvent(objectEventMessage('m1')));

    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
    const assigned = assignedValues(commitInputs()[0]!);
    expect(assigned['documents.PASSPORT.status']).toBe('REJECTED');
    expect(assigned['documents.PASSPORT.reasonCode']).toBe('ENCRYPTED_PDF');
    expect(assigned).not.toHaveProperty(['documents.PASSPORT.acceptedObjectKey']);
    const pendingEvent = Object.entries(assigned).find(([path]) => path.startsWith('pendingEvents.'))?.[1];
    expect(pendingEvent).toMatchObject({
      type: 'DOCUMENT_REJECTED',
      documentType: 'PASSPORT',
      reasonCode: 'ENCRYPTED_PDF',
      eventId: deriveEventId(OBJECT_KEY, normalizeSequencer(SEQUENCER)),
    });
  });

  it.each<[string, ApplicationRecord | undefined, ObjectEventOptions, string]>([
    ['a stale upload id', application({}, { uploadId: '01JUPLOAD000000000000000002' }), {}, 'stale-upload'],
    ['a slot that does not exist', application({ documents: {} }), {}, 'stale-upload'],
    ['a deleted application', undefined, {}, 'application-not-found'],
    ['a repeated event', application({}, { lastSequencer: normalizeSequencer(SEQUENCER) }), {}, 'not-newer'],
    ['an older sequencer', application({}, { lastSequencer: normalizeSequencer('0055AED6DCD90281F0') }), {}, 'not-newer'],
    [
      'a reused form after acceptance',
      application({}, { status: 'ACCEPTED', lastSequencer: normalizeSequencer('0055AED6DCD90281E4') }),
      {},
      'slot-used',
    ],
    [
      'a reused form after rejection',
      application({}, { status: 'REJECTED', reasonCode: 'TRUNCATED_FILE', lastSequencer: normalizeSequencer('0055AED6DCD90281E4') }),
      {},
      'slot-used',
    ],
    ['a submitted application', application({ status: 'IN_REVIEW' }), {}, 'application-not-received'],
    ['another applicant in the key', application({ applicantId: 'applicant-2' }), {}, 'applicant-mismatch'],
    ['a key outside uploads/', application(), { key: 'contracts/applicant-1/app/v1.pdf' }, 'not-an-upload-key'],
    ['an ObjectRemoved event', application(), { eventName: 'ObjectRemoved:Delete' }, 'not-object-created'],
    ['another bucket', application(), { bucket: 'someone-elses-bucket' }, 'other-bucket'],
  ])('skips %s without reading the object', async (_case, record, options, reason) => {
    serveApplication(record);
    serveObject(readFixture('valid.pdf'));

    const response = await processUploadMessages(uploadEvent(objectEventMessage('m1', options)));

    expect(response).toEqual({ batchItemFailures: [] });
    expect(skipReasons()).toEqual([reason]);
    expect(s3.commandCalls(HeadObjectCommand)).toHaveLength(0);
    expect(commitInputs()).toHaveLength(0);
  });

  it('ignores the S3 test event', async () => {
    const testEvent = { Service: 'Amazon S3', Event: 's3:TestEvent', Time: '2025-01-15T09:00:00.000Z', Bucket: BUCKET };

    const response = await processUploadMessages(uploadEvent(sqsMessage('m1', testEvent)));

    expect(response).toEqual({ batchItemFailures: [] });
    expect(dynamo.calls()).toHaveLength(0);
    expect(s3.calls()).toHaveLength(0);
  });

  it('decodes a URL-encoded key before using it', async () => {
    const applicantId = 'esia user+42';
    const key = uploadObjectKey(applicantId, APPLICATION_ID, 'PASSPORT', UPLOAD_ID);
    serveApplication(application({ applicantId }, { objectKey: key }));
    serveObject(readFixture('valid.pdf'));
    const message = objectEventMessage('m1', { key });

    await processUploadMessages(uploadEvent(message));

    expect(message.body).toContain('uploads/esia+user%2B42/');
    expect(s3.commandCalls(HeadObjectCommand)[0]?.args[0].input.Key).toBe(key);
    expect(assignedValues(commitInputs()[0]!)['documents.PASSPORT.status']).toBe('ACCEPTED');
  });

  it.each([
    ['oversized', TEN_MEGABYTES + 1, 'FILE_TOO_LARGE'],
    ['empty', 0, 'EMPTY_FILE'],
  ])('rejects an %s object from its metadata without downloading it', async (_case, contentLength, reasonCode) => {
    serveApplication(application());
    serveObject(readFixture('valid.pdf'), contentLength);

    await processUploadMessages(uploadEvent(objectEventMessage('m1')));

    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(0);
    const assigned = assignedValues(commitInputs()[0]!);
    expect(assigned['documents.PASSPORT.reasonCode']).toBe(reasonCode);
    expect(assigned['documents.PASSPORT.sizeBytes']).toBe(contentLength);
  });

  it('skips an object that no longer exists', async () => {
    serveApplication(application());
    s3.on(HeadObjectCommand).rejects(Object.assign(new Error('Not Found'), { name: 'NotFound', $metadata: { httpStatusCode: 404 } }));

    const response = await processUploadMessages(uploadEvent(objectEventMessage('m1')));

    expect(response).toEqual({ batchItemFailures: [] });
    expect(skipReasons()).toEqual(['object-missing']);
  });

  it('reports a transiently failing message and no other', async () => {
    serveApplication(application());
    serveObject(readFixture('valid.pdf'));
    const slowDown = Object.assign(new Error('Please reduce your request rate.'), { name: 'SlowDown', $metadata: { httpStatusCode: 503 } });
    s3.on(HeadObjectCommand).rejectsOnce(slowDown).resolves({ ContentLength: readFixture('valid.pdf').length });

    const response = await processUploadMessages(uploadEvent(objectEventMessage('m1'), objectEventMessage('m2')));

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm1' }] });
    expect(warnLog).toHaveBeenCalledWith(expect.stringContaining('transiently'), expect.objectContaining({ errorName: 'SlowDown' }));
    expect(commitInputs()).toHaveLength(1);
  });

  it('reports a message whose processing hits a bug', async () => {
    dynamo.on(GetCommand).rejects(new TypeError('Cannot read properties of undefined'));

    const response = await processUploadMessages(uploadEvent(objectEventMessage('m1')));

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm1' }] });
    expect(errorLog).toHaveBeenCalledWith(expect.stringContaining('dead-letter queue'), expect.objectContaining({ errorName: 'TypeError' }));
  });

  it('reports a message that is not an S3 notification', async () => {
    const response = await processUploadMessages(uploadEvent(sqsMessage('m1', 'not json')));

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm1' }] });
    expect(errorLog).toHaveBeenCalledWith('Queue message is not an S3 event notification', expect.anything());
  });

  it('skips the event when the slot changes before the commit', async () => {
    serveApplication(application());
    serveObject(readFixture('valid.pdf'));
    dynamo
      .on(UpdateCommand, { ReturnValues: 'ALL_NEW' })
      .rejects(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }));

    const response = await processUploadMessages(uploadEvent(objectEventMessage('m1')));

    expect(response).toEqual({ batchItemFailures: [] });
    expect(skipReasons()).toEqual(['slot-changed']);
  });

  it('skips an event whose id is already recorded', async () => {
    const eventId = deriveEventId(OBJECT_KEY, normalizeSequencer(SEQUENCER));
    serveApplication(application({ eventIds: new Set([eventId]) }));
    serveObject(readFixture('valid.pdf'));

    await processUploadMessages(uploadEvent(objectEventMessage('m1')));

    expect(skipReasons()).toEqual(['already-applied']);
    expect(commitInputs()).toHaveLength(0);
  });

  it('runs through the middy chain', async () => {
    serveApplication(application());
    serveObject(readFixture('valid.png'));
    const context = { functionName: 'ValidateUpload', awsRequestId: 'request-1' } as Context;

    const response = await handler(uploadEvent(objectEventMessage('m1')), context);

    expect(response).toEqual({ batchItemFailures: [] });
    expect(assignedValues(commitInputs()[0]!)['documents.PASSPORT.reasonCode']).toBe('CONTENT_TYPE_MISMATCH');
  });
});
