import { beforeAll, describe, expect, it } from 'vitest';
import { PENDING_EVENTS_SWEEP, UPLOAD_VALIDATOR, WORKFLOW_TASKS, type Access } from '../../functions/catalog.ts';
import { synthesizeStage, type SynthesizedStage } from './synthesize.ts';
import { allows, environmentOf, functionOf, logicalIdOf, roleStatementsOf, STACK_FUNCTIONS } from './template-queries.ts';

let dev: SynthesizedStage;

beforeAll(() => {
  dev = synthesizeStage('dev');
});

describe('catalog functions', () => {
  it('run on Node.js 24, arm64, with tracing', () => {
    const matching = dev.template.findResources('AWS::Lambda::Function', {
      Properties: { Runtime: 'nodejs24.x', Architectures: ['arm64'], TracingConfig: { Mode: 'Active' } },
    });

    for (const spec of STACK_FUNCTIONS) {
      expect(Object.keys(matching), spec.id).toContain(logicalIdOf(functionOf(dev.stack, spec)));
    }
  });

  it('take timeout and memory from the catalog', () => {
    for (const spec of STACK_FUNCTIONS) {
      const resource = dev.template.toJSON().Resources[logicalIdOf(functionOf(dev.stack, spec))];

      expect(resource.Properties.Timeout, spec.id).toBe(spec.timeoutSeconds ?? 10);
      expect(resource.Properties.MemorySize, spec.id).toBe(spec.memoryMb ?? 512);
    }
  });

  it('set source maps, service and log level', () => {
    for (const spec of STACK_FUNCTIONS) {
      const environment = environmentOf(dev.template, functionOf(dev.stack, spec));

      expect(environment.NODE_OPTIONS, spec.id).toBe('--enable-source-maps');
      expect(environment.POWERTOOLS_SERVICE_NAME, spec.id).toBe('kontrakt');
      expect(environment.POWERTOOLS_LOG_LEVEL, spec.id).toBe('DEBUG');
    }
  });

  it('log to their own log group', () => {
    for (const spec of STACK_FUNCTIONS) {
      const fn = functionOf(dev.stack, spec);
      const resource = dev.template.toJSON().Resources[logicalIdOf(fn)];
      const logGroupId = resource.Properties.LoggingConfig.LogGroup.Ref as string;

      expect(dev.template.toJSON().Resources[logGroupId].Properties.RetentionInDays, spec.id).toBe(14);
      expect(allows(roleStatementsOf(dev.template, fn), 'logs:PutLogEvents', logGroupId), spec.id).toBe(true);
    }
  });

  it('use no managed policy', () => {
    for (const spec of STACK_FUNCTIONS) {
      const roleId = logicalIdOf(functionOf(dev.stack, spec).role!);

      expect(dev.template.toJSON().Resources[roleId].Properties.ManagedPolicyArns, spec.id).toBeUndefined();
    }
  });

  it('get exactly the access they list', () => {
    const stateTable = logicalIdOf(dev.stack.stateTable.table);
    const personalDataTable = logicalIdOf(dev.stack.personalData.table!);
    const personalDataBucket = logicalIdOf(dev.stack.personalData.bucket!);
    const eventsTopic = logicalIdOf(dev.stack.events.topic);
    const stateMachine = logicalIdOf(dev.stack.workflow.stateMachine);

    for (const spec of STACK_FUNCTIONS) {
      const fn = functionOf(dev.stack, spec);
      const statements = roleStatementsOf(dev.template, fn);
      const environment = environmentOf(dev.template, fn);
      const has = (access: Access) => spec.access.includes(access);
      const readsPersonalData = has('personalDataRead') || has('personalDataWrite');

      expect(allows(statements, 'dynamodb:UpdateItem', stateTable), `${spec.id} state table`).toBe(has('stateTable'));
      expect('STATE_TABLE_NAME' in environment, `${spec.id} STATE_TABLE_NAME`).toBe(has('stateTable'));
      expect(allows(statements, 'dynamodb:GetItem', personalDataTable), `${spec.id} reads forms`).toBe(readsPersonalData);
      expect(allows(statements, 's3:GetObject*', personalDataBucket), `${spec.id} reads documents`).toBe(readsPersonalData);
      expect(allows(statements, 'dynamodb:PutItem', personalDataTable), `${spec.id} writes forms`).toBe(has('personalDataWrite'));
      expect(allows(statements, 's3:PutObject', personalDataBucket), `${spec.id} writes documents`).toBe(
        has('personalDataWrite') || has('acceptedDocumentsWrite'),
      );
      expect('PERSONAL_DATA_TABLE_NAME' in environment, `${spec.id} PERSONAL_DATA_TABLE_NAME`).toBe(readsPersonalData);
      expect(allows(statements, 'sns:Publish', eventsTopic), `${spec.id} publishes events`).toBe(has('eventsTopic'));
      expect('EVENTS_TOPIC_ARN' in environment, `${spec.id} EVENTS_TOPIC_ARN`).toBe(has('eventsTopic'));
      expect(allows(statements, 'states:StartExecution', stateMachine), `${spec.id} starts reviews`).toBe(has('startReview'));
      expect('REVIEW_STATE_MACHINE_ARN' in environment, `${spec.id} REVIEW_STATE_MACHINE_ARN`).toBe(has('startReview'));
      expect(allows(statements, 'states:SendTaskSuccess', stateMachine), `${spec.id} completes review tasks`).toBe(has('completeReviewTask'));
      expect('CRIMINAL_RECORD_REGISTRY_URL' in environment, `${spec.id} registry URL`).toBe(has('criminalRecordRegistry'));
    }
  });

  it('let the validator write only accepted/', () => {
    // Prepare
    const bucket = logicalIdOf(dev.stack.personalData.bucket!);

    // Act
    const statements = roleStatementsOf(dev.template, functionOf(dev.stack, UPLOAD_VALIDATOR));

    // Assess
    const writes = statements.filter((statement) => statement.Effect === 'Allow' && [statement.Action].flat().includes('s3:PutObject'));
    expect(writes).toHaveLength(1);
    expect(JSON.stringify(writes[0]!.Resource)).toContain(`"${bucket}"`);
    expect(JSON.stringify(writes[0]!.Resource)).toContain('/accepted/*');
    expect(allows(statements, 's3:DeleteObject*', bucket)).toBe(false);
  });

  it('include the table key with table access', () => {
    const stateTableKey = logicalIdOf(dev.stack.stateTable.key);

    const statements = roleStatementsOf(dev.template, functionOf(dev.stack, PENDING_EVENTS_SWEEP));

    expect(allows(statements, 'kms:Decrypt', stateTableKey)).toBe(true);
    expect(allows(statements, 'kms:GenerateDataKey*', stateTableKey)).toBe(true);
  });

  it('pass the registry URL of the stage', () => {
    const checkCriminalRecord = WORKFLOW_TASKS.find((task) => task.access.includes('criminalRecordRegistry'))!;

    const environment = environmentOf(dev.template, functionOf(dev.stack, checkCriminalRecord));

    expect(environment.CRIMINAL_RECORD_REGISTRY_URL).toBe('https://registry.example.gov.ru/dev/criminal-records');
  });
});
