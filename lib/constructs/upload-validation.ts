import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { UPLOAD_VALIDATOR } from '../../functions/catalog.ts';
import { timeoutOf } from './service-function.ts';

/** Receives before the validator gives up on a message and the queue moves it to the DLQ. */
const MAX_RECEIVE_COUNT = 5;

/**
 * The uploads queue, which receives the personal-data bucket's ObjectCreated notifications for
 * uploaded documents, its dead-letter queue with an alarm on its depth, and the validator that
 * consumes the queue.
 */
export class UploadValidation extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: { alarmAction: SnsAction }) {
    super(scope, id);

    // Notifications carry object keys, which contain ids only, so SQS-managed encryption is
    // enough, and S3 or an external provider can send to the queue without a KMS grant.
    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // AWS's guidance for a Lambda event source: at least six times the function's timeout.
      visibilityTimeout: Duration.seconds(6 * timeoutOf(UPLOAD_VALIDATOR).toSeconds()),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: MAX_RECEIVE_COUNT },
    });

    const deadLetterAlarm = new Alarm(this, 'DeadLetterQueueAlarm', {
      alarmDescription: 'Uploads that the validator failed to process are waiting in the dead-letter queue',
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    deadLetterAlarm.addAlarmAction(props.alarmAction);
  }

  /** Lets the validator consume the queue and report failed messages one by one. */
  addValidator(validator: IFunction): void {
    validator.addEventSource(new SqsEventSource(this.queue, { batchSize: 10, reportBatchItemFailures: true }));
  }
}
