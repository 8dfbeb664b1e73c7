/**
 * Runs the applicant API handlers against real stores on 127.0.0.1: dynalite for the state and
 * personal-data tables, and one HTTP stub that serves SNS Publish (Query protocol) and Step
 * Functions StartExecution (JSON 1.0) and records each call. Presigning the upload form needs no
 * network. The upload validator is not part of this test, so it marks documents ACCEPTED itself.
 */
import { createServer, type Server } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUIRED_DOCUMENT_TYPES } from '../../functions/domain/document-catalogue.ts';
import { applicationKey } from '../../functions/domain/state-table-design.ts';
import { formKey } from '../../functions/personal-data/table-design.ts';
import { validFormInput } from '../unit/schemas/form-fixtures.ts';
import { createServiceTables, startDynalite, type LocalDynamo } from '../support/dynalite-tables.ts';
import { closeServer, listenOnLoopback } from '../support/loopback-server.ts';
import { setServiceEnvironment } from '../support/service-environment.ts';
import { sendPublishResponse } from '../support/sns-publish-stub.ts';

const HOST = '127.0.0.1';
const REGION = 'eu-central-1';
const STATE_TABLE = 'api-state';
const PERSONAL_DATA_TABLE = 'api-personal-data';
const STATE_MACHINE_ARN = `arn:aws:states:${REGION}:000000000000:stateMachine:Review`;
const APPLICANT = 'applicant-integration-1';
const OTHER_APPLICANT = 'applicant-integration-2';

type Handler = (event: APIGatewayProxyEventV2WithJWTAuthorizer, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

interface StartExecutionCall {
  stateMachineArn: string;
  name: string;
  input: string;
}

const handlers: Record<string, Handler> = {};
const publishedEventTypes: string[] = [];
const startExecutionCalls: StartExecutionCall[] = [];
let dynamo: LocalDynamo;
let awsStub: Server;
let rawState: DynamoDBDocumentClient;
const savedEnvironment = { ...process.env };

/** Serves SNS Publish and Step Functions StartExecution. A repeated execution name with the same input gets the same ARN. */
function startAwsStub(): Server {
  return createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (request.headers['x-amz-target'] === 'AWSStepFunctions.StartExecution') {
        const call = JSON.parse(body) as StartExecutionCall;
        const earlier = startExecutionCalls.find((candidate) => candidate.name === call.name);
        startExecutionCalls.push(call);
        if (earlier !== undefined && earlier.input !== call.input) {
          response.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
          response.end(JSON.stringify({ __type: 'ExecutionAlreadyExists', message: 'Execution already exists' }));
          return;
        }
        const executionArn = `${call.stateMachineArn.replace(':stateMachine:', ':execution:')}:${call.name}`;
        response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
        response.end(JSON.stringify({ executionArn, startDate: 1_750_000_000 }));
        return;
      }
      const form = new URLSearchParams(body);
      publishedEventTypes.push(String((JSON.parse(form.get('Message') ?? '{}') as { type?: string }).type));
      sendPublishResponse(response);
    });
  });
}

