/**
 * Runs the upload validator against real stores on 127.0.0.1: dynalite for the state and
 * personal-data tables, s3rver for the personal-data bucket, and a small HTTP stub that serves
 * SNS Publish requests (Query protocol) and records the messages. Nothing is mocked in-process.
 */
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApplicationRecord } from '../../functions/domain/application-record.ts';
import type { DomainEvent } from '../../functions/domain/events.ts';
import { applicationKey } from '../../functions/domain/state-table-design.ts';
import { uploadObjectKey } from '../../functions/personal-data/table-design.ts';
import { FIXTURE_FILES, readFixture, writeSizedPdfFiles, type FixtureName, type SizedPdfFiles } from '../fixtures/files.ts';
import { createServiceTables, startDynalite, type LocalDynamo } from '../support/dynalite-tables.ts';
import { startTemporaryS3rver, type TemporaryS3 } from '../support/local-s3.ts';
import { closeServer, listenOnLoopback } from '../support/loopback-server.ts';
import { setServiceEnvironment } from '../support/service-environment.ts';
import { sendPublishResponse } from '../support/sns-publish-stub.ts';

const REGION = 'eu-central-1';
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const STATE_TABLE = 'kontrakt-state';
const PERSONAL_DATA_TABLE = 'kontrakt-personal-data';
const BUCKET = 'kontrakt-personal-data';
const TOPIC_ARN = `arn:aws:sns:${REGION}:000000000000:kontrakt-events`;

type Handler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

let handler: Handler;
let dynamo: LocalDynamo;
let snsServer: Server;
let s3rver: TemporaryS3;
let sizedPdfs: SizedPdfFiles;
let state: DynamoDBDocumentClient;
let s3: S3Client;
const publishedMessages: DomainEvent[] = [];
const savedEnvironment = { ...process.env };

/** Serves SNS Publish requests (Query protocol, form-encoded) and records each message. */
function startSnsStub(): Server {
  let published = 0;
  return createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      if (form.get('Action') !== 'Publish' || form.get('TopicArn') !== TOPIC_ARN) {
        response.writeHead(400, { 'content-type': 'text/xml' }).end('<ErrorResponse><Error><Code>InvalidParameter</Code></Error></ErrorResponse>');
        return;
      }
      publishedMessages.push(JSON.parse(form.get('Message') ?? '{}') as DomainEvent);
      published++;
      sendPublishResponse(response, `message-${published}`, `request-${published}`);
    });
  });
}

beforeAll(async () => {
  dynamo = await startDynalite();
  const dynamoEndpoint = dynamo.endpoint;
  snsServer = startSnsStub();
  const snsEndpoint = await listenOnLoopback(snsServer);
  s3rver = await startTemporaryS3rver({ bucket: BUCKET, directoryPrefix: 'kontrakt-validate-upload-' });
  const s3Endpoint = s3rver.endpoint;
  await createServiceTables({ endpoint: dynamoEndpoint, region: REGION, credentials: CREDENTIALS }, { stateTable: STATE_TABLE, personalDataTable: PERSONAL_DATA_TABLE });

  setServiceEnvironment({
    region: REGION,
    credentials: CREDENTIALS,
    dynamoEndpoint,
    snsEndpoint,
    stateTable: STATE_TABLE,
    eventsTopicArn: TOPIC_ARN,
    personalData: { table: PERSONAL_DATA_TABLE, bucket: BUCKET, s3Endpoint },
    logLevel: 'WARN',
  });
  ({ handler } = await import('../../functions/uploads/validate-upload.ts'));

  state = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: dynamoEndpoint, region: REGION, credentials: CREDENTIALS }));
  s3 = new S3Client({ endpoint: s3Endpoint, region: REGION, forcePathStyle: true, credentials: CREDENTIALS });
  sizedPdfs = await writeSizedPdfFiles();
});

afterAll(async () => {
  state?.destroy();
  s3?.destroy();
  await sizedPdfs?.remove();
  await s3rver?.stop();
  await dynamo?.stop();
  if (snsServer !== undefined) await closeServer(snsServer);
  process.env = savedEnvironment;
});

interface Upload {
  applicantId: string;
  applicationId: string;
  documentType: string;
  uploadId: string;
  objectKey: string;
}

let uploadCount = 0;

/** Stores a RECEIVED application with one document slot awaiting upload, as the upload API leaves it. */
async function seedApplication(options: { applicantId?: string; documentType?: string; contentType: string }): Promise<Upload> {
  uploadCount++;
  const applicantId = options.applicantId ?? `applicant-${uploadCount}`;
  const applicationId = `01JAPPLICATION${String(uploadCount).padStart(12, '0')}`;
  const documentType = options.documentType ?? 'PASSPORT';
  const uploadId = `01JUPLOAD${String(uploadCount).padStart(17, '0')}`;
  const objectKey = uploadObjectKey(applicantId, applicationId, documentType, uploadId);
  const now = '2025-01-15T08:00:00.000Z';
  await state.send(
    new PutCommand({
      TableName: STATE_TABLE,
      Item: {
        ...applicationKey(applicationId),
        applicationId,
        applicantId,
        status: 'RECEIVED',
        version: 1,
        createdAt: now,
        updatedAt: now,
        documents: {
          [documentType]: {
            status: 'AWAITING_UPLOAD',
            uploadId,
            objectKey,
            fileName: 'Паспорт_20250115.pdf',
            contentType: options.contentType,
            requestedAt: now,
          },
        },
        pendingEvents: {},
      },
    }),
  );
  return { applicantId, applicationId, documentType, uploadId, objectKey };
}

