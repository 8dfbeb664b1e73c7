import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { logger } from '../commons/logger.ts';
import { RegistryRequestRejectedError, RegistryUnavailableError } from './errors.ts';

/** The body of `POST /v1/criminal-record-checks`. It contains personal data: never log it. */
export interface CriminalRecordCheckRequest {
  requestId: string;
  lastName: string;
  firstName: string;
  middleName?: string;
  /** YYYY-MM-DD. */
  birthDate: string;
  /** 4 digits. */
  passportSeries: string;
  /** 6 digits. */
  passportNumber: string;
}

export const CRIMINAL_RECORD_RESULTS = ['NO_RECORD', 'RECORD_FOUND'] as const;

export type CriminalRecordResult = (typeof CRIMINAL_RECORD_RESULTS)[number];

const checkResponseSchema = z.object({
  requestId: z.string(),
  result: z.enum(CRIMINAL_RECORD_RESULTS),
  checkedAt: z.string(),
});

export type CriminalRecordCheckResponse = z.infer<typeof checkResponseSchema>;

export interface RegistryClientOptions {
  /** Base URL without the `/v1/...` path, from CRIMINAL_RECORD_REGISTRY_URL. */
  baseUrl: string;
  /** Limit for one HTTP attempt, including reading the body. */
  attemptTimeoutMs: number;
  maxAttempts: number;
  /** Delay before the second attempt. Each later delay doubles. */
  initialBackoffMs: number;
}

/**
 * Defaults sized for the CheckCriminalRecord Lambda's 30 s timeout: at most
 * 3 × 5 s + 0.25 s + 0.5 s ≈ 16 s, so the client gives up with RegistryUnavailableError before
 * Lambda kills the invocation. The workflow's own Retry adds the longer pauses between invocations.
 */
export const DEFAULT_REGISTRY_CLIENT_OPTIONS = {
  attemptTimeoutMs: 5_000,
  maxAttempts: 3,
  initialBackoffMs: 250,
} as const;

type AttemptOutcome =
  | { kind: 'answered'; response: CriminalRecordCheckResponse }
  | { kind: 'retryable'; failure: string };

/**
 * Sends one criminal-record check to the registry. Network errors, timeouts, HTTP 429 and 5xx and
 * invalid response bodies are retried with exponential backoff. When the attempts run out, it
 * throws RegistryUnavailableError. Any other 4xx throws RegistryRequestRejectedError at once.
 */
export async function requestCriminalRecordCheck(
  request: CriminalRecordCheckRequest,
  options: RegistryClientOptions,
): Promise<CriminalRecordCheckResponse> {
  const url = new URL('v1/criminal-record-checks', options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
  let lastFailure = 'no attempt made';
  for (let attempt = 1; attempt <= options.maxAttempts; attempt++) {
    if (attempt > 1) await sleep(options.initialBackoffMs * 2 ** (attempt - 2));

    const outcome = await attemptCheck(url, request, options.attemptTimeoutMs);
    if (outcome.kind === 'answered') return outcome.response;

    lastFailure = outcome.failure;
    logger.warn('Criminal-record registry attempt failed', {
      requestId: request.requestId,
      attempt,
      maxAttempts: options.maxAttempts,
      failure: outcome.failure,
    });
  }
  throw new RegistryUnavailableError(request.requestId, options.maxAttempts, lastFailure);
}

async function attemptCheck(url: URL, request: CriminalRecordCheckRequest, timeoutMs: number): Promise<AttemptOutcome> {
  let response: Response;
  let body: unknown;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(request),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.status === 429 || response.status >= 500) {
      await response.body?.cancel();
      return { kind: 'retryable', failure: `HTTP ${response.status}` };
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new RegistryRequestRejectedError(request.requestId, response.status);
    }
    body = await response.json();
  } catch (error) {
    if (error instanceof RegistryRequestRejectedError) throw error;
    return { kind: 'retryable', failure: describeFetchFailure(error, timeoutMs) };
  }

  const parsed = checkResponseSchema.safeParse(body);
  if (!parsed.success || parsed.data.requestId !== request.requestId) {
    return { kind: 'retryable', failure: `invalid response body (HTTP ${response.status})` };
  }
  return { kind: 'answered', response: parsed.data };
}

/** Describes a failed attempt by its kind and error code only, so no part of the request reaches the logs. */
function describeFetchFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') return `timed out after ${timeoutMs} ms`;
  if (error instanceof SyntaxError) return 'response body is not JSON';
  if (error instanceof Error) {
    const code = (error.cause as { code?: unknown } | undefined)?.code;
    return typeof code === 'string' ? `network error ${code}` : `network error ${error.name}`;
  }
  return 'network error';
}