function lambdaContext(): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'api-integration',
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${REGION}:000000000000:function:api-integration`,
    memoryLimitInMB: '256',
    awsRequestId: 'integration-request',
    logGroupName: '/aws/lambda/api-integration',
    logStreamName: 'integration',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

interface Call {
  routeKey: string;
  path?: Record<string, string>;
  body?: unknown;
  headers?: Record<string, string>;
  applicantId?: string;
}

/** Calls the handler of a route the way API Gateway would, and parses the JSON response. */
async function call(handlerName: string, request: Call): Promise<{ statusCode: number; headers: Record<string, string>; body: any }> {
  const [method, rawPath] = request.routeKey.split(' ') as [string, string];
  const body = request.body === undefined ? undefined : JSON.stringify(request.body);
  const event = {
    version: '2.0',
    routeKey: request.routeKey,
    rawPath,
    rawQueryString: '',
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...request.headers },
    pathParameters: request.path,
    body,
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: HOST,
      domainPrefix: 'local',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: HOST, userAgent: 'vitest' },
      requestId: 'integration-request',
      routeKey: request.routeKey,
      stage: '$default',
      time: '',
      timeEpoch: 0,
      authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: { sub: request.applicantId ?? APPLICANT }, scopes: [] } },
    },
  } satisfies APIGatewayProxyEventV2WithJWTAuthorizer;
  const handler = handlers[handlerName];
  if (handler === undefined) throw new Error(`Handler ${handlerName} is not loaded`);
  const result = await handler(event, lambdaContext());
  return {
    statusCode: result.statusCode ?? 0,
    headers: (result.headers ?? {}) as Record<string, string>,
    body: typeof result.body === 'string' ? JSON.parse(result.body) : undefined,
  };
}

/** Sets a document ACCEPTED the way the upload validator would, without its checks. */
async function acceptDocument(applicationId: string, documentType: string): Promise<void> {
  await rawState.send(
    new UpdateCommand({
      TableName: STATE_TABLE,
      Key: applicationKey(applicationId),
      UpdateExpression: 'SET documents.#type.#status = :accepted, #version = #version + :one',
      ExpressionAttributeNames: { '#type': documentType, '#status': 'status', '#version': 'version' },
      ExpressionAttributeValues: { ':accepted': 'ACCEPTED', ':one': 1 },
    }),
  );
}

const UPLOAD_BODIES: Record<string, unknown> = {
  PASSPORT: { fileName: 'Паспорт_20250601.pdf', contentType: 'application/pdf' },
  MILITARY_ID: { fileName: 'Военный_билет_20250601.jpg', contentType: 'image/jpeg' },
  SCHOOL_CERTIFICATE: { fileName: 'Аттестат_20130620.png', contentType: 'image/png' },
  MEDICAL_HEALTH: { fileName: 'Справка_о_здоровье_20250601.pdf', contentType: 'application/pdf', issueDate: '2025-06-01', expiryDate: '2035-06-01' },
  MEDICAL_CONTRAINDICATIONS: {
    fileName: 'Справка_о_противопоказаниях_20250601.pdf',
    contentType: 'application/pdf',
    issueDate: '2025-06-01',
    expiryDate: '2035-06-01',
  },
  PERSONAL_DATA_CONSENT: { fileName: 'Согласие_20250601.pdf', contentType: 'application/pdf' },
};

/** Builds the upload request of a criminal-record certificate issued today, so it is valid whenever the test runs. */
function criminalRecordBody(): unknown {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Moscow' }).format(new Date());
  return { fileName: `Справка_о_судимости_${today.replaceAll('-', '')}.pdf`, contentType: 'application/pdf', issueDate: today };
}

beforeAll(async () => {
  dynamo = await startDynalite();
  const dynamoEndpoint = dynamo.endpoint;
  awsStub = startAwsStub();
  const stubEndpoint = await listenOnLoopback(awsStub);

  setServiceEnvironment({
    region: REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local-secret' },
    dynamoEndpoint,
    snsEndpoint: stubEndpoint,
    stateTable: STATE_TABLE,
    eventsTopicArn: `arn:aws:sns:${REGION}:000000000000:events`,
    // Port 9 (discard) on 127.0.0.1: these tests only presign S3 requests, so nothing connects to it.
    personalData: { table: PERSONAL_DATA_TABLE, bucket: 'api-personal-data', s3Endpoint: `http://${HOST}:9` },
    logLevel: 'SILENT',
    extra: {
      AWS_ENDPOINT_URL_SFN: stubEndpoint,
      AWS_ENDPOINT_URL_S3: `http://${HOST}:9`,
      REVIEW_STATE_MACHINE_ARN: STATE_MACHINE_ARN,
    },
  });
  await createServiceTables({ endpoint: dynamoEndpoint, region: REGION }, { stateTable: STATE_TABLE, personalDataTable: PERSONAL_DATA_TABLE });
  rawState = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: dynamoEndpoint, region: REGION }));

  // Imported only now, so the SDK clients built at module load see the local endpoints.
  for (const name of ['create-application', 'list-applications', 'get-application', 'update-application', 'request-document-upload', 'submit-application']) {
    handlers[name] = ((await import(`../../functions/api/${name}.ts`)) as { handler: Handler }).handler;
  }
});

afterAll(async () => {
  rawState?.destroy();
  if (awsStub !== undefined) await closeServer(awsStub);
  await dynamo?.stop();
  process.env = savedEnvironment;
});

