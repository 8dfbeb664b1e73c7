import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { decide } from '../../../operator/commands/decide.ts';
import { OperatorError } from '../../../operator/errors.ts';
import {
  OPERATOR,
  PERSONAL_DATA_TABLE,
  SENIOR_OPERATOR,
  WAITING_SINCE,
  dynamo,
  givenApplication,
  sfn,
  sfnError,
  useConsoleMocks,
  waitingApplication,
} from './console-mocks.ts';

async function errorOf(promise: Promise<unknown>): Promise<OperatorError> {
  const error = await promise.catch((caught: unknown) => caught);
  if (!(error instanceof OperatorError)) throw new Error(`Expected an OperatorError, got ${String(error)}`);
  return error;
}

describe('decide', () => {
  useConsoleMocks();

  it('completes waiting task with approval', async () => {
    givenApplication(waitingApplication());
    sfn.on(SendTaskSuccessCommand).resolves({});

    const result = await decide({ kind: 'approve', applicationId: 'app-1' }, OPERATOR);

    expect(result).toEqual({ applicationId: 'app-1', step: 'FINAL_APPROVAL', decision: 'APPROVED', operatorId: 'operator-7', reasonCode: 'OPERATOR_APPROVED' });
    const [call] = sfn.commandCalls(SendTaskSuccessCommand);
    expect(call?.args[0].input.taskToken).toBe('secret-token-1');
    expect(JSON.parse(call?.args[0].input.output ?? '')).toEqual({ decision: 'APPROVED', waitId: 'wait-1', operatorId: 'operator-7', reasonCode: 'OPERATOR_APPROVED' });
  });

  it('sends note id, not reason text', async () => {
    givenApplication(waitingApplication());
    dynamo.on(PutCommand, { TableName: PERSONAL_DATA_TABLE }).resolves({});
    sfn.on(SendTaskSuccessCommand).resolves({});

    const result = await decide({ kind: 'reject', applicationId: 'app-1', reasonText: 'Паспорт не читается' }, OPERATOR);

    const [put] = dynamo.commandCalls(PutCommand, { TableName: PERSONAL_DATA_TABLE });
    expect(put?.args[0].input.Item).toMatchObject({ text: 'Паспорт не читается', operatorId: 'operator-7', noteId: result.noteId });
    const output = sfn.commandCalls(SendTaskSuccessCommand)[0]?.args[0].input.output ?? '';
    expect(JSON.parse(output)).toMatchObject({ decision: 'REJECTED', reasonCode: 'OPERATOR_REJECTED', noteId: result.noteId });
    expect(output).not.toContain('Паспорт');
  });

  it('requests documents at document review', async () => {
    const waitingTasks = { DOCUMENT_REVIEW: { step: 'DOCUMENT_REVIEW', taskToken: 'secret-token-2', waitId: 'wait-2', since: WAITING_SINCE, executionName: 'app-1-r1' } };
    givenApplication(waitingApplication({ waitingTasks }));
    sfn.on(SendTaskSuccessCommand).resolves({});

    const result = await decide({ kind: 'request-documents', applicationId: 'app-1', documentTypes: ['PASSPORT', 'MILITARY_ID'] }, OPERATOR);

    expect(result.step).toBe('DOCUMENT_REVIEW');
    const output = JSON.parse(sfn.commandCalls(SendTaskSuccessCommand)[0]?.args[0].input.output ?? '') as Record<string, unknown>;
    expect(output).toEqual({ decision: 'REQUEST_DOCUMENTS', waitId: 'wait-2', operatorId: 'operator-7', documentTypes: ['PASSPORT', 'MILITARY_ID'] });
  });

  it('reports application waiting for nothing', async () => {
    givenApplication(waitingApplication({ waitingTasks: undefined }));

    const error = await errorOf(decide({ kind: 'approve', applicationId: 'app-1' }, OPERATOR));

    expect(error.code).toBe('NOT_WAITING_FOR_OPERATOR');
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
  });

  it('refuses step of another kind', async () => {
    const waitingTasks = { MEDICAL_COMMISSION: { step: 'MEDICAL_COMMISSION', taskToken: 't', waitId: 'w', since: WAITING_SINCE, executionName: 'app-1-r1' } };
    givenApplication(waitingApplication({ waitingTasks }));

    const error = await errorOf(decide({ kind: 'approve', applicationId: 'app-1' }, OPERATOR));

    expect(error.code).toBe('STEP_MISMATCH');
    expect(error.message).toContain('«Заключение военно-врачебной комиссии»');
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
  });

  it("refuses another application's task", async () => {
    const waitingTasks = { FINAL_APPROVAL: { step: 'FINAL_APPROVAL', taskToken: 't', waitId: 'w', since: WAITING_SINCE, executionName: 'app-2-r1' } };
    givenApplication(waitingApplication({ waitingTasks }));

    const error = await errorOf(decide({ kind: 'approve', applicationId: 'app-1' }, OPERATOR));

    expect(error.code).toBe('FOREIGN_TASK');
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
  });

  it('requires senior operator for escalated step', async () => {
    const waitingTasks = { FINAL_APPROVAL: { step: 'FINAL_APPROVAL', taskToken: 't', waitId: 'w', since: WAITING_SINCE, executionName: 'app-1-r1', escalated: true } };
    givenApplication(waitingApplication({ waitingTasks }));
    sfn.on(SendTaskSuccessCommand).resolves({});

    const error = await errorOf(decide({ kind: 'approve', applicationId: 'app-1' }, OPERATOR));
    const result = await decide({ kind: 'approve', applicationId: 'app-1' }, SENIOR_OPERATOR);

    expect(error.code).toBe('ROLE_MISSING');
    expect(error.message).toContain('senior-operator');
    expect(result.operatorId).toBe('senior-1');
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(1);
  });

  it('deletes note when step closed', async () => {
    givenApplication(waitingApplication());
    dynamo.on(PutCommand, { TableName: PERSONAL_DATA_TABLE }).resolves({});
    dynamo.on(DeleteCommand, { TableName: PERSONAL_DATA_TABLE }).resolves({});
    sfn.on(SendTaskSuccessCommand).rejects(sfnError('TaskDoesNotExist'));

    const error = await errorOf(decide({ kind: 'reject', applicationId: 'app-1', reasonText: 'Причина' }, OPERATOR));

    expect(error.code).toBe('OPERATOR_STEP_CLOSED');
    expect(dynamo.commandCalls(DeleteCommand, { TableName: PERSONAL_DATA_TABLE })).toHaveLength(1);
  });

  it('passes unexpected SFN errors on', async () => {
    givenApplication(waitingApplication());
    sfn.on(SendTaskSuccessCommand).rejects(sfnError('ThrottlingException'));

    const error = await decide({ kind: 'approve', applicationId: 'app-1' }, OPERATOR).catch((caught: unknown) => caught);

    expect(error).not.toBeInstanceOf(OperatorError);
    expect((error as Error).name).toBe('ThrottlingException');
  });

  it('refuses document request for amendment', async () => {
    const waitingTasks = { FINAL_APPROVAL: { step: 'FINAL_APPROVAL', taskToken: 't', waitId: 'w', since: WAITING_SINCE, executionName: 'app-1-a1' } };
    givenApplication(waitingApplication({ status: 'APPROVED', waitingTasks }));

    const error = await errorOf(decide({ kind: 'request-documents', applicationId: 'app-1', documentTypes: ['PASSPORT'] }, OPERATOR));

    expect(error.code).toBe('DOCUMENTS_NOT_REQUESTABLE');
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
  });
});
