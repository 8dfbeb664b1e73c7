import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { stateDocumentClient } from '../commons/clients.ts';
import { stateTableName } from '../commons/env.ts';
import { PreconditionFailedError } from '../commons/errors.ts';
import { type IfMatch, ifMatchAllows } from '../commons/if-match.ts';
import { newEventId } from '../domain/events.ts';
import { drainApplicantJournal, type ApplicantJournalEntry, type ApplicantJournalType } from './applicant-journal.ts';
import { DEFAULT_PREFERENCES, defaultSettings, settingsKey, type NotificationPreferences, type NotificationSettings } from './settings.ts';

/** The settings item as stored: the settings plus journal entries not yet written out. */
interface SettingsItem extends NotificationSettings {
  pendingJournal?: Record<string, ApplicantJournalEntry>;
}

const staleVersion = (): PreconditionFailedError =>
  new PreconditionFailedError(
    'SETTINGS_VERSION_MISMATCH',
    'Настройки уведомлений уже изменены в другом окне или на другом устройстве. Обновите страницу и повторите изменение',
  );

async function readSettingsItem(applicantId: string): Promise<SettingsItem | undefined> {
  const result = await stateDocumentClient.send(
    new GetCommand({ TableName: stateTableName(), Key: settingsKey(applicantId), ConsistentRead: true }),
  );
  if (result.Item === undefined) return undefined;
  const { pk: _pk, sk: _sk, ...item } = result.Item;
  return item as SettingsItem;
}

/**
 * Returns the settings without the pending journal. A kind missing from the stored preferences
 * (one added after the applicant saved) gets its default.
 */
function withoutJournal(item: SettingsItem): NotificationSettings {
  const { pendingJournal: _pendingJournal, ...settings } = item;
  return { ...settings, preferences: { ...DEFAULT_PREFERENCES, ...settings.preferences } };
}

/**
 * Returns the applicant's current settings, or the defaults when none are saved. The read is
 * strongly consistent, so a change applies to the very next event.
 */
export async function readSettings(applicantId: string): Promise<NotificationSettings> {
  const item = await readSettingsItem(applicantId);
  return item === undefined ? defaultSettings(applicantId) : withoutJournal(item);
}

/** Returns the settings after journaling any change a crash left pending. */
export async function readSettingsForApplicant(applicantId: string): Promise<NotificationSettings> {
  const item = await readSettingsItem(applicantId);
  if (item === undefined) return defaultSettings(applicantId);
  await drainApplicantJournal(applicantId, item.pendingJournal);
  return withoutJournal(item);
}

/**
 * Stores the next version of the settings with its journal entry, on the condition that the
 * stored version is still `current.version`, then journals it. Returns false when another write
 * came first.
 */
async function writeNextVersion(
  current: SettingsItem | undefined,
  applicantId: string,
  changes: Partial<Pick<NotificationSettings, 'preferences' | 'pushEndpointArn'>>,
  journalType: ApplicantJournalType,
): Promise<NotificationSettings | undefined> {
  const base = current ?? defaultSettings(applicantId);
  const now = new Date().toISOString();
  const entry: ApplicantJournalEntry = {
    eventId: newEventId(),
    type: journalType,
    applicantId,
    occurredAt: now,
    actor: { kind: 'applicant', id: applicantId },
    version: base.version + 1,
  };
  const next: SettingsItem = {
    ...base,
    ...changes,
    version: base.version + 1,
    updatedAt: now,
    pendingJournal: { ...current?.pendingJournal, [entry.eventId]: entry },
  };
  try {
    await stateDocumentClient.send(
      new PutCommand({
        TableName: stateTableName(),
        Item: { ...settingsKey(applicantId), ...next },
        ConditionExpression: current === undefined ? 'attribute_not_exists(pk)' : 'version = :expected',
        ExpressionAttributeValues: current === undefined ? undefined : { ':expected': current.version },
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return undefined;
    throw error;
  }
  await drainApplicantJournal(applicantId, next.pendingJournal);
  return withoutJournal(next);
}

/**
 * Replaces the applicant's preferences if the stored version is the expected one: a number, or
 * one that an `If-Match` header allows. The version is 0 when none are saved yet. Otherwise it throws PreconditionFailedError, so a stale edit never
 * overwrites a newer one. The registered push endpoint is kept.
 */
export async function replacePreferences(
  applicantId: string,
  preferences: NotificationPreferences,
  expected: number | IfMatch,
): Promise<NotificationSettings> {
  const current = await readSettingsItem(applicantId);
  const currentVersion = current?.version ?? 0;
  const allowed = typeof expected === 'number' ? currentVersion === expected : ifMatchAllows(expected, currentVersion);
  if (!allowed) throw staleVersion();
  const saved = await writeNextVersion(current, applicantId, { preferences }, 'NOTIFICATION_SETTINGS_CHANGED');
  if (saved === undefined) throw staleVersion();
  return saved;
}

const MAX_ATTEMPTS = 5;

/**
 * Registers the device's push endpoint, replacing any earlier one. The mobile app calls this on
 * every start without knowing the version, so a concurrent write makes it re-read and retry.
 * Registering the same ARN again changes nothing.
 */
export async function registerPushEndpoint(applicantId: string, pushEndpointArn: string): Promise<NotificationSettings> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const current = await readSettingsItem(applicantId);
    if (current !== undefined && current.pushEndpointArn === pushEndpointArn) {
      await drainApplicantJournal(applicantId, current.pendingJournal);
      return withoutJournal(current);
    }
    const saved = await writeNextVersion(current, applicantId, { pushEndpointArn }, 'PUSH_ENDPOINT_REGISTERED');
    if (saved !== undefined) return saved;
  }
  throw new Error(`Push endpoint registration kept conflicting after ${MAX_ATTEMPTS} attempts`);
}
