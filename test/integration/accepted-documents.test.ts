/**
 * Runs the upload path against real stores on 127.0.0.1: the upload API signs a POST form, the
 * local S3 (s3rver behind the proxy that checks POST policies) stores what the form uploads and
 * reports each object-created record, the validator consumes those records, and the operator
 * console's `show` links to the result. dynalite holds both tables, and a small HTTP stub serves
 * SNS Publish (Query protocol) and records the messages. Nothing is mocked in-process.
 */
import { createServer, type Server } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
  S3EventRecord,
  SQSBatchResponse,
  SQSEvent,
} from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApplicationRecord } from '../../functions/domain/application-record.ts';
import type { DomainEvent } from '../../functions/domain/events.ts';
import { applicationKey } from '../../functions/domain/state-table-design.ts';
import { readFixture } from '../fixtures/files.ts';
import { createServiceTables, startDynalite, type LocalDynamo } from '../support/dynalite-tables.ts';
import { LOCAL_S3_CREDENTIALS, startTemporaryLocalS3, type TemporaryS3 } from '../support/local-s3.ts';
import { closeServer, listenOnLoopback } from '../support/loopback-server.ts';
import { setServiceEnvironment } from '../support/service-environment.ts';
import { sendPublishResponse } from '../support/sns-publish-stub.ts';

const HOST = '127.0.0.1';
const REGION = 'eu-central-1';
const CREDENTIALS = LOCAL_S3_CREDENTIALS;
const STATE_TABLE = 'accepted-state';
const PERSONAL_DATA_TABLE = 'accepted-personal-data';
const BUCKET = 'accepted-personal-data';
const TOPIC_ARN = `arn:aws:sns:${REGION}:000000000000:kontrakt-events`;
const UPLOAD_ROUTE = 'POST /applications/{applicationId}/documents/{documentType}/uploads';
const PASSPORT_REQUEST = { fileName: 'Паспорт_20250601.pdf', contentType: 'application/pdf' };

type ApiHandler = (event: APIGatewayProxyEventV2WithJWTAuthorizer, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;
type QueueHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

let requestUpload: ApiHandler;
let validateUpload: QueueHandler;
let showApplication: typeof import('../../operator/commands/show-application.ts').showApplication;
let dynamo: LocalDynamo;
let snsServer: Server;
let localS3: TemporaryS3;
let state: DynamoDBDocumentClient;
let s3: S3Client;
const objectRecords: S3EventRecord[] = [];
const publishedMessages: DomainEvent[] = [];
const savedEnvironment = { ...process.env };

/** Serves SNS Publish requests (Query protocol, form-encoded) and records each message. */
function startSnsStub(): Server {
  return createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      publishedMessages.push(JSON.parse(form.get('Message') ?? '{}') as DomainEvent);
      sendPublishResponse(response);
    });
  });
}

beforeAll(async () => {
  dynamo = await startDynalite();
  const dynamoEndpoint = dynamo.endpoint;
  snsServer = startSnsStub();
  const snsEndpoint = await listenOnLoopback(snsServer);
  localS3 = await startTemporaryLocalS3({
    directoryPrefix: 'kontrakt-accepted-documents-',
    buckets: [BUCKET],
    region: REGION,
    credentials: CREDENTIALS,
    notificationPrefix: 'uploads/',
    onObjectCreated: (record) => objectRecords.push(record),
  });
  await createServiceTables({ endpoint: dynamoEndpoint, region: REGION, credentials: CREDENTIALS }, { stateTable: STATE_TABLE, personalDataTable: PERSONAL_DATA_TABLE });

  setServiceEnvironment({
    region: REGION,
    credentials: CREDENTIALS,
    dynamoEndpoint,
    snsEndpoint,
    stateTable: STATE_TABLE,
    eventsTopicArn: TOPIC_ARN,
    personalData: { table: PERSONAL_DATA_TABLE, bucket: BUCKET, s3Endpoint: localS3.endpoint },
    logLevel: 'SILENT',
  });
  // Imported only now, so the SDK clients built at module load see the local endpoints.
  ({ handler: requestUpload } = (await import('../../functions/api/request-document-upload.ts')) as { handler: ApiHandler });
  ({ handler: validateUpload } = await import('../../functions/uploads/validate-upload.ts'));
  ({ showApplication } = await import('../../operator/commands/show-application.ts'));

  state = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: dynamoEndpoint, region: REGION, credentials: CREDENTIALS }));
  s3 = new S3Client({ endpoint: localS3.endpoint, region: REGION, forcePathStyle: true, credentials: CREDENTIALS });
});

afterAll(async () => {
  state?.destroy();
  s3?.destroy();
  await localS3?.stop();
  await dynamo?.stop();
  if (snsServer !== undefined) await closeServer(snsServer);
  process.env = savedEnvironment;
});

let applicationCount = 0;

