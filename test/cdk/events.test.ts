import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, it } from 'vitest';
import { PENDING_EVENTS_SWEEP, REVIEW_TERMS_CHECK } from '../../functions/catalog.ts';
import { synthesizeStage, type SynthesizedStage } from './synthesize.ts';
import { functionOf, logicalIdOf } from './template-queries.ts';

let dev: SynthesizedStage;

beforeAll(() => {
  dev = synthesizeStage('dev');
});

describe('events', () => {
  it('encrypts the topic with its key', () => {
    const keyId = logicalIdOf(dev.stack.events.node.findChild('Key'));

    dev.template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
    });
  });

  it('requires TLS to publish', () => {
    dev.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: logicalIdOf(dev.stack.events.topic) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('sweeps pending events every minute', () => {
    dev.template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [logicalIdOf(functionOf(dev.stack, PENDING_EVENTS_SWEEP)), 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 0 },
        }),
      ],
    });
  });

  it('checks review terms every hour', () => {
    dev.template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 hour)',
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [logicalIdOf(functionOf(dev.stack, REVIEW_TERMS_CHECK)), 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 0 },
        }),
      ],
    });
  });

  it('outputs the topic ARN', () => {
    dev.template.hasOutput('EventsTopicArn', { Value: { Ref: logicalIdOf(dev.stack.events.topic) } });
  });
});
