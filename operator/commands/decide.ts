import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { sfnClient } from '../../functions/commons/clients.ts';
import { readApplicationRecord } from '../../functions/domain/commit-change.ts';
import type { ReasonCode } from '../../functions/domain/reasons.ts';
import { deleteNote, putNote } from '../../functions/personal-data/notes.ts';
import type { OperatorDecision, OperatorDecisionOutput } from '../../functions/workflow/review-codes.ts';
import { applicationNotFound, notWaitingForOperator, operatorStepClosed } from '../errors.ts';

export interface DecisionRequest {
  applicationId: string;
  operatorId: string;
  decision: OperatorDecision;
  /** Reason text, required for a rejection and stored as a note in the personal-data store. */
  reasonText?: string;
}

export interface DecisionResult {
  applicationId: string;
  step: string;
  decision: OperatorDecision;
  operatorId: string;
  reasonCode: ReasonCode;
  noteId?: string;
}

/** SendTaskSuccess errors that mean the waiting task is gone: completed, expired or from a stopped execution. */
const CLOSED_TASK_ERRORS = new Set(['TaskDoesNotExist', 'TaskTimedOut', 'InvalidToken']);

/**
 * Completes the application's waiting step with the operator's decision. The reason text goes
 * to the personal-data store and only its note id to the workflow. When the step has already
 * closed, the note is deleted again and the decision is not recorded.
 * The workflow records the new status itself, a moment after this returns.
 */
export async function decide(request: DecisionRequest): Promise<DecisionResult> {
  const record = await readApplicationRecord(request.applicationId);
  if (record === undefined) throw applicationNotFound(request.applicationId);
  const waiting = record.waitingTask;
  if (waiting === undefined) throw notWaitingForOperator(request.applicationId);

  const reasonCode: ReasonCode = request.decision === 'APPROVED' ? 'OPERATOR_APPROVED' : 'OPERATOR_REJECTED';
  const noteId =
    request.reasonText === undefined ? undefined : await putNote(request.applicationId, request.operatorId, request.reasonText);
  const output: OperatorDecisionOutput = { decision: request.decision, operatorId: request.operatorId, reasonCode, noteId };

  try {
    await sfnClient.send(new SendTaskSuccessCommand({ taskToken: waiting.taskToken, output: JSON.stringify(output) }));
  } catch (error) {
    if (noteId !== undefined) await deleteNote(request.applicationId, noteId);
    if (error instanceof Error && CLOSED_TASK_ERRORS.has(error.name)) throw operatorStepClosed();
    throw error;
  }
  return { applicationId: request.applicationId, step: waiting.step, decision: request.decision, operatorId: request.operatorId, reasonCode, noteId };
}
