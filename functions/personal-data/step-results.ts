import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { personalDataClients } from './clients.ts';

/**
 * Results that operators record at review steps: the military medical commission's fitness
 * category and the psychological testing outcome. Both are health data, so they are kept here
 * and the workflow receives only whether the candidate is fit.
 */
export interface StepResult {
  applicationId: string;
  executionName: string;
  step: string;
  /** A fitness category (А–Д) or a testing result code (RECOMMENDED, CONDITIONALLY, NOT_RECOMMENDED). */
  result: string;
  operatorId: string;
  /** The waiting step the result was recorded for. */
  waitId: string;
  recordedAt: string;
}

export const stepResultKey = (applicationId: string, executionName: string, step: string) => ({
  pk: `APPLICATION#${applicationId}`,
  sk: `STEP_RESULT#${executionName}#${step}`,
});

/**
 * Stores a step's result unless a result for the same wait is already stored, so a second
 * decision on one step cannot overwrite the first. Otherwise it returns `stored: false` with the stored result.
 */
export async function putStepResult(result: StepResult): Promise<{ stored: true } | { stored: false; existing: StepResult | undefined }> {
  const { config, documentClient } = await personalDataClients();
  try {
    await documentClient.send(
      new PutCommand({
        TableName: config.tableName,
        Item: { ...stepResultKey(result.applicationId, result.executionName, result.step), ...result },
        ConditionExpression: 'attribute_not_exists(pk) OR waitId <> :waitId',
        ExpressionAttributeValues: { ':waitId': result.waitId },
      }),
    );
    return { stored: true };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    return { stored: false, existing: await getStepResult(result.applicationId, result.executionName, result.step) };
  }
}

export async function getStepResult(applicationId: string, executionName: string, step: string): Promise<StepResult | undefined> {
  const { config, documentClient } = await personalDataClients();
  const found = await documentClient.send(
    new GetCommand({ TableName: config.tableName, Key: stepResultKey(applicationId, executionName, step), ConsistentRead: true }),
  );
  if (found.Item === undefined) return undefined;
  const { pk: _pk, sk: _sk, ...result } = found.Item;
  return result as StepResult;
}
