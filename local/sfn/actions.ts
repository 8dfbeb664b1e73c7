import type { ExecutionEngine, ExecutionRecord } from './executions.ts';
import { withoutExecutionData } from './history.ts';
import { SfnServiceError } from './service-errors.ts';
import type { TaskTokenRegistry } from './task-tokens.ts';

/** The JSON body of one Step Functions API request; fields are checked where they are used. */
type Request = Record<string, unknown>;
type Action = (request: Request) => Record<string, unknown>;

/** The AWS JSON protocol sends timestamps as epoch seconds. */
const epochSeconds = (date: Date | undefined): number | undefined => (date === undefined ? undefined : date.getTime() / 1000);

function pageOf<T>(items: T[], request: Request, defaultSize: number): { page: T[]; nextToken?: string } {
  const size = Math.min(Math.max(Number(request.maxResults ?? 0) || defaultSize, 1), 1000);
  let offset = 0;
  if (request.nextToken !== undefined) {
    offset = Number(Buffer.from(String(request.nextToken), 'base64url').toString());
    if (!Number.isInteger(offset) || offset < 0) throw new SfnServiceError('InvalidToken', 'Invalid Token: the nextToken is malformed');
  }
  const page = items.slice(offset, offset + size);
  const next = offset + size < items.length ? Buffer.from(String(offset + size)).toString('base64url') : undefined;
  return { page, nextToken: next };
}

function executionSummary(record: ExecutionRecord) {
  return {
    executionArn: record.executionArn,
    stateMachineArn: record.stateMachineArn,
    name: record.name,
    status: record.status,
    startDate: epochSeconds(record.startDate),
    stopDate: epochSeconds(record.stopDate),
  };
}

/** Maps each supported `AWSStepFunctions.<Action>` to its implementation. */
export function buildActions(engine: ExecutionEngine, tokens: TaskTokenRegistry): Record<string, Action> {
  return {
    StartExecution: (request) => {
      const record = engine.start(request);
      return { executionArn: record.executionArn, startDate: epochSeconds(record.startDate) };
    },
    DescribeExecution: (request) => {
      const record = engine.describe(request.executionArn);
      return {
        ...executionSummary(record),
        input: record.input,
        inputDetails: { included: true },
        output: record.output,
        outputDetails: record.output === undefined ? undefined : { included: true },
        error: record.error,
        cause: record.cause,
        redriveCount: 0,
      };
    },
    ListExecutions: (request) => {
      const records = engine.list(request.stateMachineArn, request.statusFilter);
      const { page, nextToken } = pageOf(records, request, 100);
      return { executions: page.map(executionSummary), nextToken };
    },
    StopExecution: (request) => {
      const stopDate = engine.stop(request.executionArn, request.error as string | undefined, request.cause as string | undefined);
      return { stopDate: epochSeconds(stopDate) };
    },
    GetExecutionHistory: (request) => {
      const record = engine.describe(request.executionArn);
      const ordered = request.reverseOrder === true ? [...record.history.events].reverse() : record.history.events;
      const events = request.includeExecutionData === false ? ordered.map(withoutExecutionData) : ordered;
      const { page, nextToken } = pageOf(events, request, 100);
      return { events: page.map((event) => ({ ...event, timestamp: epochSeconds(event.timestamp) })), nextToken };
    },
    SendTaskSuccess: (request) => {
      tokens.succeed(request.taskToken, request.output);
      return {};
    },
    SendTaskFailure: (request) => {
      tokens.fail(request.taskToken, request.error as string | undefined, request.cause as string | undefined);
      return {};
    },
    SendTaskHeartbeat: (request) => {
      tokens.heartbeat(request.taskToken);
      return {};
    },
  };
}
