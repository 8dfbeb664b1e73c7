import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { stateDocumentClient } from '../commons/clients.ts';
import { stateTableName } from '../commons/env.ts';
import type { DomainEvent } from '../domain/events.ts';
import type { NotificationQueue } from './filter-policies.ts';
import { deliveryKey } from './settings.ts';

export type DeliveryStatus = 'pending' | 'sent' | 'failed';

/** The right to send one event on one channel, held by the attempt that wrote the pending item. */
export interface DeliveryClaim {
  eventId: string;
  channel: NotificationQueue;
  token: string;
}

export type ClaimOutcome =
  | { outcome: 'claimed'; claim: DeliveryClaim }
  /** Sent or failed for good before: nothing to do. */
  | { outcome: 'done'; status: 'sent' | 'failed' }
  /** Another attempt has a fresh claim and may be sending right now. */
  | { outcome: 'in-progress' };

/**
 * How long a pending claim blocks other attempts. It exceeds the senders' 30-second timeout, so
 * a running attempt is never overtaken, and a claim left by a crash expires before SQS redelivers
 * the message (visibility timeout 180 seconds).
 */
export const CLAIM_LEASE_MILLISECONDS = 120_000;

/** Delivery items expire after this many days, when the table's TTL is on the `expiresAt` attribute. */
const RETENTION_DAYS = 90;

/**
 * Claims the delivery of an event on a channel by a conditional put of the pending
 * `DELIVERY#<eventId>#<channel>` item, before anything is sent. The put succeeds when no attempt
 * exists yet, or when the earlier one stopped with its claim still pending past the lease. A
 * duplicate SQS message or SNS delivery therefore finds the item and sends nothing.
 */
export async function claimDelivery(event: DomainEvent, channel: NotificationQueue, now = new Date()): Promise<ClaimOutcome> {
  const claim: DeliveryClaim = { eventId: event.eventId, channel, token: randomUUID() };
  try {
    await stateDocumentClient.send(
      new PutCommand({
        TableName: stateTableName(),
        Item: {
          ...deliveryKey(event.eventId, channel),
          eventId: event.eventId,
          eventType: event.type,
          channel,
          applicationId: event.applicationId,
          applicantId: event.applicantId,
          status: 'pending' satisfies DeliveryStatus,
          claimToken: claim.token,
          claimedAt: now.toISOString(),
          expiresAt: Math.floor(now.getTime() / 1000) + RETENTION_DAYS * 86_400,
        },
        ConditionExpression: 'attribute_not_exists(pk) OR (#status = :pending AND claimedAt < :staleBefore)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':pending': 'pending',
          ':staleBefore': new Date(now.getTime() - CLAIM_LEASE_MILLISECONDS).toISOString(),
        },
      }),
    );
    return { outcome: 'claimed', claim };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }

  const existing = await stateDocumentClient.send(
    new GetCommand({ TableName: stateTableName(), Key: deliveryKey(event.eventId, channel), ConsistentRead: true }),
  );
  const status = existing.Item?.status as DeliveryStatus | undefined;
  if (status === 'sent' || status === 'failed') return { outcome: 'done', status };
  return { outcome: 'in-progress' };
}

async function updateClaimed(claim: DeliveryClaim, status: DeliveryStatus, fields: Record<string, string>): Promise<boolean> {
  const names: Record<string, string> = { '#status': 'status' };
  const values: Record<string, string> = { ':status': status, ':token': claim.token };
  const assignments = ['#status = :status'];
  for (const [name, value] of Object.entries(fields)) {
    names[`#${name}`] = name;
    values[`:${name}`] = value;
    assignments.push(`#${name} = :${name}`);
  }
  try {
    await stateDocumentClient.send(
      new UpdateCommand({
        TableName: stateTableName(),
        Key: deliveryKey(claim.eventId, claim.channel),
        UpdateExpression: `SET ${assignments.join(', ')} REMOVE claimToken`,
        ConditionExpression: 'claimToken = :token',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
    return true;
  } catch (error) {
    // Another attempt took the claim over after the lease ran out.
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** Records the send; returns false when another attempt had taken the claim over meanwhile. */
export function markSent(claim: DeliveryClaim, providerMessageId: string | undefined, now = new Date()): Promise<boolean> {
  return updateClaimed(claim, 'sent', { sentAt: now.toISOString(), ...(providerMessageId ? { providerMessageId } : {}) });
}

/** Records a failure that no retry can fix, such as a missing contact, so later copies skip it. */
export function markFailed(claim: DeliveryClaim, reasonCode: string, now = new Date()): Promise<boolean> {
  return updateClaimed(claim, 'failed', { failedAt: now.toISOString(), reasonCode });
}

/** Gives the claim up after a transient failure, so the retry can claim it at once. */
export async function releaseClaim(claim: DeliveryClaim): Promise<void> {
  try {
    await stateDocumentClient.send(
      new DeleteCommand({
        TableName: stateTableName(),
        Key: deliveryKey(claim.eventId, claim.channel),
        ConditionExpression: 'claimToken = :token',
        ExpressionAttributeValues: { ':token': claim.token },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}
