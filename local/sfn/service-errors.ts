/**
 * An error of the Step Functions API. The server returns it as AWS does, HTTP 400 with
 * `{"__type", "message"}`, and the SDK raises an exception of the same name.
 */
export class SfnServiceError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = code;
  }
}

export const executionDoesNotExist = (executionArn: string) =>
  new SfnServiceError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);

export const stateMachineDoesNotExist = (stateMachineArn: string) =>
  new SfnServiceError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${stateMachineArn}'`);

export const invalidArn = (arn: unknown) => new SfnServiceError('InvalidArn', `Invalid Arn: '${String(arn)}'`);

export const invalidToken = () => new SfnServiceError('InvalidToken', 'Invalid Token: the task token is malformed');

export const taskDoesNotExist = () => new SfnServiceError('TaskDoesNotExist', 'Task Does Not Exist: the task token is unknown');

export const taskTimedOut = () => new SfnServiceError('TaskTimedOut', "Task Timed Out: 'Provided task does not exist anymore'");
