import { setImmediate as nextMacrotask } from 'node:timers/promises';
import type { RunOptions } from 'aws-local-stepfunctions';
import type { LambdaErrorPayload, LocalFunction } from '../lambda/invoke-local.ts';
import type { TaskStateDefinition } from './definition.ts';
import type { HistoryRecorder } from './history.ts';
import { TaskCancelledError, type TaskTokenRegistry } from './task-tokens.ts';

const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';
const LAMBDA_INVOKE_WAIT = 'arn:aws:states:::lambda:invoke.waitForTaskToken';
const LAMBDA_FUNCTION_ARN = /^arn:aws:lambda:[^:]+:\d{12}:function:[^:]+$/;

type TaskHandlers = NonNullable<NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers']>;
/** A JSON value as aws-local-stepfunctions types it. */
type TaskResult = Awaited<ReturnType<TaskHandlers[string]>>;

export interface LambdaTaskContext {
  executionArn: string;
  /** The one `$$.Task.Token` value that aws-local-stepfunctions keeps for the whole run. */
  runToken: string;
  region: string;
  functions: ReadonlyMap<string, LocalFunction>;
  tokens: TaskTokenRegistry;
  history: HistoryRecorder;
}

/** Throws unless the local runtime can run the Task state's resource. */
export function assertSupportedResource(stateName: string, task: TaskStateDefinition): void {
  const { Resource: resource } = task;
  if (resource === LAMBDA_INVOKE || resource === LAMBDA_INVOKE_WAIT || LAMBDA_FUNCTION_ARN.test(resource)) return;
  throw new Error(`Task state ${stateName} uses resource ${resource}; the local runtime runs only Lambda tasks`);
}

/** Creates an error whose name and message are the Error and Cause that Step Functions reports. */
function stateError(error: string, cause: string): Error {
  const stateFailure = new Error(cause);
  stateFailure.name = error;
  return stateFailure;
}

/** Step Functions reports a failed Lambda invocation with the error document as the cause. */
function lambdaStateError(payload: LambdaErrorPayload): Error {
  const cause = JSON.stringify({ errorType: payload.errorType, errorMessage: payload.errorMessage, trace: [] });
  return stateError(payload.errorType, cause);
}

function resolveFunction(context: LambdaTaskContext, functionName: unknown): LocalFunction {
  const name = String(functionName);
  const shortName = name.startsWith('arn:') ? (name.split(':')[6] ?? '') : (name.split(':')[0] ?? '');
  const found = context.functions.get(shortName);
  if (found !== undefined) return found;
  throw stateError(
    'Lambda.ResourceNotFoundException',
    `Function not found: ${name} (Service: Lambda, Status Code: 404, Error Code: ResourceNotFoundException)`,
  );
}

/** Copies a JSON value with every occurrence of `from` in its strings replaced by `to`. */
function replaceString(value: unknown, from: string, to: string): unknown {
  if (typeof value === 'string') return value.replaceAll(from, to);
  if (Array.isArray(value)) return value.map((item) => replaceString(item, from, to));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, replaceString(item, from, to)]));
  }
  return value;
}

/** Wraps the function's result as the `lambda:invoke` integration returns it. */
function invokeResponse(requestId: string, payload: unknown) {
  return {
    ExecutedVersion: '$LATEST',
    Payload: payload,
    SdkHttpMetadata: { HttpHeaders: { 'X-Amz-Executed-Version': '$LATEST', 'x-amzn-RequestId': requestId }, HttpStatusCode: 200 },
    SdkResponseMetadata: { RequestId: requestId },
    StatusCode: 200,
  };
}

async function invokeOrThrow(fn: LocalFunction, payload: unknown) {
  const result = await fn.invoke(payload);
  if (!result.ok) throw lambdaStateError(result.error);
  return result;
}

/** Runs `arn:aws:states:::lambda:invoke`: the result wraps the function's result in `Payload`. */
async function runInvoke(context: LambdaTaskContext, task: TaskStateDefinition, input: Record<string, unknown>) {
  const details = { resourceType: 'lambda', resource: 'invoke' };
  context.history.record('TaskScheduled', 'taskScheduledEventDetails', {
    ...details,
    region: context.region,
    parameters: JSON.stringify(input),
    timeoutInSeconds: task.TimeoutSeconds,
  });
  context.history.record('TaskStarted', 'taskStartedEventDetails', details);
  try {
    const fn = resolveFunction(context, input.FunctionName);
    // NOTE: without Payload the function receives an empty object; AWS's behaviour here is unchecked.
    const result = await invokeOrThrow(fn, input.Payload ?? {});
    const output = invokeResponse(result.requestId, result.payload);
    context.history.record('TaskSucceeded', 'taskSucceededEventDetails', { ...details, output: JSON.stringify(output) });
    return output;
  } catch (error) {
    const { name, message } = error as Error;
    context.history.record('TaskFailed', 'taskFailedEventDetails', { ...details, error: name, cause: message });
    throw error;
  }
}

