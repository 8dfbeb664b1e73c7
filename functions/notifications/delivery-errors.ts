/** A failure that no retry can fix, such as a missing phone number; it is recorded and not retried. */
export class PermanentDeliveryError extends Error {
  constructor(
    readonly reasonCode: string,
    message: string,
  ) {
    super(message);
    this.name = 'PermanentDeliveryError';
  }
}

/** A failure of SNS or SES that a retry may fix; it keeps only the error's name and HTTP status. */
export class TransientDeliveryError extends Error {
  constructor(
    readonly providerErrorName: string,
    readonly httpStatusCode: number | undefined,
  ) {
    super(`Provider call failed with ${providerErrorName} (HTTP ${httpStatusCode ?? 'unknown'})`);
    this.name = 'TransientDeliveryError';
  }
}

interface SdkErrorShape {
  name?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

/**
 * Calls SNS or SES and maps its error: a name in `permanentErrorNames` becomes a
 * PermanentDeliveryError, anything else a TransientDeliveryError. The provider's message is
 * dropped because it can quote the phone number or e-mail address, which must not reach the logs.
 */
export async function callProvider<Result>(call: () => Promise<Result>, permanentErrorNames: readonly string[]): Promise<Result> {
  try {
    return await call();
  } catch (error) {
    const shape = (typeof error === 'object' && error !== null ? error : {}) as SdkErrorShape;
    const name = typeof shape.name === 'string' ? shape.name : 'UnknownError';
    const status = typeof shape.$metadata?.httpStatusCode === 'number' ? shape.$metadata.httpStatusCode : undefined;
    if (permanentErrorNames.includes(name)) {
      throw new PermanentDeliveryError(name, `The provider rejected the message with ${name}`);
    }
    throw new TransientDeliveryError(name, status);
  }
}
