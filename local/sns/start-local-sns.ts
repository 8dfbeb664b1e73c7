import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { dirname } from 'node:path';
import type { SNSMessageAttributes } from 'aws-lambda';
import { logger as serviceLogger } from '../../functions/commons/logger.ts';
import { matchesFilterPolicy, validateFilterPolicy, type FilterPolicy, type MessageAttributeValue } from './filter-policy.ts';
import { validateMessage, type ValidMessage } from './message-validation.ts';
import {
  escapeXml,
  invalidParameter,
  readBatchEntries,
  readPublishInput,
  renderError,
  renderResult,
  SnsError,
  topicNotFound,
} from './query-protocol.ts';
import type { SnsDelivery } from './sns-delivery.ts';
import { BodyTooLargeError, listen, readBody } from '../http-server.ts';

export type { SnsDelivery } from './sns-delivery.ts';

export interface LocalSnsOptions {
  /** Port of the SNS endpoint; 0 picks any free port. */
  port: number;
  host?: string;
  region: string;
  accountId: string;
  topics: string[];
  /** File that receives one JSON line per delivery. */
  outboxPath: string;
}

export interface SnsSubscription {
  name: string;
  filterPolicy?: FilterPolicy;
  filterPolicyScope?: 'MessageAttributes';
  deliver?: (delivery: SnsDelivery) => Promise<void>;
}

