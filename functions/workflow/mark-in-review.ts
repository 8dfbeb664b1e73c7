import { z } from 'zod';
import { SYSTEM_ACTOR, deriveEventId } from '../domain/events.ts';
import type { ApplicationStatus } from '../domain/statuses.ts';
import { commitStep, readApplicationOrThrow } from './commit-step.ts';
import { workflowTaskHandler } from './task-handler.ts';

export const markInReviewInputSchema = z.object({
  applicationId: z.string().min(1),
  round: z.number().int().positive(),
  executionName: z.string().min(1),
});

export type MarkInReviewInput = z.infer<typeof markInReviewInputSchema>;

/**
 * Sets status IN_REVIEW. Every review round starts from RECEIVED: the submit API moves a rejected
 * application back to RECEIVED when it starts the next round, and an approved one cannot be submitted.
 */
export async function markInReview(input: MarkInReviewInput, now = new Date()): Promise<{ status: ApplicationStatus }> {
  const current = await readApplicationOrThrow(input.applicationId);

  const record = await commitStep({
    applicationId: input.applicationId,
    event: {
      eventId: deriveEventId(input.executionName, 'MarkInReview'),
      type: 'STATUS_CHANGED',
      applicationId: input.applicationId,
      applicantId: current.applicantId,
      occurredAt: now.toISOString(),
      actor: SYSTEM_ACTOR,
      status: 'IN_REVIEW',
    },
    allowedStatuses: ['RECEIVED'],
  });
  return { status: record.status };
}

export const handler = workflowTaskHandler(markInReviewInputSchema, (input) => markInReview(input));
