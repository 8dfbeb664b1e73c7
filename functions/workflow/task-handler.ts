import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { z } from 'zod';
import { logger } from '../commons/logger.ts';
import { InvalidTaskInputError } from './errors.ts';

/** The fields every review task receives, besides its own. */
export interface TaskInputBase {
  applicationId: string;
  executionName: string;
}

/** Parses a task's Payload. The error lists the failing paths only, because values may be task tokens. */
export function parseTaskInput<Input>(schema: z.ZodType<Input>, payload: unknown): Input {
  const result = schema.safeParse(payload);
  if (!result.success) {
    throw new InvalidTaskInputError(result.error.issues.map((issue) => issue.path.join('.') || '(root)'));
  }
  return result.data;
}

/**
 * Builds the Lambda handler of a review task: logger context, zod validation of the Payload,
 * then the task's logic. Errors propagate, so Step Functions matches their names in Retry and Catch.
 */
export function workflowTaskHandler<Input extends TaskInputBase, Output>(
  schema: z.ZodType<Input>,
  run: (input: Input) => Promise<Output>,
) {
  return middy<unknown, Output>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event) => {
      const input = parseTaskInput(schema, event);
      logger.appendKeys({ applicationId: input.applicationId, executionName: input.executionName });
      return run(input);
    });
}
