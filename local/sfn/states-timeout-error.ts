import { ExecutionError, StateMachine } from 'aws-local-stepfunctions';

let timeoutErrorClass: Promise<new () => Error> | undefined;

/**
 * Returns the class of aws-local-stepfunctions' own `States.Timeout` error, which the library
 * does not export. Only an instance of that class is kept out of the `States.TaskFailed`
 * wildcard of Retry and Catch, as Step Functions keeps timeouts out of it. The class is taken
 * from the error of a one-state machine whose task outlives its 1 ms timeout.
 */
async function captureTimeoutErrorClass(): Promise<new () => Error> {
  const probe = new StateMachine(
    { StartAt: 'Probe', States: { Probe: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:000000000000:function:probe', TimeoutSeconds: 0.001, End: true } } },
    { validationOptions: { noValidate: true } },
  );
  const run = probe.run(null, {
    overrides: { taskResourceLocalHandlers: { Probe: () => new Promise((resolve) => setTimeout(() => resolve(null), 20)) } },
  });
  try {
    await run.result;
  } catch (error) {
    const cause = error instanceof ExecutionError ? error.cause : undefined;
    if (cause instanceof Error && cause.name === 'States.Timeout') return cause.constructor as new () => Error;
  }
  throw new Error('aws-local-stepfunctions did not raise States.Timeout for a timed-out task');
}

/** Creates a `States.Timeout` error that Retry and Catch treat exactly like a task timeout. */
export async function createStatesTimeoutError(): Promise<Error> {
  timeoutErrorClass ??= captureTimeoutErrorClass();
  const TimeoutError = await timeoutErrorClass;
  return new TimeoutError();
}