describe('applicant API against dynalite', () => {
  let applicationId: string;

  it('creates an application and journals it', async () => {
    // Act
    const created = await call('create-application', { routeKey: 'POST /applications', body: validFormInput() });

    // Assess
    expect(created.statusCode).toBe(201);
    applicationId = created.body.applicationId;
    expect(created.body.journal.map((entry: { text: string }) => entry.text)).toEqual(['Заявление создано']);
    expect(publishedEventTypes).toContain('APPLICATION_CREATED');
    const stored = await rawState.send(new GetCommand({ TableName: PERSONAL_DATA_TABLE, Key: formKey(applicationId) }));
    expect(stored.Item?.form.passport).toMatchObject({ series: '4506', number: '012345' });
    const record = await rawState.send(new GetCommand({ TableName: STATE_TABLE, Key: applicationKey(applicationId) }));
    expect(JSON.stringify(record.Item)).not.toContain('Петрова');
  });

  it('returns the same application for a repeated Idempotency-Key', async () => {
    // Prepare
    const headers = { 'idempotency-key': 'integration-key-1' };

    // Act
    const first = await call('create-application', { routeKey: 'POST /applications', body: validFormInput(), headers });
    const second = await call('create-application', { routeKey: 'POST /applications', body: validFormInput(), headers });

    // Assess
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.body.applicationId).toBe(first.body.applicationId);
    expect(second.body.journal).toHaveLength(1);
  });

  it("lists only the caller's applications", async () => {
    // Act
    const own = await call('list-applications', { routeKey: 'GET /applications' });
    const other = await call('list-applications', { routeKey: 'GET /applications', applicantId: OTHER_APPLICANT });

    // Assess
    expect(own.body.applications).toHaveLength(2);
    expect(other.body.applications).toEqual([]);
  });

  it('edits the form once per version', async () => {
    // Prepare
    const edited = validFormInput();
    edited.phone = '8 903 000 11 22';
    const request = { routeKey: 'PUT /applications/{applicationId}', path: { applicationId }, body: edited, headers: { 'if-match': '"1"' } };

    // Act
    const first = await call('update-application', request);
    const stale = await call('update-application', { ...request, body: { ...edited, email: 'other@example.ru' } });

    // Assess
    expect(first.statusCode).toBe(200);
    expect(first.headers.etag).toBe('"2"');
    expect(stale.statusCode).toBe(412);
    const current = await call('get-application', { routeKey: 'GET /applications/{applicationId}', path: { applicationId } });
    expect(current.body.form.phone).toBe('+79030001122');
    expect(current.body.form.email).toBe('alena.petrova@example.ru');
    expect(current.body.journal.map((entry: { text: string }) => entry.text)).toEqual(['Заявление создано', 'Анкета заявления изменена']);
  });

  it('hides the application from another applicant', async () => {
    // Act
    const result = await call('get-application', {
      routeKey: 'GET /applications/{applicationId}',
      path: { applicationId },
      applicantId: OTHER_APPLICANT,
    });

    // Assess
    expect(result.statusCode).toBe(404);
  });

  it('keeps the replaced upload in the history', async () => {
    // Prepare
    const request = { routeKey: 'POST /applications/{applicationId}/documents/{documentType}/uploads', path: { applicationId, documentType: 'PASSPORT' } };

    // Act
    const first = await call('request-document-upload', { ...request, body: UPLOAD_BODIES.PASSPORT });
    const second = await call('request-document-upload', { ...request, body: { fileName: 'Паспорт_20250602.pdf', contentType: 'application/pdf' } });

    // Assess
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.body.fields.key).toContain(`/${applicationId}/PASSPORT/${second.body.uploadId}`);
    const current = await call('get-application', { routeKey: 'GET /applications/{applicationId}', path: { applicationId } });
    const passport = current.body.documents.find((document: { documentType: string }) => document.documentType === 'PASSPORT');
    expect(passport).toMatchObject({ status: 'AWAITING_UPLOAD', uploadId: second.body.uploadId, fileName: 'Паспорт_20250602.pdf' });
    expect(passport.history).toEqual([expect.objectContaining({ uploadId: first.body.uploadId, status: 'AWAITING_UPLOAD' })]);
  });

  it('refuses submission until every required document is accepted', async () => {
    // Act
    const result = await call('submit-application', { routeKey: 'POST /applications/{applicationId}/submit', path: { applicationId } });

    // Assess
    expect(result.statusCode).toBe(409);
    expect(result.body.error.code).toBe('DOCUMENTS_INCOMPLETE');
    expect(result.body.error.fields).toHaveLength(REQUIRED_DOCUMENT_TYPES.length);
    expect(startExecutionCalls).toEqual([]);
  });

  it('submits once and starts one execution however often it is called', async () => {
    // Prepare
    for (const documentType of REQUIRED_DOCUMENT_TYPES) {
      const body = documentType === 'CRIMINAL_RECORD_CERTIFICATE' ? criminalRecordBody() : UPLOAD_BODIES[documentType];
      const upload = await call('request-document-upload', {
        routeKey: 'POST /applications/{applicationId}/documents/{documentType}/uploads',
        path: { applicationId, documentType },
        body,
      });
      expect(upload.statusCode, documentType).toBe(201);
      await acceptDocument(applicationId, documentType);
    }
    const request = { routeKey: 'POST /applications/{applicationId}/submit', path: { applicationId } };

    // Act
    const first = await call('submit-application', request);
    const second = await call('submit-application', request);

    // Assess
    expect(first.statusCode).toBe(202);
    expect(second.statusCode).toBe(202);
    expect(second.body.review.executionArn).toBe(first.body.review.executionArn);
    expect(startExecutionCalls.map((started) => started.name)).toEqual([`${applicationId}-r1`, `${applicationId}-r1`]);
    expect(startExecutionCalls[0]?.input).toBe(`{"applicationId":"${applicationId}","round":1}`);
    const record = await rawState.send(new GetCommand({ TableName: STATE_TABLE, Key: applicationKey(applicationId) }));
    expect(record.Item?.review).toMatchObject({ round: 1, executionArn: first.body.review.executionArn });
    expect(publishedEventTypes.filter((type) => type === 'APPLICATION_SUBMITTED')).toHaveLength(1);
  });

  it('makes a submitted application read-only', async () => {
    // Act
    const edit = await call('update-application', {
      routeKey: 'PUT /applications/{applicationId}',
      path: { applicationId },
      body: validFormInput(),
      headers: { 'if-match': '"2"' },
    });
    const upload = await call('request-document-upload', {
      routeKey: 'POST /applications/{applicationId}/documents/{documentType}/uploads',
      path: { applicationId, documentType: 'PASSPORT' },
      body: UPLOAD_BODIES.PASSPORT,
    });

    // Assess
    expect(edit.statusCode).toBe(409);
    expect(edit.body.error.code).toBe('APPLICATION_READ_ONLY');
    expect(upload.statusCode).toBe(409);
  });
});

