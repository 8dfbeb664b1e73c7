/**
 * Steps of the review workflow that wait for a person, with the Russian title people see. Every
 * step except APPLICANT_DOCUMENTS waits for an operator.
 */
export const REVIEW_STEP_TITLES = {
  DOCUMENT_REVIEW: 'Проверка документов оператором',
  MEDICAL_COMMISSION: 'Заключение военно-врачебной комиссии',
  PSYCHOLOGICAL_TESTING: 'Профессиональный психологический отбор',
  FINAL_APPROVAL: 'Итоговое решение по заявлению',
  APPLICANT_DOCUMENTS: 'Ожидание документов от заявителя',
} as const;

export type ReviewStep = keyof typeof REVIEW_STEP_TITLES;

export const REVIEW_STEPS = Object.keys(REVIEW_STEP_TITLES) as [ReviewStep, ...ReviewStep[]];

/** Decisions that a step's completion carries, with the Russian text the journal shows. */
export const STEP_DECISION_TITLES = {
  APPROVED: 'одобрено',
  REJECTED: 'отклонено',
  REQUEST_DOCUMENTS: 'запрошены документы',
  RECORDED: 'результат записан',
  SUBMITTED: 'документы представлены',
} as const;

export type StepDecision = keyof typeof STEP_DECISION_TITLES;

export const STEP_DECISIONS = Object.keys(STEP_DECISION_TITLES) as [StepDecision, ...StepDecision[]];

export const reviewStepTitle = (step: string | undefined): string =>
  (REVIEW_STEP_TITLES as Record<string, string>)[step ?? ''] ?? step ?? 'без названия';
