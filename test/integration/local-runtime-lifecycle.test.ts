import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { parseEnv } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCAL_STACK, type LocalPorts } from '../../local/config.ts';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime.ts';

let dataDir: string;
let runtime: LocalRuntime | undefined;

function stateTable(endpoint: string) {
  const client = new DynamoDBClient({ endpoint, region: LOCAL_STACK.region, credentials: LOCAL_STACK.credentials });
  return DynamoDBDocumentClient.from(client);
}

/** Returns the ports a runtime got, which a restart in this process must reuse. */
function portsOf(started: LocalRuntime): LocalPorts {
  const portOf = (url: string) => Number(new URL(url).port);
  return {
    api: portOf(started.urls.api),
    stateDynamodb: portOf(started.urls.stateDynamodb),
    personalDataDynamodb: portOf(started.urls.personalDataDynamodb),
    s3: portOf(started.urls.s3),
    sns: portOf(started.urls.sns),
    sfn: portOf(started.urls.sfn),
    registry: portOf(started.urls.registry),
    ses: portOf(started.urls.ses),
  };
}

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'kontrakt-runtime-'));
});

afterEach(async () => {
  await runtime?.stop();
  runtime = undefined;
  await rm(dataDir, { recursive: true, force: true });
});

describe('local runtime lifecycle', () => {
  it('writes local.env with the endpoints it listens on', async () => {
    runtime = await startLocalRuntime({ dataDir, quiet: true });

    const env = parseEnv(await readFile(join(dataDir, 'local.env'), 'utf8'));

    expect(env.AWS_ENDPOINT_URL_DYNAMODB).toBe(runtime.urls.stateDynamodb);
    expect(env.PERSONAL_DATA_DYNAMODB_ENDPOINT).toBe(runtime.urls.personalDataDynamodb);
    expect(env.PERSONAL_DATA_S3_ENDPOINT).toBe(runtime.urls.s3);
    expect(env.AWS_ENDPOINT_URL_SFN).toBe(runtime.urls.sfn);
    expect(env.STATE_TABLE_NAME).toBe(LOCAL_STACK.stateTableName);
    expect(env.REVIEW_STATE_MACHINE_ARN).toMatch(/^arn:aws:states:[^:]+:\d{12}:stateMachine:review-application$/);
    expect(env.KONTRAKT_JWT_ISSUER).toBe(`${runtime.urls.api}/local-issuer`);
    expect(process.env.STATE_TABLE_NAME).toBe(LOCAL_STACK.stateTableName);
  });

  it('keeps DynamoDB items across a restart on the same data folder', async () => {
    runtime = await startLocalRuntime({ dataDir, quiet: true });
    const ports = portsOf(runtime);
    await stateTable(runtime.urls.stateDynamodb).send(
      new PutCommand({ TableName: LOCAL_STACK.stateTableName, Item: { pk: 'RESTART#1', sk: 'ITEM', note: 'kept' } }),
    );
    await runtime.stop();

    runtime = await startLocalRuntime({ dataDir, quiet: true, ports });
    const { Item } = await stateTable(runtime.urls.stateDynamodb).send(
      new GetCommand({ TableName: LOCAL_STACK.stateTableName, Key: { pk: 'RESTART#1', sk: 'ITEM' } }),
    );

    expect(Item).toEqual({ pk: 'RESTART#1', sk: 'ITEM', note: 'kept' });
  });

  it('stops every server and leaves no open handles', async () => {
    const before = process.getActiveResourcesInfo();
    runtime = await startLocalRuntime({ dataDir, quiet: true });
    const apiUrl = runtime.urls.api;

    await runtime.stop();
    runtime = undefined;

    const after = process.getActiveResourcesInfo();
    const count = (resources: string[], kind: string) => resources.filter((resource) => resource === kind).length;
    expect(count(after, 'TCPServerWrap')).toBe(count(before, 'TCPServerWrap'));
    expect(count(after, 'Timeout')).toBeLessThanOrEqual(count(before, 'Timeout'));
    await expect(fetch(apiUrl)).rejects.toThrow();
    expect(process.env.STATE_TABLE_NAME).toBeUndefined();
  });

  it('reports a port in use with the flag that changes it', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as { port: number }).port;

    const start = startLocalRuntime({ dataDir, quiet: true, ports: { sns: taken } });

    await expect(start).rejects.toThrow(`Port ${taken} (SNS) is already in use; choose another with --sns-port or KONTRAKT_SNS_PORT`);
    await new Promise((resolve) => blocker.close(resolve));
  });

  it('refuses a second runtime in the same process', async () => {
    runtime = await startLocalRuntime({ dataDir, quiet: true });

    const second = startLocalRuntime({ dataDir: join(dataDir, 'second'), quiet: true });

    await expect(second).rejects.toThrow('A local runtime is already running in this process');
  });
});
