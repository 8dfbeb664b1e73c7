import { z } from 'zod';
import type { ApplicationRecord, WaitingTask } from '../domain/application-record.ts';
import type { Change } from '../domain/commit-change.ts';
import { SYSTEM_ACTOR, deriveEventId } from '../domain/events.ts';
import { REVIEW_STEPS } from '../domain/review-steps.ts';
import { WAITING_PARTITION } from '../domain/state-table-design.ts';
import { commitStep, readApplicationOrThrow } from './commit-step.ts';
import { ChangeRejectedError } from './errors.ts';
import { workflowTaskHandler } from './task-handler.ts';

export const waitForOperatorInputSchema = z.object({
  applicationId: z.string().min(1),
  executionName: z.string().min(1),
  taskToken: z.string().min(1),
  step: z.enum(REVIEW_STEPS),
  /** APPLICANT_DOCUMENTS only: the types the operator requested. */
  documentTypes: z.array(z.string().min(1)).min(1).optional(),
});

export type WaitForOperatorInput = z.infer<typeof waitForOperatorInputSchema>;

/**
 * Stores the task token under `waitingTasks.<step>` and lists the application in the
 * `waitingSteps` index, where the operator console finds it. The event id includes the token: a
 * retried invocation with the same token commits once, while a redrive or a loop back to the same
 * step, which issues a new token, stores the new one. A step created after the review term passed
 * is escalated at once. APPLICANT_DOCUMENTS emits DOCUMENTS_REQUESTED, which notifies the applicant of
 * the documents to upload.
 */
export async function waitForOperator(input: WaitForOperatorInput, now = new Date()): Promise<{ step: string; waitingSince: string }> {
  const since = now.toISOString();
  const waitId = deriveEventId(input.executionName, input.step, input.taskToken);
  for (let attempt = 1; ; attempt++) {
    const current = await readApplicationOrThrow(input.applicationId);
    try {
      const record = await commitStep(buildWaitChange(input, current, waitId, since));
      return { step: input.step, waitingSince: record.waitingTasks?.[input.step]?.since ?? since };
    } catch (error) {
      // A parallel branch created or changed the waiting map between the read and the write.
      if (!(error instanceof ChangeRejectedError) || attempt >= MAX_MAP_ATTEMPTS) throw error;
    }
  }
}

const MAX_MAP_ATTEMPTS = 3;

function buildWaitChange(input: WaitForOperatorInput, current: ApplicationRecord, waitId: string, since: string): Change {
  const waitingTask: WaitingTask = {
    step: input.step,
    taskToken: input.taskToken,
    waitId,
    since,
    executionName: input.executionName,
    escalated: current.review?.escalated === true ? true : undefined,
    documentTypes: input.documentTypes,
  };
  const others = Object.values(current.waitingTasks ?? {}).filter((task) => task.step !== input.step);
  const oldestSince = others.map((task) => task.since).reduce((oldest, candidate) => (candidate < oldest ? candidate : oldest), since);
  // A nested SET fails while the map is missing, so the first waiting step writes the whole map,
  // and the condition pins the version these fields were computed from.
  const mapExists = current.waitingTasks !== undefined;
  const names = { '#waitingTasksMap': 'waitingTasks' };

  return {
    applicationId: input.applicationId,
    event: {
      eventId: waitId,
      type: input.step === 'APPLICANT_DOCUMENTS' ? 'DOCUMENTS_REQUESTED' : 'OPERATOR_STEP_WAITING',
      applicationId: input.applicationId,
      applicantId: current.applicantId,
      occurredAt: since,
      actor: SYSTEM_ACTOR,
      // An amendment waits while the application stays APPROVED.
      status: current.status,
      step: input.step,
      documentTypes: input.documentTypes,
    },
    allowedStatuses: ['IN_REVIEW', 'APPROVED'],
    set: [
      mapExists ? { path: ['waitingTasks', input.step], value: waitingTask } : { path: ['waitingTasks'], value: { [input.step]: waitingTask } },
      { path: ['waitingPartition'], value: WAITING_PARTITION },
      { path: ['waitingSince'], value: oldestSince },
    ],
    condition: {
      expression: `${mapExists ? 'attribute_exists(#waitingTasksMap)' : 'attribute_not_exists(#waitingTasksMap)'} AND #readVersion = :readVersion`,
      names: { ...names, '#readVersion': 'version' },
      values: { ':readVersion': current.version },
    },
  };
}

export const handler = workflowTaskHandler(waitForOperatorInputSchema, (input) => waitForOperator(input));
