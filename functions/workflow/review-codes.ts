import type { CriminalRecordResult } from '../registry/criminal-record-client.ts';

/** Steps that wait for an operator, with the Russian title the console shows. */
export const OPERATOR_STEP_TITLES = {
  FINAL_APPROVAL: 'Итоговое решение по заявлению',
} as const;

export type OperatorStep = keyof typeof OPERATOR_STEP_TITLES;

/** The registry's result, or UNAVAILABLE when the workflow stopped retrying and the operator decides. */
export type RegistryCheckResult = CriminalRecordResult | 'UNAVAILABLE';

export const REGISTRY_CHECK_RESULT_TITLES: Record<RegistryCheckResult, string> = {
  NO_RECORD: 'Сведений о судимости нет',
  RECORD_FOUND: 'Найдены сведения о судимости',
  UNAVAILABLE: 'Реестр не ответил',
};

export const OPERATOR_DECISIONS = ['APPROVED', 'REJECTED'] as const;

export type OperatorDecision = (typeof OPERATOR_DECISIONS)[number];

/** Output of the waiting task, sent by the operator console with SendTaskSuccess. */
export interface OperatorDecisionOutput {
  decision: OperatorDecision;
  operatorId: string;
  reasonCode?: string;
  noteId?: string;
}
