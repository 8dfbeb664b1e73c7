import { CreateTableCommand, DynamoDBClient, type AttributeDefinition, type KeySchemaElement } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { STATE_TABLE_DESIGN } from '../../functions/domain/state-table-design.ts';
import { PERSONAL_DATA_TABLE_DESIGN } from '../../functions/personal-data/table-design.ts';
import { closeServer, listenOnLoopback } from './loopback-server.ts';

export interface LocalDynamo {
  /** Base URL of the dynalite server, for `AWS_ENDPOINT_URL_DYNAMODB` or a client's `endpoint`. */
  endpoint: string;
  stop(): Promise<void>;
}

export interface ServiceTableNames {
  stateTable: string;
  personalDataTable: string;
}

/** Connection settings for the client that creates the tables. Without credentials the SDK reads them from the environment. */
export interface DynamoConnection {
  endpoint: string;
  region: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/** Starts an in-memory dynalite on a free port of 127.0.0.1 that creates and updates tables without delay. */
export async function startDynalite(): Promise<LocalDynamo> {
  const server = dynalite({ createTableMs: 0, updateTableMs: 0 });
  const endpoint = await listenOnLoopback(server);
  return { endpoint, stop: () => closeServer(server) };
}

const stringAttribute = (name: string): AttributeDefinition => ({ AttributeName: name, AttributeType: 'S' });

function keySchema(design: { partitionKey: string; sortKey: string }): KeySchemaElement[] {
  return [
    { AttributeName: design.partitionKey, KeyType: 'HASH' },
    { AttributeName: design.sortKey, KeyType: 'RANGE' },
  ];
}

/** Creates the state table as STATE_TABLE_DESIGN describes it, with every global secondary index projecting all attributes. */
export async function createStateTable(client: DynamoDBClient, tableName: string): Promise<void> {
  const attributes = new Set<string>([STATE_TABLE_DESIGN.partitionKey, STATE_TABLE_DESIGN.sortKey]);
  for (const index of STATE_TABLE_DESIGN.indexes) {
    attributes.add(index.partitionKey);
    attributes.add(index.sortKey);
  }
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: keySchema(STATE_TABLE_DESIGN),
      AttributeDefinitions: [...attributes].map(stringAttribute),
      GlobalSecondaryIndexes: STATE_TABLE_DESIGN.indexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: keySchema(index),
        Projection: { ProjectionType: 'ALL' },
      })),
    }),
  );
}

/** Creates the personal-data table as PERSONAL_DATA_TABLE_DESIGN describes it. */
export async function createPersonalDataTable(client: DynamoDBClient, tableName: string): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: keySchema(PERSONAL_DATA_TABLE_DESIGN),
      AttributeDefinitions: [PERSONAL_DATA_TABLE_DESIGN.partitionKey, PERSONAL_DATA_TABLE_DESIGN.sortKey].map(stringAttribute),
    }),
  );
}

/** Creates the state and personal-data tables through `connection`. */
export async function createServiceTables(connection: DynamoConnection, tables: ServiceTableNames): Promise<void> {
  const client = new DynamoDBClient(connection);
  try {
    await createStateTable(client, tables.stateTable);
    await createPersonalDataTable(client, tables.personalDataTable);
  } finally {
    client.destroy();
  }
}