/** Stores a RECEIVED application without documents, as the create API leaves it. */
async function seedApplication(): Promise<{ applicantId: string; applicationId: string }> {
  applicationCount++;
  const applicantId = `applicant-accepted-${applicationCount}`;
  const applicationId = `01JACCEPTED${String(applicationCount).padStart(15, '0')}`;
  const now = '2025-06-01T08:00:00.000Z';
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
        documents: {},
        pendingEvents: {},
      },
    }),
  );
  return { applicantId, applicationId };
}

function lambdaContext(functionName: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${REGION}:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: `${functionName}-request`,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'integration',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** Calls the upload API the way API Gateway would, and parses the JSON response. */
async function requestSlot(applicantId: string, applicationId: string, documentType: string, body: unknown) {
  const rawPath = `/applications/${applicationId}/documents/${documentType}/uploads`;
  const event = {
    version: '2.0',
    routeKey: UPLOAD_ROUTE,
    rawPath,
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    pathParameters: { applicationId, documentType },
    body: JSON.stringify(body),
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: HOST,
      domainPrefix: 'local',
      http: { method: 'POST', path: rawPath, protocol: 'HTTP/1.1', sourceIp: HOST, userAgent: 'vitest' },
      requestId: 'integration-request',
      routeKey: UPLOAD_ROUTE,
      stage: '$default',
      time: '',
      timeEpoch: 0,
      authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: { sub: applicantId }, scopes: [] } },
    },
  } satisfies APIGatewayProxyEventV2WithJWTAuthorizer;
  const result = await requestUpload(event, lambdaContext('RequestDocumentUpload'));
  return { statusCode: result.statusCode ?? 0, body: JSON.parse(String(result.body)) };
}

/** Uploads a file with the presigned form, as the applicant's browser does. */
async function postForm(form: { url: string; fields: Record<string, string> }, file: Uint8Array): Promise<number> {
  const body = new FormData();
  for (const [name, value] of Object.entries(form.fields)) body.append(name, value);
  body.append('file', new Blob([file], { type: form.fields['Content-Type'] }), 'document.pdf');
  const response = await fetch(form.url, { method: 'POST', body });
  await response.arrayBuffer();
  return response.status;
}

/** Waits until the local S3 has reported `count` object-created records for the key. */
async function recordsFor(objectKey: string, count: number): Promise<S3EventRecord[]> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const matching = objectRecords.filter((record) => decodeURIComponent(record.s3.object.key.replace(/\+/g, ' ')) === objectKey);
    if (matching.length >= count) return matching;
    if (Date.now() > deadline) throw new Error(`The local S3 reported ${matching.length} of ${count} records for ${objectKey}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Delivers one object-created record to the validator as the uploads queue would. */
async function deliver(record: S3EventRecord): Promise<SQSBatchResponse> {
  const message = {
    messageId: `message-${record.s3.object.sequencer}`,
    receiptHandle: 'receipt',
    body: JSON.stringify({ Records: [record] }),
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 'S3', ApproximateFirstReceiveTimestamp: '0' },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:${REGION}:000000000000:uploads`,
    awsRegion: REGION,
  };
  return validateUpload({ Records: [message] }, lambdaContext('ValidateUpload'));
}

async function readApplication(applicationId: string): Promise<ApplicationRecord> {
  const result = await state.send(new GetCommand({ TableName: STATE_TABLE, Key: applicationKey(applicationId), ConsistentRead: true }));
  return result.Item as ApplicationRecord;
}

async function journalTypes(applicationId: string): Promise<string[]> {
  const result = await state.send(
    new QueryCommand({
      TableName: STATE_TABLE,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': applicationKey(applicationId).pk, ':prefix': 'JOURNAL#' },
      ConsistentRead: true,
    }),
  );
  return (result.Items ?? []).map((entry) => String(entry.type)).sort();
}

async function readObjectBytes(objectKey: string): Promise<Uint8Array> {
  const object = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: objectKey }));
  return object.Body!.transformToByteArray();
}

const messageTypes = (applicationId: string): string[] =>
  publishedMessages.filter((message) => message.applicationId === applicationId).map((message) => message.type).sort();

/** PDF-looking bytes that differ from the accepted file, as a reused form would send them. */
const REPLACEMENT = new TextEncoder().encode('%PDF-1.7\nreplaced after acceptance\n%%EOF\n');

