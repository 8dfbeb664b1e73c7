import { paginateQuery, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { stateDocumentClient } from '../commons/clients.ts';
import { stateTableName } from '../commons/env.ts';

/** Queries the state table (or one of its indexes) and returns the items of every page. */
export async function queryStateTable(input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>): Promise<Array<Record<string, unknown>>> {
  const items: Array<Record<string, unknown>> = [];
  for await (const page of paginateQuery({ client: stateDocumentClient }, { ...input, TableName: stateTableName() })) {
    items.push(...(page.Items ?? []));
  }
  return items;
}
