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
 * Sets the final status APPROVED or REJECTED with the decision and its reason, and removes the
 * waiting step. The actor is the operator who decided, or the service for an automatic rejection.
 */
export async function recordOutcome(input: RecordOutcomeInput, now = new Date()): Promise<{ status: ApplicationStatus }> {
  if (input.decision.decision !== input.outcome) throw new InvalidTaskInputError(['decision.decision']);
  if (input.outcome === 'APPROVED' && input.decision.operatorId === undefined) throw new InvalidTaskInputError(['decision.operatorId']);

  const current = await readApplicationOrThrow(input.applicationId);
  const reasonCode = resolveReasonCode(input);
  const operatorId = input.decision.operatorId;
  const actor: Actor = operatorId === undefined ? SYSTEM_ACTOR : { kind: 'operator', id: operatorId };

  const record = await commitStep({
    applicationId: input.applicationId,
    event: {
      eventId: deriveEventId(input.executionName, 'RecordOutcome'),
      type: 'STATUS_CHANGED',
      applicationId: input.applicationId,
      applicantId: current.applicantId,
      occurredAt: now.toISOString(),
      actor,
      status: input.outcome,
      reasonCode,
      documentTypes: input.decision.documentTypes,
      noteId: input.decision.noteId,
    },
    allowedStatuses: ['IN_REVIEW'],
    set: [{ path: ['decision'], value: { outcome: input.outcome, reasonCode, noteId: input.decision.noteId, operatorId } }],
    remove: [['waitingTask'], ['waitingPartition'], ['waitingSince']],
  });
  return { status: record.status };
}

export const handler = workflowTaskHandler(recordOutcomeInputSchema, (input) => recordOutcome(input));
