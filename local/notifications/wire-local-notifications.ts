import { join } from 'node:path';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { NOTIFICATION_SENDERS, type FunctionSpec } from '../../functions/catalog.ts';
import { FILTER_POLICIES, NOTIFICATION_QUEUES, type NotificationQueue } from '../../functions/notifications/filter-policies.ts';
import { LOCAL_STACK, OUTBOX_FILE } from '../config.ts';
import { LocalQueue } from '../queue/local-queue.ts';
import { toSqsNotificationBody } from '../sns/sns-delivery.ts';
import type { LocalSns } from '../sns/start-local-sns.ts';
import { startLocalSes } from './start-local-ses.ts';

export interface WireLocalNotificationsOptions {
  sns: Pick<LocalSns, 'subscribe'>;
  dataDir: string;
  /** Runs a catalogue function in this process with the event and returns its result; rejects when the handler throws. */
  invoke: (spec: FunctionSpec, event: SQSEvent) => Promise<unknown>;
  /** The events topic; the local stack's by default. */
  topicName?: string;
  /** Port of the local SES endpoint; 0 (the default) picks any free port. */
  sesPort?: number;
  /** Base address of notification links; the front end's dev server by default. */
  portalBaseUrl?: string;
  /** How long a failed message waits before its retry; short by default so retries show up at once. */
  visibilityTimeoutMs?: number;
}

export interface LocalNotifications {
  /** The variables the senders read, as set in process.env. */
  environment: Record<string, string>;
  queues: Record<NotificationQueue, LocalQueue>;
  /** Resolves once every message queued so far has been sent or dead-lettered. */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

/** Receives before a message goes to the dead-letter file, as on AWS. */
const MAX_RECEIVE_COUNT = 5;
const DEFAULT_VISIBILITY_TIMEOUT_MS = 1_000;
export const DEAD_LETTERS_FILE = 'notification-dead-letters.jsonl';

/** A platform application that exists only locally, so a device endpoint of it can be registered and pushed to. */
export const LOCAL_PUSH_PLATFORM_APPLICATION_ARN = `arn:aws:sns:${LOCAL_STACK.region}:${LOCAL_STACK.accountId}:app/GCM/kontrakt-local`;

/**
 * Sets the senders' variables in process.env, where the in-process functions read them. A
 * variable the developer has already set is kept.
 */
function applyEnvironment(defaults: Record<string, string>): Record<string, string> {
  const applied: Record<string, string> = {};
  for (const [name, value] of Object.entries(defaults)) {
    process.env[name] ??= value;
    applied[name] = process.env[name];
  }
  return applied;
}

/**
 * Wires notification delivery into the local runtime as the NotificationChannels construct does
 * on AWS. Each queue (push, SMS, e-mail, operators) is a local SQS queue subscribed to the
 * events topic with the same filter policy. The same sender function consumes it, with the same
 * partial-batch retries and dead-lettering. E-mail goes to a local SES endpoint that appends it
 * to `<dataDir>/outbox.jsonl`. SMS and push go to the local SNS endpoint, which the runtime sets
 * as AWS_ENDPOINT_URL_SNS.
 */
export async function wireLocalNotifications(options: WireLocalNotificationsOptions): Promise<LocalNotifications> {
  const ses = await startLocalSes({ port: options.sesPort ?? 0, outboxPath: join(options.dataDir, OUTBOX_FILE) });
  const environment = applyEnvironment({
    AWS_ENDPOINT_URL_SESV2: ses.endpoint,
    PORTAL_BASE_URL: options.portalBaseUrl ?? 'http://localhost:5173',
    EMAIL_FROM_ADDRESS: 'noreply@kontrakt.local',
    OPERATORS_EMAIL_ADDRESS: 'operators@kontrakt.local',
    PUSH_PLATFORM_APPLICATION_ARNS: LOCAL_PUSH_PLATFORM_APPLICATION_ARN,
  });

  const topicName = options.topicName ?? LOCAL_STACK.eventsTopicName;
  const queues = {} as Record<NotificationQueue, LocalQueue>;
  for (const name of NOTIFICATION_QUEUES) {
    const spec = NOTIFICATION_SENDERS[name];
    const queue = new LocalQueue({
      name: `notifications-${name}`,
      consumer: async (event) => (await options.invoke(spec, event)) as SQSBatchResponse | undefined,
      maxReceiveCount: MAX_RECEIVE_COUNT,
      visibilityTimeoutMs: options.visibilityTimeoutMs ?? DEFAULT_VISIBILITY_TIMEOUT_MS,
      deadLetterPath: join(options.dataDir, DEAD_LETTERS_FILE),
      region: LOCAL_STACK.region,
      accountId: LOCAL_STACK.accountId,
    });
    options.sns.subscribe(topicName, {
      name: `notifications-${name}`,
      filterPolicy: FILTER_POLICIES[name],
      deliver: async (delivery) => {
        queue.send(toSqsNotificationBody(delivery));
      },
    });
    queues[name] = queue;
  }

  return {
    environment,
    queues,
    async drain() {
      await Promise.all(Object.values(queues).map((queue) => queue.drain()));
    },
    async stop() {
      await Promise.all(Object.values(queues).map((queue) => queue.stop()));
      await ses.stop();
    },
  };
}
