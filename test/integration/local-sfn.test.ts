import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  SFNClient,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  StopExecutionCommand,
  type DescribeExecutionCommandOutput,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalFunction } from '../../local/lambda/invoke-local.ts';
import { startLocalSfn, type LocalSfn } from '../../local/sfn/start-local-sfn.ts';

const REGION = 'eu-central-1';
const ACCOUNT_ID = '000000000000';
const FIXTURES = 'test/fixtures/local-sfn';

let sfn: LocalSfn;
let client: SFNClient;
let stateMachineArn: string;
let executionCount = 0;

function testFunction(name: string, entry: string): LocalFunction {
  return new LocalFunction({ functionName: name, entry: `${FIXTURES}/${entry}`, region: REGION, accountId: ACCOUNT_ID, timeoutSeconds: 10 });
}

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('Condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Returns the token of the execution's latest scheduled waitForTaskToken task, once scheduled. */
async function waitForTaskToken(executionArn: string, previous?: string): Promise<string> {
  return waitFor(async () => {
    const { events = [] } = await client.send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true }));
    const scheduled = events.find((event) => event.type === 'TaskScheduled' && event.taskScheduledEventDetails?.resource === 'invoke.waitForTaskToken');
    const token = scheduled && (JSON.parse(scheduled.taskScheduledEventDetails?.parameters ?? '{}').Payload?.taskToken as string);
    return token !== previous ? token : undefined;
  });
}

async function waitForEnd(executionArn: string): Promise<DescribeExecutionCommandOutput> {
  return waitFor(async () => {
    const execution = await client.send(new DescribeExecutionCommand({ executionArn }));
    return execution.status === 'RUNNING' ? undefined : execution;
  });
}

async function startExecution(input: Record<string, unknown>) {
  executionCount++;
  const name = `test-${executionCount}`;
  const body = JSON.stringify({ mode: 'approval', ...input });
  const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn, name, input: body }));
  return executionArn!;
}

