import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, it } from 'vitest';
import { UPLOAD_VALIDATOR } from '../../functions/catalog.ts';
import { synthesizeStage, type SynthesizedStage } from './synthesize.ts';
import { functionOf, logicalIdOf } from './template-queries.ts';

let dev: SynthesizedStage;
let withAlarmEmail: SynthesizedStage;

beforeAll(() => {
  dev = synthesizeStage('dev');
  withAlarmEmail = synthesizeStage('staging', {
    editContext: (context) => {
      context.stages.staging!.alarmEmail = 'kontrakt-ops@example.gov.ru';
    },
  });
});

describe('upload validation', () => {
  it('redrives to the DLQ after five receives', () => {
    const deadLetterQueueId = logicalIdOf(dev.stack.uploads.deadLetterQueue);

    dev.template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [deadLetterQueueId, 'Arn'] }, maxReceiveCount: 5 },
      VisibilityTimeout: 6 * UPLOAD_VALIDATOR.timeoutSeconds!,
      SqsManagedSseEnabled: true,
    });
  });

  it('requires TLS on both queues', () => {
    for (const queue of [dev.stack.uploads.queue, dev.stack.uploads.deadLetterQueue]) {
      dev.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: logicalIdOf(queue) }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    }
  });

  it('reports batch item failures', () => {
    dev.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [logicalIdOf(dev.stack.uploads.queue), 'Arn'] },
      FunctionName: { Ref: logicalIdOf(functionOf(dev.stack, UPLOAD_VALIDATOR)) },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('alarms on messages in the DLQ', () => {
    dev.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalIdOf(dev.stack.uploads.deadLetterQueue), 'QueueName'] } }],
      AlarmActions: [{ Ref: logicalIdOf(dev.stack.alarms.topic) }],
    });
  });

  it('e-mails alarms when configured', () => {
    withAlarmEmail.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'kontrakt-ops@example.gov.ru',
      TopicArn: { Ref: logicalIdOf(withAlarmEmail.stack.alarms.topic) },
    });
  });

  it('lets CloudWatch use the alarm topic key', () => {
    dev.template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: Match.arrayWith(['kms:Decrypt', 'kms:GenerateDataKey*']),
          }),
        ]),
      },
    });
  });
});
