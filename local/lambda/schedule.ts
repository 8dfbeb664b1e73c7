import { randomUUID } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { LocalFunction } from './invoke-local.ts';

export interface ScheduleOptions {
  fn: LocalFunction;
  intervalMs: number;
  ruleName: string;
  region: string;
  accountId: string;
  logger: Pick<Logger, 'error'>;
}

export interface Schedule {
  isRunning(): boolean;
  /** Stops the timer and waits for an invocation in progress. */
  stop(): Promise<void>;
}

/**
 * Invokes a function every `intervalMs` with an EventBridge "Scheduled Event", as a rate rule
 * does. Unlike EventBridge, which invokes again regardless, a run that is due while the previous
 * one is still running is skipped, so a slow sweep does not pile up locally.
 */
export function startSchedule(options: ScheduleOptions): Schedule {
  const { fn, region, accountId, logger } = options;
  let running: Promise<void> | undefined;

  const scheduledEvent = () => ({
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: accountId,
    time: new Date().toISOString(),
    region,
    resources: [`arn:aws:events:${region}:${accountId}:rule/${options.ruleName}`],
    detail: {},
  });

  const runOnce = () => {
    running ??= fn
      .invoke(scheduledEvent())
      .then((result) => {
        if (!result.ok) {
          logger.error('Scheduled invocation failed', { functionName: fn.functionName, requestId: result.requestId, errorType: result.error.errorType });
        }
      })
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(runOnce, options.intervalMs);

  return {
    isRunning: () => running !== undefined,
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
