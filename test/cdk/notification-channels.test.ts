import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import type { CfnQueue } from 'aws-cdk-lib/aws-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { AlarmTopic } from '../../lib/constructs/alarm-topic.ts';
import { Events } from '../../lib/constructs/events.ts';
import {
  NotificationChannels,
  notificationsConfigSchema,
  type NotificationsConfig,
} from '../../lib/constructs/notification-channels.ts';
import { PersonalDataStore } from '../../lib/constructs/personal-data-store.ts';
import { buildServiceFunction } from '../../lib/constructs/service-function.ts';
import { StateTable } from '../../lib/constructs/state-table.ts';
import { readStageConfig } from '../../lib/stage-config.ts';
import { EVENT_TYPES } from '../../functions/domain/events.ts';
import { eventMessageAttributes } from '../../functions/domain/publish-events.ts';
import { APPLICANT_EVENT_TYPES, CHANNELS, type Channel } from '../../functions/notifications/channels.ts';
import { NOTIFICATION_QUEUES, type NotificationQueue } from '../../functions/notifications/filter-policies.ts';
import { sampleEvent } from '../unit/notifications/sample-events.ts';
import { matchesFilterPolicy, toEnvelopeAttributes } from '../unit/notifications/sns-filter-matcher.ts';
import { readCdkContext } from './synthesize.ts';

const CONFIG: NotificationsConfig = notificationsConfigSchema.parse({
  portalBaseUrl: 'https://kontrakt.gosuslugi.ru',
  sesIdentity: 'kontrakt.gosuslugi.ru',
  emailFromAddress: 'noreply@kontrakt.gosuslugi.ru',
  operatorsEmailAddress: 'operators@kontrakt.gosuslugi.ru',
  smsSenderId: 'Kontrakt',
  pushPlatformApplicationArns: ['arn:aws:sns:eu-central-1:123456789012:app/GCM/kontrakt-android'],
});

interface Synthesized {
  stack: Stack;
  template: Template;
  channels: NotificationChannels;
  personalData: PersonalDataStore;
}

/** Synthesizes a stack with only what the construct needs: the events topic, the stores and the alarm topic. */
function synthesizeTestStack(): Synthesized {
  const app = new App({ context: { ...readCdkContext(), stage: 'dev' } });
  const stage = readStageConfig(app.node);
  const stack = new Stack(app, 'NotificationChannelsTest', { env: { account: '123456789012', region: 'eu-central-1' } });
  const alarms = new AlarmTopic(stack, 'Alarms', { stage });
  const stateTable = new StateTable(stack, 'StateTable', { stage });
  const personalData = new PersonalDataStore(stack, 'PersonalData', { stage, uploadsQueue: new Queue(stack, 'Uploads') });
  const events = new Events(stack, 'Events', { stage });
  const resources = { stage, stateTable: stateTable.table, personalData, eventsTopic: events.topic };

  const channels = new NotificationChannels(stack, 'Notifications', {
    eventsTopic: events.topic,
    config: CONFIG,
    buildFunction: (scope, spec) => buildServiceFunction(scope, spec, resources),
    alarmAction: alarms.action,
  });
  return { stack, template: Template.fromStack(stack), channels, personalData };
}

let synthesized: Synthesized;

beforeAll(() => {
  synthesized = synthesizeTestStack();
});

const logicalIdOf = (queue: Queue): string => synthesized.stack.getLogicalId(queue.node.defaultChild as CfnQueue);

const functionLogicalIdOf = (name: NotificationQueue): string =>
  synthesized.stack.getLogicalId(synthesized.channels.senders[name].node.defaultChild as CfnFunction);

/** Returns the synthesized filter policy of each notification queue's SNS subscription. */
function synthesizedFilterPolicies(): Map<NotificationQueue, Record<string, unknown>> {
  const subscriptions = synthesized.template.findResources('AWS::SNS::Subscription', { Properties: { Protocol: 'sqs' } });
  const policies = new Map<NotificationQueue, Record<string, unknown>>();
  for (const name of NOTIFICATION_QUEUES) {
    const queueId = logicalIdOf(synthesized.channels.queues[name]);
    const subscription = Object.values(subscriptions).find(
      (resource) => JSON.stringify(resource.Properties.Endpoint) === JSON.stringify({ 'Fn::GetAtt': [queueId, 'Arn'] }),
    );
    if (subscription === undefined) throw new Error(`No SNS subscription delivers to the ${name} queue`);
    policies.set(name, subscription.Properties.FilterPolicy as Record<string, unknown>);
  }
  return policies;
}

/** Returns every policy statement attached to a sender's role. */
function statementsOf(name: NotificationQueue): { Action: string | string[]; Resource: unknown; Condition?: unknown }[] {
  const fn = synthesized.template.findResources('AWS::Lambda::Function')[functionLogicalIdOf(name)];
  const roleId = (fn?.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  const policies = synthesized.template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } });
  return Object.values(policies).flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}

const actionsOf = (statement: { Action: string | string[] }): string[] =>
  Array.isArray(statement.Action) ? statement.Action : [statement.Action];

const CHANNEL_SUBSETS: Channel[][] = Array.from({ length: 2 ** CHANNELS.length }, (_, mask) =>
  CHANNELS.filter((_, index) => (mask & (1 << index)) !== 0),
);

