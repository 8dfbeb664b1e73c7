import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_PREFERENCES } from '../../../functions/notifications/settings.ts';
import { testContext } from './lambda-test-context.ts';
import { APPLICANT_ID, APPLICATION_ID, sampleEvent, sqsRecordOf } from './sample-events.ts';

const dynamo = mockClient(DynamoDBDocumentClient);
const sns = mockClient(SNSClient);

const PHONE_AS_TYPED = '8 (916) 123-45-67';
const event = sampleEvent('STATUS_CHANGED', { status: 'APPROVED' });

let handler: (event: SQSEvent, context: ReturnType<typeof testContext>) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;

beforeAll(async () => {
  process.env.STATE_TABLE_NAME = 'state';
  process.env.PERSONAL_DATA_TABLE_NAME = 'personal-data';
  process.env.PERSONAL_DATA_BUCKET_NAME = 'personal-data-bucket';
  process.env.PORTAL_BASE_URL = 'https://kontrakt.gosuslugi.ru';
  process.env.AWS_REGION = 'eu-central-1';
  ({ handler } = await import('../../../functions/notifications/send-sms.ts'));
});

/** Serves settings, form and delivery items by sort key, as the two tables would. */
function serveItems(items: { settings?: Record<string, unknown>; form?: Record<string, unknown>; delivery?: Record<string, unknown> }) {
  dynamo.on(GetCommand).callsFake((input: { Key: { sk: string } }) => {
    switch (input.Key.sk) {
      case 'NOTIFICATION_SETTINGS':
        return { Item: items.settings };
      case 'FORM':
        return { Item: items.form };
      case 'DELIVERY':
        return { Item: items.delivery };
      default:
        throw new Error(`Unexpected GetItem of ${input.Key.sk}`);
    }
  });
}

const storedForm = (form: Record<string, unknown>) => ({ applicationId: APPLICATION_ID, applicantId: APPLICANT_ID, form, version: 1 });

const sqsEvent = (...records: ReturnType<typeof sqsRecordOf>[]): SQSEvent => ({ Records: records });

beforeEach(() => {
  dynamo.reset();
  sns.reset();
  dynamo.on(UpdateCommand).resolves({});
  dynamo.on(DeleteCommand).resolves({});
  sns.on(PublishCommand).resolves({ MessageId: 'sns-message-1' });
});

describe('send-sms handler', () => {
  it('sends one SMS for a message delivered twice', async () => {
    serveItems({ form: storedForm({ contacts: { phone: PHONE_AS_TYPED } }), delivery: { status: 'sent' } });
    dynamo
      .on(PutCommand)
      .resolvesOnce({})
      .rejects(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }));
    const record = sqsRecordOf(event);

    const first = await handler(sqsEvent(record), testContext('SendSms'));
    const second = await handler(sqsEvent({ ...record, messageId: 'redelivered' }), testContext('SendSms'));

    expect(first.batchItemFailures).toEqual([]);
    expect(second.batchItemFailures).toEqual([]);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(1);
    const input = sns.commandCalls(PublishCommand)[0]!.args[0].input;
    expect(input.PhoneNumber).toBe('+79161234567');
    expect(input.MessageAttributes?.['AWS.SNS.SMS.SMSType']?.StringValue).toBe('Transactional');
    expect(input.Message).toBe(`Заявление одобрено. https://kontrakt.gosuslugi.ru/applications/${APPLICATION_ID}`);
  });

  it('claims the delivery before it sends', async () => {
    serveItems({ form: storedForm({ phone: '+79161234567' }) });
    dynamo.on(PutCommand).resolves({});

    await handler(sqsEvent(sqsRecordOf(event)), testContext('SendSms'));

    const claim = dynamo.commandCalls(PutCommand)[0]!.args[0].input;
    expect(claim.Item).toMatchObject({ pk: `DELIVERY#${event.eventId}#sms`, sk: 'DELIVERY', status: 'pending' });
    expect(claim.ConditionExpression).toContain('attribute_not_exists(pk)');
    expect(JSON.stringify(claim.Item)).not.toContain('79161234567');
    const marked = dynamo.commandCalls(UpdateCommand)[0]!.args[0].input;
    expect(marked.ExpressionAttributeValues).toMatchObject({ ':status': 'sent', ':providerMessageId': 'sns-message-1' });
  });

  it('skips an SMS the applicant turned off after publishing', async () => {
    const preferences = { ...DEFAULT_PREFERENCES, statusChanges: { push: true, sms: false, email: true } };
    serveItems({ settings: { applicantId: APPLICANT_ID, version: 2, preferences }, form: storedForm({ phone: PHONE_AS_TYPED }) });

    const result = await handler(sqsEvent(sqsRecordOf(event)), testContext('SendSms'));

    expect(result.batchItemFailures).toEqual([]);
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
  });

  it('records a form without a phone as failed and does not retry', async () => {
    serveItems({ form: storedForm({ contacts: { email: 'ivanov@example.ru' } }) });
    dynamo.on(PutCommand).resolves({});

    const result = await handler(sqsEvent(sqsRecordOf(event)), testContext('SendSms'));

    expect(result.batchItemFailures).toEqual([]);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
    const marked = dynamo.commandCalls(UpdateCommand)[0]!.args[0].input;
    expect(marked.ExpressionAttributeValues).toMatchObject({ ':status': 'failed', ':reasonCode': 'NO_PHONE' });
  });

  it('releases the claim and asks SQS to retry after a throttled publish', async () => {
    serveItems({ form: storedForm({ phone: PHONE_AS_TYPED }) });
    dynamo.on(PutCommand).resolves({});
    sns.on(PublishCommand).rejects(Object.assign(new Error('Rate exceeded for +79161234567'), { name: 'ThrottledException' }));
    const record = sqsRecordOf(event);

    const result = await handler(sqsEvent(record), testContext('SendSms'));

    expect(result.batchItemFailures).toEqual([{ itemIdentifier: record.messageId }]);
    expect(dynamo.commandCalls(DeleteCommand)).toHaveLength(1);
    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('reports a malformed message and keeps processing the batch', async () => {
    serveItems({ form: storedForm({ phone: PHONE_AS_TYPED }) });
    dynamo.on(PutCommand).resolves({});
    const good = sqsRecordOf(event);
    const malformed = { ...sqsRecordOf(event, 'malformed'), body: '{not json' };
    const unknownType = {
      ...sqsRecordOf(event, 'unknown-type'),
      body: JSON.stringify({ Type: 'Notification', MessageId: 'x', Message: JSON.stringify({ ...event, type: 'SOMETHING_NEW' }) }),
    };

    const result = await handler(sqsEvent(malformed, good, unknownType), testContext('SendSms'));

    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'malformed' }, { itemIdentifier: 'unknown-type' }]);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(1);
  });
});
