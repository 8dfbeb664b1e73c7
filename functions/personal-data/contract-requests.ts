import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { personalDataClients } from './clients.ts';
import { noteKey } from './table-design.ts';

/**
 * The applicant's requests about a contract: the terms an amendment proposes and the reasons
 * given for an amendment or a cancellation. The terms may be personal and the reasons are free
 * text, so they live here. The state table and events carry the amendment and note ids only.
 */

export const amendmentKey = (applicationId: string, amendmentId: string) => ({
  pk: `APPLICATION#${applicationId}`,
  sk: `AMENDMENT#${amendmentId}`,
});

export interface StoredAmendment {
  applicationId: string;
  applicantId: string;
  amendmentId: string;
  /** The proposed terms: `contractEnd` as YYYY-MM-DD and `position`; a missing one stays unchanged. */
  terms: { contractEnd?: string; position?: string };
  reason: string;
  requestedAt: string;
}

/** Stores an amendment request. Returns false when one with this id is already stored. */
export async function putAmendment(amendment: StoredAmendment): Promise<boolean> {
  const { config, documentClient } = await personalDataClients();
  try {
    await documentClient.send(
      new PutCommand({
        TableName: config.tableName,
        Item: { ...amendmentKey(amendment.applicationId, amendment.amendmentId), ...amendment },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

export async function getAmendment(applicationId: string, amendmentId: string): Promise<StoredAmendment | undefined> {
  const { config, documentClient } = await personalDataClients();
  const result = await documentClient.send(
    new GetCommand({ TableName: config.tableName, Key: amendmentKey(applicationId, amendmentId), ConsistentRead: true }),
  );
  if (result.Item === undefined) return undefined;
  const { pk: _pk, sk: _sk, ...stored } = result.Item;
  return stored as StoredAmendment;
}

/** Deletes an amendment request that no application record refers to, because its commit lost. */
export async function deleteAmendment(applicationId: string, amendmentId: string): Promise<void> {
  const { config, documentClient } = await personalDataClients();
  await documentClient.send(new DeleteCommand({ TableName: config.tableName, Key: amendmentKey(applicationId, amendmentId) }));
}

/**
 * Stores the applicant's own note, such as the reason for a cancellation, under the note key that
 * operator notes use, so the journal shows it the same way. Returns nothing; the caller names the id.
 */
export async function putApplicantNote(input: { applicationId: string; applicantId: string; noteId: string; text: string; createdAt: string }): Promise<void> {
  const { config, documentClient } = await personalDataClients();
  await documentClient.send(
    new PutCommand({
      TableName: config.tableName,
      Item: {
        ...noteKey(input.applicationId, input.noteId),
        noteId: input.noteId,
        applicantId: input.applicantId,
        text: input.text,
        createdAt: input.createdAt,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}
