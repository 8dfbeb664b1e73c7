import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { S3EventRecord, SQSEvent } from 'aws-lambda';
import { API_ROUTES, PENDING_EVENTS_SWEEP, REVIEW_TERMS_CHECK, UPLOAD_VALIDATOR, WORKFLOW_TASKS } from '../functions/catalog.ts';
import { logger as serviceLogger } from '../functions/commons/logger.ts';
import { STATE_TABLE_DESIGN } from '../functions/domain/state-table-design.ts';
import { PERSONAL_DATA_TABLE_DESIGN, UPLOADS_PREFIX } from '../functions/personal-data/table-design.ts';
import { close, listen } from './http-server.ts';
import { JWKS_PATH, startApiGateway } from './api/start-api-gateway.ts';
import { LOCAL_AUDIENCE, LOCAL_ISSUER_PATH, createLocalIssuer, loadOrCreateIssuerKey } from './auth/local-issuer.ts';
import { LOCAL_STACK, OUTBOX_FILE, PortInUseError, localEnvPath, writeLocalEnv, type LocalPorts, type ServiceName } from './config.ts';
import { CatalogueFunctions } from './lambda/catalogue-functions.ts';
import { startSchedule } from './lambda/schedule.ts';
import { LocalQueue } from './queue/local-queue.ts';
import { startRegistrySimulator } from './registry/start-registry-simulator.ts';
import { startLocalS3 } from './s3/start-local-s3.ts';
import { startLocalSfn, type LocalSfnOptions } from './sfn/start-local-sfn.ts';
import { startLocalSns } from './sns/start-local-sns.ts';

const REPOSITORY_ROOT = fileURLToPath(new URL('../', import.meta.url));
const OPENAPI_FILE = 'openapi/kontrakt.yaml';
/** The upload queue's redrive policy on AWS, from lib/constructs/upload-validation.ts. */
const UPLOADS_MAX_RECEIVE_COUNT = 5;
/**
 * AWS makes a failed upload message visible again after six times the validator's timeout.
 * Locally it is one second, so a retry shows up at once and `drain()` does not wait minutes.
 */
const DEFAULT_UPLOADS_VISIBILITY_TIMEOUT_MS = 1_000;
/** The sweep's rate on AWS, from lib/constructs/events.ts. */
const DEFAULT_SWEEP_INTERVAL_MS = 60_000;
/** The review-term check runs hourly on AWS as well; terms are counted in days. */
const REVIEW_TERMS_INTERVAL_MS = 3_600_000;

/** Set while a runtime runs, because process.env and the loaded handlers allow one per process. */
let runningRuntime = false;

type DynaliteOptions = { path?: string; createTableMs?: number; deleteTableMs?: number; updateTableMs?: number };
const dynalite = createRequire(import.meta.url)('dynalite') as (options: DynaliteOptions) => Server;

export interface LocalRuntimeOptions {
  /** Folder for DynamoDB and S3 data, the issuer key, local.env and the outbox. */
  dataDir: string;
  /** Port per server; a missing or 0 port is any free port. */
  ports?: Partial<LocalPorts>;
  registryFixturesPath?: string;
  /** A fixed `iss` for local tokens; by default the API gateway's URL plus `/local-issuer`. */
  jwtIssuer?: string;
  sweepIntervalMs?: number;
  uploadsVisibilityTimeoutMs?: number;
  /** Review workflow definition; the repository's statemachines/review-application.asl.json by default. */
  reviewStateMachinePath?: string;
  /** Wait and Retry durations in milliseconds by state name, so tests need not wait as AWS would. */
  workflowOverrides?: Pick<LocalSfnOptions, 'waitTimeOverrides' | 'retryIntervalOverrides'>;
  /** Silences the runtime's own log lines; the handlers and emulators still log. */
  quiet?: boolean;
}

export interface LocalRuntime {
  urls: {
    api: string;
    jwks: string;
    openApi: string;
    stateDynamodb: string;
    personalDataDynamodb: string;
    s3: string;
    sns: string;
    sfn: string;
    registry: string;
    ses: string;
  };
  paths: { dataDir: string; localEnv: string; outbox: string };
  /** The variables set for the handlers and written to local.env. */
  env: Record<string, string>;
  issueToken(sub: string, roles?: string[]): Promise<string>;
  /** Resolves once queues are empty, no handler is running and every execution waits or has ended. */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

interface TableDesign {
  partitionKey: string;
  sortKey?: string;
  indexes?: ReadonlyArray<{ indexName: string; partitionKey: string; sortKey?: string }>;
}

/** Runs one server's start and reports a taken port as PortInUseError, which names the setting to change. */
async function startOn<T>(service: ServiceName, port: number, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new PortInUseError(service, port);
    throw error;
  }
}

