import { randomBytes } from 'node:crypto';
import { MAX_TIMER_SECONDS } from './definition.ts';
import { SfnServiceError, invalidToken, taskDoesNotExist, taskTimedOut } from './service-errors.ts';
import { createStatesTimeoutError } from './states-timeout-error.ts';

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{64}$/;

export interface TokenWaitOptions {
  executionArn: string;
  timeoutSeconds?: number;
  heartbeatSeconds?: number;
}

interface PendingTask {
  executionArn: string;
  heartbeatMs?: number;
  heartbeatTimer?: NodeJS.Timeout;
  timeoutTimer?: NodeJS.Timeout;
  resolve: (output: unknown) => void;
  reject: (error: Error) => void;
}

/** Ends the task of an execution that stopped or failed elsewhere; it is not a task failure. */
export class TaskCancelledError extends Error {
  constructor() {
    super('The execution ended before the task completed');
    this.name = 'TaskCancelledError';
  }
}

/** A failure that SendTaskFailure reports: the state fails with this error name and cause. */
export class TaskFailure extends Error {
  constructor(error: string, cause: string) {
    super(cause);
    this.name = error;
  }
}

function timerMs(seconds: number): number {
  return Math.min(seconds, MAX_TIMER_SECONDS) * 1000;
}

/**
 * The task tokens of `.waitForTaskToken` states: each is an unguessable value that completes
 * one task once, through SendTaskSuccess, SendTaskFailure, or its timeout or heartbeat timeout.
 */
export class TaskTokenRegistry {
  readonly #pending = new Map<string, PendingTask>();
  /** Tokens whose task has ended, for which AWS returns TaskTimedOut. */
  readonly #ended = new Set<string>();

  /** Mints a token and returns it with the promise of its task result. */
  issue(options: TokenWaitOptions): { token: string; result: Promise<unknown> } {
    const token = randomBytes(48).toString('base64url');
    const result = new Promise<unknown>((resolve, reject) => {
      const task: PendingTask = { executionArn: options.executionArn, resolve, reject };
      this.#pending.set(token, task);
      if (options.timeoutSeconds !== undefined) {
        task.timeoutTimer = setTimeout(() => void this.#timeOut(token), timerMs(options.timeoutSeconds));
      }
      if (options.heartbeatSeconds !== undefined) {
        task.heartbeatMs = timerMs(options.heartbeatSeconds);
        task.heartbeatTimer = setTimeout(() => void this.#timeOut(token), task.heartbeatMs);
      }
    });
    return { token, result };
  }

  /** Completes the task with the output of SendTaskSuccess, a JSON text. */
  succeed(token: unknown, output: unknown): void {
    const task = this.#find(token);
    let parsed: unknown;
    try {
      parsed = JSON.parse(String(output));
    } catch {
      throw new SfnServiceError('InvalidOutput', 'Invalid Output: the output is not valid JSON');
    }
    this.#end(token as string, task);
    task.resolve(parsed);
  }

  /** Fails the task with the error and cause of SendTaskFailure. */
  fail(token: unknown, error: string | undefined, cause: string | undefined): void {
    const task = this.#find(token);
    this.#end(token as string, task);
    task.reject(new TaskFailure(error ?? '', cause ?? ''));
  }

  /** Restarts the heartbeat timer, as SendTaskHeartbeat does. */
  heartbeat(token: unknown): void {
    const task = this.#find(token);
    if (task.heartbeatTimer === undefined) return;
    clearTimeout(task.heartbeatTimer);
    task.heartbeatTimer = setTimeout(() => void this.#timeOut(token as string), task.heartbeatMs);
  }

  /** Fails a still-pending task with the given error, such as the failed Lambda invocation. */
  reject(token: string, error: Error): void {
    const task = this.#pending.get(token);
    if (task === undefined) return;
    this.#end(token, task);
    task.reject(error);
  }

  /** Ends every pending task of an execution that has ended. */
  endExecution(executionArn: string): void {
    for (const [token, task] of this.#pending) {
      if (task.executionArn === executionArn) this.reject(token, new TaskCancelledError());
    }
  }

  /** Ends every pending task, for shutdown. */
  endAll(): void {
    for (const token of [...this.#pending.keys()]) this.reject(token, new TaskCancelledError());
  }

  pendingCount(executionArn: string): number {
    let count = 0;
    for (const task of this.#pending.values()) if (task.executionArn === executionArn) count++;
    return count;
  }

  #find(token: unknown): PendingTask {
    if (typeof token !== 'string' || !TOKEN_PATTERN.test(token)) throw invalidToken();
    const task = this.#pending.get(token);
    if (task !== undefined) return task;
    throw this.#ended.has(token) ? taskTimedOut() : taskDoesNotExist();
  }

  #end(token: string, task: PendingTask): void {
    clearTimeout(task.timeoutTimer);
    clearTimeout(task.heartbeatTimer);
    this.#pending.delete(token);
    this.#ended.add(token);
  }

  async #timeOut(token: string): Promise<void> {
    const error = await createStatesTimeoutError();
    this.reject(token, error);
  }
}
