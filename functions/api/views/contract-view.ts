import { contractNumber } from '../../contracts/contract-number.ts';
import type { ApplicationRecord } from '../../domain/application-record.ts';

export interface ContractVersionView {
  version: number;
  createdAt: string;
  /** The amendment whose terms the version carries; absent on the first version. */
  amendmentId?: string;
}

export interface ContractView {
  contractNumber: string;
  currentVersion: number;
  /** Every generated version, oldest first; older versions stay downloadable. */
  versions: ContractVersionView[];
  /** The amendment under review, if any. */
  amendmentUnderReview?: { amendmentId: string; number: number; requestedAt: string };
}

/** Returns the applicant's view of the application's contract, or undefined before one is generated. */
export function toContractView(record: ApplicationRecord): ContractView | undefined {
  const contract = record.contract;
  if (contract === undefined) return undefined;
  const pending = contract.pendingAmendment;
  return {
    contractNumber: contractNumber(record.applicationId, record.createdAt),
    currentVersion: contract.currentVersion,
    versions: contract.versions.map((version) => ({ version: version.version, createdAt: version.createdAt, amendmentId: version.amendmentId })),
    amendmentUnderReview:
      pending === undefined ? undefined : { amendmentId: pending.amendmentId, number: pending.number, requestedAt: pending.requestedAt },
  };
}
