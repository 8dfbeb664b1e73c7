import { Duration, Stack, ArnFormat } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData, type IAlarmAction } from 'aws-cdk-lib/aws-cloudwatch';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { SubscriptionFilter, type ITopic } from 'aws-cdk-lib/aws-sns';
import { SqsSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { z } from 'zod';
import { NOTIFICATION_SENDERS } from '../../functions/catalog.ts';
import { FILTER_POLICIES, NOTIFICATION_QUEUES, type FilterPolicy, type NotificationQueue } from '../../functions/notifications/filter-policies.ts';
import { endpointArnPatternOf } from '../../functions/notifications/push-endpoints.ts';
import { MAX_PORTAL_BASE_URL_LENGTH } from '../../functions/notifications/templates.ts';
import { acknowledgeFindings } from '../nag.ts';
import { timeoutOf, type BuildFunction } from './service-function.ts';

/** Receives before a sender gives up on a message and the queue moves it to its DLQ. */
const MAX_RECEIVE_COUNT = 5;

const PLATFORM_APPLICATION_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:app\/[A-Z_]+\/[A-Za-z0-9_.-]+$/;

/** The stage's notification settings, the `notifications` object of a stage in `cdk.json`. */
export const notificationsConfigSchema = z
  .strictObject({
    /** The portal that notification links point to, such as https://kontrakt.gosuslugi.ru. */
    portalBaseUrl: z
      .url({ protocol: /^https$/ })
      .max(MAX_PORTAL_BASE_URL_LENGTH, `must be at most ${MAX_PORTAL_BASE_URL_LENGTH} characters, so SMS fit two segments`)
      .refine((url) => !url.endsWith('/'), 'must not end with a slash'),
    /** The SES identity (a domain or an address) verified in the stage's account and region. */
    sesIdentity: z.string().min(1),
    /** The sender of every e-mail; must belong to `sesIdentity`. */
    emailFromAddress: z.email(),
    /** The operators' shared mailbox for steps waiting for a decision. */
    operatorsEmailAddress: z.email(),
    sesConfigurationSetName: z.string().min(1).optional(),
    /** Alphanumeric SMS sender id (1–11 characters with at least one letter), registered with the carriers. */
    smsSenderId: z
      .string()
      .regex(/^(?=.*[A-Za-z])[A-Za-z0-9]{1,11}$/, 'must be 1–11 letters and digits with at least one letter')
      .optional(),
    /** SNS platform applications (one per mobile platform) whose device endpoints may receive pushes. */
    pushPlatformApplicationArns: z
      .array(z.string().regex(PLATFORM_APPLICATION_ARN, 'must be an SNS platform application ARN (…:app/<PLATFORM>/<name>)'))
      .default([]),
  })
  .refine(
    (config) =>
      config.sesIdentity.includes('@')
        ? config.emailFromAddress === config.sesIdentity
        : config.emailFromAddress.toLowerCase().endsWith(`@${config.sesIdentity.toLowerCase()}`),
    { message: 'emailFromAddress must be the sesIdentity address or an address of the sesIdentity domain', path: ['emailFromAddress'] },
  );

export type NotificationsConfig = z.infer<typeof notificationsConfigSchema>;

export interface NotificationChannelsProps {
  /** The domain events topic; the publisher sets the `channels` attribute the queues filter on. */
  eventsTopic: ITopic;
  config: NotificationsConfig;
  /**
   * Builds a function of the catalogue and grants its `access` list: state table with its key,
   * and the personal-data store for the senders that read contacts.
   */
  buildFunction: BuildFunction;
  /** Notified when a dead-letter queue contains messages. */
  alarmAction: IAlarmAction;
}

function toSubscriptionFilter(policy: FilterPolicy): Record<string, SubscriptionFilter> {
  return Object.fromEntries(
    Object.entries(policy).map(([attribute, allowlist]) => [attribute, SubscriptionFilter.stringFilter({ allowlist })]),
  );
}

/**
 * Notification delivery. Each queue (push, SMS, e-mail, operators) is an SQS queue subscribed to
 * the events topic with its filter policy from filter-policies.ts, with a dead-letter queue and
 * an alarm on its depth. Its sender function consumes it and gets exactly the SNS or SES
 * permission that its channel needs.
 */
export class NotificationChannels extends Construct {
  readonly queues: Record<NotificationQueue, Queue>;
  readonly deadLetterQueues: Record<NotificationQueue, Queue>;
  readonly senders: Record<NotificationQueue, NodejsFunction>;

  constructor(scope: Construct, id: string, props: NotificationChannelsProps) {
    super(scope, id);
    const queues: Partial<Record<NotificationQueue, Queue>> = {};
    const deadLetterQueues: Partial<Record<NotificationQueue, Queue>> = {};
    const senders: Partial<Record<NotificationQueue, NodejsFunction>> = {};

    for (const name of NOTIFICATION_QUEUES) {
      const spec = NOTIFICATION_SENDERS[name];
      const prefix = spec.id;

      // Messages carry ids and codes only, so SQS-managed encryption is enough.
      const deadLetterQueue = new Queue(this, `${prefix}DeadLetterQueue`, {
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
      });
      const queue = new Queue(this, `${prefix}Queue`, {
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        // AWS's guidance for a Lambda event source: at least six times the function's timeout.
        visibilityTimeout: Duration.seconds(6 * timeoutOf(spec).toSeconds()),
        deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: MAX_RECEIVE_COUNT },
      });
      props.eventsTopic.addSubscription(
        new SqsSubscription(queue, { rawMessageDelivery: false, filterPolicy: toSubscriptionFilter(FILTER_POLICIES[name]) }),
      );

      const alarm = new Alarm(this, `${prefix}DeadLetterQueueAlarm`, {
        alarmDescription: `Notifications that ${spec.id} failed to deliver are waiting in its dead-letter queue`,
        metric: deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(props.alarmAction);

      const sender = props.buildFunction(this, spec);
      sender.addEventSource(new SqsEventSource(queue, { batchSize: 10, reportBatchItemFailures: true }));
      sender.addEnvironment('PORTAL_BASE_URL', props.config.portalBaseUrl);

      queues[name] = queue;
      deadLetterQueues[name] = deadLetterQueue;
      senders[name] = sender;
    }

    this.queues = queues as Record<NotificationQueue, Queue>;
    this.deadLetterQueues = deadLetterQueues as Record<NotificationQueue, Queue>;
    this.senders = senders as Record<NotificationQueue, NodejsFunction>;
    this.allowSms(props.config);
    this.allowPush(props.config);
    this.allowEmail(props.config);
  }

  private allowSms(config: NotificationsConfig): void {
    const sender = this.senders.sms;
    // SNS has no resource ARN for a phone number, so publishing an SMS needs Resource "*".
    sender.addToRolePolicy(new PolicyStatement({ actions: ['sns:Publish'], resources: ['*'] }));
    if (config.smsSenderId !== undefined) sender.addEnvironment('SMS_SENDER_ID', config.smsSenderId);
    acknowledgeFindings(
      sender,
      ['IAM5[Resource::*]'],
      'SNS authorizes a Publish to a phone number on Resource "*"; the SMS sender publishes to nothing else',
    );
  }

  private allowPush(config: NotificationsConfig): void {
    const sender = this.senders.push;
    sender.addEnvironment('PUSH_PLATFORM_APPLICATION_ARNS', config.pushPlatformApplicationArns.join(','));
    if (config.pushPlatformApplicationArns.length === 0) return;
    sender.addToRolePolicy(
      new PolicyStatement({ actions: ['sns:Publish'], resources: config.pushPlatformApplicationArns.map(endpointArnPatternOf) }),
    );
    acknowledgeFindings(
      sender,
      config.pushPlatformApplicationArns.map((arn) => `IAM5[Resource::${endpointArnPatternOf(arn)}]`),
      'Device endpoints are created at run time; the pattern covers only the endpoints of the stage’s own platform applications',
    );
  }

  private allowEmail(config: NotificationsConfig): void {
    const stack = Stack.of(this);
    const resources = [
      stack.formatArn({ service: 'ses', resource: 'identity', resourceName: config.sesIdentity, arnFormat: ArnFormat.SLASH_RESOURCE_NAME }),
    ];
    if (config.sesConfigurationSetName !== undefined) {
      resources.push(
        stack.formatArn({
          service: 'ses',
          resource: 'configuration-set',
          resourceName: config.sesConfigurationSetName,
          arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
        }),
      );
    }
    const sendEmail = new PolicyStatement({
      actions: ['ses:SendEmail'],
      resources,
      conditions: { StringEquals: { 'ses:FromAddress': config.emailFromAddress } },
    });

    for (const sender of [this.senders.email, this.senders.operators]) {
      sender.addToRolePolicy(sendEmail);
      sender.addEnvironment('EMAIL_FROM_ADDRESS', config.emailFromAddress);
      if (config.sesConfigurationSetName !== undefined) {
        sender.addEnvironment('SES_CONFIGURATION_SET_NAME', config.sesConfigurationSetName);
      }
    }
    this.senders.operators.addEnvironment('OPERATORS_EMAIL_ADDRESS', config.operatorsEmailAddress);
  }
}
