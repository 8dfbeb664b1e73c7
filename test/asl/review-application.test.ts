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
type Payload = Record<string, unknown>;
type TaskScript = (payload: Payload) => unknown;

/** Local handlers by state name. Waiting states return what the console or API would send. */
type Scripts = Record<string, TaskScript>;

interface ReviewRun {
  statesEntered: string[];
  retries: number;
  output?: Record<string, unknown>;
  error?: unknown;
  /** Payload each Lambda received, by state name, one entry per invocation. */
  payloads: Record<string, Payload[]>;
}

const WAITING_STATES = [
  'WaitForDocumentReview',
  'WaitForApplicantDocuments',
  'WaitForMedicalCommission',
  'WaitForPsychologicalTesting',
  'WaitForFinalApproval',
  'WaitForAmendmentApproval',
];

const approve = (payload: Payload) => ({ decision: 'APPROVED', operatorId: 'operator-7', waitId: `wait-${String(payload.step)}` });
const recordFit = (payload: Payload) => ({ decision: 'RECORDED', operatorId: 'operator-8', waitId: `wait-${String(payload.step)}`, fitForService: true });

const DEFAULT_SCRIPTS: Scripts = {
  MarkInReview: () => ({ status: 'IN_REVIEW' }),
  CheckDocuments: () => ({ complete: true, missingDocumentTypes: [], expiredDocumentTypes: [] }),
  CheckCriminalRecord: () => ({ checked: true }),
  WaitForDocumentReview: approve,
  WaitForApplicantDocuments: (payload) => ({ decision: 'SUBMITTED', applicantId: 'applicant-1', waitId: `wait-${String(payload.step)}` }),
  WaitForMedicalCommission: recordFit,
  WaitForPsychologicalTesting: (payload) => ({ decision: 'RECORDED', operatorId: 'operator-9', waitId: `wait-${String(payload.step)}` }),
  WaitForFinalApproval: approve,
  WaitForAmendmentApproval: approve,
  GenerateContract: (payload) => ({ contractVersion: payload.contractVersion, objectKey: `contracts/a/${APPLICATION_ID}/v${String(payload.contractVersion)}.pdf` }),
  RecordOutcome: (payload) => ({ status: payload.amendmentId === undefined ? payload.outcome : 'APPROVED' }),
  CompleteOperatorStep: (payload) => ({ decision: (payload.output as Payload).decision, nextContractVersion: 2 }),
};

/** State name → script name, for the states that share one Lambda. */
const SCRIPT_OF_STATE: Record<string, string> = {
  RecordApproval: 'RecordOutcome',
  RecordRejection: 'RecordOutcome',
  RecordAmendmentApproval: 'RecordOutcome',
  RecordAmendmentRejection: 'RecordOutcome',
  GenerateAmendedContract: 'GenerateContract',
  CompleteDocumentReview: 'CompleteOperatorStep',
  CompleteApplicantDocuments: 'CompleteOperatorStep',
  CompleteMedicalCommission: 'CompleteOperatorStep',
  CompletePsychologicalTesting: 'CompleteOperatorStep',
  CompleteFinalApproval: 'CompleteOperatorStep',
  CompleteAmendmentApproval: 'CompleteOperatorStep',
};

function loadDefinition(): StateMachineDefinition {
  return JSON.parse(DEFINITION_TEXT) as StateMachineDefinition;
}

/** Lists every Task state, including those inside Parallel branches. */
function taskStateNames(states: Record<string, { Type: string; Branches?: Array<{ States: Record<string, unknown> }> }>): string[] {
  return Object.entries(states).flatMap(([name, state]) => {
    if (state.Type === 'Task') return [name];
    if (state.Type === 'Parallel') return (state.Branches ?? []).flatMap((branch) => taskStateNames(branch.States as typeof states));
    return [];
  });
}

function registryUnavailable(): Error {
  const error = new Error('Criminal-record registry unavailable after 3 attempts');
  error.name = 'RegistryUnavailableError';
  return error;
}

/**
 * Runs the real definition with local task handlers. Each handler records the Lambda payload and
 * wraps the script's result in `Payload`, as the lambda:invoke integration does. A waiting task
 * returns the output unwrapped, as SendTaskSuccess does.
 */