async function putObject(objectKey: string, body: Uint8Array, contentType: string): Promise<void> {
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: objectKey, Body: body, ContentType: contentType }));
}

let sequence = 0x55aed6dcd90281e0n;
const nextSequencer = (): string => (sequence++).toString(16).toUpperCase().padStart(18, '0');

/** Delivers one S3 ObjectCreated notification, key URL-encoded as S3 writes it, through the handler. */
async function deliver(objectKey: string, sequencer: string): Promise<SQSBatchResponse> {
  const encodedKey = objectKey.split('/').map((part) => encodeURIComponent(part).replace(/%20/g, '+')).join('/');
  const notification = {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: REGION,
        eventTime: new Date().toISOString(),
        eventName: 'ObjectCreated:Post',
        s3: { bucket: { name: BUCKET, arn: `arn:aws:s3:::${BUCKET}` }, object: { key: encodedKey, size: 1, sequencer } },
      },
    ],
  };
  const message = {
    messageId: `message-${sequencer}`,
    receiptHandle: 'receipt',
    body: JSON.stringify(notification),
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 'S3', ApproximateFirstReceiveTimestamp: '0' },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:${REGION}:000000000000:uploads`,
    awsRegion: REGION,
  };
  return handler({ Records: [message] }, { functionName: 'ValidateUpload', awsRequestId: `request-${sequencer}` } as Context);
}

async function readObjectBytes(objectKey: string): Promise<Uint8Array> {
  const object = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: objectKey }));
  return object.Body!.transformToByteArray();
}

async function readApplication(applicationId: string): Promise<ApplicationRecord> {
  const result = await state.send(new GetCommand({ TableName: STATE_TABLE, Key: applicationKey(applicationId), ConsistentRead: true }));
  return result.Item as ApplicationRecord;
}

async function readJournal(applicationId: string): Promise<DomainEvent[]> {
  const result = await state.send(
    new QueryCommand({
      TableName: STATE_TABLE,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': applicationKey(applicationId).pk, ':prefix': 'JOURNAL#' },
    }),
  );
  return (result.Items ?? []) as DomainEvent[];
}

const messagesFor = (applicationId: string): DomainEvent[] =>
  publishedMessages.filter((message) => message.applicationId === applicationId);

describe('validate-upload against dynalite, s3rver and an SNS stub', () => {
  it.each<FixtureName>(['valid.pdf', 'valid.jpg', 'valid.png', 'encrypted.pdf', 'png-renamed.pdf', 'truncated.jpg', 'empty.pdf'])(
    'records the verdict on %s',
    async (name) => {
      const fixture = FIXTURE_FILES[name];
      const upload = await seedApplication({ contentType: fixture.contentType });
      await putObject(upload.objectKey, readFixture(name), fixture.contentType);

      const response = await deliver(upload.objectKey, nextSequencer());

      expect(response).toEqual({ batchItemFailures: [] });
      const slot = (await readApplication(upload.applicationId)).documents[upload.documentType];
      expect(slot?.status).toBe(fixture.expectedReasonCode === undefined ? 'ACCEPTED' : 'REJECTED');
      expect(slot?.reasonCode).toBe(fixture.expectedReasonCode);
      expect(slot?.sizeBytes).toBe(readFixture(name).length);
      if (fixture.expectedReasonCode === undefined) expect(await readObjectBytes(slot!.acceptedObjectKey!)).toEqual(readFixture(name));
      else expect(slot).not.toHaveProperty('acceptedObjectKey');
      const journal = await readJournal(upload.applicationId);
      expect(journal.map((entry) => entry.type)).toEqual([fixture.expectedReasonCode === undefined ? 'DOCUMENT_ACCEPTED' : 'DOCUMENT_REJECTED']);
      expect(messagesFor(upload.applicationId)).toHaveLength(1);
    },
  );

  it('decodes the key of an applicant id with a space and a plus', async () => {
    const upload = await seedApplication({ applicantId: 'esia user+42', contentType: 'application/pdf' });
    await putObject(upload.objectKey, readFixture('valid.pdf'), 'application/pdf');

    await deliver(upload.objectKey, nextSequencer());

    const slot = (await readApplication(upload.applicationId)).documents.PASSPORT;
    expect(slot?.status).toBe('ACCEPTED');
    expect(slot?.detectedFormat).toBe('PDF');
  });

  it('applies a repeated event once', async () => {
    const upload = await seedApplication({ contentType: 'application/pdf' });
    await putObject(upload.objectKey, readFixture('valid.pdf'), 'application/pdf');
    const sequencer = nextSequencer();

    await deliver(upload.objectKey, sequencer);
    const afterFirst = await readApplication(upload.applicationId);
    const response = await deliver(upload.objectKey, sequencer);

    expect(response).toEqual({ batchItemFailures: [] });
    expect((await readApplication(upload.applicationId)).version).toBe(afterFirst.version);
    expect(await readJournal(upload.applicationId)).toHaveLength(1);
    expect(messagesFor(upload.applicationId)).toHaveLength(1);
  });

  it('keeps the newer verdict when an older event arrives late', async () => {
    const upload = await seedApplication({ contentType: 'application/pdf' });
    const olderSequencer = nextSequencer();
    const newerSequencer = nextSequencer();
    await putObject(upload.objectKey, readFixture('encrypted.pdf'), 'application/pdf');

    await deliver(upload.objectKey, newerSequencer);
    await putObject(upload.objectKey, readFixture('valid.pdf'), 'application/pdf');
    await deliver(upload.objectKey, olderSequencer);

    const slot = (await readApplication(upload.applicationId)).documents.PASSPORT;
    expect(slot?.status).toBe('REJECTED');
    expect(slot?.reasonCode).toBe('ENCRYPTED_PDF');
    expect(slot?.lastSequencer).toMatch(new RegExp(`${newerSequencer}$`));
    expect(await readJournal(upload.applicationId)).toHaveLength(1);
  });

  it('ignores a newer event of a validated slot', async () => {
    const upload = await seedApplication({ contentType: 'application/pdf' });
    await putObject(upload.objectKey, readFixture('truncated.pdf'), 'application/pdf');
    await deliver(upload.objectKey, nextSequencer());
    await putObject(upload.objectKey, readFixture('valid.pdf'), 'application/pdf');

    const response = await deliver(upload.objectKey, nextSequencer());

    expect(response).toEqual({ batchItemFailures: [] });
    const slot = (await readApplication(upload.applicationId)).documents.PASSPORT;
    expect(slot?.status).toBe('REJECTED');
    expect(slot?.reasonCode).toBe('TRUNCATED_FILE');
    expect((await readJournal(upload.applicationId)).map((entry) => entry.type)).toEqual(['DOCUMENT_REJECTED']);
    expect(messagesFor(upload.applicationId)).toHaveLength(1);
  });

  it('skips an object whose slot has a newer upload id', async () => {
    const upload = await seedApplication({ contentType: 'application/pdf' });
    await putObject(upload.objectKey, readFixture('valid.pdf'), 'application/pdf');
    await state.send(
      new UpdateCommand({
        TableName: STATE_TABLE,
        Key: applicationKey(upload.applicationId),
        UpdateExpression: 'SET documents.PASSPORT.uploadId = :newer',
        ExpressionAttributeValues: { ':newer': '01JUPLOADNEWER000000000000' },
      }),
    );

    const response = await deliver(upload.objectKey, nextSequencer());

    expect(response).toEqual({ batchItemFailures: [] });
    expect((await readApplication(upload.applicationId)).documents.PASSPORT?.status).toBe('AWAITING_UPLOAD');
    expect(await readJournal(upload.applicationId)).toHaveLength(0);
  });

  it('accepts a PDF of exactly 10 MB', async () => {
    const upload = await seedApplication({ contentType: 'application/pdf' });
    await putObject(upload.objectKey, await readFile(sizedPdfs.exactLimitPath), 'application/pdf');

    await deliver(upload.objectKey, nextSequencer());

    const slot = (await readApplication(upload.applicationId)).documents.PASSPORT;
    expect(slot?.status).toBe('ACCEPTED');
    expect(slot?.sizeBytes).toBe(10 * 1024 * 1024);
  });

  it('rejects a PDF of 10 MB and 1 byte', async () => {
    const upload = await seedApplication({ contentType: 'application/pdf' });
    await putObject(upload.objectKey, await readFile(sizedPdfs.overLimitPath), 'application/pdf');

    await deliver(upload.objectKey, nextSequencer());

    const slot = (await readApplication(upload.applicationId)).documents.PASSPORT;
    expect(slot?.status).toBe('REJECTED');
    expect(slot?.reasonCode).toBe('FILE_TOO_LARGE');
    expect(slot?.sizeBytes).toBe(10 * 1024 * 1024 + 1);
  });

  it('skips an event whose object was deleted', async () => {
    const upload = await seedApplication({ contentType: 'application/pdf' });

    const response = await deliver(upload.objectKey, nextSequencer());

    expect(response).toEqual({ batchItemFailures: [] });
    expect((await readApplication(upload.applicationId)).documents.PASSPORT?.status).toBe('AWAITING_UPLOAD');
  });
});
