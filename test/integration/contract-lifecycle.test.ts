/**
 * Runs the contract's life against real stores on 127.0.0.1: dynalite for the state and
 * personal-data tables, s3rver for the personal-data bucket, and one HTTP stub that serves SNS
 * Publish and Step Functions StartExecution. It checks what the unit tests mock away: that
 * DynamoDB accepts the commits' nested update and condition expressions, that the PDF lands in the
 * bucket and that the presigned link downloads it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApplicationRecord } from '../../functions/domain/application-record.ts';
import { STATE_TABLE_DESIGN, applicationKey } from '../../functions/domain/state-table-design.ts';
import { PERSONAL_DATA_TABLE_DESIGN, formKey } from '../../functions/personal-data/table-design.ts';
import { storedFormOf } from '../unit/schemas/form-fixtures.ts';
import { extractPdfText } from '../unit/contracts/pdf-text.ts';

const require = createRequire(import.meta.url);
const dynalite = require('dynalite') as (options: { createTableMs?: number; updateTableMs?: number }) => Server;

const HOST = '127.0.0.1';
const REGION = 'eu-central-1';
const STATE_TABLE = 'contract-state';
const PERSONAL_DATA_TABLE = 'contract-personal-data';
const BUCKET = 'contract-personal-data';
const STATE_MACHINE_ARN = `arn:aws:states:${REGION}:000000000000:stateMachine:Review`;
const APPLICANT = 'applicant-contract-1';
const APPLICATION_ID = '01JF3Q8Z6Y4T2N7KX5W9HBCDEA';

type Handler = (event: APIGatewayProxyEventV2WithJWTAuthorizer, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;
type GenerateContract = (input: { applicationId: string; executionName: string; contractVersion: number }) => Promise<{ objectKey: string }>;

const handlers: Record<string, Handler> = {};
let generateContract: GenerateContract;
const startedExecutions: Array<{ name: string; input: string }> = [];
let dynamoServer: Server;
let awsStub: Server;
let s3rver: S3rver;
let s3Directory: string;
let rawState: DynamoDBDocumentClient;
const savedEnvironment = { ...process.env };

function listen(server: Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, HOST, () => resolve(`http://${HOST}:${(server.address() as AddressInfo).port}`));
  });
}

const close = (server: Server): Promise<void> => new Promise((resolve) => server.close(() => resolve()));

/** Serves SNS Publish (Query protocol) and Step Functions StartExecution (JSON 1.0). */
function startAwsStub(): Server {
  return createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (request.headers['x-amz-target'] === 'AWSStepFunctions.StartExecution') {
        const call = JSON.parse(body) as { stateMachineArn: string; name: string; input: string };
        startedExecutions.push({ name: call.name, input: call.input });
        const executionArn = `${call.stateMachineArn.replace(':stateMachine:', ':execution:')}:${call.name}`;
        response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end(JSON.stringify({ executionArn, startDate: 1_750_000_000 }));
        return;
      }
      response.writeHead(200, { 'content-type': 'text/xml' }).end(
        '<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>message</MessageId>' +
          '</PublishResult><ResponseMetadata><RequestId>request</RequestId></ResponseMetadata></PublishResponse>',
      );
    });
  });
}

async function createTable(client: DynamoDBClient, tableName: string, withIndexes: boolean): Promise<void> {
  const indexes = withIndexes ? STATE_TABLE_DESIGN.indexes : [];
  const attributes = new Set(['pk', 'sk', ...indexes.flatMap((index) => [index.partitionKey, index.sortKey])]);
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: PERSONAL_DATA_TABLE_DESIGN.partitionKey, KeyType: 'HASH' },
        { AttributeName: PERSONAL_DATA_TABLE_DESIGN.sortKey, KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [...attributes].map((name) => ({ AttributeName: name, AttributeType: 'S' as const })),
      GlobalSecondaryIndexes:
        indexes.length === 0
          ? undefined
          : indexes.map((index) => ({
              IndexName: index.indexName,
              KeySchema: [
                { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
                { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
              ],
              Projection: { ProjectionType: 'ALL' as const },
            })),
    }),
  );
}

