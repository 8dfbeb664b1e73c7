import { CfnElement, Stack, Validations } from 'aws-cdk-lib';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { IConstruct } from 'constructs';

/** The wildcard actions in CDK's grants on a customer-managed KMS key. */
export const KMS_GRANT_FINDINGS = ['IAM5[Action::kms:GenerateDataKey*]', 'IAM5[Action::kms:ReEncrypt*]'];
export const KMS_GRANT_REASON =
  'CDK grant on a customer-managed key that encrypts only the one table, bucket or topic granted alongside it. The wildcards cover the variants of GenerateDataKey and ReEncrypt that the service calls.';

/**
 * Acknowledges cdk-nag AwsSolutions findings on a construct and everything under it. A finding
 * is a rule id with an optional detail, such as `IAM5[Action::kms:ReEncrypt*]`. On a Lambda
 * function the acknowledgement also covers its role, which may sit outside the function.
 *
 * The id goes without the `AwsSolutions::` prefix that the synth output suggests: cdk-nag 3.0.2
 * compares acknowledgements with bare rule ids and ignores prefixed ones.
 */
export function acknowledgeFindings(scope: IConstruct, findings: readonly string[], reason: string): void {
  const targets: IConstruct[] = [scope];
  if (scope instanceof LambdaFunction && scope.role !== undefined) targets.push(scope.role);
  for (const target of targets) {
    for (const finding of findings) {
      Validations.of(target).acknowledge({ id: `AwsSolutions-${finding}`, reason });
    }
  }
}

/** Returns how cdk-nag writes a resource's ARN in a finding: `<LogicalId.Arn>`. */
export function nagArnOf(resource: IConstruct): string {
  const cfn = resource.node.defaultChild;
  if (!(cfn instanceof CfnElement)) {
    throw new Error(`${resource.node.path} has no CloudFormation resource to name in a cdk-nag finding`);
  }
  return `<${Stack.of(resource).getLogicalId(cfn)}.Arn>`;
}
