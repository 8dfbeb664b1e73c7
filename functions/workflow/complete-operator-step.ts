import { z } from 'zod';
import type { ApplicationRecord } from '../domain/application-record.ts';
import type { Change, FieldUpdate } from '../domain/commit-change.ts';
import { deriveEventId, type Actor } from '../domain/events.ts';
import { REVIEW_STEPS, STEP_DECISIONS } from '../domain/review-steps.ts';
import { commitStep, readApplicationOrThrow } from './commit-step.ts';
import { ChangeRejectedError, InvalidTaskInputError } from './errors.ts';
import { workflowTaskHandler } from './task-handler.ts';

export const completeOperatorStepInputSchema = z.object({
  applicationId: z.string().min(1),
  executionName: z.string().min(1),
  step: z.enum(REVIEW_STEPS),
  /** The waiting task's output, as the console or the submit-documents API sent it. */
  output: z.object({
    decision: z.enum(STEP_DECISIONS),
    waitId: z.string().min(1),
    operatorId: z.string().min(1).optional(),
    applicantId: z.string().min(1).optional(),
    reasonCode: z.string().min(1).optional(),
    noteId: z.string().min(1).optional(),
    documentTypes: z.array(z.string().min(1)).optional(),
    fitForService: z.boolean().optional(),
  }),
});

export type CompleteOperatorStepInput = z.infer<typeof completeOperatorStepInputSchema>;

export interface CompleteOperatorStepOutput {
  decision: string;
  /** For an application with a contract: the version an approved amendment generates. */
  nextContractVersion?: number;
}

function actorOf(input: CompleteOperatorStepInput): Actor {
  const { operatorId, applicantId } = input.output;
  if (input.step === 'APPLICANT_DOCUMENTS' && applicantId !== undefined) return { kind: 'applicant', id: applicantId };
  if (input.step !== 'APPLICANT_DOCUMENTS' && operatorId !== undefined) return { kind: 'operator', id: operatorId };
  throw new InvalidTaskInputError([input.step === 'APPLICANT_DOCUMENTS' ? 'output.applicantId' : 'output.operatorId']);
}

/** Removes the step from `waitingTasks`, and the application from the waiting index when no step is left. */
function waitingUpdates(record: ApplicationRecord, step: string): { set: FieldUpdate[]; remove: string[][] } {
  const others = Object.values(record.waitingTasks ?? {}).filter((task) => task.step !== step);
  if (others.length === 0) return { set: [], remove: [['waitingTasks', step], ['waitingPartition'], ['waitingSince']] };
  const oldest = others.map((task) => task.since).reduce((left, right) => (right < left ? right : left));
  return { set: [{ path: ['waitingSince'], value: oldest }], remove: [['waitingTasks', step]] };
}

/**
 * Records who completed a waiting step and with which decision, and removes the step from the
 * application. The event id derives from the execution name, step and the wait's id (itself
 * derived from the task token), so a retried invocation commits once. The change applies only
 * while the application still waits with that very `waitId`: an output meant for another wait
 * fails the task. For an application with a contract, it also returns the next contract
 * version, which an amendment's review passes to GenerateContract.
 */
export async function completeOperatorStep(input: CompleteOperatorStepInput, now = new Date()): Promise<CompleteOperatorStepOutput> {
  const actor = actorOf(input);
  for (let attempt = 1; ; attempt++) {
    const current = await readApplicationOrThrow(input.applicationId);
    try {
      const record = await commitStep(buildCompletion(input, current, actor, now));
      const contractVersion = record.contract?.currentVersion;
      return contractVersion === undefined ? { decision: input.output.decision } : { decision: input.output.decision, nextContractVersion: contractVersion + 1 };
    } catch (error) {
      // A parallel branch changed the waiting steps between the read and the write.
      if (!(error instanceof ChangeRejectedError) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}

const MAX_ATTEMPTS = 3;

function buildCompletion(input: CompleteOperatorStepInput, current: ApplicationRecord, actor: Actor, now: Date): Change {
  const { set, remove } = waitingUpdates(current, input.step);
  const { output } = input;

  return {
    applicationId: input.applicationId,
    event: {
      eventId: deriveEventId(input.executionName, input.step, output.waitId),
      type: input.step === 'APPLICANT_DOCUMENTS' ? 'DOCUMENTS_SUBMITTED' : 'OPERATOR_STEP_COMPLETED',
      applicationId: input.applicationId,
      applicantId: current.applicantId,
      occurredAt: now.toISOString(),
      actor,
      status: current.status,
      step: input.step,
      decision: output.decision,
      documentTypes: output.documentTypes ?? current.waitingTasks?.[input.step]?.documentTypes,
      noteId: output.noteId,
    },
    allowedStatuses: ['IN_REVIEW', 'APPROVED'],
    set,
    remove,
    // The waiting index fields above were computed from this version of the item.
    condition: {
      expression: '#completedTasks.#completedStep.#completedWaitId = :completedWaitId AND #readVersion = :readVersion',
      names: { '#completedTasks': 'waitingTasks', '#completedStep': input.step, '#completedWaitId': 'waitId', '#readVersion': 'version' },
      values: { ':completedWaitId': output.waitId, ':readVersion': current.version },
    },
  };
}

export const handler = workflowTaskHandler(completeOperatorStepInputSchema, (input) => completeOperatorStep(input));
