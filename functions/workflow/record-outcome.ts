import { z } from 'zod';
import { SYSTEM_ACTOR, deriveEventId, type Actor } from '../domain/events.ts';
import { REASON_MESSAGES, type ReasonCode } from '../domain/reasons.ts';
import type { ApplicationStatus } from '../domain/statuses.ts';
import { commitStep, readApplicationOrThrow } from './commit-step.ts';
import { InvalidTaskInputError } from './errors.ts';
import { OPERATOR_DECISIONS } from './review-codes.ts';
import { workflowTaskHandler } from './task-handler.ts';

const reasonCodeSchema = z.enum(Object.keys(REASON_MESSAGES) as [ReasonCode, ...ReasonCode[]]);

export const recordOutcomeInputSchema = z.object({
  applicationId: z.string().min(1),
  executionName: z.string().min(1),
  outcome: z.enum(OPERATOR_DECISIONS),
  /** Set for an amendment review: the outcome concerns the amendment, and the application stays APPROVED. */
  amendmentId: z.string().min(1).optional(),
  /** The operator's task output, or the rejection the workflow built for missing documents. */
  decision: z.object({
    decision: z.enum(OPERATOR_DECISIONS),
    operatorId: z.string().min(1).optional(),
    reasonCode: reasonCodeSchema.optional(),
    documentTypes: z.array(z.string()).optional(),
    noteId: z.string().min(1).optional(),
  }),
});

export type RecordOutcomeInput = z.infer<typeof recordOutcomeInputSchema>;

/** Returns the given reason code or the operator's default. An automatic decision must name its own reason. */
function resolveReasonCode(input: RecordOutcomeInput): ReasonCode {
  if (input.decision.reasonCode !== undefined) return input.decision.reasonCode;
  if (input.decision.operatorId !== undefined) return input.outcome === 'APPROVED' ? 'OPERATOR_APPROVED' : 'OPERATOR_REJECTED';
  throw new InvalidTaskInputError(['decision.reasonCode']);
}

/**
 * Sets the final status APPROVED or REJECTED with the decision and its reason, and removes every
 * waiting step. The actor is the operator who decided, or the service for an automatic rejection.
 */
export async function recordOutcome(input: RecordOutcomeInput, now = new Date()): Promise<RecordOutcomeOutput> {
  if (input.decision.decision !== input.outcome) throw new InvalidTaskInputError(['decision.decision']);
  if (input.outcome === 'APPROVED' && input.decision.operatorId === undefined) throw new InvalidTaskInputError(['decision.operatorId']);
  if (input.amendmentId !== undefined) return recordAmendmentOutcome(input, input.amendmentId, now);

  const current = await readApplicationOrThrow(input.applicationId);
  const reasonCode = resolveReasonCode(input);
  const operatorId = input.decision.operatorId;

  const record = await commitStep({
    applicationId: input.applicationId,
    event: {
      eventId: deriveEventId(input.executionName, 'RecordOutcome'),
      type: 'STATUS_CHANGED',
      applicationId: input.applicationId,
      applicantId: current.applicantId,
      occurredAt: now.toISOString(),
      actor: actorOf(operatorId),
      status: input.outcome,
      reasonCode,
      documentTypes: input.decision.documentTypes,
      noteId: input.decision.noteId,
    },
    allowedStatuses: ['IN_REVIEW'],
    set: [{ path: ['decision'], value: { outcome: input.outcome, reasonCode, noteId: input.decision.noteId, operatorId } }],
    remove: [['waitingTasks'], ['waitingPartition'], ['waitingSince']],
  });
  return { status: record.status };
}

export interface RecordOutcomeOutput {
  status: ApplicationStatus;
}

const actorOf = (operatorId: string | undefined): Actor => (operatorId === undefined ? SYSTEM_ACTOR : { kind: 'operator', id: operatorId });

/**
 * Records the operator's decision on an amendment as AMENDMENT_APPROVED or AMENDMENT_REJECTED and
 * removes the pending amendment, which the contract API set when it started this review. The
 * application stays APPROVED either way.
 */
async function recordAmendmentOutcome(input: RecordOutcomeInput, amendmentId: string, now: Date): Promise<RecordOutcomeOutput> {
  const current = await readApplicationOrThrow(input.applicationId);
  const reasonCode = resolveReasonCode(input);
  const record = await commitStep({
    applicationId: input.applicationId,
    event: {
      eventId: deriveEventId(input.executionName, 'RecordOutcome'),
      type: input.outcome === 'APPROVED' ? 'AMENDMENT_APPROVED' : 'AMENDMENT_REJECTED',
      applicationId: input.applicationId,
      applicantId: current.applicantId,
      occurredAt: now.toISOString(),
      actor: actorOf(input.decision.operatorId),
      status: 'APPROVED',
      reasonCode: input.outcome === 'REJECTED' ? reasonCode : undefined,
      noteId: input.decision.noteId,
      amendmentId,
    },
    allowedStatuses: ['APPROVED'],
    remove: [['waitingTasks'], ['waitingPartition'], ['waitingSince'], ['contract', 'pendingAmendment']],
    condition: {
      expression: '#outcomeContract.#outcomePending.#outcomeAmendment = :outcomeAmendment',
      names: { '#outcomeContract': 'contract', '#outcomePending': 'pendingAmendment', '#outcomeAmendment': 'amendmentId' },
      values: { ':outcomeAmendment': amendmentId },
    },
  });
  return { status: record.status };
}

export const handler = workflowTaskHandler(recordOutcomeInputSchema, (input) => recordOutcome(input));
