import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { ExecutionAlreadyExists, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { sfnClient, stateDocumentClient } from '../commons/clients.ts';
import { reviewStateMachineArn, stateTableName } from '../commons/env.ts';
import { applicationKey } from '../domain/state-table-design.ts';

/** One execution name per application and round; Step Functions keeps a name unique per state machine. */
export const reviewExecutionName = (applicationId: string, round: number): string => `${applicationId}-r${round}`;

/** The workflow input, built with a fixed key order so that a repeated start sends identical input. */
export const reviewExecutionInput = (applicationId: string, round: number): string => JSON.stringify({ applicationId, round });

/** Builds an execution ARN from its state machine's ARN: `...:execution:<state machine name>:<execution name>`. */
export function executionArnOf(stateMachineArn: string, executionName: string): string {
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${executionName}`;
}

/**
 * Starts the review of one round and returns the execution ARN. Calling it again is safe. For the
 * same name and input a Standard workflow returns the running execution, and for a closed one it
 * raises ExecutionAlreadyExists, so the ARN is built from the name.
 */
export async function startReviewExecution(applicationId: string, round: number): Promise<string> {
  const stateMachineArn = reviewStateMachineArn();
  const name = reviewExecutionName(applicationId, round);
  try {
    const result = await sfnClient.send(
      new StartExecutionCommand({ stateMachineArn, name, input: reviewExecutionInput(applicationId, round) }),
    );
    return result.executionArn ?? executionArnOf(stateMachineArn, name);
  } catch (error) {
    if (error instanceof ExecutionAlreadyExists) return executionArnOf(stateMachineArn, name);
    throw error;
  }
}

/**
 * Stores the execution ARN in the application's review round. It is a reference, not a change
 * of the application, so it bypasses commitChange: no event, no version increment.
 */
export async function recordExecutionArn(applicationId: string, round: number, executionArn: string): Promise<void> {
  try {
    await stateDocumentClient.send(
      new UpdateCommand({
        TableName: stateTableName(),
        Key: applicationKey(applicationId),
        UpdateExpression: 'SET #review.#executionArn = :executionArn',
        ConditionExpression: '#review.#round = :round',
        ExpressionAttributeNames: { '#review': 'review', '#executionArn': 'executionArn', '#round': 'round' },
        ExpressionAttributeValues: { ':executionArn': executionArn, ':round': round },
      }),
    );
  } catch (error) {
    // A later round replaced this one; its own submission stores its ARN.
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}
