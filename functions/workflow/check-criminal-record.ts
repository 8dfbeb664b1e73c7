import { z } from 'zod';
import { criminalRecordRegistryUrl } from '../commons/env.ts';
import { logger } from '../commons/logger.ts';
import { deriveEventId } from '../domain/events.ts';
import { getForm } from '../personal-data/forms.ts';
import { putRegistryCheck } from '../personal-data/registry-checks.ts';
import {
  DEFAULT_REGISTRY_CLIENT_OPTIONS,
  requestCriminalRecordCheck,
  type RegistryClientOptions,
} from '../registry/criminal-record-client.ts';
import { ApplicationFormInvalidError, ApplicationFormNotFoundError } from './errors.ts';
import { registrySubjectSchema, toCheckRequest } from './registry-subject.ts';
import { workflowTaskHandler } from './task-handler.ts';

export const checkCriminalRecordInputSchema = z.object({
  applicationId: z.string().min(1),
  executionName: z.string().min(1),
});

export type CheckCriminalRecordInput = z.infer<typeof checkCriminalRecordInputSchema>;

/**
 * Asks the criminal-record registry about the applicant named in the stored form and stores the
 * result in the personal-data store, because it is special-category personal data. The workflow
 * learns only that the check ran; the operator console reads the result from the store.
 * The request id derives from the execution name, so every retry sends the same id.
 * Throws RegistryUnavailableError when the registry stays unavailable, and the workflow retries the task.
 */
export async function checkCriminalRecord(
  input: CheckCriminalRecordInput,
  options: Partial<RegistryClientOptions> = {},
): Promise<{ checked: true }> {
  const stored = await getForm<unknown>(input.applicationId);
  if (stored === undefined) throw new ApplicationFormNotFoundError(input.applicationId);

  const subject = registrySubjectSchema.safeParse(stored.form);
  if (!subject.success) {
    throw new ApplicationFormInvalidError(input.applicationId, subject.error.issues.map((issue) => issue.path.join('.')));
  }

  const requestId = deriveEventId(input.executionName, 'CheckCriminalRecord');
  const response = await requestCriminalRecordCheck(toCheckRequest(requestId, subject.data), {
    baseUrl: criminalRecordRegistryUrl(),
    ...DEFAULT_REGISTRY_CLIENT_OPTIONS,
    ...options,
  });
  await putRegistryCheck({
    applicationId: input.applicationId,
    executionName: input.executionName,
    result: response.result,
    requestId,
    checkedAt: response.checkedAt,
  });
  logger.info('Criminal-record check completed', { requestId });
  return { checked: true };
}

export const handler = workflowTaskHandler(checkCriminalRecordInputSchema, (input) => checkCriminalRecord(input));
