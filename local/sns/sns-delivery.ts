import type { SNSEvent, SNSMessageAttributes } from 'aws-lambda';

/** One message that a topic delivers to one subscription. */
export interface SnsDelivery {
  topicArn: string;
  /** Subscription name given to subscribe(). */
  subscription: string;
  messageId: string;
  message: string;
  subject?: string;
  /** Attributes in the shape SNS uses in notifications: `{ name: { Type, Value } }`. */
  messageAttributes: SNSMessageAttributes;
  /** Publish time, ISO 8601. */
  timestamp: string;
}

const NOT_SIGNED = 'LOCAL-NOT-SIGNED';

function notification(delivery: SnsDelivery) {
  return {
    Type: 'Notification',
    MessageId: delivery.messageId,
    TopicArn: delivery.topicArn,
    ...(delivery.subject === undefined ? {} : { Subject: delivery.subject }),
    Message: delivery.message,
    Timestamp: delivery.timestamp,
    SignatureVersion: '1',
    Signature: NOT_SIGNED,
    SigningCertUrl: NOT_SIGNED,
    UnsubscribeUrl: NOT_SIGNED,
    MessageAttributes: delivery.messageAttributes,
  };
}

/**
 * Builds the event that SNS sends to a Lambda subscription. The local topic signs nothing, so
 * Signature and the certificate and unsubscribe URLs are placeholders.
 */
export function toSnsEvent(delivery: SnsDelivery, subscriptionArn: string): SNSEvent {
  return {
    Records: [{ EventVersion: '1.0', EventSubscriptionArn: subscriptionArn, EventSource: 'aws:sns', Sns: notification(delivery) }],
  };
}

/** Builds the JSON body that SNS puts into an SQS subscription without raw message delivery. */
export function toSqsNotificationBody(delivery: SnsDelivery): string {
  const { SigningCertUrl, UnsubscribeUrl, ...rest } = notification(delivery);
  return JSON.stringify({ ...rest, SigningCertURL: SigningCertUrl, UnsubscribeURL: UnsubscribeUrl });
}
