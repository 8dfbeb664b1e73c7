import type { DomainEvent, EventType } from '../../../functions/domain/events.ts';

/** A ULID-length id, as the API assigns to applications. */
export const APPLICATION_ID = '01JF8Z6Q4V7W3X9Y2A5B8C1D4E';
export const APPLICANT_ID = 'applicant-7f3e';

/** Returns a domain event of the given type with every field a template may read. */
export function sampleEvent(type: EventType, overrides: Partial<DomainEvent> = {}): DomainEvent {
  return {
    eventId: `event-${type.toLowerCase()}`,
    type,
    applicationId: APPLICATION_ID,
    applicantId: APPLICANT_ID,
    occurredAt: '2026-03-14T09:30:00.000Z',
    actor: { kind: 'system', id: 'kontrakt' },
    status: 'IN_REVIEW',
    sequence: 3,
    ...overrides,
  };
}

/** Wraps an event the way SNS delivers it to an SQS queue without raw message delivery. */
export function sqsRecordOf(event: DomainEvent, messageId = `message-${event.eventId}`) {
  const envelope = {
    Type: 'Notification',
    MessageId: `sns-${messageId}`,
    TopicArn: 'arn:aws:sns:eu-central-1:123456789012:events',
    Message: JSON.stringify(event),
    Timestamp: event.occurredAt,
    MessageAttributes: { eventType: { Type: 'String', Value: event.type } },
  };
  return {
    messageId,
    receiptHandle: `receipt-${messageId}`,
    body: JSON.stringify(envelope),
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '0',
      SenderId: 'sns',
      ApproximateFirstReceiveTimestamp: '0',
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-central-1:123456789012:notifications',
    awsRegion: 'eu-central-1',
  };
}
