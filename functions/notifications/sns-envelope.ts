import { z } from 'zod';
import { EVENT_TYPES, type DomainEvent } from '../domain/events.ts';
import { APPLICATION_STATUS_TITLES, type ApplicationStatus } from '../domain/statuses.ts';

/** Thrown for a message that no retry can process: bad JSON, not an SNS notification, unknown event type. */
export class PoisonMessageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PoisonMessageError';
  }
}

// SNS wraps the message in this envelope because the subscriptions do not use raw delivery.
const envelopeSchema = z.looseObject({
  Type: z.literal('Notification'),
  MessageId: z.string().min(1),
  Message: z.string(),
});

const statusCodes = Object.keys(APPLICATION_STATUS_TITLES) as [ApplicationStatus, ...ApplicationStatus[]];

// The fields the senders read; the rest of the event passes through unchecked.
const eventSchema = z.looseObject({
  eventId: z.string().min(1),
  type: z.enum(EVENT_TYPES),
  applicationId: z.string().min(1),
  applicantId: z.string().min(1),
  occurredAt: z.iso.datetime({ offset: true }),
  status: z.enum(statusCodes),
  sequence: z.number().int(),
  documentType: z.string().optional(),
  reasonCode: z.string().optional(),
  documentTypes: z.array(z.string()).optional(),
  step: z.string().optional(),
});

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new PoisonMessageError(`${what} is not valid JSON`);
  }
}

/** Returns the domain event inside an SQS message body that contains an SNS notification. */
export function parseEventFromSqsBody(body: string): DomainEvent {
  const envelope = envelopeSchema.safeParse(parseJson(body, 'SQS message body'));
  if (!envelope.success) throw new PoisonMessageError('SQS message body is not an SNS notification');

  const event = eventSchema.safeParse(parseJson(envelope.data.Message, 'SNS message'));
  if (!event.success) {
    const paths = event.error.issues.map((issue) => issue.path.join('.') || '(root)').join(', ');
    throw new PoisonMessageError(`SNS message is not a domain event; invalid: ${paths}`);
  }
  return event.data as unknown as DomainEvent;
}