async function runReview(scripts: Scripts, options: { definition?: StateMachineDefinition; input?: Payload; executionName?: string } = {}): Promise<ReviewRun> {
  const definition = options.definition ?? loadDefinition();
  const executionName = options.executionName ?? EXECUTION_NAME;
  const merged = { ...DEFAULT_SCRIPTS, ...scripts };
  const payloads: ReviewRun['payloads'] = {};
  const handlers: Record<string, (input: Json) => Promise<Json>> = {};
  for (const stateName of taskStateNames(definition.States as never)) {
    const script = merged[stateName] ?? merged[SCRIPT_OF_STATE[stateName] ?? stateName];
    if (script === undefined) throw new Error(`No test script for state ${stateName}`);
    const waiting = WAITING_STATES.includes(stateName);
    handlers[stateName] = async (input: Json) => {
      const payload = (input as { Payload: Payload }).Payload;
      (payloads[stateName] ??= []).push(payload);
      const result = await script(payload);
      return (waiting ? result : { Payload: result, StatusCode: 200 }) as Json;
    };
  }

  const machine = new StateMachine(definition);
  const execution = machine.run((options.input ?? { applicationId: APPLICATION_ID, round: 1 }) as Json, {
    overrides: { taskResourceLocalHandlers: handlers, retryIntervalOverrides: { CheckCriminalRecord: 0 } },
    context: {
      Execution: { Id: `arn:aws:states:eu-central-1:000000000000:execution:review:${executionName}`, Name: executionName },
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

  it('keeps registry result out of state', () => {
    const definition = loadDefinition();

    const text = JSON.stringify(definition);

    expect(text).not.toContain('registryResult');
    expect(text).not.toContain('$.Payload.result');
  });
});

describe('review workflow execution', () => {
  it('approves and generates contract', async () => {
    const run = await runReview({});

    expect(run.error).toBeUndefined();
    expect(run.statesEntered).toEqual([
      'IsAmendment',
      'MarkInReview',
      'CheckDocuments',
      'AreDocumentsComplete',
      'WaitForDocumentReview',
      'CompleteDocumentReview',
      'IsDocumentReviewPassed',
      'RunBackgroundChecks',
      ...run.statesEntered.slice(8, 13),
      'IsFitForService',
      'WaitForFinalApproval',
      'CompleteFinalApproval',
      'IsApproved',
      'RecordApproval',
      'GenerateContract',
      'ReviewCompleted',
    ]);
    expect(run.statesEntered.slice(8, 13).sort()).toEqual([
      'CheckCriminalRecord',
      'CompleteMedicalCommission',
      'CompletePsychologicalTesting',
      'WaitForMedicalCommission',
      'WaitForPsychologicalTesting',
    ]);
    expect(run.payloads.GenerateContract).toEqual([{ applicationId: APPLICATION_ID, executionName: EXECUTION_NAME, contractVersion: 1 }]);
    expect(run.output?.contract).toEqual({ contractVersion: 1, objectKey: `contracts/a/${APPLICATION_ID}/v1.pdf` });
    expect(run.output?.outcome).toEqual({ status: 'APPROVED' });
  });

  it('collects parallel check results', async () => {
    const run = await runReview({});

    const checks = run.output?.checks as Record<string, Payload>;

    expect(checks.registry).toEqual({ checked: true });
    expect(checks.medicalCommission?.fitForService).toBe(true);
    expect(checks.psychologicalTesting?.decision).toBe('RECORDED');
  });

  it('passes token and step to waiting tasks', async () => {
    const run = await runReview({});

    expect(run.payloads.WaitForDocumentReview).toEqual([
      { applicationId: APPLICATION_ID, executionName: EXECUTION_NAME, taskToken: TASK_TOKEN, step: 'DOCUMENT_REVIEW' },
    ]);
    expect(run.payloads.WaitForMedicalCommission?.[0]?.step).toBe('MEDICAL_COMMISSION');
    expect(run.payloads.WaitForPsychologicalTesting?.[0]?.step).toBe('PSYCHOLOGICAL_TESTING');
    expect(run.payloads.WaitForFinalApproval?.[0]?.step).toBe('FINAL_APPROVAL');
    expect(run.payloads.CompleteFinalApproval).toEqual([
      {
        applicationId: APPLICATION_ID,
        executionName: EXECUTION_NAME,
        step: 'FINAL_APPROVAL',
        output: { decision: 'APPROVED', operatorId: 'operator-7', waitId: 'wait-FINAL_APPROVAL' },
      },
    ]);
  });

  it('rejects at document review', async () => {
    const rejection = { decision: 'REJECTED', operatorId: 'operator-7', reasonCode: 'OPERATOR_REJECTED', noteId: '01JNOTE', waitId: 'w' };

    const run = await runReview({ WaitForDocumentReview: () => rejection });

    expect(run.error).toBeUndefined();
    expect(run.statesEntered.slice(-4)).toEqual(['CompleteDocumentReview', 'IsDocumentReviewPassed', 'RecordRejection', 'ReviewCompleted']);
    expect(run.statesEntered).not.toContain('RunBackgroundChecks');
    expect(run.payloads.RecordRejection?.[0]?.decision).toEqual(rejection);
  });

  it('rejects at final approval', async () => {
    const rejection = { decision: 'REJECTED', operatorId: 'operator-7', reasonCode: 'OPERATOR_REJECTED', waitId: 'w' };

    const run = await runReview({ WaitForFinalApproval: () => rejection });

    expect(run.statesEntered.slice(-3)).toEqual(['IsApproved', 'RecordRejection', 'ReviewCompleted']);
    expect(run.statesEntered).not.toContain('GenerateContract');
    expect(run.statesEntered).not.toContain('RecordApproval');
    expect(run.output?.outcome).toEqual({ status: 'REJECTED' });
  });

  it('rejects missing documents without operator', async () => {
    const missing = ['MILITARY_ID', 'CRIMINAL_RECORD_CERTIFICATE'];

    const run = await runReview({
      CheckDocuments: () => ({ complete: false, missingDocumentTypes: missing, expiredDocumentTypes: [] }),
    });

    expect(run.error).toBeUndefined();
    expect(run.statesEntered).toEqual([
      'IsAmendment',
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
  });

  it('rejects commission category Г', async () => {
    const run = await runReview({
      WaitForMedicalCommission: () => ({ decision: 'RECORDED', operatorId: 'operator-8', waitId: 'w', fitForService: false }),
    });

    expect(run.error).toBeUndefined();
    expect(run.statesEntered.slice(-4)).toEqual(['IsFitForService', 'PrepareMedicalRejection', 'RecordRejection', 'ReviewCompleted']);
    expect(run.statesEntered).not.toContain('WaitForFinalApproval');
    expect(run.payloads.RecordRejection?.[0]?.decision).toEqual({ decision: 'REJECTED', reasonCode: 'MEDICALLY_UNFIT', operatorId: 'operator-8' });
  });

  it('resumes document review after requested documents', async () => {
    let reviews = 0;
    const request = { decision: 'REQUEST_DOCUMENTS', operatorId: 'operator-7', waitId: 'w1', documentTypes: ['PASSPORT'] };

    const run = await runReview({
      WaitForDocumentReview: (payload) => (++reviews === 1 ? request : approve(payload)),
    });

    expect(run.error).toBeUndefined();
    expect(run.statesEntered.slice(4, 13)).toEqual([
      'WaitForDocumentReview',
      'CompleteDocumentReview',
      'IsDocumentReviewPassed',
      'RequestDocumentsAtDocumentReview',
      'WaitForApplicantDocuments',
      'CompleteApplicantDocuments',
      'WhichStepRequestedDocuments',
      'WaitForDocumentReview',
      'CompleteDocumentReview',
    ]);
    expect(run.payloads.WaitForApplicantDocuments?.[0]).toEqual({
      applicationId: APPLICATION_ID,
      executionName: EXECUTION_NAME,
      taskToken: TASK_TOKEN,
      step: 'APPLICANT_DOCUMENTS',
      documentTypes: ['PASSPORT'],
    });
    expect(run.output?.outcome).toEqual({ status: 'APPROVED' });
  });

  it('resumes final approval after requested documents', async () => {
    let approvals = 0;
    const request = { decision: 'REQUEST_DOCUMENTS', operatorId: 'operator-7', waitId: 'w1', documentTypes: ['MILITARY_ID'] };

    const run = await runReview({
      WaitForFinalApproval: (payload) => (++approvals === 1 ? request : approve(payload)),
    });

    const afterSubmission = run.statesEntered.slice(run.statesEntered.indexOf('WhichStepRequestedDocuments') + 1);
    expect(run.statesEntered.filter((name) => name === 'WaitForDocumentReview')).toHaveLength(1);
    expect(afterSubmission.slice(0, 2)).toEqual(['WaitForFinalApproval', 'CompleteFinalApproval']);
    expect(run.payloads.WaitForApplicantDocuments?.[0]?.documentTypes).toEqual(['MILITARY_ID']);
    expect(run.output?.outcome).toEqual({ status: 'APPROVED' });
  });

  it('rejects when applicant documents time out', async () => {
    const definition = loadDefinition();
    // The real timeout is 14 days. One second keeps the test fast and still raises States.Timeout.
    (definition.States.WaitForApplicantDocuments as { TimeoutSeconds: number }).TimeoutSeconds = 1;
    const request = { decision: 'REQUEST_DOCUMENTS', operatorId: 'operator-7', waitId: 'w1', documentTypes: ['PASSPORT'] };

    const run = await runReview({ WaitForDocumentReview: () => request, WaitForApplicantDocuments: () => new Promise(() => undefined) }, { definition });

    expect(run.error).toBeUndefined();
    expect(run.statesEntered.slice(-3)).toEqual(['PrepareDocumentsTimeoutRejection', 'RecordRejection', 'ReviewCompleted']);
    expect(run.payloads.RecordRejection?.[0]?.decision).toEqual({ decision: 'REJECTED', reasonCode: 'DOCUMENTS_NOT_SUBMITTED' });
  });

  it('fails when operator step times out', async () => {
    const definition = loadDefinition();
    (definition.States.WaitForFinalApproval as { TimeoutSeconds: number }).TimeoutSeconds = 1;

    const run = await runReview({ WaitForFinalApproval: () => new Promise(() => undefined) }, { definition });

    expect(run.error).toBeInstanceOf(ExecutionError);
    expect(((run.error as ExecutionError).cause as Error).name).toBe('States.Timeout');
    expect(run.statesEntered.at(-1)).toBe('WaitForFinalApproval');
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
    expect((run.output?.checks as Payload).registry).toEqual({ checked: false });
    expect(run.output?.outcome).toEqual({ status: 'APPROVED' });
  });

  it('uses registry result after retry', async () => {
    let calls = 0;

    const run = await runReview({
      CheckCriminalRecord: () => {
        calls++;
        if (calls === 1) throw registryUnavailable();
        return { checked: true };
      },
    });

    expect(run.retries).toBe(1);
    expect(run.statesEntered).not.toContain('ContinueWithoutRegistry');
    expect((run.output?.checks as Payload).registry).toEqual({ checked: true });
  });

  it('hands registry timeout to operator', async () => {
    const definition = loadDefinition();
    const parallel = definition.States.RunBackgroundChecks as { Branches: Array<{ States: Record<string, { TimeoutSeconds?: number }> }> };
    // The real timeout is 35 s. One second keeps the test fast and still raises States.Timeout.
    parallel.Branches[0]!.States.CheckCriminalRecord!.TimeoutSeconds = 1;

    const run = await runReview({ CheckCriminalRecord: () => new Promise(() => undefined) }, { definition });

    expect(run.error).toBeUndefined();
    expect(run.statesEntered).toContain('ContinueWithoutRegistry');
    expect((run.output?.checks as Payload).registry).toEqual({ checked: false });
  });

  it('approves amendment with next contract version', async () => {
    const input = { applicationId: APPLICATION_ID, round: 1, kind: 'AMENDMENT', amendmentId: '01JAMENDMENT' };

    const run = await runReview({}, { input, executionName: `${APPLICATION_ID}-a1` });

    expect(run.error).toBeUndefined();
    expect(run.statesEntered).toEqual([
      'IsAmendment',
      'WaitForAmendmentApproval',
      'CompleteAmendmentApproval',
      'IsAmendmentApproved',
      'GenerateAmendedContract',
      'RecordAmendmentApproval',
      'ReviewCompleted',
    ]);
    expect(run.payloads.RecordAmendmentApproval?.[0]?.amendmentId).toBe('01JAMENDMENT');
    expect(run.payloads.WaitForAmendmentApproval?.[0]?.step).toBe('FINAL_APPROVAL');
    expect(run.payloads.GenerateAmendedContract).toEqual([
      { applicationId: APPLICATION_ID, executionName: `${APPLICATION_ID}-a1`, contractVersion: 2 },
    ]);
  });

  it('rejects amendment without contract', async () => {
    const input = { applicationId: APPLICATION_ID, round: 1, kind: 'AMENDMENT', amendmentId: '01JAMENDMENT' };
    const rejection = { decision: 'REJECTED', operatorId: 'operator-7', reasonCode: 'OPERATOR_REJECTED', waitId: 'w' };

    const run = await runReview({ WaitForAmendmentApproval: () => rejection }, { input, executionName: `${APPLICATION_ID}-a1` });

    expect(run.statesEntered.slice(-3)).toEqual(['IsAmendmentApproved', 'RecordAmendmentRejection', 'ReviewCompleted']);
    expect(run.statesEntered).not.toContain('GenerateAmendedContract');
    expect(run.statesEntered).not.toContain('MarkInReview');
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
    expect(run.statesEntered).toEqual(['IsAmendment', 'MarkInReview']);
  });

  it('fails on unknown operator decision', async () => {
    const run = await runReview({ WaitForFinalApproval: () => ({ decision: 'MAYBE', operatorId: 'operator-7', waitId: 'w' }) });

    expect(run.error).toBeInstanceOf(ExecutionError);
    expect(((run.error as ExecutionError).cause as Error).name).toBe('UnknownOperatorDecision');
    expect(run.statesEntered.slice(-2)).toEqual(['IsApproved', 'RejectUnknownDecision']);
  });
});
