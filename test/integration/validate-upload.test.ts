/**
 * Runs the upload validator against real stores on 127.0.0.1: dynalite for the state and
 * personal-data tables, s3rver for the personal-data bucket, and a small HTTP stub that serves
 * SNS Publish requests (Query protocol) and records the messages. Nothing is mocked in-process.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient, type GlobalSecondaryIndex } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApplicationRecord } from '../../functions/domain/application-record.ts';
import type { DomainEvent } from '../../functions/domain/events.ts';
import { STATE_TABLE_DESIGN, applicationKey } from '../../functions/domain/state-table-design.ts';
import { PERSONAL_DATA_TABLE_DESIGN, uploadObjectKey } from '../../functions/personal-data/table-design.ts';
import { FIXTURE_FILES, readFixture, writeSizedPdfFiles, type FixtureName, type SizedPdfFiles } from '../fixtures/files.ts';

const require = createRequire(import.meta.url);
const dynalite = require('dynalite') as (options: { createTableMs?: number; updateTableMs?: number }) => Server;

const HOST = '127.0.0.1';
const REGION = 'eu-central-1';
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const STATE_TABLE = 'kontrakt-state';
const PERSONAL_DATA_TABLE = 'kontrakt-personal-data';
const BUCKET = 'kontrakt-personal-data';
const TOPIC_ARN = `arn:aws:sns:${REGION}:000000000000:kontrakt-events`;

type Handler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

let handler: Handler;
let dynamoServer: Server;
let snsServer: Server;
let s3rver: S3rver;
let s3Directory: string;
let sizedPdfs: SizedPdfFiles;
let state: DynamoDBDocumentClient;
let s3: S3Client;
const publishedMessages: DomainEvent[] = [];
const savedEnvironment = { ...process.env };

function listen(server: Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, HOST, () => resolve(`http://${HOST}:${(server.address() as AddressInfo).port}`));
  });
}

const close = (server: Server): Promise<void> => new Promise((resolve) => server.close(() => resolve()));

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
      response.writeHead(200, { 'content-type': 'text/xml' }).end(
        `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>message-${published}</MessageId>` +
          `</PublishResult><ResponseMetadata><RequestId>request-${published}</RequestId></ResponseMetadata></PublishResponse>`,
      );
    });
  });
}

async function createTables(endpoint: string): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region: REGION, credentials: CREDENTIALS });
  const stringAttribute = (name: string) => ({ AttributeName: name, AttributeType: 'S' as const });
  const indexAttributes = STATE_TABLE_DESIGN.indexes.flatMap((index) => [index.partitionKey, index.sortKey]);
  const indexes: GlobalSecondaryIndex[] = STATE_TABLE_DESIGN.indexes.map((index) => ({
    IndexName: index.indexName,
    KeySchema: [
      { AttributeName: index.partitionKey, KeyType: 'HASH' },
      { AttributeName: index.sortKey, KeyType: 'RANGE' },
    ],
    Projection: { ProjectionType: 'ALL' },
  }));
  await client.send(
    new CreateTableCommand({
      TableName: STATE_TABLE,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: STATE_TABLE_DESIGN.partitionKey, KeyType: 'HASH' },
        { AttributeName: STATE_TABLE_DESIGN.sortKey, KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [...new Set(['pk', 'sk', ...indexAttributes])].map(stringAttribute),
      GlobalSecondaryIndexes: indexes,
    }),
  );
  await client.send(
    new CreateTableCommand({
      TableName: PERSONAL_DATA_TABLE,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: PERSONAL_DATA_TABLE_DESIGN.partitionKey, KeyType: 'HASH' },
        { AttributeName: PERSONAL_DATA_TABLE_DESIGN.sortKey, KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [stringAttribute('pk'), stringAttribute('sk')],
    }),
  );
  client.destroy();
}

beforeAll(async () => {
  dynamoServer = dynalite({ createTableMs: 0, updateTableMs: 0 });
  const dynamoEndpoint = await listen(dynamoServer);
  snsServer = startSnsStub();
  const snsEndpoint = await listen(snsServer);
  s3Directory = await mkdtemp(join(tmpdir(), 'kontrakt-validate-upload-'));
  s3rver = new S3rver({ address: HOST, port: 0, silent: true, directory: s3Directory, configureBuckets: [{ name: BUCKET }] });
  const s3Address = await s3rver.run();
  const s3Endpoint = `http://${HOST}:${s3Address.port}`;
  await createTables(dynamoEndpoint);

  Object.assign(process.env, {
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint,
    AWS_ENDPOINT_URL_SNS: snsEndpoint,
    STATE_TABLE_NAME: STATE_TABLE,
    EVENTS_TOPIC_ARN: TOPIC_ARN,
    PERSONAL_DATA_TABLE_NAME: PERSONAL_DATA_TABLE,
    PERSONAL_DATA_BUCKET_NAME: BUCKET,
    PERSONAL_DATA_REGION: REGION,
    PERSONAL_DATA_DYNAMODB_ENDPOINT: dynamoEndpoint,
    PERSONAL_DATA_S3_ENDPOINT: s3Endpoint,
    PERSONAL_DATA_S3_FORCE_PATH_STYLE: 'true',
    POWERTOOLS_LOG_LEVEL: 'WARN',
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
  await s3rver?.close();
  await Promise.all([dynamoServer, snsServer].filter(Boolean).map(close));
  await rm(s3Directory, { recursive: true, force: true });
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
