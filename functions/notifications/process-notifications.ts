import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { SQSBatchItemFailure, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { z } from 'zod';
import { errorName } from '../commons/errors.ts';
import { logger } from '../commons/logger.ts';
import type { DomainEvent } from '../domain/events.ts';
import { claimDelivery, markFailed, markSent, releaseClaim } from './delivery-claims.ts';
import type { NotificationQueue } from './filter-policies.ts';
import { PermanentDeliveryError } from './delivery-errors.ts';
import { PoisonMessageError, parseEventFromSqsBody } from './sns-envelope.ts';

/** The delivery steps of one channel. */
export interface ChannelSender<Prepared> {
  channel: NotificationQueue;
  /**
   * Reads what sending needs that is not personal data, such as the settings. Returns undefined
   * when the recipient no longer wants the event on this channel, and the event is skipped.
   */
  prepare(event: DomainEvent): Promise<Prepared | undefined>;
  /** Sends the notification and returns the provider's message id. */
  send(event: DomainEvent, prepared: Prepared): Promise<string | undefined>;
}

type DeliveryResult = 'sent' | 'skipped' | 'duplicate' | 'failed';

/**
 * Delivers one event on one channel. The claim is written before sending, so a repeated message
 * finds it and stops. A transient error releases the claim and rethrows, so SQS retries.
 */
export async function deliverEvent<Prepared>(event: DomainEvent, sender: ChannelSender<Prepared>): Promise<DeliveryResult> {
  const fields = { eventId: event.eventId, eventType: event.type, applicationId: event.applicationId, channel: sender.channel };

  const prepared = await sender.prepare(event);
  if (prepared === undefined) {
    logger.info('Notification skipped: the recipient turned this channel off', fields);
    return 'skipped';
  }

  const claim = await claimDelivery(event, sender.channel);
  if (claim.outcome === 'done') {
    logger.info('Notification already handled; repeated message ignored', { ...fields, status: claim.status });
    return 'duplicate';
  }
  if (claim.outcome === 'in-progress') {
    throw new Error(`Delivery of event ${event.eventId} on ${sender.channel} is held by another attempt`);
  }

  let providerMessageId: string | undefined;
  try {
    providerMessageId = await sender.send(event, prepared);
  } catch (error) {
    if (error instanceof PermanentDeliveryError) {
      await markFailed(claim.claim, error.reasonCode);
      logger.warn('Notification not delivered', { ...fields, reasonCode: error.reasonCode, reason: error.message });
      return 'failed';
    }
    await releaseClaim(claim.claim);
    throw error;
  }

  // NOTE: a crash between the send above and this update leaves the claim pending. Once its
  // lease runs out, a redelivered message takes it over and sends again, so the recipient may
  // get that one message twice.
  const recorded = await markSent(claim.claim, providerMessageId);
  logger.info('Notification sent', { ...fields, providerMessageId, recorded });
  return 'sent';
}

const sqsEventSchema = z.object({
  Records: z.array(z.looseObject({ messageId: z.string().min(1), body: z.string() })),
});

/** Processes a batch record by record and returns the failed ones, which SQS makes visible again. */
export async function processRecords<Prepared>(event: SQSEvent, sender: ChannelSender<Prepared>): Promise<SQSBatchResponse> {
  const { Records: records } = sqsEventSchema.parse(event);
  const batchItemFailures: SQSBatchItemFailure[] = [];

  for (const record of records) {
    try {
      await deliverEvent(parseEventFromSqsBody(record.body), sender);
    } catch (error) {
      batchItemFailures.push({ itemIdentifier: record.messageId });
      const fields = { messageId: record.messageId, channel: sender.channel, errorName: errorName(error) };
      if (error instanceof PoisonMessageError) {
        // Retrying cannot help; SQS moves the message to the DLQ once maxReceiveCount is reached.
        logger.error('Notification message is invalid', { ...fields, reason: error.message });
      } else {
        logger.warn('Notification delivery failed; SQS retries it', { ...fields, error: error as Error });
      }
    }
  }
  return { batchItemFailures };
}

/** Builds the SQS-triggered Lambda handler of one channel (reportBatchItemFailures on the event source). */
export function notificationHandler<Prepared>(sender: ChannelSender<Prepared>) {
  return middy<SQSEvent, SQSBatchResponse>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler((event) => processRecords(event, sender));
}
