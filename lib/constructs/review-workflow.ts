import { Duration, Stack } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData, type Metric } from 'aws-cdk-lib/aws-cloudwatch';
import type { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { WORKFLOW_TASKS } from '../../functions/catalog.ts';
import { acknowledgeFindings } from '../nag.ts';
import { removalPolicyOf, type StageConfig } from '../stage-config.ts';
import type { BuildFunction } from './service-function.ts';

export interface ReviewWorkflowProps {
  stage: StageConfig;
  /** Path of the Amazon States Language definition, whose `${…}` placeholders name WORKFLOW_TASKS substitutions. */
  definitionFile: string;
  buildFunction: BuildFunction;
  alarmAction: SnsAction;
}

/**
 * The Standard state machine that reviews a submitted application, with one Lambda function
 * per workflow task and alarms on failed and timed-out executions.
 */
export class ReviewWorkflow extends Construct {
  readonly stateMachine: StateMachine;

  constructor(scope: Construct, id: string, props: ReviewWorkflowProps) {
    super(scope, id);
    const { stage } = props;

    const tasks = WORKFLOW_TASKS.map((spec) => ({ spec, fn: props.buildFunction(this, spec) }));

    // For log groups under /aws/vendedlogs/, log delivery adds no entry per log group to the
    // account's CloudWatch Logs resource policy, whose 5,120-character limit a few would fill.
    const logGroup = new LogGroup(this, 'ExecutionLogs', {
      logGroupName: `/aws/vendedlogs/states/${Stack.of(this).stackName}-review`,
      retention: stage.logRetentionDays,
      removalPolicy: removalPolicyOf(stage),
    });

    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromFile(props.definitionFile),
      definitionSubstitutions: Object.fromEntries(tasks.map(({ spec, fn }) => [spec.substitution, fn.functionArn])),
      // Execution data would put task inputs and outputs in the logs, and only ids belong there.
      logs: { destination: logGroup, level: LogLevel.ALL, includeExecutionData: false },
      tracingEnabled: true,
    });
    // The definition invokes the unqualified function ARNs, so no version wildcard is granted.
    this.stateMachine.addToRolePolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: tasks.map(({ fn }) => fn.functionArn) }),
    );

    acknowledgeFindings(
      this.stateMachine,
      ['IAM5[Resource::*]'],
      'CDK grants for execution logging (logs:*LogDelivery, DescribeLogGroups, DescribeResourcePolicies, PutResourcePolicy) and X-Ray tracing. These actions support no resource-level permissions.',
    );

    const alarmedMetrics: [string, Metric][] = [
      ['ExecutionsFailedAlarm', this.stateMachine.metricFailed({ period: Duration.minutes(5) })],
      ['ExecutionsTimedOutAlarm', this.stateMachine.metricTimedOut({ period: Duration.minutes(5) })],
    ];
    for (const [alarmId, metric] of alarmedMetrics) {
      const alarm = new Alarm(this, alarmId, {
        alarmDescription: `Review workflow: ${metric.metricName} in the last 5 minutes`,
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(props.alarmAction);
    }
  }
}
