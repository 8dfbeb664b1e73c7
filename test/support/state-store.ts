import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startLocalSns, type LocalSns } from '../../local/sns/start-local-sns.ts';
import { createStateTable, startDynalite } from './dynalite-tables.ts';

export interface StateStoreFixture {
  sns: LocalSns;
  outboxPath: string;
  stop(): Promise<void>;
}

/**
 * Starts an in-memory dynalite with the state table and a local SNS endpoint on 127.0.0.1, and
 * points the SDK and the service's environment at them. Call before importing service modules.
 */
export async function startStateStore(): Promise<StateStoreFixture> {
  const directory = await mkdtemp(join(tmpdir(), 'kontrakt-state-'));
  const dynamo = await startDynalite();

  const region = 'eu-central-1';
  const outboxPath = join(directory, 'outbox.jsonl');
  const sns = await startLocalSns({ port: 0, region, accountId: '000000000000', topics: ['kontrakt-events'], outboxPath });
  sns.subscribe('kontrakt-events', { name: 'events-outbox' });

  Object.assign(process.env, {
    AWS_REGION: region,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local-secret',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_ENDPOINT_URL_SNS: sns.endpoint,
    STATE_TABLE_NAME: 'state',
    EVENTS_TOPIC_ARN: sns.topicArn('kontrakt-events'),
    POWERTOOLS_LOG_LEVEL: 'WARN',
  });

  const client = new DynamoDBClient({});
  await createStateTable(client, 'state');
  client.destroy();

  return {
    sns,
    outboxPath,
    async stop() {
      await sns.stop();
      await dynamo.stop();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
