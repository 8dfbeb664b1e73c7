import { readFileSync } from 'node:fs';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { WORKFLOW_TASKS } from '../../functions/catalog.ts';
import { REVIEW_DEFINITION_FILE } from '../../lib/kontrakt-app.ts';
import { synthesizeStage, type SynthesizedStage } from './synthesize.ts';
import { allows, functionOf, logicalIdOf } from './template-queries.ts';

let dev: SynthesizedStage;

beforeAll(() => {
  dev = synthesizeStage('dev');
});

describe('review workflow', () => {
  it('is a Standard state machine with tracing', () => {
    dev.template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
    });
  });

  it('logs all events without execution data', () => {
    const logGroupId = logicalIdOf(dev.stack.workflow.node.findChild('ExecutionLogs'));

    dev.template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      LoggingConfiguration: {
        Level: 'ALL',
        IncludeExecutionData: false,
        Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [logGroupId, 'Arn'] } } }],
      },
    });
  });

  it('substitutes each task function ARN', () => {
    const substitutions = Object.fromEntries(
      WORKFLOW_TASKS.map((task) => [task.substitution, { 'Fn::GetAtt': [logicalIdOf(functionOf(dev.stack, task)), 'Arn'] }]),
    );

    dev.template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      DefinitionSubstitutions: substitutions,
    });
  });

  it('covers every placeholder of the definition', () => {
    const definition = readFileSync(REVIEW_DEFINITION_FILE, 'utf8');
    const substitutions = new Set(WORKFLOW_TASKS.map((task) => task.substitution));

    const placeholders = [...definition.matchAll(/\$\{(\w+)\}/g)].map((match) => match[1]);

    expect(placeholders.length).toBeGreaterThan(0);
    for (const placeholder of placeholders) {
      expect(substitutions, placeholder).toContain(placeholder);
    }
  });

  it('may invoke the task functions', () => {
    const roleId = logicalIdOf(dev.stack.workflow.stateMachine.role);
    const policies = Object.values(dev.template.findResources('AWS::IAM::Policy')).filter((policy) =>
      JSON.stringify(policy.Properties.Roles).includes(`"${roleId}"`),
    );
    const statements = policies.flatMap((policy) => policy.Properties.PolicyDocument.Statement);

    for (const task of WORKFLOW_TASKS) {
      expect(allows(statements, 'lambda:InvokeFunction', logicalIdOf(functionOf(dev.stack, task))), task.id).toBe(true);
    }
  });

  it('alarms on failed and timed-out executions', () => {
    const stateMachineId = logicalIdOf(dev.stack.workflow.stateMachine);
    const alarmTopicId = logicalIdOf(dev.stack.alarms.topic);

    for (const metricName of ['ExecutionsFailed', 'ExecutionsTimedOut']) {
      dev.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/States',
        MetricName: metricName,
        Dimensions: [{ Name: 'StateMachineArn', Value: { Ref: stateMachineId } }],
        AlarmActions: [{ Ref: alarmTopicId }],
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
    }
  });

  it('hands its ARN to the submit function', () => {
    const stateMachineId = logicalIdOf(dev.stack.workflow.stateMachine);

    dev.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ REVIEW_STATE_MACHINE_ARN: { Ref: stateMachineId } }) },
    });
  });
});