/** Calls an API handler the way API Gateway would, and parses the JSON response. */
async function call(name: string, input: { method: string; path: string; body?: unknown; query?: Record<string, string> }) {
  const body = input.body === undefined ? undefined : JSON.stringify(input.body);
  const routeKey = `${input.method} ${input.path}`;
  const event = {
    version: '2.0',
    routeKey,
    rawPath: input.path,
    rawQueryString: '',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    pathParameters: { applicationId: APPLICATION_ID },
    queryStringParameters: input.query,
    body,
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: HOST,
      domainPrefix: 'local',
      http: { method: input.method, path: input.path, protocol: 'HTTP/1.1', sourceIp: HOST, userAgent: 'vitest' },
      requestId: 'contract-request',
      routeKey,
      stage: '$default',
      time: '',
      timeEpoch: 0,
      authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: { sub: APPLICANT }, scopes: [] } },
    },
  } satisfies APIGatewayProxyEventV2WithJWTAuthorizer;
  const context = { awsRequestId: 'contract-request', functionName: name, getRemainingTimeInMillis: () => 30_000 } as unknown as Context;
  const result = await handlers[name]!(event, context);
  return { statusCode: result.statusCode ?? 0, body: typeof result.body === 'string' ? JSON.parse(result.body) : undefined };
}

async function readRecord(): Promise<ApplicationRecord> {
  const result = await rawState.send(new GetCommand({ TableName: STATE_TABLE, Key: applicationKey(APPLICATION_ID), ConsistentRead: true }));
  return result.Item as ApplicationRecord;
}

async function downloadText(url: string): Promise<string> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return (await extractPdfText(new Uint8Array(await response.arrayBuffer()))).join(' ');
}

beforeAll(async () => {
  dynamoServer = dynalite({ createTableMs: 0, updateTableMs: 0 });
  const dynamoEndpoint = await listen(dynamoServer);
  awsStub = startAwsStub();
  const stubEndpoint = await listen(awsStub);
  s3Directory = await mkdtemp(join(tmpdir(), 'kontrakt-contract-s3-'));
  s3rver = new S3rver({ address: HOST, port: 0, directory: s3Directory, silent: true, vhostBuckets: false, configureBuckets: [{ name: BUCKET }] });
  const s3Address = await s3rver.run();
  const s3Endpoint = `http://${HOST}:${s3Address.port}`;

  Object.assign(process.env, {
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint,
    AWS_ENDPOINT_URL_SNS: stubEndpoint,
    AWS_ENDPOINT_URL_SFN: stubEndpoint,
    STATE_TABLE_NAME: STATE_TABLE,
    EVENTS_TOPIC_ARN: `arn:aws:sns:${REGION}:000000000000:events`,
    REVIEW_STATE_MACHINE_ARN: STATE_MACHINE_ARN,
    PERSONAL_DATA_TABLE_NAME: PERSONAL_DATA_TABLE,
    PERSONAL_DATA_BUCKET_NAME: BUCKET,
    PERSONAL_DATA_DYNAMODB_ENDPOINT: dynamoEndpoint,
    PERSONAL_DATA_S3_ENDPOINT: s3Endpoint,
    PERSONAL_DATA_S3_FORCE_PATH_STYLE: 'true',
    PERSONAL_DATA_REGION: REGION,
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
  const client = new DynamoDBClient({ endpoint: dynamoEndpoint, region: REGION });
  await createTable(client, STATE_TABLE, true);
  await createTable(client, PERSONAL_DATA_TABLE, false);
  client.destroy();
  rawState = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: dynamoEndpoint, region: REGION }));

  const now = '2025-06-01T07:00:00.000Z';
  await rawState.send(
    new PutCommand({
      TableName: STATE_TABLE,
      Item: {
        ...applicationKey(APPLICATION_ID),
        applicationId: APPLICATION_ID,
        applicantId: APPLICANT,
        status: 'APPROVED',
        version: 5,
        createdAt: now,
        updatedAt: now,
        documents: {},
        pendingEvents: {},
        eventIds: new Set(['created']),
      },
    }),
  );
  await rawState.send(
    new PutCommand({
      TableName: PERSONAL_DATA_TABLE,
      Item: { ...formKey(APPLICATION_ID), applicationId: APPLICATION_ID, applicantId: APPLICANT, form: storedFormOf(), version: 1, updatedAt: now },
    }),
  );

  // Imported only now, so the SDK clients built at module load see the local endpoints.
  for (const name of ['contract-get', 'contract-amendment', 'contract-cancel']) {
    handlers[name] = ((await import(`../../functions/api/${name}.ts`)) as { handler: Handler }).handler;
  }
  generateContract = ((await import('../../functions/contracts/generate-contract.ts')) as { generateContract: GenerateContract }).generateContract;
});

