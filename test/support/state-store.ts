import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { STATE_TABLE_DESIGN } from '../../functions/domain/state-table-design.ts';
import { startLocalSns, type LocalSns } from '../../local/sns/start-local-sns.ts';

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
  const server = dynalite({ createTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;

  const region = 'eu-central-1';
  const outboxPath = join(directory, 'outbox.jsonl');
  const sns = await startLocalSns({ port: 0, region, accountId: '000000000000', topics: ['kontrakt-events'], outboxPath });
  sns.subscribe('kontrakt-events', { name: 'events-outbox' });

  Object.assign(process.env, {
    AWS_REGION: region,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local-secret',
    AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${port}`,
    AWS_ENDPOINT_URL_SNS: sns.endpoint,
    STATE_TABLE_NAME: 'state',
    EVENTS_TOPIC_ARN: sns.topicArn('kontrakt-events'),
    POWERTOOLS_LOG_LEVEL: 'WARN',
  });

  const attributes = new Set<string>([STATE_TABLE_DESIGN.partitionKey, STATE_TABLE_DESIGN.sortKey]);
  for (const index of STATE_TABLE_DESIGN.indexes) {
    attributes.add(index.partitionKey);
    attributes.add(index.sortKey);
  }
  await new DynamoDBClient({}).send(
    new CreateTableCommand({
      TableName: 'state',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [...attributes].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
      KeySchema: [
        { AttributeName: STATE_TABLE_DESIGN.partitionKey, KeyType: 'HASH' },
        { AttributeName: STATE_TABLE_DESIGN.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: STATE_TABLE_DESIGN.indexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    }),
  );

  return {
    sns,
    outboxPath,
    async stop() {
      await sns.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(directory, { recursive: true, force: true });
    },
  };
}
