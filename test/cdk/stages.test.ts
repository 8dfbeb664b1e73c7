import { App, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { STATE_TABLE_DESIGN } from '../../functions/domain/state-table-design.ts';
import { addKontraktStack } from '../../lib/kontrakt-app.ts';
import { readCdkContext, synthesizeStage, type SynthesizedStage } from './synthesize.ts';
import { logicalIdOf } from './template-queries.ts';

let dev: SynthesizedStage;
let prod: SynthesizedStage;

beforeAll(() => {
  dev = synthesizeStage('dev');
  prod = synthesizeStage('prod');
});

/** Returns the DeletionPolicy of each data store of the stack: tables, buckets, keys, log groups. */
function deletionPoliciesOf(synthesized: SynthesizedStage): Record<string, string> {
  const types = ['AWS::DynamoDB::Table', 'AWS::S3::Bucket', 'AWS::KMS::Key', 'AWS::Logs::LogGroup'];
  const resources = synthesized.template.toJSON().Resources as Record<string, { Type: string; DeletionPolicy?: string }>;
  return Object.fromEntries(
    Object.entries(resources)
      .filter(([, resource]) => types.includes(resource.Type))
      .map(([id, resource]) => [id, resource.DeletionPolicy ?? 'Delete']),
  );
}

describe('stage stacks', () => {
  it('are named and tagged per stage', () => {
    expect(prod.stack.stackName).toBe('Kontrakt-prod');
    prod.template.hasResourceProperties('AWS::DynamoDB::Table', {
      Tags: Match.arrayWith([
        { Key: 'Project', Value: 'Kontrakt' },
        { Key: 'Stage', Value: 'prod' },
      ]),
    });
  });

  it('retain every data store in prod', () => {
    const policies = deletionPoliciesOf(prod);

    expect(Object.keys(policies).length).toBeGreaterThan(0);
    for (const [id, policy] of Object.entries(policies)) {
      expect(policy, id).toBe('Retain');
    }
  });

  it('protect prod tables from deletion', () => {
    for (const table of [prod.stack.stateTable.table, prod.stack.personalData.table!]) {
      const resource = prod.template.toJSON().Resources[logicalIdOf(table)];

      expect(resource.Properties.DeletionProtectionEnabled, table.node.path).toBe(true);
      expect(resource.UpdateReplacePolicy, table.node.path).toBe('Retain');
    }
  });

  it('delete dev data stores with the stack', () => {
    const policies = deletionPoliciesOf(dev);

    for (const [id, policy] of Object.entries(policies)) {
      expect(policy, id).toBe('Delete');
    }
    expect(dev.template.toJSON().Resources[logicalIdOf(dev.stack.stateTable.table)].Properties.DeletionProtectionEnabled).toBe(false);
  });

  it('keep stage log retention', () => {
    prod.template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
    dev.template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 14 });
  });

  it('build the state table from its design', () => {
    const keyId = logicalIdOf(dev.stack.stateTable.key);

    dev.template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: STATE_TABLE_DESIGN.partitionKey, KeyType: 'HASH' },
        { AttributeName: STATE_TABLE_DESIGN.sortKey, KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      GlobalSecondaryIndexes: STATE_TABLE_DESIGN.indexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    });
  });

  it('output the operator console settings', () => {
    const outputs: [string, unknown][] = [
      ['StateTableName', { Ref: logicalIdOf(dev.stack.stateTable.table) }],
      ['PersonalDataTableName', { Ref: logicalIdOf(dev.stack.personalData.table!) }],
      ['PersonalDataBucketName', { Ref: logicalIdOf(dev.stack.personalData.bucket!) }],
      ['ReviewStateMachineArn', { Ref: logicalIdOf(dev.stack.workflow.stateMachine) }],
      ['AwsRegion', { Ref: 'AWS::Region' }],
    ];

    for (const [name, value] of outputs) {
      dev.template.hasOutput(name, { Value: value, Description: Match.stringLikeRegexp('^Operator console: export as ') });
    }
  });

  it('synthesize without account or region', () => {
    expect(Token.isUnresolved(dev.stack.account)).toBe(true);
    expect(Token.isUnresolved(dev.stack.region)).toBe(true);
  });

  it('warn about placeholder URLs', () => {
    Annotations.fromStack(prod.stack).hasWarning('/Kontrakt-prod', Match.stringLikeRegexp('placeholder URLs in cdk.json'));
  });
});

describe('cdk-nag', () => {
  it('fails synthesis on an unacknowledged finding', () => {
    const app = new App({ context: { ...readCdkContext(), stage: 'dev', 'aws:cdk:bundling-stacks': [] } });
    const stack = addKontraktStack(app);
    // A bucket without TLS enforcement, access logs or encryption settings breaks several AwsSolutions rules.
    new Bucket(stack, 'UncheckedBucket');

    expect(() => Template.fromStack(stack)).toThrow(/AwsSolutions-S10/);
  });
});
