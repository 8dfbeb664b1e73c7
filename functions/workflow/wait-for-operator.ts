import { z } from 'zod';
import type { WaitingTask } from '../domain/application-record.ts';
import { SYSTEM_ACTOR, deriveEventId } from '../domain/events.ts';
import { WAITING_PARTITION } from '../domain/state-table-design.ts';
import { commitStep, readApplicationOrThrow } from './commit-step.ts';
import { OPERATOR_STEP_TITLES, type OperatorStep, type RegistryCheckResult } from './review-codes.ts';
import { workflowTaskHandler } from './task-handler.ts';

export const waitForOperatorInputSchema = z.object({
  applicationId: z.string().min(1),
  executionName: z.string().min(1),
  taskToken: z.string().min(1),
  step: z.enum(Object.keys(OPERATOR_STEP_TITLES) as [OperatorStep, ...OperatorStep[]]),
  registryResult: z.enum(['NO_RECORD', 'RECORD_FOUND', 'UNAVAILABLE'] satisfies RegistryCheckResult[]),
});

export type WaitForOperatorInput = z.infer<typeof waitForOperatorInputSchema>;

/**
 * Stores the task token on the application and lists it in the `waitingSteps` index, where the
 * operator console finds it. The event id includes the token: a retried invocation with the same
 * token commits once, while a redrive, which issues a new token, stores the new one instead of
 * being skipped as already applied and leaving a dead token behind.
 */
export async function waitForOperator(input: WaitForOperatorInput, now = new Date()): Promise<{ step: OperatorStep; waitingSince: string }> {
  const current = await readApplicationOrThrow(input.applicationId);
  const since = now.toISOString();
  const waitingTask: WaitingTask = {
    step: input.step,
    taskToken: input.taskToken,
    since,
    executionName: input.executionName,
    registryResult: input.registryResult,
  };

  const record = await commitStep({
    applicationId: input.applicationId,
    event: {
      eventId: deriveEventId(input.executionName, 'WaitForOperator', input.taskToken),
      type: 'OPERATOR_STEP_WAITING',
      applicationId: input.applicationId,
      applicantId: current.applicantId,
      occurredAt: since,
      actor: SYSTEM_ACTOR,
      status: 'IN_REVIEW',
      step: input.step,
      // Only the outage goes into the event: a found record is personal data and stays off SNS.
      reasonCode: input.registryResult === 'UNAVAILABLE' ? 'REGISTRY_UNAVAILABLE' : undefined,
    },
    allowedStatuses: ['IN_REVIEW'],
    set: [
      { path: ['waitingTask'], value: waitingTask },
      { path: ['waitingPartition'], value: WAITING_PARTITION },
      { path: ['waitingSince'], value: since },
    ],
  });
  return { step: input.step, waitingSince: record.waitingTask?.since ?? since };
}

export const handler = workflowTaskHandler(waitForOperatorInputSchema, (input) => waitForOperator(input));
