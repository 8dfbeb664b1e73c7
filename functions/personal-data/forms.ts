import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { personalDataClients } from './clients.ts';
import { formKey } from './table-design.ts';

/** A stored application form. The form's shape is defined by its schema in functions/api/. */
export interface StoredForm<Form> {
  applicationId: string;
  applicantId: string;
  form: Form;
  version: number;
  updatedAt: string;
}

/**
 * Stores a form version. With `expectedVersion` undefined the form must not exist yet; otherwise
 * the stored version must match, so a stale edit fails. Returns false when that condition fails.
 */
export async function putForm<Form>(stored: StoredForm<Form>, expectedVersion: number | undefined): Promise<boolean> {
  const { config, documentClient } = await personalDataClients();
  try {
    await documentClient.send(
      new PutCommand({
        TableName: config.tableName,
        Item: { ...formKey(stored.applicationId), ...stored },
        ConditionExpression: expectedVersion === undefined ? 'attribute_not_exists(pk)' : 'version = :expected',
        ExpressionAttributeValues: expectedVersion === undefined ? undefined : { ':expected': expectedVersion },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

export async function getForm<Form>(applicationId: string): Promise<StoredForm<Form> | undefined> {
  const { config, documentClient } = await personalDataClients();
  const result = await documentClient.send(
    new GetCommand({ TableName: config.tableName, Key: formKey(applicationId), ConsistentRead: true }),
  );
  if (result.Item === undefined) return undefined;
  const { pk: _pk, sk: _sk, ...stored } = result.Item;
  return stored as StoredForm<Form>;
}
