/**
 * Runs the contract's life against real stores on 127.0.0.1: dynalite for the state and
 * personal-data tables, s3rver for the personal-data bucket, and one HTTP stub that serves SNS
 * Publish and Step Functions StartExecution. It checks what the unit tests mock away: that
 * DynamoDB accepts the commits' nested update and condition expressions, that the PDF lands in the
 * bucket and that the presigned link downloads it.
 */
import { createServer, type Server } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApplicationRecord } from '../../functions/domain/application-record.ts';
import { applicationKey } from '../../functions/domain/state-table-design.ts';
import { formKey } from '../../functions/personal-data/table-design.ts';
import { storedFormOf } from '../unit/schemas/form-fixtures.ts';
import { extractPdfText } from '../unit/contracts/pdf-text.ts';
import { createServiceTables, startDynalite, type LocalDynamo } from '../support/dynalite-tables.ts';
import { startTemporaryS3rver, type TemporaryS3 } from '../support/local-s3.ts';
import { closeServer, listenOnLoopback } from '../support/loopback-server.ts';
import { setServiceEnvironment } from '../support/service-environment.ts';
import { sendPublishResponse } from '../support/sns-publish-stub.ts';

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
let dynamo: LocalDynamo;
let awsStub: Server;
let s3rver: TemporaryS3;
let rawState: DynamoDBDocumentClient;
const savedEnvironment = { ...process.env };

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
      sendPublishResponse(response);
    });
  });
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
  dynamo = await startDynalite();
  const dynamoEndpoint = dynamo.endpoint;
  awsStub = startAwsStub();
  const stubEndpoint = await listenOnLoopback(awsStub);
  s3rver = await startTemporaryS3rver({ bucket: BUCKET, directoryPrefix: 'kontrakt-contract-s3-', vhostBuckets: false });
  const s3Endpoint = s3rver.endpoint;

  setServiceEnvironment({
    region: REGION,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    dynamoEndpoint,
    snsEndpoint: stubEndpoint,
    stateTable: STATE_TABLE,
    eventsTopicArn: `arn:aws:sns:${REGION}:000000000000:events`,
    personalData: { table: PERSONAL_DATA_TABLE, bucket: BUCKET, s3Endpoint },
    logLevel: 'SILENT',
    extra: { AWS_ENDPOINT_URL_SFN: stubEndpoint, REVIEW_STATE_MACHINE_ARN: STATE_MACHINE_ARN },
  });
  await createServiceTables({ endpoint: dynamoEndpoint, region: REGION }, { stateTable: STATE_TABLE, personalDataTable: PERSONAL_DATA_TABLE });
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
  await s3rver?.stop();
  if (awsStub !== undefined) await closeServer(awsStub);
  await dynamo?.stop();
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
