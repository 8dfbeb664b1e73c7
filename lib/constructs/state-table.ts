import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import type { Key } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { STATE_TABLE_DESIGN } from '../../functions/domain/state-table-design.ts';
import { removalPolicyOf, type StageConfig } from '../stage-config.ts';
import { createEncryptionKey } from './encryption-key.ts';

/**
 * The state table: application status, document statuses, pending events, journal and waiting
 * operator steps. Its keys and indexes come from STATE_TABLE_DESIGN, which the local runtime
 * also uses.
 */
export class StateTable extends Construct {
  readonly table: Table;
  readonly key: Key;

  constructor(scope: Construct, id: string, props: { stage: StageConfig }) {
    super(scope, id);
    const { stage } = props;

    this.key = createEncryptionKey(this, 'Key', stage, `Kontrakt ${stage.name}: state table`);
    this.table = new Table(this, 'Table', {
      partitionKey: { name: STATE_TABLE_DESIGN.partitionKey, type: AttributeType.STRING },
      sortKey: { name: STATE_TABLE_DESIGN.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: stage.removalPolicy === 'retain',
      removalPolicy: removalPolicyOf(stage),
    });

    // Each index projects every attribute, so a query on an index never needs a second read.
    for (const index of STATE_TABLE_DESIGN.indexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      });
    }
  }
}