export interface LocalSns {
  endpoint: string;
  topicArn(name: string): string;
  subscribe(topicName: string, subscription: SnsSubscription): void;
  /** Resolves once every delivery started so far, and any it led to, has finished. */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

const MAX_REQUEST_BYTES = 2 * 1024 * 1024;
const MAX_BATCH_ENTRIES = 10;
const TOPIC_NAME = /^[A-Za-z0-9_-]{1,256}$/;
const E164_PHONE = /^\+[1-9]\d{6,14}$/;
const PUSH_ENDPOINT_ARN = /^arn:aws:sns:[a-z0-9-]+:\d{12}:endpoint\/[A-Za-z0-9_]+\/[^/]+\/[0-9a-f-]+$/;

const logger = serviceLogger.createChild({ serviceName: 'kontrakt-local-sns' });

function toNotificationAttributes(attributes: Record<string, MessageAttributeValue>): SNSMessageAttributes {
  const converted: SNSMessageAttributes = {};
  for (const [name, attribute] of Object.entries(attributes)) {
    converted[name] = { Type: attribute.DataType, Value: attribute.StringValue ?? attribute.BinaryValue ?? '' };
  }
  return converted;
}

async function readRequestText(request: IncomingMessage): Promise<string> {
  try {
    return (await readBody(request, MAX_REQUEST_BYTES)).toString('utf8');
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw invalidParameter('Request too long');
    throw error;
  }
}


/**
 * Starts an SNS endpoint for @aws-sdk/client-sns (AWS query protocol) with Publish,
 * PublishBatch, CreateTopic and ListTopics. Every message is checked as SNS checks it, then
 * delivered to each subscription whose filter policy matches: one JSON line in the outbox and a
 * call of `deliver`. Deliveries run after Publish has responded, in publish order per
 * subscription. A failing `deliver` is logged and recorded in the outbox with `failed: true`,
 * and never reported to the publisher.
 *
 * NOTE: FIFO topics (`.fifo`) are not modelled: MessageGroupId and MessageDeduplicationId are
 * ignored, and no SequenceNumber is returned.
 */
export async function startLocalSns(options: LocalSnsOptions): Promise<LocalSns> {
  const host = options.host ?? '127.0.0.1';
  const topicArn = (name: string): string => `arn:aws:sns:${options.region}:${options.accountId}:${name}`;
  const topics = new Map<string, SnsSubscription[]>(options.topics.map((name) => [topicArn(name), []]));
  const deliveryChains = new Map<SnsSubscription, Promise<void>>();
  mkdirSync(dirname(options.outboxPath), { recursive: true });

  function writeOutbox(delivery: SnsDelivery, deliveredAt: string, failed: boolean): void {
    const line = {
      deliveredAt,
      topicArn: delivery.topicArn,
      subscription: delivery.subscription,
      messageId: delivery.messageId,
      message: delivery.message,
      ...(delivery.subject === undefined ? {} : { subject: delivery.subject }),
      messageAttributes: delivery.messageAttributes,
      ...(failed ? { failed: true } : {}),
    };
    appendFileSync(options.outboxPath, `${JSON.stringify(line)}\n`);
  }

  async function deliverTo(subscription: SnsSubscription, delivery: SnsDelivery): Promise<void> {
    const deliveredAt = new Date().toISOString();
    let failed = false;
    try {
      await subscription.deliver?.(delivery);
    } catch (error) {
      failed = true;
      logger.error('Delivery to subscription failed', {
        topicArn: delivery.topicArn,
        subscription: subscription.name,
        messageId: delivery.messageId,
        error: error as Error,
      });
    }
    try {
      writeOutbox(delivery, deliveredAt, failed);
    } catch (error) {
      logger.error('Outbox write failed', { subscription: subscription.name, messageId: delivery.messageId, error: error as Error });
    }
  }

  function fanOut(arn: string, messageId: string, message: ValidMessage): void {
    const timestamp = new Date().toISOString();
    for (const subscription of topics.get(arn) ?? []) {
      if (subscription.filterPolicy !== undefined && !matchesFilterPolicy(subscription.filterPolicy, message.messageAttributes)) continue;
      const delivery: SnsDelivery = {
        topicArn: arn,
        subscription: subscription.name,
        messageId,
        message: message.message,
        subject: message.subject,
        messageAttributes: toNotificationAttributes(message.messageAttributes),
        timestamp,
      };
      const previous = deliveryChains.get(subscription) ?? Promise.resolve();
      deliveryChains.set(subscription, previous.then(() => deliverTo(subscription, delivery)));
    }
  }

  function requireTopic(arn: string | undefined): string {
    if (arn === undefined || arn === '') throw invalidParameter('TopicArn');
    if (!topics.has(arn)) throw topicNotFound();
    return arn;
  }

  /**
   * Records a Publish straight to a phone number (SMS) or a mobile-push endpoint as a delivery on
   * that channel. The recipient is masked in the outbox because it is personal data.
   */
  function publishDirect(params: URLSearchParams, phoneNumber: string | null, targetArn: string | null): string {
    const input = readPublishInput(params);
    // SNS reads AWS.SNS.SMS.* and AWS.SNS.MOBILE.* attributes as delivery settings of a direct
    // publish; they are reserved names only on topic messages.
    const deliverySettings = Object.keys(input.messageAttributes).filter((name) => /^AWS\.SNS\.(SMS|MOBILE)\./.test(name));
    for (const name of deliverySettings) delete input.messageAttributes[name];
    const message = validateMessage(input);
    let channel: 'sms' | 'push';
    let recipient: string;
    if (phoneNumber !== null) {
      if (!E164_PHONE.test(phoneNumber)) throw invalidParameter('PhoneNumber Reason: input incorrectly formatted');
      channel = 'sms';
      recipient = `${phoneNumber.slice(0, 2)}******${phoneNumber.slice(-4)}`;
    } else {
      if (targetArn === null || !PUSH_ENDPOINT_ARN.test(targetArn)) throw invalidParameter('TargetArn Reason: not a mobile-push endpoint ARN');
      channel = 'push';
      recipient = `${targetArn.slice(0, targetArn.lastIndexOf('/') + 1)}…`;
    }
    const messageId = randomUUID();
    const line = { deliveredAt: new Date().toISOString(), channel, recipient, messageId, message: message.message };
    appendFileSync(options.outboxPath, `${JSON.stringify(line)}\n`);
    logger.info('Direct message published', { channel, messageId });
    return renderResult('Publish', `<MessageId>${messageId}</MessageId>`);
  }

  function publish(params: URLSearchParams): string {
    const phoneNumber = params.get('PhoneNumber');
    const targetArn = params.get('TargetArn');
    if (phoneNumber !== null || targetArn !== null) return publishDirect(params, phoneNumber, targetArn);
    const input = readPublishInput(params);
    const arn = requireTopic(input.topicArn);
    const message = validateMessage(input);
    const messageId = randomUUID();
    fanOut(arn, messageId, message);
    logger.info('Message published', { topicArn: arn, messageId });
    return renderResult('Publish', `<MessageId>${messageId}</MessageId>`);
  }

  function publishBatch(params: URLSearchParams): string {
    const arn = requireTopic(params.get('TopicArn') ?? undefined);
    const entries = readBatchEntries(params);
    if (entries.length === 0) throw new SnsError(400, 'EmptyBatchRequest', 'The batch request does not contain any entries.');
    if (entries.length > MAX_BATCH_ENTRIES) {
      throw new SnsError(400, 'TooManyEntriesInBatchRequest', `The batch request contains more entries than permissible (${MAX_BATCH_ENTRIES}).`);
    }
    const ids = entries.map((entry) => entry.id);
    if (new Set(ids).size !== ids.length) throw new SnsError(400, 'BatchEntryIdsNotDistinct', 'Two or more batch entries in the request have the same Id.');
    if (ids.some((id) => !/^[A-Za-z0-9_-]{1,80}$/.test(id))) {
      throw new SnsError(400, 'InvalidBatchEntryId', 'A batch entry id can only contain alphanumeric characters, hyphens and underscores, and be at most 80 characters long.');
    }

    const successful: string[] = [];
    const failed: string[] = [];
    for (const entry of entries) {
      try {
        const message = validateMessage(readPublishInput(params, entry.prefix));
        const messageId = randomUUID();
        fanOut(arn, messageId, message);
        logger.info('Message published', { topicArn: arn, messageId });
        successful.push(`<member><Id>${escapeXml(entry.id)}</Id><MessageId>${messageId}</MessageId></member>`);
      } catch (error) {
        if (!(error instanceof SnsError)) throw error;
        failed.push(
          `<member><Id>${escapeXml(entry.id)}</Id><Code>${error.code}</Code>` +
            `<Message>${escapeXml(error.message)}</Message><SenderFault>true</SenderFault></member>`,
        );
      }
    }
    return renderResult('PublishBatch', `<Successful>${successful.join('')}</Successful><Failed>${failed.join('')}</Failed>`);
  }

  function createTopic(params: URLSearchParams): string {
    const name = params.get('Name') ?? '';
    if (!TOPIC_NAME.test(name)) throw invalidParameter('Topic Name');
    const arn = topicArn(name);
    if (!topics.has(arn)) topics.set(arn, []);
    return renderResult('CreateTopic', `<TopicArn>${escapeXml(arn)}</TopicArn>`);
  }

  function listTopics(): string {
    const members = [...topics.keys()].map((arn) => `<member><TopicArn>${escapeXml(arn)}</TopicArn></member>`).join('');
    return renderResult('ListTopics', `<Topics>${members}</Topics>`);
  }

  async function handleRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let statusCode = 200;
    let body: string;
    try {
      if (request.method !== 'POST') throw new SnsError(400, 'InvalidAction', 'The local SNS accepts only POST requests of the AWS query protocol.');
      const params = new URLSearchParams(await readRequestText(request));
      const action = params.get('Action') ?? '';
      if (action === 'Publish') body = publish(params);
      else if (action === 'PublishBatch') body = publishBatch(params);
      else if (action === 'CreateTopic') body = createTopic(params);
      else if (action === 'ListTopics') body = listTopics();
      else throw new SnsError(400, 'InvalidAction', `The action ${action} is not valid for this web service.`);
    } catch (error) {
      const snsError =
        error instanceof SnsError ? error : new SnsError(500, 'InternalError', 'The local SNS failed to process the request.');
      if (!(error instanceof SnsError)) logger.error('SNS request failed', { error: error as Error });
      statusCode = snsError.statusCode;
      body = renderError(snsError);
    }
    response.writeHead(statusCode, { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(body) });
    response.end(body);
  }

  const server = createServer((request, response) => void handleRequest(request, response));
  const port = await listen(server, options.port, host);
  logger.info('Local SNS started', { port, topics: options.topics });

  async function drain(): Promise<void> {
    let chains: Array<Promise<void>>;
    do {
      chains = [...deliveryChains.values()];
      await Promise.all(chains);
      // A delivery may publish again, which extends a chain or starts one for another subscription.
    } while ([...deliveryChains.values()].some((chain, index) => chain !== chains[index]));
  }

  return {
    endpoint: `http://${host}:${port}`,
    topicArn,
    subscribe(topicName, subscription) {
      const subscriptions = topics.get(topicArn(topicName));
      if (subscriptions === undefined) throw new Error(`Topic ${topicName} does not exist; name it in topics or create it first`);
      if (subscriptions.some((existing) => existing.name === subscription.name)) {
        throw new Error(`Topic ${topicName} already has a subscription named ${subscription.name}`);
      }
      if (subscription.filterPolicy !== undefined) validateFilterPolicy(subscription.filterPolicy);
      subscriptions.push(subscription);
    },
    drain,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await drain();
      logger.info('Local SNS stopped', { port });
    },
  };
}