describe('accepted documents against dynalite, local S3 and an SNS stub', () => {
  it('keeps the accepted copy when the form is reused', async () => {
    // Prepare
    const { applicantId, applicationId } = await seedApplication();
    const slot = await requestSlot(applicantId, applicationId, 'PASSPORT', PASSPORT_REQUEST);
    const objectKey = slot.body.fields.key as string;
    expect(await postForm(slot.body, readFixture('valid.pdf'))).toBe(204);
    const [first] = await recordsFor(objectKey, 1);
    await deliver(first!);
    const accepted = await readApplication(applicationId);

    // Act
    const reuseStatus = await postForm(slot.body, REPLACEMENT);
    const [, second] = await recordsFor(objectKey, 2);
    const response = await deliver(second!);

    // Assess
    expect(accepted.documents.PASSPORT?.status).toBe('ACCEPTED');
    const acceptedKey = accepted.documents.PASSPORT?.acceptedObjectKey;
    expect(acceptedKey).toMatch(new RegExp(`^accepted/${applicantId}/${applicationId}/PASSPORT/${slot.body.uploadId}/[0-9a-f]{64}$`));
    expect(reuseStatus).toBe(204);
    expect(response).toEqual({ batchItemFailures: [] });
    expect(await readObjectBytes(objectKey)).toEqual(REPLACEMENT);
    expect(await readObjectBytes(acceptedKey!)).toEqual(readFixture('valid.pdf'));
    const after = await readApplication(applicationId);
    expect(after.version).toBe(accepted.version);
    expect(after.documents.PASSPORT).toEqual(accepted.documents.PASSPORT);
    expect(await journalTypes(applicationId)).toEqual(['DOCUMENT_ACCEPTED', 'DOCUMENT_UPLOAD_REQUESTED']);
    expect(messageTypes(applicationId)).toEqual(['DOCUMENT_ACCEPTED', 'DOCUMENT_UPLOAD_REQUESTED']);
  });

  it('links operators to the checked bytes', async () => {
    // Prepare
    const { applicantId, applicationId } = await seedApplication();
    const slot = await requestSlot(applicantId, applicationId, 'PASSPORT', PASSPORT_REQUEST);
    await postForm(slot.body, readFixture('valid.pdf'));
    await deliver((await recordsFor(slot.body.fields.key, 1))[0]!);
    await postForm(slot.body, REPLACEMENT);
    await deliver((await recordsFor(slot.body.fields.key, 2))[1]!);

    // Act
    const view = await showApplication(applicationId);

    // Assess
    const passport = view.documents.find((document) => document.type === 'PASSPORT');
    expect(passport?.status).toBe('ACCEPTED');
    expect(decodeURIComponent(new URL(passport!.downloadUrl!).pathname)).toContain('/accepted/');
    const download = await fetch(passport!.downloadUrl!);
    expect(download.status).toBe(200);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(readFixture('valid.pdf'));
  });

  it('ignores a reused form after a rejection', async () => {
    // Prepare
    const { applicantId, applicationId } = await seedApplication();
    const slot = await requestSlot(applicantId, applicationId, 'PASSPORT', PASSPORT_REQUEST);
    await postForm(slot.body, readFixture('encrypted.pdf'));
    await deliver((await recordsFor(slot.body.fields.key, 1))[0]!);
    const rejected = await readApplication(applicationId);

    // Act
    await postForm(slot.body, readFixture('valid.pdf'));
    const response = await deliver((await recordsFor(slot.body.fields.key, 2))[1]!);

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    const after = await readApplication(applicationId);
    expect(after.documents.PASSPORT?.status).toBe('REJECTED');
    expect(after.documents.PASSPORT?.reasonCode).toBe('ENCRYPTED_PDF');
    expect(after.documents.PASSPORT).not.toHaveProperty('acceptedObjectKey');
    expect(after.version).toBe(rejected.version);
    expect(await journalTypes(applicationId)).toEqual(['DOCUMENT_REJECTED', 'DOCUMENT_UPLOAD_REQUESTED']);
    const view = await showApplication(applicationId);
    expect(view.documents.find((document) => document.type === 'PASSPORT')?.downloadUrl).toBeUndefined();
  });

  it('returns 409 for the 21st slot request', async () => {
    // Prepare
    const { applicantId, applicationId } = await seedApplication();
    const statuses: number[] = [];
    for (let request = 1; request <= 20; request++) {
      statuses.push((await requestSlot(applicantId, applicationId, 'PASSPORT', PASSPORT_REQUEST)).statusCode);
    }
    const before = await readApplication(applicationId);

    // Act
    const result = await requestSlot(applicantId, applicationId, 'PASSPORT', PASSPORT_REQUEST);

    // Assess
    expect(statuses).toEqual(Array.from({ length: 20 }, () => 201));
    expect(result.statusCode).toBe(409);
    expect(result.body.error.code).toBe('TOO_MANY_UPLOADS');
    expect(result.body.error.message).toBe('Превышено число загрузок этого документа (20); обратитесь в поддержку');
    const after = await readApplication(applicationId);
    expect(after.version).toBe(before.version);
    expect(after.documents.PASSPORT?.requestCount).toBe(20);
    expect(after.documents.PASSPORT?.history).toHaveLength(19);
    expect(after.eventIds?.size).toBe(20);
  });
});
