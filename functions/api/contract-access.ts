import { ConflictError, NotFoundError } from '../commons/errors.ts';
import type { ApplicationRecord } from '../domain/application-record.ts';
import type { ContractRecord } from '../domain/contract-record.ts';

export const contractNotFound = (): NotFoundError => new NotFoundError('CONTRACT_NOT_FOUND', 'Контракт по заявлению ещё не сформирован');

/** The 409 for an action that must wait for the decision on the amendment under review. */
export const amendmentUnderReview = (action: string): ConflictError =>
  new ConflictError('AMENDMENT_UNDER_REVIEW', `Изменение условий контракта ещё рассматривается; ${action} после решения по нему`);

/**
 * Returns the contract that the applicant may change or cancel, or throws the 409 that says why
 * not: the contract is cancelled, the application is not approved, or the contract is not
 * generated yet. A pending amendment is the caller's to check, because the two actions treat it differently.
 */
export function requireActiveContract(record: ApplicationRecord): ContractRecord {
  if (record.status === 'CANCELLED') throw new ConflictError('ALREADY_CANCELLED', 'Контракт уже отменён');
  if (record.status !== 'APPROVED') {
    throw new ConflictError('CONTRACT_NOT_APPROVED', 'Заявление ещё не одобрено, контракта по нему нет');
  }
  if (record.contract === undefined) {
    throw new ConflictError('CONTRACT_NOT_READY', 'Контракт ещё формируется; повторите попытку через несколько минут');
  }
  return record.contract;
}

/**
 * Checks that the applicant may cancel the contract. Not while an amendment is under review,
 * because its workflow would then generate a new version of a cancelled contract.
 */
export function assertCancellable(record: ApplicationRecord): void {
  const contract = requireActiveContract(record);
  if (contract.pendingAmendment !== undefined) throw amendmentUnderReview('отмените контракт');
}