beforeAll(async () => {
  sfn = await startLocalSfn({
    port: 0,
    region: REGION,
    accountId: ACCOUNT_ID,
    stateMachines: [
      {
        name: 'review-test',
        definitionPath: `${FIXTURES}/review-test.asl.json`,
        substitutions: {
          EchoFunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:Echo`,
          NotifyFunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:Notify`,
          FailFunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:Fail`,
        },
      },
    ],
    functions: [testFunction('Echo', 'echo-handler.ts'), testFunction('Notify', 'notify-handler.ts'), testFunction('Fail', 'fail-handler.ts')],
    waitTimeOverrides: { PauseBeforeApproval: 0 },
    retryIntervalOverrides: { CallFailingFunction: 0 },
  });
  client = new SFNClient({ endpoint: sfn.endpoint, region: REGION, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  stateMachineArn = sfn.stateMachineArn('review-test');
});

afterAll(async () => {
  client.destroy();
  await sfn.stop();
});

describe('local Step Functions endpoint', () => {
  it('returns the running execution again for the same name and input', async () => {
    const input = JSON.stringify({ mode: 'approval', value: 'same' });
    const first = await client.send(new StartExecutionCommand({ stateMachineArn, name: 'idempotent', input }));

    const second = await client.send(new StartExecutionCommand({ stateMachineArn, name: 'idempotent', input }));
    const otherInput = client.send(new StartExecutionCommand({ stateMachineArn, name: 'idempotent', input: '{"mode":"approval","value":"other"}' }));

    expect(second.executionArn).toBe(`arn:aws:states:${REGION}:${ACCOUNT_ID}:execution:review-test:idempotent`);
    expect(second.executionArn).toBe(first.executionArn);
    expect(second.startDate).toEqual(first.startDate);
    await expect(otherInput).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
  });

  it('rejects a repeated name once the execution has ended', async () => {
    const input = JSON.stringify({ mode: 'fail' });
    const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn, name: 'ended', input }));
    await waitForEnd(executionArn!);

    const restart = client.send(new StartExecutionCommand({ stateMachineArn, name: 'ended', input }));

    await expect(restart).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
  });

  it('completes a waiting task with the SendTaskSuccess output', async () => {
    const executionArn = await startExecution({ value: 42 });
    const token = await waitForTaskToken(executionArn);

    await client.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ approved: true }) }));
    const execution = await waitForEnd(executionArn);

    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output!)).toEqual({
      mode: 'approval',
      value: 42,
      echo: { echoed: 42, statusCode: 200 },
      approval: { approved: true },
    });
  });

  it('mints a task token unlike the run token and unguessable', async () => {
    const executionArn = await startExecution({ value: 'token' });

    const token = await waitForTaskToken(executionArn);

    expect(token).toMatch(/^[A-Za-z0-9_-]{64}$/);
    await client.send(new StopExecutionCommand({ executionArn }));
  });

  it('fails a waiting task with the SendTaskFailure error name', async () => {
    const executionArn = await startExecution({ value: 'rejected' });
    const token = await waitForTaskToken(executionArn);

    await client.send(new SendTaskFailureCommand({ taskToken: token, error: 'Rejected', cause: 'Documents are missing' }));
    const execution = await waitForEnd(executionArn);

    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output!).rejection).toEqual({ Error: 'Rejected', Cause: 'Documents are missing' });
  });

  it('rejects a replayed token with TaskTimedOut as AWS does', async () => {
    const executionArn = await startExecution({ value: 'replay' });
    const token = await waitForTaskToken(executionArn);
    await client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }));

    const replay = client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }));

    await expect(replay).rejects.toMatchObject({ name: 'TaskTimedOut' });
  });

  it('rejects unknown and malformed tokens', async () => {
    const unknown = client.send(new SendTaskSuccessCommand({ taskToken: 'A'.repeat(64), output: '{}' }));
    const malformed = client.send(new SendTaskHeartbeatCommand({ taskToken: 'not a token' }));

    await expect(unknown).rejects.toMatchObject({ name: 'TaskDoesNotExist' });
    await expect(malformed).rejects.toMatchObject({ name: 'InvalidToken' });
  });

  it('rejects output that is not JSON and keeps the task waiting', async () => {
    const executionArn = await startExecution({ value: 'bad output' });
    const token = await waitForTaskToken(executionArn);

    const invalid = client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{not json' }));

    await expect(invalid).rejects.toMatchObject({ name: 'InvalidOutput' });
    await client.send(new SendTaskSuccessCommand({ taskToken: token, output: '"late but valid"' }));
    expect((await waitForEnd(executionArn)).status).toBe('SUCCEEDED');
  });

  it('times out a task without heartbeats as States.Timeout, not States.TaskFailed', async () => {
    const executionArn = await startExecution({ mode: 'heartbeat' });
    const token = await waitForTaskToken(executionArn);

    const execution = await waitForEnd(executionArn);
    const lateSuccess = client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }));

    expect(JSON.parse(execution.output!).outcome).toBe('timed out');
    expect(JSON.parse(execution.output!).failure.Error).toBe('States.Timeout');
    await expect(lateSuccess).rejects.toMatchObject({ name: 'TaskTimedOut' });
  });

  it('keeps a task alive while heartbeats arrive', async () => {
    const executionArn = await startExecution({ mode: 'heartbeat' });
    const token = await waitForTaskToken(executionArn);

    for (let beat = 0; beat < 4; beat++) {
      await new Promise((resolve) => setTimeout(resolve, 400));
      await client.send(new SendTaskHeartbeatCommand({ taskToken: token }));
    }
    await client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"approved":true}' }));
    const execution = await waitForEnd(executionArn);

    expect(JSON.parse(execution.output!).approval).toEqual({ approved: true });
  });

  it('reports a function error as its errorType', async () => {
    const executionArn = await startExecution({ mode: 'fail' });

    const execution = await waitForEnd(executionArn);

    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('RegistryUnavailable');
    expect(JSON.parse(execution.cause!)).toEqual({ errorType: 'RegistryUnavailable', errorMessage: 'Registry answered 503', trace: [] });
  });

  it('runs Task states inside Parallel branches', async () => {
    const executionArn = await startExecution({ mode: 'parallel' });

    const execution = await waitForEnd(executionArn);

    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output!)).toEqual([{ echoed: 'from branch' }]);
  });

  it('aborts an execution and expires its token on StopExecution', async () => {
    const executionArn = await startExecution({ value: 'stop' });
    const token = await waitForTaskToken(executionArn);

    await client.send(new StopExecutionCommand({ executionArn, error: 'Withdrawn', cause: 'Applicant withdrew' }));
    const execution = await waitForEnd(executionArn);
    const lateSuccess = client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }));

    expect(execution.status).toBe('ABORTED');
    expect(execution.error).toBe('Withdrawn');
    await expect(lateSuccess).rejects.toMatchObject({ name: 'TaskTimedOut' });
  });

  it('lists the states an execution entered in its history', async () => {
    const executionArn = await startExecution({ value: 'history' });
    const token = await waitForTaskToken(executionArn);
    await client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }));
    await waitForEnd(executionArn);

    const { events = [] } = await client.send(new GetExecutionHistoryCommand({ executionArn }));

    const entered = events.filter((event) => event.type?.endsWith('StateEntered')).map((event) => event.stateEnteredEventDetails?.name);
    expect(entered).toEqual(['ChooseMode', 'EchoInput', 'PauseBeforeApproval', 'AwaitApproval']);
    expect(events[0]?.type).toBe('ExecutionStarted');
    expect(events.at(-1)?.type).toBe('ExecutionSucceeded');
    expect(events.map((event) => event.id)).toEqual(events.map((_, index) => index + 1));
  });

  it('lists executions newest first, filtered by status', async () => {
    const failedArn = await startExecution({ mode: 'fail' });
    await waitForEnd(failedArn);
    const runningArn = await startExecution({ value: 'listed' });

    const newest = await client.send(new ListExecutionsCommand({ stateMachineArn, maxResults: 2 }));
    const failed = await client.send(new ListExecutionsCommand({ stateMachineArn, statusFilter: 'FAILED' }));

    expect(newest.executions?.map((execution) => execution.executionArn)).toEqual([runningArn, failedArn]);
    expect(newest.nextToken).toBeDefined();
    expect(failed.executions?.map((execution) => execution.executionArn)).toContain(failedArn);
    expect(failed.executions?.every((execution) => execution.status === 'FAILED')).toBe(true);
    await client.send(new StopExecutionCommand({ executionArn: runningArn }));
  });

  it('reports ExecutionDoesNotExist for an unknown execution', async () => {
    const executionArn = `arn:aws:states:${REGION}:${ACCOUNT_ID}:execution:review-test:missing`;

    const describe = client.send(new DescribeExecutionCommand({ executionArn }));

    await expect(describe).rejects.toMatchObject({ name: 'ExecutionDoesNotExist' });
  });
});