/**
 * Runs `arn:aws:states:::lambda:invoke.waitForTaskToken`: mints a token for this task alone,
 * puts it in the payload where the run's token was, invokes the function, and returns what
 * SendTaskSuccess sends for that token.
 * NOTE: TimeoutSecondsPath and HeartbeatSecondsPath do not reach the token, so the token stays
 * valid after such a timeout, and a heartbeat set by path is not enforced.
 */
async function runInvokeAndWait(context: LambdaTaskContext, task: TaskStateDefinition, input: Record<string, unknown>) {
  const details = { resourceType: 'lambda', resource: 'invoke.waitForTaskToken' };
  const wait = context.tokens.issue({
    executionArn: context.executionArn,
    timeoutSeconds: task.TimeoutSeconds,
    heartbeatSeconds: task.HeartbeatSeconds,
  });
  const parameters = replaceString(input, context.runToken, wait.token) as Record<string, unknown>;
  context.history.record('TaskScheduled', 'taskScheduledEventDetails', {
    ...details,
    region: context.region,
    parameters: JSON.stringify(parameters),
    timeoutInSeconds: task.TimeoutSeconds,
    heartbeatInSeconds: task.HeartbeatSeconds,
  });
  context.history.record('TaskStarted', 'taskStartedEventDetails', details);

  const invocation = (async () => {
    const fn = resolveFunction(context, parameters.FunctionName);
    const result = await invokeOrThrow(fn, parameters.Payload ?? {});
    const output = JSON.stringify(invokeResponse(result.requestId, result.payload));
    context.history.record('TaskSubmitted', 'taskSubmittedEventDetails', { ...details, output });
  })();
  invocation.catch((error: unknown) => context.tokens.reject(wait.token, error as Error));

  try {
    const output = await wait.result;
    context.history.record('TaskSucceeded', 'taskSucceededEventDetails', { ...details, output: JSON.stringify(output) });
    return output;
  } catch (error) {
    if (error instanceof TaskCancelledError) throw error;
    const { name, message } = error as Error;
    if (name === 'States.Timeout') {
      context.history.record('TaskTimedOut', 'taskTimedOutEventDetails', { ...details, error: name, cause: message });
    } else {
      context.history.record('TaskFailed', 'taskFailedEventDetails', { ...details, error: name, cause: message });
    }
    throw error;
  }
}

/** Runs a Task state whose resource is a Lambda function ARN: the function gets the whole input. */
async function runFunction(context: LambdaTaskContext, task: TaskStateDefinition, input: unknown) {
  const resource = task.Resource;
  context.history.record('LambdaFunctionScheduled', 'lambdaFunctionScheduledEventDetails', {
    resource,
    input: JSON.stringify(input),
    timeoutInSeconds: task.TimeoutSeconds,
  });
  context.history.record('LambdaFunctionStarted', undefined, undefined);
  try {
    const result = await invokeOrThrow(resolveFunction(context, resource), input);
    context.history.record('LambdaFunctionSucceeded', 'lambdaFunctionSucceededEventDetails', { output: JSON.stringify(result.payload) });
    return result.payload;
  } catch (error) {
    const { name, message } = error as Error;
    context.history.record('LambdaFunctionFailed', 'lambdaFunctionFailedEventDetails', { error: name, cause: message });
    throw error;
  }
}

/** Builds the aws-local-stepfunctions task overrides that run one execution's Task states. */
export function buildTaskHandlers(tasks: ReadonlyMap<string, TaskStateDefinition>, context: LambdaTaskContext): TaskHandlers {
  const handlers: TaskHandlers = {};
  for (const [name, task] of tasks) {
    handlers[name] = async (input) => {
      // Lets the execution's event log record the state's entry before the task's own events.
      await nextMacrotask();
      const parameters = (input ?? {}) as Record<string, unknown>;
      let result: unknown;
      if (task.Resource === LAMBDA_INVOKE) result = await runInvoke(context, task, parameters);
      else if (task.Resource === LAMBDA_INVOKE_WAIT) result = await runInvokeAndWait(context, task, parameters);
      else result = await runFunction(context, task, input);
      return result as TaskResult;
    };
  }
  return handlers;
}
