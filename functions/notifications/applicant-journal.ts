import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { stateDocumentClient } from '../commons/clients.ts';
import { stateTableName } from '../commons/env.ts';
import type { Actor } from '../domain/events.ts';
import { applicantJournalKey, settingsKey } from './settings.ts';

export type ApplicantJournalType = 'NOTIFICATION_SETTINGS_CHANGED' | 'PUSH_ENDPOINT_REGISTERED';

/** One entry of an applicant's journal: what changed and who changed it, ids and codes only. */
export interface ApplicantJournalEntry {
  eventId: string;
  type: ApplicantJournalType;
  applicantId: string;
  occurredAt: string;
  actor: Actor;
  /** The settings version the change produced. */
  version: number;
}

/**
 * Writes the journal entries that a settings item still keeps as pending, then removes each
 * from the item. The settings write and the journal write are two items, and dynalite has no
 * transactions, so the entry rides in the settings item until it is journaled: a crash between
 * the writes leaves it pending for the next request, never lost.
 */
export async function drainApplicantJournal(
  applicantId: string,
  pending: Record<string, ApplicantJournalEntry> | undefined,
): Promise<void> {
  for (const entry of Object.values(pending ?? {})) {
    await writeJournalEntry(entry);
    await removePendingEntry(applicantId, entry.eventId);
  }
}

async function writeJournalEntry(entry: ApplicantJournalEntry): Promise<void> {
  try {
    await stateDocumentClient.send(
      new PutCommand({
        TableName: stateTableName(),
        Item: { ...applicantJournalKey(entry.applicantId, entry.occurredAt, entry.eventId), ...entry },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (error) {
    // An earlier drain wrote it and stopped before removing it from the settings item.
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

async function removePendingEntry(applicantId: string, eventId: string): Promise<void> {
  try {
    await stateDocumentClient.send(
      new UpdateCommand({
        TableName: stateTableName(),
        Key: settingsKey(applicantId),
        UpdateExpression: 'REMOVE pendingJournal.#eventId',
        ConditionExpression: 'attribute_exists(pendingJournal.#eventId)',
        ExpressionAttributeNames: { '#eventId': eventId },
      }),
    );
  } catch (error) {
    // A concurrent drain removed it first.
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}
