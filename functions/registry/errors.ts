/**
 * The registry returned no usable response after the client's retries (network error, timeout,
 * HTTP 429 or 5xx, or an invalid response body). The review workflow matches this exact name
 * (`error.name`, which the Lambda runtime reports as the error type) in its Retry and Catch.
 */
export class RegistryUnavailableError extends Error {
  constructor(
    readonly requestId: string,
    readonly attempts: number,
    readonly lastFailure: string,
  ) {
    super(`Criminal-record registry unavailable for request ${requestId} after ${attempts} attempts; last failure: ${lastFailure}`);
    this.name = 'RegistryUnavailableError';
  }
}

/**
 * The registry rejected the request itself (HTTP 4xx other than 429). Repeating the same request
 * cannot help, so it is not retried and fails the workflow visibly.
 */
export class RegistryRequestRejectedError extends Error {
  constructor(
    readonly requestId: string,
    readonly statusCode: number,
  ) {
    super(`Criminal-record registry rejected request ${requestId} with HTTP ${statusCode}`);
    this.name = 'RegistryRequestRejectedError';
  }
}