/** Starts dynalite with its data on disk, so tables and items survive a restart. */
async function startDynalite(service: ServiceName, port: number, path: string) {
  await mkdir(path, { recursive: true });
  const server = dynalite({ path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const actualPort = await startOn(service, port, () => listen(server, port, '127.0.0.1'));
  return { endpoint: `http://127.0.0.1:${actualPort}`, stop: () => close(server) };
}

const keySchema = (partitionKey: string, sortKey?: string) => [
  { AttributeName: partitionKey, KeyType: 'HASH' as const },
  ...(sortKey === undefined ? [] : [{ AttributeName: sortKey, KeyType: 'RANGE' as const }]),
];

/**
 * Creates the table from its design unless it exists, with on-demand billing and indexes that
 * project all attributes. An existing table that lacks an index of the design only gets a warning.
 */
async function ensureTable(endpoint: string, tableName: string, design: TableDesign, logger: Pick<Logger, 'warn'>): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region: LOCAL_STACK.region, credentials: LOCAL_STACK.credentials });
  const indexes = design.indexes ?? [];
  try {
    const { Table: table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const existing = new Set((table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
    const missing = indexes.map((index) => index.indexName).filter((name) => !existing.has(name));
    if (missing.length > 0) {
      logger.warn('Table lacks indexes of its design; stop the runtime and delete its dynamodb-* folder in the data folder', { tableName, missing });
    }
    return;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  } finally {
    client.destroy();
  }

  const attributes = new Set([design.partitionKey, design.sortKey, ...indexes.flatMap((index) => [index.partitionKey, index.sortKey])]);
  const creator = new DynamoDBClient({ endpoint, region: LOCAL_STACK.region, credentials: LOCAL_STACK.credentials });
  try {
    await creator.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [...attributes].filter((name) => name !== undefined).map((name) => ({ AttributeName: name, AttributeType: 'S' })),
        KeySchema: keySchema(design.partitionKey, design.sortKey),
        GlobalSecondaryIndexes:
          indexes.length === 0
            ? undefined
            : indexes.map((index) => ({
                IndexName: index.indexName,
                KeySchema: keySchema(index.partitionKey, index.sortKey),
                Projection: { ProjectionType: 'ALL' },
              })),
      }),
    );
  } finally {
    creator.destroy();
  }
}

