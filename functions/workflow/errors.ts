/** The Step Functions task input does not match the task's schema: a bug in the ASL or a caller. */
export class InvalidTaskInputError extends Error {
  constructor(readonly issuePaths: string[]) {
    super(`Invalid workflow task input at: ${issuePaths.join(', ')}`);
    this.name = 'InvalidTaskInputError';
  }
}

/** The application does not exist in the state table. */
export class ApplicationNotFoundError extends Error {
  constructor(readonly applicationId: string) {
    super(`Application ${applicationId} not found in the state table`);
    this.name = 'ApplicationNotFoundError';
  }
}

/**
 * commitChange rejected a workflow step's change: the application is in a status the step does
 * not expect, or the change's own condition failed. Retrying cannot help, so the execution fails.
 */
export class ChangeRejectedError extends Error {
  constructor(
    readonly applicationId: string,
    readonly eventType: string,
    readonly currentStatus: string | undefined,
    readonly allowedStatuses: readonly string[],
  ) {
    super(
      `Change ${eventType} of application ${applicationId} rejected: status is ${currentStatus ?? 'unknown'}, ` +
        `expected ${allowedStatuses.join(' or ')}, or the change's condition failed`,
    );
    this.name = 'ChangeRejectedError';
  }
}

/** The application has no stored form, so the criminal-record check has no one to ask about. */
export class ApplicationFormNotFoundError extends Error {
  constructor(readonly applicationId: string) {
    super(`Application ${applicationId} has no form in the personal-data store`);
    this.name = 'ApplicationFormNotFoundError';
  }
}

/** The stored form lacks a field the registry needs or has it in a wrong format. The message names paths, never values. */
export class ApplicationFormInvalidError extends Error {
  constructor(
    readonly applicationId: string,
    readonly issuePaths: string[],
  ) {
    super(`Form of application ${applicationId} is not usable for the registry check; invalid fields: ${issuePaths.join(', ')}`);
    this.name = 'ApplicationFormInvalidError';
  }
}
