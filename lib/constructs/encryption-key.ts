import { Key } from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { removalPolicyOf, type StageConfig } from '../stage-config.ts';

/** Creates a customer-managed KMS key with yearly rotation that the stage's removal policy governs. */
export function createEncryptionKey(scope: Construct, id: string, stage: StageConfig, description: string): Key {
  return new Key(scope, id, {
    description,
    enableKeyRotation: true,
    removalPolicy: removalPolicyOf(stage),
  });
}
