import type { FunctionSpec } from '../../functions/catalog.ts';
import { InvocationTracker } from './invocation-tracker.ts';
import { LocalFunction } from './invoke-local.ts';

/** The stack's defaults for a function without its own, from lib/constructs/service-function.ts. */
const STACK_FUNCTION_DEFAULTS = { timeoutSeconds: 10, memoryMb: 512 };

/**
 * The catalogue's functions as the local runtime runs them: one LocalFunction per catalogue id,
 * named after the id, with the stack's timeout and memory, and every invocation counted by one
 * tracker.
 */
export class CatalogueFunctions {
  readonly tracker = new InvocationTracker();
  readonly #functions = new Map<string, LocalFunction>();

  constructor(private readonly settings: { region: string; accountId: string; rootDir: string }) {}

  get(spec: FunctionSpec): LocalFunction {
    let fn = this.#functions.get(spec.id);
    if (fn === undefined) {
      fn = new LocalFunction({
        entry: spec.entry,
        functionName: spec.id,
        region: this.settings.region,
        accountId: this.settings.accountId,
        timeoutSeconds: spec.timeoutSeconds ?? STACK_FUNCTION_DEFAULTS.timeoutSeconds,
        memoryMb: spec.memoryMb ?? STACK_FUNCTION_DEFAULTS.memoryMb,
        rootDir: this.settings.rootDir,
        tracker: this.tracker,
      });
      this.#functions.set(spec.id, fn);
    }
    return fn;
  }

  /**
   * Invokes the function and returns its result, or throws an error named after the Lambda
   * errorType, which is how an event source such as an SQS queue receives a failed invocation.
   */
  async invokeOrThrow(spec: FunctionSpec, event: unknown): Promise<unknown> {
    const result = await this.get(spec).invoke(event);
    if (result.ok) return result.payload;
    throw Object.assign(new Error(result.error.errorMessage), { name: result.error.errorType });
  }
}
