import type { CriminalRecordResult } from '../registry/criminal-record-client.ts';
import { REVIEW_STEP_TITLES, type ReviewStep, type StepDecision } from '../domain/review-steps.ts';

/** Steps that wait for a person, with the Russian title the console shows. */
export const OPERATOR_STEP_TITLES = REVIEW_STEP_TITLES;

export type OperatorStep = ReviewStep;

/** The registry's result, or UNAVAILABLE when the workflow stopped retrying and the operator decides. */
export type RegistryCheckResult = CriminalRecordResult | 'UNAVAILABLE';

export const REGISTRY_CHECK_RESULT_TITLES: Record<RegistryCheckResult, string> = {
  NO_RECORD: 'Сведений о судимости нет',
  RECORD_FOUND: 'Найдены сведения о судимости',
  UNAVAILABLE: 'Реестр не ответил',
};

/** Final outcomes of a review. */
export const OPERATOR_DECISIONS = ['APPROVED', 'REJECTED'] as const;

export type OperatorDecision = (typeof OPERATOR_DECISIONS)[number];

/** Fitness categories of the military medical commission; Г and Д mean not fit for contract service. */
export const FITNESS_CATEGORIES = ['А', 'Б', 'В', 'Г', 'Д'] as const;

export type FitnessCategory = (typeof FITNESS_CATEGORIES)[number];

export const isFitForService = (category: FitnessCategory): boolean => category !== 'Г' && category !== 'Д';

export const PSYCHOLOGICAL_TESTING_RESULTS = {
  RECOMMENDED: 'Рекомендован',
  CONDITIONALLY: 'Рекомендован условно',
  NOT_RECOMMENDED: 'Не рекомендован',
} as const;

export type PsychologicalTestingResult = keyof typeof PSYCHOLOGICAL_TESTING_RESULTS;

/**
 * Output of a waiting task, sent with SendTaskSuccess by the operator console or, for
 * APPLICANT_DOCUMENTS, by the submit-documents API. It carries codes only: a commission category
 * and a testing result are health data, so they stay in the personal-data store and the workflow
 * learns only whether the candidate is fit.
 */
export interface StepCompletionOutput {
  decision: StepDecision;
  /** The `waitId` of the waiting task this completes. */
  waitId: string;
  operatorId?: string;
  applicantId?: string;
  reasonCode?: string;
  noteId?: string;
  documentTypes?: string[];
  fitForService?: boolean;
}