describe('NotificationChannels construct', () => {
  it('routes every applicant event to exactly the chosen channels', () => {
    const policies = synthesizedFilterPolicies();

    for (const type of APPLICANT_EVENT_TYPES) {
      for (const channels of CHANNEL_SUBSETS) {
        const attributes = toEnvelopeAttributes(eventMessageAttributes(sampleEvent(type), channels));
        const reached = NOTIFICATION_QUEUES.filter((name) => matchesFilterPolicy(policies.get(name)!, attributes));
        expect(reached, `${type} with ${JSON.stringify(channels)}`).toEqual(channels);
      }
    }
  });

  it('routes only waiting operator steps to the operators queue', () => {
    const policies = synthesizedFilterPolicies();

    for (const type of EVENT_TYPES) {
      const attributes = toEnvelopeAttributes(eventMessageAttributes(sampleEvent(type), []));
      expect(matchesFilterPolicy(policies.get('operators')!, attributes), type).toBe(type === 'OPERATOR_STEP_WAITING');
    }
  });

  it('subscribes with the SNS envelope and filters on message attributes', () => {
    synthesized.template.allResourcesProperties('AWS::SNS::Subscription', {
      Protocol: 'sqs',
      RawMessageDelivery: false,
      FilterPolicyScope: Match.absent(),
    });
  });

  it('gives each queue a dead-letter queue after five receives', () => {
    for (const name of NOTIFICATION_QUEUES) {
      synthesized.template.hasResourceProperties('AWS::SQS::Queue', {
        QueueName: Match.absent(),
        VisibilityTimeout: 180,
        SqsManagedSseEnabled: true,
        RedrivePolicy: {
          maxReceiveCount: 5,
          deadLetterTargetArn: { 'Fn::GetAtt': [logicalIdOf(synthesized.channels.deadLetterQueues[name]), 'Arn'] },
        },
      });
    }
  });

  it('alarms on the depth of every dead-letter queue', () => {
    for (const name of NOTIFICATION_QUEUES) {
      synthesized.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Namespace: 'AWS/SQS',
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalIdOf(synthesized.channels.deadLetterQueues[name]), 'QueueName'] } }],
        AlarmActions: Match.arrayWith([Match.objectLike({ Ref: Match.stringLikeRegexp('AlarmsTopic') })]),
      });
    }
  });

  it('consumes each queue with partial batch failure reporting', () => {
    for (const name of NOTIFICATION_QUEUES) {
      synthesized.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: functionLogicalIdOf(name) },
        EventSourceArn: { 'Fn::GetAtt': [logicalIdOf(synthesized.channels.queues[name]), 'Arn'] },
        BatchSize: 10,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
    }
  });

  it('builds the senders on Node.js 24 arm64 with the portal address', () => {
    for (const name of NOTIFICATION_QUEUES) {
      synthesized.template.hasResource('AWS::Lambda::Function', {
        Properties: Match.objectLike({
          Runtime: 'nodejs24.x',
          Architectures: ['arm64'],
          Timeout: 30,
          Environment: { Variables: Match.objectLike({ PORTAL_BASE_URL: CONFIG.portalBaseUrl, STATE_TABLE_NAME: Match.anyValue() }) },
        }),
      });
      expect(synthesized.template.findResources('AWS::Lambda::Function')[functionLogicalIdOf(name)]).toBeDefined();
    }
  });

  it('lets only the SMS sender publish to phone numbers', () => {
    const smsPublish = statementsOf('sms').filter((statement) => actionsOf(statement).includes('sns:Publish'));

    expect(smsPublish).toEqual([expect.objectContaining({ Resource: '*', Effect: 'Allow' })]);
    for (const name of ['push', 'email', 'operators'] as const) {
      const wildcard = statementsOf(name).filter((statement) => actionsOf(statement).includes('sns:Publish') && statement.Resource === '*');
      expect(wildcard, name).toEqual([]);
    }
  });

  it('lets the push sender publish to its platform applications’ endpoints only', () => {
    const pushPublish = statementsOf('push').filter((statement) => actionsOf(statement).includes('sns:Publish'));

    expect(pushPublish).toEqual([
      expect.objectContaining({ Resource: 'arn:aws:sns:eu-central-1:123456789012:endpoint/GCM/kontrakt-android/*' }),
    ]);
  });

  it('lets the e-mail senders send from the configured address of the SES identity', () => {
    for (const name of ['email', 'operators'] as const) {
      const sendEmail = statementsOf(name).filter((statement) => actionsOf(statement).includes('ses:SendEmail'));

      expect(sendEmail, name).toHaveLength(1);
      expect(JSON.stringify(sendEmail[0]!.Resource)).toContain(':identity/kontrakt.gosuslugi.ru');
      expect(sendEmail[0]!.Condition).toEqual({ StringEquals: { 'ses:FromAddress': 'noreply@kontrakt.gosuslugi.ru' } });
    }
    for (const name of ['sms', 'push'] as const) {
      expect(statementsOf(name).some((statement) => actionsOf(statement).includes('ses:SendEmail')), name).toBe(false);
    }
  });

  it('grants the personal-data table to the SMS and e-mail senders only', () => {
    const tableId = synthesized.stack.getLogicalId(synthesized.personalData.table!.node.defaultChild as CfnQueue);
    const readsPersonalData = (name: NotificationQueue) =>
      statementsOf(name).some((statement) => JSON.stringify(statement.Resource).includes(tableId));

    expect(readsPersonalData('sms')).toBe(true);
    expect(readsPersonalData('email')).toBe(true);
    expect(readsPersonalData('push')).toBe(false);
    expect(readsPersonalData('operators')).toBe(false);
  });
});

describe('notificationsConfigSchema', () => {
  it('rejects a portal address too long for two SMS segments', () => {
    const result = notificationsConfigSchema.safeParse({ ...CONFIG, portalBaseUrl: `https://${'a'.repeat(40)}.ru` });

    expect(result.success).toBe(false);
  });

  it('rejects a sender outside the SES identity', () => {
    const result = notificationsConfigSchema.safeParse({ ...CONFIG, emailFromAddress: 'noreply@other.ru' });

    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['emailFromAddress']);
  });
});
