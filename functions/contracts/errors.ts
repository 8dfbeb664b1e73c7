/**
 * The workflow asked for a contract version that is neither the next one nor one already
 * generated: a bug in the workflow or a concurrent generation. Retrying cannot help.
 */
export class ContractVersionConflictError extends Error {
  constructor(
    readonly applicationId: string,
    readonly requestedVersion: number,
    readonly currentVersion: number,
  ) {
    super(`Contract version ${requestedVersion} of application ${applicationId} requested, but the current version is ${currentVersion}`);
    this.name = 'ContractVersionConflictError';
  }
}

/** The amendment the application record names has no stored terms in the personal-data store. */
export class AmendmentNotFoundError extends Error {
  constructor(
    readonly applicationId: string,
    readonly amendmentId: string,
  ) {
    super(`Amendment ${amendmentId} of application ${applicationId} has no stored terms`);
    this.name = 'AmendmentNotFoundError';
  }
}
