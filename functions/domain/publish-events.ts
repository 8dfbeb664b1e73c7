import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { PublishCommand } from '@aws-sdk/client-sns';
import { snsClient, stateDocumentClient } from '../commons/clients.ts';
import { eventsTopicArn, stateTableName } from '../commons/env.ts';
import { logger } from '../commons/logger.ts';
import type { ApplicationRecord } from './application-record.ts';
import type { DomainEvent } from './events.ts';
import { channelsForEvent } from '../notifications/channels-for-event.ts';
import { applicationKey, journalSortKey } from './state-table-design.ts';

/**
 * SNS message attributes that subscriptions filter on. `channels` (String.Array) lists the
 * notification channels the applicant chose for this event. It is left out when empty.
 */
export function eventMessageAttributes(event: DomainEvent, channels: readonly string[] = []) {
  const attributes: Record<string, { DataType: 'String' | 'String.Array'; StringValue: string }> = {
    eventType: { DataType: 'String', StringValue: event.type },
    eventId: { DataType: 'String', StringValue: event.eventId },
    status: { DataType: 'String', StringValue: event.status },
  };
  if (event.documentType) attributes.documentType = { DataType: 'String', StringValue: event.documentType };
  if (channels.length > 0) attributes.channels = { DataType: 'String.Array', StringValue: JSON.stringify(channels) };
  return attributes;
}

async function writeJournalEntry(event: DomainEvent): Promise<void> {
  try {
    await stateDocumentClient.send(
      new PutCommand({
        TableName: stateTableName(),
        Item: {
          pk: applicationKey(event.applicationId).pk,
          sk: journalSortKey(event.occurredAt, event.eventId),
          ...event,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (error) {
    // The entry is already there: an earlier drain wrote it and stopped before removing the event.
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

/** How long a drain may take to publish one event before another drain takes it over. */
const CLAIM_MILLISECONDS = 60_000;

/**
 * Claims a pending event for this drain, so that two drains running at once (two commits on one
 * application, or a commit and the sweep) do not both publish it. A crashed drain's claim expires
 * and the sweep publishes the event then. Returns false when another drain has a live claim or
 * the event is gone.
 */
async function claimPendingEvent(applicationId: string, eventId: string): Promise<boolean> {
  const now = Date.now();
  try {
    await stateDocumentClient.send(
      new UpdateCommand({
        TableName: stateTableName(),
        Key: applicationKey(applicationId),
        UpdateExpression: 'SET pendingEvents.#eventId.claimedUntil = :until',
        ConditionExpression:
          'attribute_exists(pendingEvents.#eventId) AND (attribute_not_exists(pendingEvents.#eventId.claimedUntil) OR pendingEvents.#eventId.claimedUntil < :now)',
        ExpressionAttributeNames: { '#eventId': eventId },
        ExpressionAttributeValues: { ':until': new Date(now + CLAIM_MILLISECONDS).toISOString(), ':now': new Date(now).toISOString() },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

async function removePendingEvent(applicationId: string, eventId: string): Promise<void> {
  try {
    await stateDocumentClient.send(
      new UpdateCommand({
        TableName: stateTableName(),
        Key: applicationKey(applicationId),
        UpdateExpression: 'REMOVE pendingEvents.#eventId',
        ConditionExpression: 'attribute_exists(pendingEvents.#eventId)',
        ExpressionAttributeNames: { '#eventId': eventId },
      }),
    );
  } catch (error) {
    // A concurrent drain removed it first.
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

/** Takes the application out of the sweep's index once no event is pending. */
async function clearPendingMarker(applicationId: string): Promise<void> {
  try {
    await stateDocumentClient.send(
      new UpdateCommand({
        TableName: stateTableName(),
        Key: applicationKey(applicationId),
        UpdateExpression: 'REMOVE pendingPartition, pendingSince',
        ConditionExpression: 'size(pendingEvents) = :zero',
        ExpressionAttributeValues: { ':zero': 0 },
      }),
    );
  } catch (error) {
    // A new event arrived meanwhile; the next drain clears the marker.
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

/**
 * Publishes the application's pending events in order: claim, journal entry (idempotent on the
 * event id), the SNS message, then removal from the pending map. A crash between the steps
 * makes a later drain (the commit's retry or the sweep, after the claim expires) publish it again,
 * so an event can repeat but is not lost. Consumers deduplicate on the event id.
 * Returns how many events it published.
 */
export async function publishPendingEvents(applicationId: string): Promise<number> {
  const result = await stateDocumentClient.send(
    new GetCommand({
      TableName: stateTableName(),
      Key: applicationKey(applicationId),
      ConsistentRead: true,
      ProjectionExpression: 'pendingEvents, pendingPartition',
    }),
  );
  const record = result.Item as (Pick<ApplicationRecord, 'pendingEvents'> & { pendingPartition?: string }) | undefined;
  const events = Object.values(record?.pendingEvents ?? {}).sort((left, right) => left.sequence - right.sequence);

  let published = 0;
  for (const event of events) {
    if (!(await claimPendingEvent(applicationId, event.eventId))) continue;
    const { claimedUntil: _claimedUntil, ...journalEvent } = event as DomainEvent & { claimedUntil?: string };
    await writeJournalEntry(journalEvent);
    await snsClient.send(
      new PublishCommand({
        TopicArn: eventsTopicArn(),
        Message: JSON.stringify(journalEvent),
        MessageAttributes: eventMessageAttributes(journalEvent, await channelsForEvent(journalEvent)),
      }),
    );
    await removePendingEvent(applicationId, event.eventId);
    logger.info('Event published', { applicationId, eventId: event.eventId, eventType: event.type });
    published++;
  }
  if (record?.pendingPartition !== undefined) await clearPendingMarker(applicationId);
  return published;
}
