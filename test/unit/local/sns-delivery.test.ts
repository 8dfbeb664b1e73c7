import { describe, expect, it } from 'vitest';
import { toSnsEvent, toSqsNotificationBody, type SnsDelivery } from '../../../local/sns/sns-delivery.ts';

const delivery: SnsDelivery = {
  topicArn: 'arn:aws:sns:eu-central-1:123456789012:events',
  subscription: 'notifications',
  messageId: '2f1b5c3e-0000-4000-8000-000000000001',
  message: '{"eventId":"e-1"}',
  messageAttributes: { eventType: { Type: 'String', Value: 'STATUS_CHANGED' } },
  timestamp: '2026-03-01T10:00:00.000Z',
};

describe('toSnsEvent', () => {
  it('builds a Lambda SNS event with the message and attributes', () => {
    const event = toSnsEvent(delivery, `${delivery.topicArn}:notifications`);

    expect(event.Records).toHaveLength(1);
    expect(event.Records[0]?.EventSource).toBe('aws:sns');
    expect(event.Records[0]?.EventSubscriptionArn).toBe(`${delivery.topicArn}:notifications`);
    expect(event.Records[0]?.Sns).toMatchObject({
      Type: 'Notification',
      MessageId: delivery.messageId,
      TopicArn: delivery.topicArn,
      Message: delivery.message,
      Timestamp: delivery.timestamp,
      MessageAttributes: delivery.messageAttributes,
    });
    expect(event.Records[0]?.Sns.Subject).toBeUndefined();
  });
});

describe('toSqsNotificationBody', () => {
  it('builds the JSON envelope that SNS puts into an SQS queue', () => {
    const body = JSON.parse(toSqsNotificationBody({ ...delivery, subject: 'Статус' })) as Record<string, unknown>;

    expect(body).toMatchObject({ Type: 'Notification', MessageId: delivery.messageId, Message: delivery.message, Subject: 'Статус' });
    expect(body.SigningCertURL).toBeDefined();
    expect(body.UnsubscribeURL).toBeDefined();
    expect(body.SigningCertUrl).toBeUndefined();
  });
});
