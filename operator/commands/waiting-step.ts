import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { sfnClient } from '../../functions/commons/clients.ts';
import type { ApplicationRecord, WaitingTask } from '../../functions/domain/application-record.ts';
import { readApplicationRecord } from '../../functions/domain/commit-change.ts';
import { reviewStepTitle, type ReviewStep } from '../../functions/domain/review-steps.ts';
import type { StepCompletionOutput } from '../../functions/workflow/review-codes.ts';
import { applicationNotFound, foreignTask, notWaitingForOperator, operatorStepClosed, stepMismatch } from '../errors.ts';
import { SENIOR_OPERATOR_ROLE, isSeniorOperator, roleMissing, type OperatorIdentity } from '../operator-identity.ts';

/** SendTaskSuccess errors that mean the waiting task is gone: completed, expired or from a stopped execution. */
const CLOSED_TASK_ERRORS = new Set(['TaskDoesNotExist', 'TaskTimedOut', 'InvalidToken']);

export interface OpenStep {
  record: ApplicationRecord;
  task: WaitingTask;
}

/**
 * Finds the application's waiting step that a command may complete, or explains why it may not:
 * the application waits for another step, the stored task belongs to another application, or
 * the step was escalated and the operator is not a senior operator.
 */
export async function findOpenStep(input: {
  applicationId: string;
  command: string;
  acceptedSteps: ReviewStep[];
  identity: OperatorIdentity;
}): Promise<OpenStep> {
  const record = await readApplicationRecord(input.applicationId);
  if (record === undefined) throw applicationNotFound(input.applicationId);
  const tasks = Object.values(record.waitingTasks ?? {});
  if (tasks.length === 0) throw notWaitingForOperator(input.applicationId);

  const task = tasks.find((candidate) => (input.acceptedSteps as string[]).includes(candidate.step));
  if (task === undefined) {
    throw stepMismatch(input.command, tasks.map((candidate) => reviewStepTitle(candidate.step)), input.acceptedSteps.map(reviewStepTitle));
  }
  // Execution names are <applicationId>-r<round> or <applicationId>-a<n>.
  if (!task.executionName.startsWith(`${input.applicationId}-`) || record.applicationId !== input.applicationId) {
    throw foreignTask(input.applicationId);
  }
  if (task.escalated === true && !isSeniorOperator(input.identity)) throw roleMissing(SENIOR_OPERATOR_ROLE);
  return { record, task };
}

/** Completes the waiting task with the output; a closed task becomes the console's «step closed» error. */
export async function sendStepCompletion(task: WaitingTask, output: StepCompletionOutput): Promise<void> {
  try {
    await sfnClient.send(new SendTaskSuccessCommand({ taskToken: task.taskToken, output: JSON.stringify(output) }));
  } catch (error) {
    if (error instanceof Error && CLOSED_TASK_ERRORS.has(error.name)) throw operatorStepClosed();
    throw error;
  }
}
