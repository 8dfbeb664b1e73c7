import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { personalDataClients } from './clients.ts';
import { noteKey } from './table-design.ts';

/**
 * Stores an operator's free-text note (such as a rejection reason) and returns its id. The text
 * may mention personal data, so the journal and events carry only the id.
 */
export async function putNote(applicationId: string, operatorId: string, text: string): Promise<string> {
  const { config, documentClient } = await personalDataClients();
  const noteId = ulid();
  await documentClient.send(
    new PutCommand({
      TableName: config.tableName,
      Item: { ...noteKey(applicationId, noteId), noteId, operatorId, text, createdAt: new Date().toISOString() },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
  return noteId;
}

export async function getNoteText(applicationId: string, noteId: string): Promise<string | undefined> {
  const { config, documentClient } = await personalDataClients();
  const result = await documentClient.send(new GetCommand({ TableName: config.tableName, Key: noteKey(applicationId, noteId) }));
  return typeof result.Item?.text === 'string' ? result.Item.text : undefined;
}

/** Deletes a note that no decision refers to, such as one whose operator step had already closed. */
export async function deleteNote(applicationId: string, noteId: string): Promise<void> {
  const { config, documentClient } = await personalDataClients();
  await documentClient.send(new DeleteCommand({ TableName: config.tableName, Key: noteKey(applicationId, noteId) }));
}
