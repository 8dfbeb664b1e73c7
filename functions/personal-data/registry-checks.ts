import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { personalDataClients } from './clients.ts';

/**
 * Criminal-record registry results. A result is special-category personal data, so it is kept
 * here and never in the state table, the workflow's state, events or logs.
 */
export interface RegistryCheck {
  applicationId: string;
  executionName: string;
  /** The registry's code: NO_RECORD or RECORD_FOUND. */
  result: string;
  requestId: string;
  checkedAt: string;
}

const REGISTRY_CHECK_PREFIX = 'REGISTRY_CHECK#';

export const registryCheckKey = (applicationId: string, executionName: string) => ({
  pk: `APPLICATION#${applicationId}`,
  sk: `${REGISTRY_CHECK_PREFIX}${executionName}`,
});

/** Stores the result of one review's check; a retried check overwrites it with the same request id. */
export async function putRegistryCheck(check: RegistryCheck): Promise<void> {
  const { config, documentClient } = await personalDataClients();
  await documentClient.send(
    new PutCommand({ TableName: config.tableName, Item: { ...registryCheckKey(check.applicationId, check.executionName), ...check } }),
  );
}

export async function getRegistryCheck(applicationId: string, executionName: string): Promise<RegistryCheck | undefined> {
  const { config, documentClient } = await personalDataClients();
  const result = await documentClient.send(
    new GetCommand({ TableName: config.tableName, Key: registryCheckKey(applicationId, executionName), ConsistentRead: true }),
  );
  if (result.Item === undefined) return undefined;
  const { pk: _pk, sk: _sk, ...check } = result.Item;
  return check as RegistryCheck;
}

/** Returns the application's latest registry check of any review round, or undefined when there is none. */
export async function getLatestRegistryCheck(applicationId: string): Promise<RegistryCheck | undefined> {
  const { config, documentClient } = await personalDataClients();
  const result = await documentClient.send(
    new QueryCommand({
      TableName: config.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': `APPLICATION#${applicationId}`, ':prefix': REGISTRY_CHECK_PREFIX },
      ConsistentRead: true,
    }),
  );
  const checks = (result.Items ?? []) as RegistryCheck[];
  return checks.sort((left, right) => left.checkedAt.localeCompare(right.checkedAt)).at(-1);
}