/** Sets variables in process.env and returns a function that puts the previous values back. */
function applyEnvironment(env: Record<string, string>): () => void {
  const previous = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  Object.assign(process.env, env);
  return () => {
    for (const [name, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

/**
 * Starts the whole service on this machine, with the catalogue's handlers running unchanged in
 * this process and reaching the local servers through the environment variables set here. The
 * servers are two dynalite instances (state and personal data, on disk under dataDir), S3 with
 * upload notifications into the uploads queue, SNS with the outbox subscription and the
 * notification channels, the registry simulator, Step Functions and the API gateway. A timer
 * runs the pending-events sweep.
 *
 * NOTE: process.env and loaded handler modules belong to the whole process, so one process runs
 * one runtime at a time. A runtime started after another one stopped must use the same ports,
 * because the handlers' SDK clients keep the endpoints they were built with.
 */
export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  if (runningRuntime) throw new Error('A local runtime is already running in this process; stop it before starting another');
  runningRuntime = true;
  const logger = serviceLogger.createChild({ serviceName: 'kontrakt-local', logLevel: options.quiet ? 'SILENT' : 'INFO' });
  const stoppers: Array<() => Promise<void> | void> = [];
  const stopAll = async () => {
    for (const stop of stoppers.reverse()) {
      try {
        await stop();
      } catch (error) {
        logger.error('Stopping a local server failed', { error: error as Error });
      }
    }
    stoppers.length = 0;
    runningRuntime = false;
  };

  try {
    return await startServers(options, logger, stoppers, stopAll);
  } catch (error) {
    await stopAll();
    throw error;
  }
}

async function startServers(
  options: LocalRuntimeOptions,
  logger: Logger,
  stoppers: Array<() => Promise<void> | void>,
  stopAll: () => Promise<void>,
): Promise<LocalRuntime> {
  const { dataDir } = options;
  const port = (service: ServiceName) => options.ports?.[service] ?? 0;
  await mkdir(dataDir, { recursive: true });
  const issuerKey = await loadOrCreateIssuerKey(dataDir);
  const functions = new CatalogueFunctions({ region: LOCAL_STACK.region, accountId: LOCAL_STACK.accountId, rootDir: REPOSITORY_ROOT });

  const stateDynamodb = await startDynalite('stateDynamodb', port('stateDynamodb'), join(dataDir, 'dynamodb-state'));
  stoppers.push(stateDynamodb.stop);
  const personalDataDynamodb = await startDynalite('personalDataDynamodb', port('personalDataDynamodb'), join(dataDir, 'dynamodb-personal-data'));
  stoppers.push(personalDataDynamodb.stop);
  await ensureTable(stateDynamodb.endpoint, LOCAL_STACK.stateTableName, STATE_TABLE_DESIGN, logger);
  await ensureTable(personalDataDynamodb.endpoint, LOCAL_STACK.personalDataTableName, PERSONAL_DATA_TABLE_DESIGN, logger);

  const uploadsQueue = new LocalQueue({
    name: LOCAL_STACK.uploadsQueueName,
    consumer: async (event: SQSEvent) => (await functions.invokeOrThrow(UPLOAD_VALIDATOR, event)) as void,
    batchSize: 10,
    maxReceiveCount: UPLOADS_MAX_RECEIVE_COUNT,
    visibilityTimeoutMs: options.uploadsVisibilityTimeoutMs ?? DEFAULT_UPLOADS_VISIBILITY_TIMEOUT_MS,
    deadLetterPath: join(dataDir, 'uploads-dead-letters.jsonl'),
    region: LOCAL_STACK.region,
    accountId: LOCAL_STACK.accountId,
  });
  stoppers.push(() => uploadsQueue.stop());

  const s3 = await startOn('s3', port('s3'), () =>
    startLocalS3({
      dataDir: join(dataDir, 's3'),
      port: port('s3'),
      buckets: [LOCAL_STACK.personalDataBucketName],
      region: LOCAL_STACK.region,
      credentials: LOCAL_STACK.credentials,
      notificationPrefix: UPLOADS_PREFIX,
      onObjectCreated: (record: S3EventRecord) => {
        uploadsQueue.send(JSON.stringify({ Records: [record] }));
      },
    }),
  );
  stoppers.push(() => s3.stop());

  const outboxPath = join(dataDir, OUTBOX_FILE);
  const sns = await startOn('sns', port('sns'), () =>
    startLocalSns({ port: port('sns'), region: LOCAL_STACK.region, accountId: LOCAL_STACK.accountId, topics: [LOCAL_STACK.eventsTopicName], outboxPath }),
  );
  stoppers.push(() => sns.stop());
  sns.subscribe(LOCAL_STACK.eventsTopicName, { name: LOCAL_STACK.outboxSubscriptionName });

  const registry = await startOn('registry', port('registry'), () =>
    startRegistrySimulator({ port: port('registry'), fixturesPath: options.registryFixturesPath }),
  );
  stoppers.push(() => registry.stop());

  const sfn = await startOn('sfn', port('sfn'), () =>
    startLocalSfn({
      port: port('sfn'),
      region: LOCAL_STACK.region,
      accountId: LOCAL_STACK.accountId,
      stateMachines: [
        {
          name: LOCAL_STACK.reviewStateMachineName,
          definitionPath: options.reviewStateMachinePath ?? join(REPOSITORY_ROOT, LOCAL_STACK.reviewStateMachineFile),
          substitutions: Object.fromEntries(WORKFLOW_TASKS.map((spec) => [spec.substitution, functions.get(spec).functionArn])),
        },
      ],
      functions: WORKFLOW_TASKS.map((spec) => functions.get(spec)),
      ...options.workflowOverrides,
      logger,
    }),
  );
  stoppers.push(() => sfn.stop());

  // Set before any handler runs, because handlers build their SDK clients from these.
  const env: Record<string, string> = {
    AWS_REGION: LOCAL_STACK.region,
    AWS_ACCESS_KEY_ID: LOCAL_STACK.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_STACK.credentials.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: stateDynamodb.endpoint,
    AWS_ENDPOINT_URL_SNS: sns.endpoint,
    AWS_ENDPOINT_URL_SFN: sfn.endpoint,
    STATE_TABLE_NAME: LOCAL_STACK.stateTableName,
    EVENTS_TOPIC_ARN: sns.topicArn(LOCAL_STACK.eventsTopicName),
    REVIEW_STATE_MACHINE_ARN: sfn.stateMachineArn(LOCAL_STACK.reviewStateMachineName),
    PERSONAL_DATA_TABLE_NAME: LOCAL_STACK.personalDataTableName,
    PERSONAL_DATA_BUCKET_NAME: LOCAL_STACK.personalDataBucketName,
    PERSONAL_DATA_REGION: LOCAL_STACK.region,
    PERSONAL_DATA_DYNAMODB_ENDPOINT: personalDataDynamodb.endpoint,
    PERSONAL_DATA_S3_ENDPOINT: s3.endpoint,
    PERSONAL_DATA_S3_FORCE_PATH_STYLE: 'true',
    CRIMINAL_RECORD_REGISTRY_URL: registry.url,
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'INFO',
  };
  // A developer's session token would be sent with the fake keys; the local servers need none.
  const sessionToken = process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_SESSION_TOKEN;
  const restoreEnvironment = applyEnvironment(env);
  stoppers.push(() => {
    restoreEnvironment();
    if (sessionToken !== undefined) process.env.AWS_SESSION_TOKEN = sessionToken;
  });

  // Imported only now, after the environment is set, because it loads the notification senders' modules.
  const { wireLocalNotifications } = await import('./notifications/wire-local-notifications.ts');
  const environmentBefore = { ...process.env };
  const notifications = await startOn('ses', port('ses'), () =>
    wireLocalNotifications({ sns, dataDir, sesPort: port('ses'), invoke: (spec, event) => functions.invokeOrThrow(spec, event) }),
  );
  stoppers.push(async () => {
    await notifications.stop();
    for (const name of Object.keys(notifications.environment)) {
      if (environmentBefore[name] === undefined) delete process.env[name];
    }
  });
  Object.assign(env, notifications.environment);

  const gateway = await startOn('api', port('api'), () =>
    startApiGateway({
      port: port('api'),
      accountId: LOCAL_STACK.accountId,
      routes: API_ROUTES.map((route) => ({ method: route.method, path: route.path, target: functions.get(route) })),
      authorizer: {
        issuer: options.jwtIssuer,
        issuerPath: LOCAL_ISSUER_PATH,
        audience: [LOCAL_AUDIENCE],
        jwks: createLocalIssuer(issuerKey, { issuer: options.jwtIssuer ?? '' }).jwks,
      },
      openApiPath: join(REPOSITORY_ROOT, OPENAPI_FILE),
      logger,
    }),
  );
  stoppers.push(() => gateway.stop());
  const issuer = createLocalIssuer(issuerKey, { issuer: gateway.issuer, audience: LOCAL_AUDIENCE });

  Object.assign(env, {
    KONTRAKT_API_URL: gateway.url,
    KONTRAKT_JWT_ISSUER: issuer.issuer,
    KONTRAKT_JWT_AUDIENCE: issuer.audience,
    KONTRAKT_JWKS_URL: `${gateway.url}${JWKS_PATH}`,
    KONTRAKT_OUTBOX_PATH: outboxPath,
  });
  await writeLocalEnv(dataDir, env);

  const sweep = startSchedule({
    fn: functions.get(PENDING_EVENTS_SWEEP),
    intervalMs: options.sweepIntervalMs ?? DEFAULT_SWEEP_INTERVAL_MS,
    ruleName: 'kontrakt-pending-events-sweep',
    region: LOCAL_STACK.region,
    accountId: LOCAL_STACK.accountId,
    logger,
  });
  stoppers.push(() => sweep.stop());
  const reviewTerms = startSchedule({
    fn: functions.get(REVIEW_TERMS_CHECK),
    intervalMs: REVIEW_TERMS_INTERVAL_MS,
    ruleName: 'kontrakt-review-terms-check',
    region: LOCAL_STACK.region,
    accountId: LOCAL_STACK.accountId,
    logger,
  });
  stoppers.push(() => reviewTerms.stop());

  const drainQueues = () => Promise.all([uploadsQueue.drain(), notifications.drain(), sns.drain()]);
  const isIdle = () => functions.tracker.active === 0 && sfn.busyExecutions() === 0 && !sweep.isRunning() && !reviewTerms.isRunning();
  const drain = async () => {
    for (;;) {
      await drainQueues();
      await functions.tracker.whenIdle();
      // Idle twice, a moment apart: work that was just handed on, such as a publish, shows up by then.
      if (isIdle()) {
        await sleep(5);
        await drainQueues();
        if (isIdle()) return;
      }
      await sleep(10);
    }
  };

  logger.info('Local runtime started', { dataDir, api: gateway.url });
  return {
    urls: {
      api: gateway.url,
      jwks: `${gateway.url}${JWKS_PATH}`,
      openApi: `${gateway.url}/openapi.json`,
      stateDynamodb: stateDynamodb.endpoint,
      personalDataDynamodb: personalDataDynamodb.endpoint,
      s3: s3.endpoint,
      sns: sns.endpoint,
      sfn: sfn.endpoint,
      registry: registry.url,
      ses: notifications.environment.AWS_ENDPOINT_URL_SESV2 ?? '',
    },
    paths: { dataDir, localEnv: localEnvPath(dataDir), outbox: outboxPath },
    env,
    issueToken: (sub, roles) => issuer.issueToken({ sub, roles }),
    drain,
    stop: async () => {
      await stopAll();
      logger.info('Local runtime stopped', { dataDir });
    },
  };
}
