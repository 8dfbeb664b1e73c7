import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { stateDocumentClient } from '../commons/clients.ts';
import { stateTableName } from '../commons/env.ts';
import { logger } from '../commons/logger.ts';
import { publishPendingEvents } from '../domain/publish-events.ts';
import { PENDING_PARTITION } from '../domain/state-table-design.ts';

/** Events younger than this are left to the commit that is publishing them right now. */
const SETTLE_MILLISECONDS = 30_000;

/**
 * Publishes the events that a crash left pending: every application in the `pendingEvents` index
 * whose oldest pending event is older than the settle time.
 */
export async function sweepPendingEvents(now = new Date()): Promise<{ applications: number; events: number; failures: number }> {
  const cutoff = new Date(now.getTime() - SETTLE_MILLISECONDS).toISOString();
  let applications = 0;
  let events = 0;
  let failures = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await stateDocumentClient.send(
      new QueryCommand({
        TableName: stateTableName(),
        IndexName: 'pendingEvents',
        KeyConditionExpression: 'pendingPartition = :partition AND pendingSince <= :cutoff',
        ExpressionAttributeValues: { ':partition': PENDING_PARTITION, ':cutoff': cutoff },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) {
      const applicationId = String(item.applicationId);
      applications++;
      try {
        events += await publishPendingEvents(applicationId);
      } catch (error) {
        // One application's failure must not stop the others; the next sweep tries it again.
        failures++;
        logger.error('Publishing pending events failed', { applicationId, error: error as Error });
      }
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return { applications, events, failures };
}

export const handler = middy()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async () => {
    const result = await sweepPendingEvents();
    logger.info('Pending events swept', result);
    if (result.failures > 0) throw new Error(`Publishing failed for ${result.failures} applications`);
    return result;
  });
