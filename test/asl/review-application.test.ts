import { readFileSync } from 'node:fs';
import aslValidator from 'asl-validator';
import { ExecutionError, StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { describe, expect, it } from 'vitest';
import { WORKFLOW_TASKS } from '../../functions/catalog.ts';

const DEFINITION_PATH = new URL('../../statemachines/review-application.asl.json', import.meta.url);
const DEFINITION_TEXT = readFileSync(DEFINITION_PATH, 'utf8');

const APPLICATION_ID = '01JREVIEWTESTAPPLICATION01';
const EXECUTION_NAME = `${APPLICATION_ID}-r1`;
const TASK_TOKEN = 'test-task-token';

type Json = Parameters<StateMachine['run']>[0];
type TaskScript = (payload: Record<string, unknown>) => unknown;

interface Scripts {
  MarkInReview?: TaskScript;
  CheckDocuments?: TaskScript;
  CheckCriminalRecord?: TaskScript;
  /** Returns the output the operator console would send with SendTaskSuccess. */
  WaitForOperatorDecision?: TaskScript;
  RecordOutcome?: TaskScript;
}

interface ReviewRun {
  statesEntered: string[];
  retries: number;
  output?: Record<string, unknown>;
  error?: unknown;
  /** Payload each Lambda received, by state name, one entry per invocation. */
  payloads: Record<string, Array<Record<string, unknown>>>;
}

function loadDefinition(): StateMachineDefinition {
  return JSON.parse(DEFINITION_TEXT) as StateMachineDefinition;
}

function registryUnavailable(): Error {
  const error = new Error('Criminal-record registry unavailable after 3 attempts');
  error.name = 'RegistryUnavailableError';
  return error;
}

const DEFAULT_SCRIPTS: Required<Scripts> = {
  MarkInReview: () => ({ status: 'IN_REVIEW' }),
  CheckDocuments: () => ({ complete: true, missingDocumentTypes: [], expiredDocumentTypes: [] }),
  CheckCriminalRecord: () => ({ result: 'NO_RECORD' }),
  WaitForOperatorDecision: () => ({ decision: 'APPROVED', operatorId: 'operator-7' }),
  RecordOutcome: (payload) => ({ status: payload.outcome }),
};

/**
 * Runs the real definition with local task handlers. Each handler records the Lambda payload and
 * wraps the script's result in `Payload`, as the lambda:invoke integration does. The waiting task
 * returns the console's output unwrapped, as SendTaskSuccess does.
 */
async function runReview(scripts: Scripts, definition = loadDefinition()): Promise<ReviewRun> {
  const merged = { ...DEFAULT_SCRIPTS, ...scripts };
  const payloads: ReviewRun['payloads'] = {};
  const invoke = (stateName: string, script: TaskScript, wrap: boolean) => async (input: Json) => {
    const payload = (input as { Payload: Record<string, unknown> }).Payload;
    (payloads[stateName] ??= []).push(payload);
    const result = await script(payload);
    return (wrap ? { Payload: result, StatusCode: 200 } : result) as Json;
  };

  const machine = new StateMachine(definition);
  const execution = machine.run({ applicationId: APPLICATION_ID, round: 1 }, {
    overrides: {
      taskResourceLocalHandlers: {
        MarkInReview: invoke('MarkInReview', merged.MarkInReview, true),
        CheckDocuments: invoke('CheckDocuments', merged.CheckDocuments, true),
        CheckCriminalRecord: invoke('CheckCriminalRecord', merged.CheckCriminalRecord, true),
        WaitForOperatorDecision: invoke('WaitForOperatorDecision', merged.WaitForOperatorDecision, false),
        RecordApproval: invoke('RecordApproval', merged.RecordOutcome, true),
        RecordRejection: invoke('RecordRejection', merged.RecordOutcome, true),
      },
      retryIntervalOverrides: { CheckCriminalRecord: 0 },
    },
    context: {
      Execution: { Id: `arn:aws:states:eu-central-1:000000000000:execution:review:${EXECUTION_NAME}`, Name: EXECUTION_NAME },
      Task: { Token: TASK_TOKEN },
    },
  });

  const statesEntered: string[] = [];
  let retries = 0;
  const collected = (async () => {
    for await (const event of execution.eventLogs) {
      if (event.type === 'StateEntered') statesEntered.push(event.state.name);
      if (event.type === 'StateRetried') retries++;
    }
  })();

  const run: ReviewRun = { statesEntered, retries: 0, payloads };
  try {
    run.output = (await execution.result) as Record<string, unknown>;
  } catch (error) {
    run.error = error;
  }
  await collected;
  run.retries = retries;
  return run;
}

describe('review-application.asl.json', () => {
  it('passes asl-validator', () => {
    const definition = loadDefinition();

    const { isValid, errorsText } = aslValidator(definition);

    expect(errorsText('\n')).toBe('');
    expect(isValid).toBe(true);
  });

  it('uses exactly the substitutions of WORKFLOW_TASKS', () => {
    const expected = WORKFLOW_TASKS.map((task) => task.substitution).sort();

    const used = [...new Set([...DEFINITION_TEXT.matchAll(/\$\{([A-Za-z0-9_]+)\}/g)].map((match) => match[1]))].sort();

    expect(used).toEqual(expected);
  });

  it('has Comment and PascalCase names', () => {
    const definition = loadDefinition();

    const names = Object.keys(definition.States);

    expect(definition.Comment).toBeTruthy();
    expect(names.filter((name) => !/^[A-Z][A-Za-z]+$/.test(name))).toEqual([]);
  });
});

describe('review workflow execution', () => {
  it('records operator approval', async () => {
    const run = await runReview({});

    expect(run.error).toBeUndefined();
    expect(run.statesEntered).toEqual([
      'MarkInReview',
      'CheckDocuments',
      'AreDocumentsComplete',
      'CheckCriminalRecord',
      'WaitForOperatorDecision',
      'IsApproved',
      'RecordApproval',
      'ReviewCompleted',
    ]);
    expect(run.output).toEqual({
      applicationId: APPLICATION_ID,
      round: 1,
      documents: { complete: true, missingDocumentTypes: [] },
      registryResult: { result: 'NO_RECORD' },
      decision: { decision: 'APPROVED', operatorId: 'operator-7' },
      outcome: { status: 'APPROVED' },
    });
    expect(run.payloads.RecordApproval).toEqual([
      {
        applicationId: APPLICATION_ID,
        executionName: EXECUTION_NAME,
        outcome: 'APPROVED',
        decision: { decision: 'APPROVED', operatorId: 'operator-7' },
      },
    ]);
  });

  it('passes token and registry result to operator', async () => {
    const run = await runReview({ CheckCriminalRecord: () => ({ result: 'RECORD_FOUND' }) });

    expect(run.payloads.WaitForOperatorDecision).toEqual([
      {
        applicationId: APPLICATION_ID,
        executionName: EXECUTION_NAME,
        taskToken: TASK_TOKEN,
        step: 'FINAL_APPROVAL',
        registryResult: 'RECORD_FOUND',
      },
    ]);
    expect(run.payloads.MarkInReview).toEqual([{ applicationId: APPLICATION_ID, round: 1, executionName: EXECUTION_NAME }]);
  });

  it('records operator rejection', async () => {
    const rejection = { decision: 'REJECTED', operatorId: 'operator-7', reasonCode: 'OPERATOR_REJECTED', noteId: '01JNOTE' };

    const run = await runReview({ WaitForOperatorDecision: () => rejection });

    expect(run.error).toBeUndefined();
    expect(run.statesEntered.slice(-3)).toEqual(['IsApproved', 'RecordRejection', 'ReviewCompleted']);
    expect(run.statesEntered).not.toContain('RecordApproval');
    expect(run.payloads.RecordRejection).toEqual([
      { applicationId: APPLICATION_ID, executionName: EXECUTION_NAME, outcome: 'REJECTED', decision: rejection },
    ]);
    expect(run.output?.outcome).toEqual({ status: 'REJECTED' });
  });

  it('rejects missing documents without operator', async () => {
    const missing = ['MILITARY_ID', 'CRIMINAL_RECORD_CERTIFICATE'];

    const run = await runReview({
      CheckDocuments: () => ({ complete: false, missingDocumentTypes: missing, expiredDocumentTypes: [] }),
    });

    expect(run.error).toBeUndefined();
    expect(run.statesEntered).toEqual([
      'MarkInReview',
      'CheckDocuments',
      'AreDocumentsComplete',
      'PrepareDocumentsRejection',
      'RecordRejection',
      'ReviewCompleted',
    ]);
    expect(run.payloads.RecordRejection?.[0]?.decision).toEqual({
      decision: 'REJECTED',
      reasonCode: 'MISSING_REQUIRED_DOCUMENT',
      documentTypes: missing,
    });
    expect(run.output?.outcome).toEqual({ status: 'REJECTED' });
  });

  it('hands registry outage to operator', async () => {
    const run = await runReview({
      CheckCriminalRecord: () => {
        throw registryUnavailable();
      },
    });

    expect(run.error).toBeUndefined();
    expect(run.payloads.CheckCriminalRecord).toHaveLength(4);
    expect(run.retries).toBe(3);
    expect(run.statesEntered).toContain('ContinueWithoutRegistry');
    expect(run.payloads.WaitForOperatorDecision?.[0]?.registryResult).toBe('UNAVAILABLE');
    expect(run.output?.registryResult).toEqual({ result: 'UNAVAILABLE' });
    expect(run.output?.outcome).toEqual({ status: 'APPROVED' });
  });

  it('uses registry result after retry', async () => {
    let calls = 0;

    const run = await runReview({
      CheckCriminalRecord: () => {
        calls++;
        if (calls === 1) throw registryUnavailable();
        return { result: 'NO_RECORD' };
      },
    });

    expect(run.retries).toBe(1);
    expect(run.statesEntered).not.toContain('ContinueWithoutRegistry');
    expect(run.output?.registryResult).toEqual({ result: 'NO_RECORD' });
  });

  it('hands registry timeout to operator', async () => {
    const definition = loadDefinition();
    // The real timeout is 35 s. One second keeps the test fast and still raises States.Timeout.
    (definition.States.CheckCriminalRecord as { TimeoutSeconds: number }).TimeoutSeconds = 1;

    const run = await runReview({ CheckCriminalRecord: () => new Promise(() => undefined) }, definition);

    expect(run.error).toBeUndefined();
    expect(run.statesEntered).toContain('ContinueWithoutRegistry');
    expect(run.payloads.WaitForOperatorDecision?.[0]?.registryResult).toBe('UNAVAILABLE');
  });

  it('fails on unexpected task error', async () => {
    const rejected = new Error('Change STATUS_CHANGED of application rejected');
    rejected.name = 'ChangeRejectedError';

    const run = await runReview({
      MarkInReview: () => {
        throw rejected;
      },
    });

    expect(run.error).toBeInstanceOf(ExecutionError);
    expect(((run.error as ExecutionError).cause as Error).name).toBe('ChangeRejectedError');
    expect(run.statesEntered).toEqual(['MarkInReview']);
  });

  it('fails on unknown operator decision', async () => {
    const run = await runReview({ WaitForOperatorDecision: () => ({ decision: 'MAYBE', operatorId: 'operator-7' }) });

    expect(run.error).toBeInstanceOf(ExecutionError);
    expect(((run.error as ExecutionError).cause as Error).name).toBe('UnknownOperatorDecision');
    expect(run.statesEntered.slice(-2)).toEqual(['IsApproved', 'RejectUnknownDecision']);
  });
});
