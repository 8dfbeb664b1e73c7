import { randomUUID } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import { ExecutionAbortedError, ExecutionError, ExecutionTimeoutError, StateMachine } from 'aws-local-stepfunctions';
import type { RunOptions, StateMachineDefinition } from 'aws-local-stepfunctions';
import type { LocalFunction } from '../lambda/invoke-local.ts';
import { findTaskStates, withStepFunctionsTaskTimeouts, type TaskStateDefinition } from './definition.ts';
import { HistoryRecorder } from './history.ts';
import { assertSupportedResource, buildTaskHandlers } from './lambda-tasks.ts';
import { SfnServiceError, executionDoesNotExist, invalidArn, stateMachineDoesNotExist } from './service-errors.ts';
import type { TaskTokenRegistry } from './task-tokens.ts';

type JsonValue = Parameters<StateMachine['run']>[0];

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface ExecutionRecord {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  input: string;
  status: ExecutionStatus;
  startDate: Date;
  stopDate?: Date;
  output?: string;
  error?: string;
  cause?: string;
  history: HistoryRecorder;
  /** Wait states that the execution has entered and not yet left. */
  activeWaitStates: number;
  abort: () => void;
  settled: Promise<void>;
}

interface RegisteredMachine {
  arn: string;
  name: string;
  machine: StateMachine;
  tasks: ReadonlyMap<string, TaskStateDefinition>;
}

export interface ExecutionEngineOptions {
  region: string;
  accountId: string;
  /** Definitions with their substitutions already applied, by state machine name. */
  stateMachines: Record<string, StateMachineDefinition>;
  functions: ReadonlyMap<string, LocalFunction>;
  tokens: TaskTokenRegistry;
  waitTimeOverrides?: NonNullable<RunOptions['overrides']>['waitTimeOverrides'];
  retryIntervalOverrides?: NonNullable<RunOptions['overrides']>['retryIntervalOverrides'];
  logger?: Pick<Logger, 'info' | 'error'>;
}

/** Step Functions' rule for execution names: 1 to 80 characters, none of them blank or special. */
const EXECUTION_NAME = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]{1,80}$/;
const MAX_INPUT_BYTES = 256 * 1024;

/**
 * Runs Standard-workflow executions with aws-local-stepfunctions and keeps their records.
 * NOTE: records live in memory only, so stopping the runtime loses running executions and their
 * task tokens, while on AWS a Standard execution survives anything for up to a year.
 */
export class ExecutionEngine {
  readonly #options: ExecutionEngineOptions;
  readonly #machines = new Map<string, RegisteredMachine>();
  readonly #executions = new Map<string, ExecutionRecord>();

  constructor(options: ExecutionEngineOptions) {
    this.#options = options;
    for (const [name, definition] of Object.entries(options.stateMachines)) {
      const tasks = findTaskStates(definition);
      for (const [stateName, task] of tasks) assertSupportedResource(stateName, task);
      const machine = new StateMachine(withStepFunctionsTaskTimeouts(definition));
      const arn = `arn:aws:states:${options.region}:${options.accountId}:stateMachine:${name}`;
      this.#machines.set(arn, { arn, name, machine, tasks });
    }
  }

  stateMachineArn(name: string): string {
    return `arn:aws:states:${this.#options.region}:${this.#options.accountId}:stateMachine:${name}`;
  }

  /** Starts an execution; a repeated start of a running one with the same input returns it again. */
  start(request: { stateMachineArn?: unknown; name?: unknown; input?: unknown }): ExecutionRecord {
    const machine = this.#findMachine(request.stateMachineArn);
    const name = request.name === undefined ? randomUUID() : String(request.name);
    if (!EXECUTION_NAME.test(name)) throw new SfnServiceError('InvalidName', `Invalid Name: '${name}'`);
    const input = request.input === undefined ? '{}' : String(request.input);
    const parsedInput = this.#parseInput(input);

    const executionArn = `arn:aws:states:${this.#options.region}:${this.#options.accountId}:execution:${machine.name}:${name}`;
    const existing = this.#executions.get(executionArn);
    if (existing !== undefined) {
      if (existing.status === 'RUNNING' && existing.input === input) return existing;
      throw new SfnServiceError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    }
    const record = this.#run(machine, executionArn, name, input, parsedInput);
    this.#executions.set(executionArn, record);
    return record;
  }

  describe(executionArn: unknown): ExecutionRecord {
    if (typeof executionArn !== 'string' || !executionArn.startsWith('arn:aws:states:')) throw invalidArn(executionArn);
    const record = this.#executions.get(executionArn);
    if (record === undefined) throw executionDoesNotExist(executionArn);
    return record;
  }

