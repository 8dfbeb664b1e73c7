/** One failing input field: its path in the request, a stable code and a Russian message. */
export interface FieldError {
  path: string;
  code: string;
  message: string;
}

/**
 * An error that the API may show to the caller: it carries the HTTP status, a stable English
 * code for programs and a Russian message for people. Anything else becomes a generic 500.
 */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly fields?: FieldError[],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  constructor(fields: FieldError[], message = 'Проверьте заполнение полей') {
    super(400, 'VALIDATION_FAILED', message, fields);
  }
}

export class BadRequestError extends AppError {
  constructor(code: string, message: string) {
    super(400, code, message);
  }
}

export class UnauthorizedError extends AppError {
  constructor() {
    super(401, 'UNAUTHORIZED', 'Требуется вход в систему');
  }
}

/** Also returned for another applicant's records, so their existence is not revealed. */
export class NotFoundError extends AppError {
  constructor(code: string, message: string) {
    super(404, code, message);
  }
}

export class ConflictError extends AppError {
  constructor(code: string, message: string) {
    super(409, code, message);
  }
}

/**
 * Concurrent requests kept changing the application between read and conditional write, so the
 * change gave up after its retries. Nothing was written; the client may repeat the request.
 */
export class ConcurrentChangeError extends ConflictError {
  constructor() {
    super('CONCURRENT_CHANGE', 'Заявление сейчас изменяется другим запросом; повторите попытку');
  }
}

export class PreconditionFailedError extends AppError {
  constructor(code: string, message: string) {
    super(412, code, message);
  }
}

export const applicationNotFound = (): NotFoundError =>
  new NotFoundError('APPLICATION_NOT_FOUND', 'Заявление не найдено');

/** Request text that an error repeats (a key name, a path segment) is cut to this many characters. */
export const MAX_ECHOED_INPUT_LENGTH = 64;

/** Cuts request text for an error message or field path, so a huge input cannot make a huge error. */
export function echoInput(text: string): string {
  return text.length <= MAX_ECHOED_INPUT_LENGTH ? text : `${text.slice(0, MAX_ECHOED_INPUT_LENGTH)}…`;
}

/** Returns the name of a caught value without assuming it is an Error. */
export function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
