import { Duration } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { StageConfig } from '../stage-config.ts';
import { createEncryptionKey } from './encryption-key.ts';

/**
 * The SNS topic of domain events and the schedule of the sweep that publishes the events a
 * crash left pending in the state table.
 */
export class Events extends Construct {
  readonly topic: Topic;

  constructor(scope: Construct, id: string, props: { stage: StageConfig }) {
    super(scope, id);
    const { stage } = props;

    const key = createEncryptionKey(this, 'Key', stage, `Kontrakt ${stage.name}: domain events topic`);
    this.topic = new Topic(this, 'Topic', { masterKey: key, enforceSSL: true });
  }

  /** Runs the sweep every minute. */
  scheduleSweep(sweep: IFunction): void {
    new Rule(this, 'SweepSchedule', {
      description: 'Publishes domain events that a crash left pending',
      schedule: Schedule.rate(Duration.minutes(1)),
      // A failed run is not retried, because the next run a minute later drains the same events.
      targets: [new LambdaFunction(sweep, { retryAttempts: 0 })],
    });
  }

  /** Runs the review-term check every hour: the term is counted in days, so an hour's delay is harmless. */
  scheduleReviewTermsCheck(check: IFunction): void {
    new Rule(this, 'ReviewTermsSchedule', {
      description: 'Warns applicants and escalates reviews past their term',
      schedule: Schedule.rate(Duration.hours(1)),
      // A failed run is not retried, because the next run repeats the whole check.
      targets: [new LambdaFunction(check, { retryAttempts: 0 })],
    });
  }
}
