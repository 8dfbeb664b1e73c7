import { putStepResult } from '../../functions/personal-data/step-results.ts';
import {
  isFitForService,
  type FitnessCategory,
  type PsychologicalTestingResult,
  type StepCompletionOutput,
} from '../../functions/workflow/review-codes.ts';
import { stepAlreadyDecided } from '../errors.ts';
import type { OperatorIdentity } from '../operator-identity.ts';
import { findOpenStep, sendStepCompletion } from './waiting-step.ts';

export type StepResultRequest =
  | { kind: 'record-commission'; applicationId: string; category: FitnessCategory }
  | { kind: 'record-testing'; applicationId: string; result: PsychologicalTestingResult };

export interface StepResultRecorded {
  applicationId: string;
  step: string;
  result: string;
  operatorId: string;
  /** The commission only: false for categories Г and Д, which reject the application. */
  fitForService?: boolean;
}

/**
 * Records the medical commission's category or the testing result. The result itself is health
 * data: it goes to the personal-data store, and the workflow receives only whether the candidate
 * is fit. A second, different result for the same wait is rejected and leaves the first in
 * place. Repeating the same result completes the step, so a retry after a failed send works.
 */
export async function recordStepResult(request: StepResultRequest, identity: OperatorIdentity): Promise<StepResultRecorded> {
  const step = request.kind === 'record-commission' ? 'MEDICAL_COMMISSION' : 'PSYCHOLOGICAL_TESTING';
  const result = request.kind === 'record-commission' ? request.category : request.result;
  const { task } = await findOpenStep({ applicationId: request.applicationId, command: request.kind, acceptedSteps: [step], identity });

  const stored = await putStepResult({
    applicationId: request.applicationId,
    executionName: task.executionName,
    step,
    result,
    operatorId: identity.operatorId,
    waitId: task.waitId,
    recordedAt: new Date().toISOString(),
  });
  if (!stored.stored && (stored.existing?.result !== result || stored.existing.operatorId !== identity.operatorId)) throw stepAlreadyDecided();

  const fitForService = request.kind === 'record-commission' ? isFitForService(request.category) : undefined;
  const output: StepCompletionOutput = { decision: 'RECORDED', waitId: task.waitId, operatorId: identity.operatorId, fitForService };
  await sendStepCompletion(task, output);
  return { applicationId: request.applicationId, step, result, operatorId: identity.operatorId, fitForService };
}
