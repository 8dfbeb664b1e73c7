/**
 * An error the console explains to the operator: a stable English code for `--json` and a Russian
 * message. Exit code 1 means nothing was done, and 2 means the command line itself is wrong.
 */
export class OperatorError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
    this.name = 'OperatorError';
  }
}

export const usageError = (message: string): OperatorError => new OperatorError('INVALID_ARGUMENTS', message, 2);

export const applicationNotFound = (applicationId: string): OperatorError =>
  new OperatorError('APPLICATION_NOT_FOUND', `Заявление ${applicationId} не найдено`);

export const notWaitingForOperator = (applicationId: string): OperatorError =>
  new OperatorError('NOT_WAITING_FOR_OPERATOR', `Заявление ${applicationId} не ожидает решения оператора`);

export const operatorStepClosed = (): OperatorError =>
  new OperatorError('OPERATOR_STEP_CLOSED', 'Этот шаг уже завершён или его срок истёк; решение не записано, ничего не изменено');

export const stepMismatch = (command: string, waitingSteps: string[], acceptedSteps: string[]): OperatorError =>
  new OperatorError(
    'STEP_MISMATCH',
    `Заявление ожидает шаг ${waitingSteps.map((step) => `«${step}»`).join(', ')}, а команда ${command} относится к шагу ` +
      `${acceptedSteps.map((step) => `«${step}»`).join(' или ')}; ничего не изменено`,
  );

export const foreignTask = (applicationId: string): OperatorError =>
  new OperatorError('FOREIGN_TASK', `Ожидающий шаг заявления ${applicationId} принадлежит другому заявлению; ничего не изменено`);

export const stepAlreadyDecided = (): OperatorError =>
  new OperatorError('STEP_ALREADY_DECIDED', 'Решение по этому шагу уже записано; второе решение не принято, ничего не изменено');

export const documentsNotRequestable = (): OperatorError =>
  new OperatorError(
    'DOCUMENTS_NOT_REQUESTABLE',
    'Заявление ожидает решения по изменению условий контракта: его можно только одобрить или отклонить; ничего не изменено',
  );