afterAll(async () => {
  rawState?.destroy();
  await s3rver?.close();
  if (awsStub !== undefined) await close(awsStub);
  if (dynamoServer !== undefined) await close(dynamoServer);
  if (s3Directory !== undefined) await rm(s3Directory, { recursive: true, force: true });
  process.env = savedEnvironment;
});

describe('contract lifecycle against dynalite and s3rver', () => {
  const contractPath = `/applications/${APPLICATION_ID}/contract`;

  it('reports no contract before it is generated', async () => {
    // Act
    const result = await call('contract-get', { method: 'GET', path: contractPath });

    // Assess
    expect(result.statusCode).toBe(404);
    expect(result.body.error.code).toBe('CONTRACT_NOT_FOUND');
  });

  it('generates version 1 and downloads it', async () => {
    // Act
    await generateContract({ applicationId: APPLICATION_ID, executionName: `${APPLICATION_ID}-r1`, contractVersion: 1 });
    const result = await call('contract-get', { method: 'GET', path: contractPath });

    // Assess
    expect(result.statusCode).toBe(200);
    expect(result.body.currentVersion).toBe(1);
    const text = await downloadText(result.body.downloadUrl);
    expect(text).toContain('Контракт о прохождении военной службы');
    expect(text).toContain('Петрова-Водкина Алёна Сергеевна');
    expect(text).toContain('по 31.08.2026 включительно');
  });

  it('requests an amendment and starts its review', async () => {
    // Act
    const result = await call('contract-amendment', {
      method: 'POST',
      path: `${contractPath}/amendments`,
      body: { terms: { contractEnd: '2099-08-31' }, reason: 'Прошу продлить контракт' },
    });

    // Assess
    expect(result.statusCode).toBe(202);
    const record = await readRecord();
    expect(record.contract?.pendingAmendment).toMatchObject({
      amendmentId: result.body.amendment.amendmentId,
      executionName: `${APPLICATION_ID}-a1`,
      executionArn: result.body.amendment.executionArn,
    });
    expect(startedExecutions.map((execution) => execution.name)).toEqual([`${APPLICATION_ID}-a1`]);
  });

  it('generates version 2 with the amended terms and keeps version 1', async () => {
    // Act
    await generateContract({ applicationId: APPLICATION_ID, executionName: `${APPLICATION_ID}-a1`, contractVersion: 2 });
    const current = await call('contract-get', { method: 'GET', path: contractPath });
    const first = await call('contract-get', { method: 'GET', path: contractPath, query: { version: '1' } });

    // Assess
    expect(current.body.versions.map((version: { version: number }) => version.version)).toEqual([1, 2]);
    expect(await downloadText(current.body.downloadUrl)).toContain('по 31.08.2099 включительно');
    expect(await downloadText(first.body.downloadUrl)).toContain('по 31.08.2026 включительно');
  });

  it('cancels once the amendment is decided', async () => {
    // Prepare
    const whilePending = await call('contract-cancel', { method: 'POST', path: `${contractPath}/cancel`, body: { reason: 'Передумал' } });
    // The workflow removes the pending amendment when it records the decision.
    await rawState.send(
      new UpdateCommand({ TableName: STATE_TABLE, Key: applicationKey(APPLICATION_ID), UpdateExpression: 'REMOVE #contract.#pending', ExpressionAttributeNames: { '#contract': 'contract', '#pending': 'pendingAmendment' } }),
    );

    // Act
    const cancelled = await call('contract-cancel', { method: 'POST', path: `${contractPath}/cancel`, body: { reason: 'Передумал' } });
    const repeated = await call('contract-cancel', { method: 'POST', path: `${contractPath}/cancel`, body: { reason: 'Передумал' } });

    // Assess
    expect(whilePending.statusCode).toBe(409);
    expect(whilePending.body.error.code).toBe('AMENDMENT_UNDER_REVIEW');
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.body.statusTitle).toBe('Отменён');
    expect(repeated.statusCode).toBe(409);
    expect(repeated.body.error.code).toBe('ALREADY_CANCELLED');
    const record = await readRecord();
    expect(record.status).toBe('CANCELLED');
    expect(record.contract?.versions).toHaveLength(2);
  });
});