  /** Returns the machine's executions, newest first. */
  list(stateMachineArn: unknown, statusFilter?: unknown): ExecutionRecord[] {
    const machine = this.#findMachine(stateMachineArn);
    return [...this.#executions.values()]
      .filter((record) => record.stateMachineArn === machine.arn)
      .filter((record) => statusFilter === undefined || record.status === statusFilter)
      .sort((left, right) => right.startDate.getTime() - left.startDate.getTime());
  }

  /** Aborts a running execution, as StopExecution does; a finished one is left as it is. */
  stop(executionArn: unknown, error?: string, cause?: string): Date {
    const record = this.describe(executionArn);
    if (record.status !== 'RUNNING') return record.stopDate ?? new Date();
    record.status = 'ABORTED';
    record.stopDate = new Date();
    record.error = error;
    record.cause = cause;
    record.abort();
    return record.stopDate;
  }

  /** Counts running executions that are doing work, not waiting for a task token or a Wait state. */
  busyExecutions(): number {
    let busy = 0;
    for (const record of this.#executions.values()) {
      if (record.status !== 'RUNNING') continue;
      const parked = record.activeWaitStates > 0 || this.#options.tokens.pendingCount(record.executionArn) > 0;
      if (!parked) busy++;
    }
    return busy;
  }

  /** Aborts every running execution and waits until each has ended. */
  async stopAll(): Promise<void> {
    const running = [...this.#executions.values()].filter((record) => record.status === 'RUNNING');
    for (const record of running) this.stop(record.executionArn, 'States.Runtime', 'The local runtime stopped');
    await Promise.all(running.map((record) => record.settled));
  }

  #findMachine(stateMachineArn: unknown): RegisteredMachine {
    if (typeof stateMachineArn !== 'string' || !stateMachineArn.startsWith('arn:aws:states:')) throw invalidArn(stateMachineArn);
    const machine = this.#machines.get(stateMachineArn);
    if (machine === undefined) throw stateMachineDoesNotExist(stateMachineArn);
    return machine;
  }

  #parseInput(input: string): JsonValue {
    if (Buffer.byteLength(input) > MAX_INPUT_BYTES) {
      throw new SfnServiceError('InvalidExecutionInput', 'Invalid Execution Input: the input is larger than 256 KiB');
    }
    try {
      return JSON.parse(input) as JsonValue;
    } catch {
      throw new SfnServiceError('InvalidExecutionInput', 'Invalid Execution Input: the input is not valid JSON');
    }
  }

  #run(machine: RegisteredMachine, executionArn: string, name: string, input: string, parsedInput: JsonValue): ExecutionRecord {
    const { region, accountId, functions, tokens, logger } = this.#options;
    const startDate = new Date();
    const roleArn = `arn:aws:iam::${accountId}:role/${machine.name}-role`;
    const runToken = `run-${randomUUID()}`;
    const history = new HistoryRecorder();
    history.record('ExecutionStarted', 'executionStartedEventDetails', { input, inputDetails: { truncated: false }, roleArn }, startDate);

    const handlers = buildTaskHandlers(machine.tasks, { executionArn, runToken, region, functions, tokens, history });
    const run = machine.machine.run(parsedInput, {
      overrides: {
        taskResourceLocalHandlers: handlers,
        waitTimeOverrides: this.#options.waitTimeOverrides,
        retryIntervalOverrides: this.#options.retryIntervalOverrides,
      },
      context: {
        Execution: { Id: executionArn, Name: name, Input: parsedInput, StartTime: startDate.toISOString(), RoleArn: roleArn, RedriveCount: 0 },
        StateMachine: { Id: machine.arn, Name: machine.name },
        Task: { Token: runToken },
      },
    });

    const record: ExecutionRecord = {
      executionArn,
      stateMachineArn: machine.arn,
      name,
      input,
      status: 'RUNNING',
      startDate,
      history,
      activeWaitStates: 0,
      abort: run.abort,
      settled: Promise.resolve(),
    };
    const eventsRecorded = (async () => {
      for await (const event of run.eventLogs) {
        if (event.type === 'StateEntered' && event.state.type === 'Wait') record.activeWaitStates++;
        if ((event.type === 'StateExited' || event.type === 'StateFailed') && event.state.type === 'Wait') record.activeWaitStates--;
        history.recordLibraryEvent(event);
      }
    })();
    record.settled = run.result.then(
      async (output) => {
        tokens.endExecution(executionArn);
        await eventsRecorded;
        this.#finish(record, { status: 'SUCCEEDED', output: JSON.stringify(output) });
      },
      async (error: unknown) => {
        tokens.endExecution(executionArn);
        await eventsRecorded;
        this.#finish(record, this.#failure(error));
      },
    );
    logger?.info('Execution started', { executionArn });
    return record;
  }

  #failure(error: unknown): Pick<ExecutionRecord, 'status' | 'error' | 'cause'> {
    if (error instanceof ExecutionAbortedError) return { status: 'ABORTED' };
    if (error instanceof ExecutionTimeoutError) return { status: 'TIMED_OUT', error: 'States.Timeout' };
    const cause = error instanceof ExecutionError ? error.cause : error;
    if (cause instanceof Error) return { status: 'FAILED', error: cause.name, cause: cause.message };
    return { status: 'FAILED', error: 'States.Runtime', cause: String(cause) };
  }

  #finish(record: ExecutionRecord, outcome: Pick<ExecutionRecord, 'status' | 'output' | 'error' | 'cause'>): void {
    if (record.status === 'ABORTED') {
      record.history.record('ExecutionAborted', 'executionAbortedEventDetails', { error: record.error, cause: record.cause }, record.stopDate);
      this.#options.logger?.info('Execution stopped', { executionArn: record.executionArn });
      return;
    }
    Object.assign(record, outcome, { stopDate: new Date() });
    const { status, output, error, cause } = record;
    if (status === 'SUCCEEDED') {
      record.history.record('ExecutionSucceeded', 'executionSucceededEventDetails', { output, outputDetails: { truncated: false } });
    } else if (status === 'TIMED_OUT') {
      record.history.record('ExecutionTimedOut', 'executionTimedOutEventDetails', { error, cause });
    } else {
      record.history.record('ExecutionFailed', 'executionFailedEventDetails', { error, cause });
    }
    this.#options.logger?.info('Execution ended', { executionArn: record.executionArn, status, error });
  }
}
