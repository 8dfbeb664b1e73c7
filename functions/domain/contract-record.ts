/** One generated contract PDF. The file is in the personal-data bucket under `objectKey`. */
export interface ContractVersionRecord {
  version: number;
  objectKey: string;
  createdAt: string;
  /** The amendment whose terms this version carries; absent on the first version. */
  amendmentId?: string;
}

/**
 * An amendment the applicant requested. Its terms and reason are in the personal-data store under
 * the amendment id; its review runs as the execution `executionName`.
 */
export interface ContractAmendmentRecord {
  amendmentId: string;
  /** 1 for the first amendment of the application, then 2, 3 and so on. */
  number: number;
  executionName: string;
  executionArn?: string;
  requestedAt: string;
}

/**
 * The contract of an approved application, part of the application item. `pendingAmendment` is
 * set while an amendment is under review; the workflow step that records the review's outcome
 * (AMENDMENT_APPROVED or AMENDMENT_REJECTED) removes it.
 */
export interface ContractRecord {
  currentVersion: number;
  versions: ContractVersionRecord[];
  /** How many amendments the applicant has requested, decided or not. */
  amendmentCount?: number;
  pendingAmendment?: ContractAmendmentRecord;
}
