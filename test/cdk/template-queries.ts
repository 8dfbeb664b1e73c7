import { CfnElement, Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { IConstruct } from 'constructs';
import {
  API_ROUTES,
  NOTIFICATION_SENDERS,
  PENDING_EVENTS_SWEEP,
  REVIEW_TERMS_CHECK,
  UPLOAD_VALIDATOR,
  WORKFLOW_TASKS,
  type FunctionSpec,
} from '../../functions/catalog.ts';

/** Every catalog entry that the stack builds a function for. */
export const STACK_FUNCTIONS: readonly FunctionSpec[] = [
  ...API_ROUTES,
  ...WORKFLOW_TASKS,
  UPLOAD_VALIDATOR,
  PENDING_EVENTS_SWEEP,
  REVIEW_TERMS_CHECK,
  ...Object.values(NOTIFICATION_SENDERS),
];

/** Returns the logical id of a construct's CloudFormation resource. */
export function logicalIdOf(construct: IConstruct): string {
  const cfn = construct instanceof CfnElement ? construct : construct.node.defaultChild;
  if (!(cfn instanceof CfnElement)) throw new Error(`${construct.node.path} has no CloudFormation resource`);
  return Stack.of(construct).getLogicalId(cfn);
}

/** Returns the function built from a catalog entry; its construct id is the entry's id. */
export function functionOf(stack: Stack, spec: FunctionSpec): NodejsFunction {
  const matches = stack.node.findAll().filter((node) => node instanceof NodejsFunction && node.node.id === spec.id);
  if (matches.length !== 1) throw new Error(`Expected one function with id ${spec.id}, found ${matches.length}`);
  return matches[0] as NodejsFunction;
}

export interface PolicyStatement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

/** Returns the statements of every policy attached to the function's role. */
export function roleStatementsOf(template: Template, fn: NodejsFunction): PolicyStatement[] {
  const roleId = logicalIdOf(fn.role!);
  const policies = template.findResources('AWS::IAM::Policy');
  return Object.values(policies)
    .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(`"${roleId}"`))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as PolicyStatement[]);
}

/** Tells whether a statement allows the action on a resource that refers to the given logical id. */
export function allows(statements: PolicyStatement[], action: string, resourceLogicalId: string): boolean {
  return statements.some(
    (statement) =>
      statement.Effect === 'Allow' &&
      [statement.Action].flat().includes(action) &&
      JSON.stringify(statement.Resource).includes(`"${resourceLogicalId}"`),
  );
}

/** Returns the environment variables of the function's resource in the template. */
export function environmentOf(template: Template, fn: NodejsFunction): Record<string, unknown> {
  const resource = template.toJSON().Resources[logicalIdOf(fn)];
  return resource.Properties.Environment?.Variables ?? {};
}
