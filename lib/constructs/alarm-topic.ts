import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { StageConfig } from '../stage-config.ts';
import { createEncryptionKey } from './encryption-key.ts';

/** The SNS topic that every CloudWatch alarm of the stack notifies. Ops subscribe to it. */
export class AlarmTopic extends Construct {
  readonly topic: Topic;
  /** The alarm action that publishes to the topic. */
  readonly action: SnsAction;

  constructor(scope: Construct, id: string, props: { stage: StageConfig }) {
    super(scope, id);
    const { stage } = props;

    // The AWS-managed SNS key does not let CloudWatch publish, so the topic has its own key.
    const key = createEncryptionKey(this, 'Key', stage, `Kontrakt ${stage.name}: alarm topic`);
    key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');

    this.topic = new Topic(this, 'Topic', { masterKey: key, enforceSSL: true });
    if (stage.alarmEmail !== undefined) {
      this.topic.addSubscription(new EmailSubscription(stage.alarmEmail));
    }
    this.action = new SnsAction(this.topic);
  }
}