describe('applicant API under contention', () => {
  it('answers 201 or 409 CONCURRENT_CHANGE to 20 parallel upload requests', async () => {
    // Prepare
    const created = await call('create-application', { routeKey: 'POST /applications', body: validFormInput() });
    const applicationId = created.body.applicationId as string;
    const request = {
      routeKey: 'POST /applications/{applicationId}/documents/{documentType}/uploads',
      path: { applicationId, documentType: 'PASSPORT' },
      body: UPLOAD_BODIES.PASSPORT,
    };

    // Act
    const results = await Promise.all(Array.from({ length: 20 }, () => call('request-document-upload', request)));

    // Assess
    const statuses = results.map((result) => result.statusCode);
    expect(statuses.filter((status) => status !== 201 && status !== 409)).toEqual([]);
    const conflicts = results.filter((result) => result.statusCode === 409);
    for (const conflict of conflicts) {
      expect(conflict.body.error).toMatchObject({
        code: 'CONCURRENT_CHANGE',
        message: 'Заявление сейчас изменяется другим запросом; повторите попытку',
      });
    }
    const accepted = results.filter((result) => result.statusCode === 201);
    expect(accepted.length).toBeGreaterThan(0);
    const current = await call('get-application', { routeKey: 'GET /applications/{applicationId}', path: { applicationId } });
    const passport = current.body.documents.find((document: { documentType: string }) => document.documentType === 'PASSPORT');
    expect(passport.history ?? []).toHaveLength(accepted.length - 1);
    expect(accepted.map((result) => result.body.uploadId)).toContain(passport.uploadId);
  });
});
