import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { stateDocumentClient } from '../../functions/commons/clients.ts';
import { stateTableName } from '../../functions/commons/env.ts';
import type { WaitingTask } from '../../functions/domain/application-record.ts';
import { WAITING_PARTITION } from '../../functions/domain/state-table-design.ts';

/** A step waiting for an operator, without its task token, which only the decision commands use. */
export interface WaitingStepView {
  applicationId: string;
  step: string;
  waitingSince: string;
  registryResult?: string;
}

/** Lists the steps waiting for an operator, oldest first, from the `waitingSteps` index. */
export async function listWaitingSteps(): Promise<WaitingStepView[]> {
  const steps: WaitingStepView[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await stateDocumentClient.send(
      new QueryCommand({
        TableName: stateTableName(),
        IndexName: 'waitingSteps',
        KeyConditionExpression: 'waitingPartition = :partition',
        ExpressionAttributeValues: { ':partition': WAITING_PARTITION },
        ScanIndexForward: true,
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) {
      const waitingTask = item.waitingTask as WaitingTask | undefined;
      steps.push({
        applicationId: String(item.applicationId),
        step: waitingTask?.step ?? 'UNKNOWN',
        waitingSince: String(item.waitingSince),
        registryResult: waitingTask?.registryResult,
      });
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return steps;
}
