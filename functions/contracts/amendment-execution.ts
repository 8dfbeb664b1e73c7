import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { ExecutionAlreadyExists, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { executionArnOf } from '../api/review-execution.ts';
import { sfnClient, stateDocumentClient } from '../commons/clients.ts';
import { reviewStateMachineArn, stateTableName } from '../commons/env.ts';
import { applicationKey } from '../domain/state-table-design.ts';

/** One execution name per application and amendment number, next to the review rounds' `<id>-r<n>`. */
export const amendmentExecutionName = (applicationId: string, number: number): string => `${applicationId}-a${number}`;

/**
 * The workflow input of an amendment's review, built with a fixed key order so that a repeated
 * start sends identical input. `round` is the amendment number.
 */
export const amendmentExecutionInput = (applicationId: string, number: number, amendmentId: string): string =>
  JSON.stringify({ applicationId, round: number, kind: 'AMENDMENT', amendmentId });

/**
 * Starts the review of an amendment and returns the execution ARN. Calling it again with the same
 * amendment is safe: Step Functions returns the running execution for the same name and input,
 * and raises ExecutionAlreadyExists for a closed one, whose ARN is built from the name.
 */
export async function startAmendmentExecution(applicationId: string, number: number, amendmentId: string): Promise<string> {
  const stateMachineArn = reviewStateMachineArn();
  const name = amendmentExecutionName(applicationId, number);
  try {
    const result = await sfnClient.send(
      new StartExecutionCommand({ stateMachineArn, name, input: amendmentExecutionInput(applicationId, number, amendmentId) }),
    );
    return result.executionArn ?? executionArnOf(stateMachineArn, name);
  } catch (error) {
    if (error instanceof ExecutionAlreadyExists) return executionArnOf(stateMachineArn, name);
    throw error;
  }
}

/**
 * Stores the execution ARN in the pending amendment. It is a reference, not a change of the
 * application, so it bypasses commitChange: no event, no version increment.
 */
export async function recordAmendmentExecutionArn(applicationId: string, amendmentId: string, executionArn: string): Promise<void> {
  try {
    await stateDocumentClient.send(
      new UpdateCommand({
        TableName: stateTableName(),
        Key: applicationKey(applicationId),
        UpdateExpression: 'SET #contract.#pending.#executionArn = :executionArn',
        ConditionExpression: '#contract.#pending.#amendmentId = :amendmentId',
        ExpressionAttributeNames: {
          '#contract': 'contract',
          '#pending': 'pendingAmendment',
          '#executionArn': 'executionArn',
          '#amendmentId': 'amendmentId',
        },
        ExpressionAttributeValues: { ':executionArn': executionArn, ':amendmentId': amendmentId },
      }),
    );
  } catch (error) {
    // The amendment was decided meanwhile and is no longer pending.
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}
