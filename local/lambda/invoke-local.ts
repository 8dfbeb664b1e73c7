import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { InvocationTracker } from './invocation-tracker.ts';
import { buildLambdaContext } from './lambda-context.ts';

const REPOSITORY_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Lambda's defaults when a function sets no timeout or memory size. */
const LAMBDA_DEFAULT_TIMEOUT_SECONDS = 3;
const LAMBDA_DEFAULT_MEMORY_MB = 128;

/** The error document that Lambda returns for a failed invocation. */
export interface LambdaErrorPayload {
  errorType: string;
  errorMessage: string;
  trace: string[];
}

export type InvokeResult =
  | { ok: true; requestId: string; payload: unknown }
  | { ok: false; requestId: string; error: LambdaErrorPayload };

export interface LocalFunctionOptions {
  /** Path from the repository root to the module that exports `handler`, as in the catalogue. */
  entry: string;
  functionName: string;
  region: string;
  accountId: string;
  timeoutSeconds?: number;
  memoryMb?: number;
  /** Directory that `entry` is relative to; the repository root by default. */
  rootDir?: string;
  tracker?: InvocationTracker;
}

type Handler = (event: unknown, context: Context) => unknown;

function toErrorPayload(error: unknown): LambdaErrorPayload {
  if (error instanceof Error) {
    return { errorType: error.name, errorMessage: error.message, trace: (error.stack ?? '').split('\n') };
  }
  return { errorType: typeof error, errorMessage: String(error), trace: [] };
}

/** Lambda passes events and results as JSON, so a handler never shares objects with its caller. */
function throughJson(value: unknown): unknown {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}

class InitError extends Error {
  constructor(errorType: string, message: string) {
    super(message);
    this.name = errorType;
  }
}

/**
 * One Lambda function run in this process: the handler module is imported on the first
 * invocation (the cold start) and reused afterwards, and every invocation gets a Lambda
 * `Context` and Lambda's error reporting.
 */
export class LocalFunction {
  readonly functionName: string;
  readonly functionArn: string;
  readonly #modulePath: string;
  readonly #timeoutMs: number;
  readonly #memoryMb: number;
  readonly #tracker: InvocationTracker | undefined;
  #handler: Promise<Handler> | undefined;

  constructor(options: LocalFunctionOptions) {
    this.functionName = options.functionName;
    this.functionArn = `arn:aws:lambda:${options.region}:${options.accountId}:function:${options.functionName}`;
    this.#modulePath = resolve(options.rootDir ?? REPOSITORY_ROOT, options.entry);
    this.#timeoutMs = (options.timeoutSeconds ?? LAMBDA_DEFAULT_TIMEOUT_SECONDS) * 1000;
    this.#memoryMb = options.memoryMb ?? LAMBDA_DEFAULT_MEMORY_MB;
    this.#tracker = options.tracker;
  }

  /** Invokes the handler like a synchronous Lambda invoke; a handler error resolves as `ok: false`. */
  invoke(event: unknown): Promise<InvokeResult> {
    const requestId = randomUUID();
    const invocation = this.#run(event, requestId).then(
      (payload): InvokeResult => ({ ok: true, requestId, payload }),
      (error: unknown): InvokeResult => ({ ok: false, requestId, error: toErrorPayload(error) }),
    );
    return this.#tracker ? this.#tracker.track(invocation) : invocation;
  }

  async #run(event: unknown, requestId: string): Promise<unknown> {
    const handler = await this.#loadHandler();
    const deadline = Date.now() + this.#timeoutMs;
    const context = buildLambdaContext(
      { functionName: this.functionName, functionArn: this.functionArn, memoryMb: this.#memoryMb },
      requestId,
      deadline,
    );
    const work = Promise.resolve().then(() => handler(throughJson(event), context));
    // NOTE: a timed-out handler keeps running in this process, because in-process code cannot be
    // killed the way Lambda ends the sandbox. Only its result is discarded.
    const timeout = new Promise<never>((_, reject) => {
      const timer = setTimeout(() => {
        const seconds = (this.#timeoutMs / 1000).toFixed(2);
        reject(new InitError('Sandbox.Timedout', `RequestId: ${requestId} Error: Task timed out after ${seconds} seconds`));
      }, this.#timeoutMs);
      work.finally(() => clearTimeout(timer)).catch(() => undefined);
    });
    return throughJson(await Promise.race([work, timeout]));
  }

  #loadHandler(): Promise<Handler> {
    this.#handler ??= this.#importHandler().catch((error: unknown) => {
      // Lambda initialises a new sandbox for the next invocation, so the import is tried again.
      this.#handler = undefined;
      throw error;
    });
    return this.#handler;
  }

  async #importHandler(): Promise<Handler> {
    let module: { handler?: unknown };
    try {
      module = (await import(pathToFileURL(this.#modulePath).href)) as { handler?: unknown };
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === 'ERR_MODULE_NOT_FOUND' && String((error as Error).message).includes(this.#modulePath)) {
        throw new InitError('Runtime.ImportModuleError', `Error: Cannot find module '${this.#modulePath}'`);
      }
      throw error;
    }
    if (typeof module.handler !== 'function') {
      throw new InitError('Runtime.HandlerNotFound', `${this.#modulePath}.handler is undefined or not exported`);
    }
    return module.handler as Handler;
  }
}
