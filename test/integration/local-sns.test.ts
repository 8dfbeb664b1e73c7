import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateTopicCommand,
  InvalidParameterException,
  InvalidParameterValueException,
  ListTopicsCommand,
  NotFoundException,
  PublishBatchCommand,
  PublishCommand,
  SNSClient,
} from '@aws-sdk/client-sns';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLocalSns, type LocalSns, type SnsDelivery } from '../../local/sns/start-local-sns.ts';

const REGION = 'eu-central-1';
const ACCOUNT_ID = '123456789012';

let workDir: string;
let outboxPath: string;
let localSns: LocalSns;
let sns: SNSClient;

beforeEach(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'local-sns-'));
  outboxPath = join(workDir, 'outbox', 'sns.jsonl');
  localSns = await startLocalSns({ port: 0, region: REGION, accountId: ACCOUNT_ID, topics: ['events'], outboxPath });
  sns = new SNSClient({
    endpoint: localSns.endpoint,
    region: REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
});

afterEach(async () => {
  sns.destroy();
  await localSns.stop();
  await rm(workDir, { recursive: true, force: true });
});

interface OutboxLine {
  deliveredAt: string;
  topicArn: string;
  subscription: string;
  messageId: string;
  message: string;
  messageAttributes: Record<string, { Type: string; Value: string }>;
  failed?: boolean;
}

