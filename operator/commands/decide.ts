import type { ReasonCode } from '../../functions/domain/reasons.ts';
import type { StepDecision } from '../../functions/domain/review-steps.ts';
import { deleteNote, putNote } from '../../functions/personal-data/notes.ts';
import type { StepCompletionOutput } from '../../functions/workflow/review-codes.ts';
import { documentsNotRequestable } from '../errors.ts';
import type { OperatorIdentity } from '../operator-identity.ts';
import { findOpenStep, sendStepCompletion } from './waiting-step.ts';

export type DecisionRequest =
  | { kind: 'approve'; applicationId: string }
  | { kind: 'reject'; applicationId: string; reasonText: string }
  | { kind: 'request-documents'; applicationId: string; documentTypes: string[]; comment?: string };

export interface DecisionResult {
  applicationId: string;
  step: string;
  decision: StepDecision;
  operatorId: string;
  reasonCode?: ReasonCode;
  noteId?: string;
  documentTypes?: string[];
}

/** Amendment reviews run as `<applicationId>-a<n>`, review rounds as `<applicationId>-r<n>`. */
const AMENDMENT_EXECUTION = /-a\d+$/;

const DECISIONS: Record<DecisionRequest['kind'], StepDecision> = {
  approve: 'APPROVED',
  reject: 'REJECTED',
  'request-documents': 'REQUEST_DOCUMENTS',
};

/** The text stored as a note: a rejection's reason or a document request's comment. */
function noteTextOf(request: DecisionRequest): string | undefined {
  if (request.kind === 'reject') return request.reasonText;
  if (request.kind === 'request-documents') return request.comment;
  return undefined;
}

function reasonCodeOf(decision: StepDecision): ReasonCode | undefined {
  if (decision === 'APPROVED') return 'OPERATOR_APPROVED';
  if (decision === 'REJECTED') return 'OPERATOR_REJECTED';
  return undefined;
}

/**
 * Completes the application's document review or final approval with the operator's decision.
 * A reason or comment goes to the personal-data store and only its note id to the workflow. When
 * the step has already closed, the note is deleted again and nothing is recorded. The workflow
 * journals the decision and changes the status itself, a moment after this returns.
 */
export async function decide(request: DecisionRequest, identity: OperatorIdentity): Promise<DecisionResult> {
  const { task } = await findOpenStep({
    applicationId: request.applicationId,
    command: request.kind,
    acceptedSteps: ['DOCUMENT_REVIEW', 'FINAL_APPROVAL'],
    identity,
  });

  // An amendment's review accepts only approval or rejection of the new terms.
  if (request.kind === 'request-documents' && AMENDMENT_EXECUTION.test(task.executionName)) throw documentsNotRequestable();
  const decision = DECISIONS[request.kind];
  const reasonCode = reasonCodeOf(decision);
  const noteText = noteTextOf(request);
  const documentTypes = request.kind === 'request-documents' ? request.documentTypes : undefined;
  const noteId = noteText === undefined ? undefined : await putNote(request.applicationId, identity.operatorId, noteText);
  const output: StepCompletionOutput = { decision, waitId: task.waitId, operatorId: identity.operatorId, reasonCode, noteId, documentTypes };

  try {
    await sendStepCompletion(task, output);
  } catch (error) {
    if (noteId !== undefined) await deleteNote(request.applicationId, noteId);
    throw error;
  }
  return { applicationId: request.applicationId, step: task.step, decision, operatorId: identity.operatorId, reasonCode, noteId, documentTypes };
}