async function readOutbox(): Promise<OutboxLine[]> {
  try {
    const text = await readFile(outboxPath, 'utf8');
    return text.trim().split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as OutboxLine);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

function publishEvent(attributes: Record<string, { DataType: string; StringValue: string }>, message = '{"eventId":"e-1"}') {
  return sns.send(new PublishCommand({ TopicArn: localSns.topicArn('events'), Message: message, MessageAttributes: attributes }));
}

describe('startLocalSns', () => {
  it('delivers a published message and writes an outbox line', async () => {
    const deliveries: SnsDelivery[] = [];
    localSns.subscribe('events', { name: 'journal', deliver: async (delivery) => void deliveries.push(delivery) });

    const result = await publishEvent({ eventType: { DataType: 'String', StringValue: 'APPLICATION_CREATED' } });
    await localSns.drain();

    expect(result.MessageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({
      topicArn: `arn:aws:sns:${REGION}:${ACCOUNT_ID}:events`,
      subscription: 'journal',
      messageId: result.MessageId,
      message: '{"eventId":"e-1"}',
      messageAttributes: { eventType: { Type: 'String', Value: 'APPLICATION_CREATED' } },
    });
    const outbox = await readOutbox();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ subscription: 'journal', messageId: result.MessageId, message: '{"eventId":"e-1"}' });
    expect(outbox[0]?.failed).toBeUndefined();
    expect(Number.isNaN(Date.parse(outbox[0]?.deliveredAt ?? ''))).toBe(false);
  });

  it('writes an outbox line for a subscription without deliver', async () => {
    localSns.subscribe('events', { name: 'email-notifications' });

    await publishEvent({});
    await localSns.drain();

    expect((await readOutbox()).map((line) => line.subscription)).toEqual(['email-notifications']);
  });

  it('delivers only to subscriptions whose filter policy matches', async () => {
    localSns.subscribe('events', { name: 'status-changes', filterPolicy: { eventType: ['STATUS_CHANGED'] } });
    localSns.subscribe('events', { name: 'documents', filterPolicy: { eventType: [{ prefix: 'DOCUMENT_' }] } });
    localSns.subscribe('events', { name: 'not-received', filterPolicy: { status: [{ 'anything-but': ['RECEIVED'] }] } });
    localSns.subscribe('events', { name: 'everything' });

    await publishEvent({ eventType: { DataType: 'String', StringValue: 'DOCUMENT_ACCEPTED' }, status: { DataType: 'String', StringValue: 'RECEIVED' } });
    await localSns.drain();

    expect((await readOutbox()).map((line) => line.subscription).sort()).toEqual(['documents', 'everything']);
  });

  it('matches String.Array and Number attributes', async () => {
    localSns.subscribe('events', { name: 'tags', filterPolicy: { tags: ['urgent'] } });
    localSns.subscribe('events', { name: 'large', filterPolicy: { size: [{ numeric: ['>', 100] }] } });
    localSns.subscribe('events', { name: 'small', filterPolicy: { size: [{ numeric: ['<=', 100] }] } });

    await publishEvent({
      tags: { DataType: 'String.Array', StringValue: '["routine","urgent"]' },
      size: { DataType: 'Number', StringValue: '250' },
    });
    await localSns.drain();

    expect((await readOutbox()).map((line) => line.subscription).sort()).toEqual(['large', 'tags']);
  });

  it('does not deliver when a filtered attribute is missing, unless exists is false', async () => {
    localSns.subscribe('events', { name: 'needs-document-type', filterPolicy: { documentType: [{ exists: true }] } });
    localSns.subscribe('events', { name: 'without-document-type', filterPolicy: { documentType: [{ exists: false }] } });
    localSns.subscribe('events', { name: 'not-passport', filterPolicy: { documentType: [{ 'anything-but': 'passport' }] } });

    await publishEvent({ eventType: { DataType: 'String', StringValue: 'STATUS_CHANGED' } });
    await localSns.drain();

    expect((await readOutbox()).map((line) => line.subscription)).toEqual(['without-document-type']);
  });

  it('records a failing deliver without failing Publish', async () => {
    localSns.subscribe('events', {
      name: 'broken',
      deliver: async () => {
        throw new Error('subscriber down');
      },
    });
    localSns.subscribe('events', { name: 'healthy', deliver: async () => undefined });

    const result = await publishEvent({});
    await localSns.drain();

    expect(result.MessageId).toBeDefined();
    const outbox = await readOutbox();
    expect(outbox.find((line) => line.subscription === 'broken')?.failed).toBe(true);
    expect(outbox.find((line) => line.subscription === 'healthy')?.failed).toBeUndefined();
  });

  it('delivers in publish order per subscription', async () => {
    const received: string[] = [];
    localSns.subscribe('events', {
      name: 'ordered',
      deliver: async (delivery) => {
        await new Promise((resolve) => setTimeout(resolve, delivery.message === 'first' ? 30 : 0));
        received.push(delivery.message);
      },
    });

    await publishEvent({}, 'first');
    await publishEvent({}, 'second');
    await localSns.drain();

    expect(received).toEqual(['first', 'second']);
  });

  it('raises NotFoundException for an unknown topic', async () => {
    const attempt = sns.send(new PublishCommand({ TopicArn: localSns.topicArn('missing'), Message: 'x' }));

    await expect(attempt).rejects.toBeInstanceOf(NotFoundException);
  });

  it('raises InvalidParameterException for an empty message', async () => {
    const attempt = sns.send(new PublishCommand({ TopicArn: localSns.topicArn('events'), Message: '' }));

    await expect(attempt).rejects.toBeInstanceOf(InvalidParameterException);
  });

  it('raises InvalidParameterValueException for a non-numeric Number attribute', async () => {
    const attempt = publishEvent({ size: { DataType: 'Number', StringValue: 'large' } });

    await expect(attempt).rejects.toBeInstanceOf(InvalidParameterValueException);
  });

  it('publishes a batch and reports failed entries', async () => {
    localSns.subscribe('events', { name: 'journal' });

    const result = await sns.send(
      new PublishBatchCommand({
        TopicArn: localSns.topicArn('events'),
        PublishBatchRequestEntries: [
          { Id: 'one', Message: 'first', MessageAttributes: { eventType: { DataType: 'String', StringValue: 'A' } } },
          { Id: 'two', Message: 'second' },
          { Id: 'bad', Message: 'third', MessageAttributes: { size: { DataType: 'Number', StringValue: 'x' } } },
        ],
      }),
    );
    await localSns.drain();

    expect(result.Successful?.map((entry) => entry.Id)).toEqual(['one', 'two']);
    expect(result.Failed?.map((entry) => [entry.Id, entry.Code, entry.SenderFault])).toEqual([['bad', 'ParameterValueInvalid', true]]);
    expect((await readOutbox()).map((line) => line.message)).toEqual(['first', 'second']);
  });

  it('creates and lists topics', async () => {
    const created = await sns.send(new CreateTopicCommand({ Name: 'notifications' }));
    const listed = await sns.send(new ListTopicsCommand({}));

    expect(created.TopicArn).toBe(`arn:aws:sns:${REGION}:${ACCOUNT_ID}:notifications`);
    expect(listed.Topics?.map((topic) => topic.TopicArn)).toEqual([localSns.topicArn('events'), created.TopicArn]);
  });

  it('rejects an invalid filter policy at subscribe time', () => {
    const subscribe = () => localSns.subscribe('events', { name: 'broken', filterPolicy: { eventType: 'STATUS_CHANGED' } });

    expect(subscribe).toThrow(/Invalid filter policy/);
  });

  it('records an SMS publish with a masked phone number', async () => {
    await sns.send(
      new PublishCommand({
        PhoneNumber: '+79161234567',
        Message: 'Заявление одобрено',
        MessageAttributes: { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' } },
      }),
    );

    const [line] = (await readOutbox()) as unknown as Array<Record<string, string>>;
    expect(line?.channel).toBe('sms');
    expect(line?.recipient).toBe('+7******4567');
    expect(line?.message).toBe('Заявление одобрено');
  });

  it('records a push publish to an endpoint ARN', async () => {
    const endpointArn = `arn:aws:sns:${REGION}:${ACCOUNT_ID}:endpoint/GCM/kontrakt-android/2f1c7f4e-8a5d-3b8e-9c1a-0d2e4f6a8b0c`;

    await sns.send(new PublishCommand({ TargetArn: endpointArn, MessageStructure: 'json', Message: JSON.stringify({ default: 'Статус изменён' }) }));

    const [line] = (await readOutbox()) as unknown as Array<Record<string, string>>;
    expect(line?.channel).toBe('push');
    expect(line?.message).toBe('Статус изменён');
  });

  it('rejects an SMS to a number that is not E.164', async () => {
    const publish = sns.send(new PublishCommand({ PhoneNumber: '89161234567', Message: 'текст' }));

    await expect(publish).rejects.toBeInstanceOf(InvalidParameterException);
    expect(await readOutbox()).toEqual([]);
  });
});
