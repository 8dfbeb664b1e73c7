import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { decide } from '../../../operator/commands/decide.ts';
import { OperatorError } from '../../../operator/errors.ts';
import { PERSONAL_DATA_TABLE, dynamo, givenApplication, sfn, sfnError, useConsoleMocks, waitingApplication } from './console-mocks.ts';

describe('decide', () => {
  useConsoleMocks();

  it('completes the waiting task with an approval', async () => {
    givenApplication(waitingApplication());
    sfn.on(SendTaskSuccessCommand).resolves({});

    const result = await decide({ applicationId: 'app-1', operatorId: 'operator-7', decision: 'APPROVED' });

    expect(result).toEqual({ applicationId: 'app-1', step: 'FINAL_APPROVAL', decision: 'APPROVED', operatorId: 'operator-7', reasonCode: 'OPERATOR_APPROVED' });
    const [call] = sfn.commandCalls(SendTaskSuccessCommand);
    expect(call?.args[0].input.taskToken).toBe('secret-token-1');
    expect(JSON.parse(call?.args[0].input.output ?? '')).toEqual({ decision: 'APPROVED', operatorId: 'operator-7', reasonCode: 'OPERATOR_APPROVED' });
  });

  it('sends note id, not reason text', async () => {
    givenApplication(waitingApplication());
    dynamo.on(PutCommand, { TableName: PERSONAL_DATA_TABLE }).resolves({});
    sfn.on(SendTaskSuccessCommand).resolves({});

    const result = await decide({ applicationId: 'app-1', operatorId: 'operator-7', decision: 'REJECTED', reasonText: 'Паспорт не читается' });

    const [put] = dynamo.commandCalls(PutCommand, { TableName: PERSONAL_DATA_TABLE });
    expect(put?.args[0].input.Item).toMatchObject({ text: 'Паспорт не читается', operatorId: 'operator-7', noteId: result.noteId });
    const output = sfn.commandCalls(SendTaskSuccessCommand)[0]?.args[0].input.output ?? '';
    expect(JSON.parse(output)).toEqual({ decision: 'REJECTED', operatorId: 'operator-7', reasonCode: 'OPERATOR_REJECTED', noteId: result.noteId });
    expect(output).not.toContain('Паспорт');
  });

  it('reports an application that waits for no operator', async () => {
    givenApplication(waitingApplication({ waitingTask: undefined }));

    const error = await decide({ applicationId: 'app-1', operatorId: 'operator-7', decision: 'APPROVED' }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(OperatorError);
    expect((error as Error).message).toBe('Заявление app-1 не ожидает решения оператора');
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
  });

  it('reports an unknown application', async () => {
    givenApplication(undefined);

    const error = await decide({ applicationId: 'app-9', operatorId: 'operator-7', decision: 'APPROVED' }).catch((caught: unknown) => caught);

    expect((error as Error).message).toBe('Заявление app-9 не найдено');
  });

  it.each(['TaskDoesNotExist', 'TaskTimedOut', 'InvalidToken'])('maps %s to the closed-step message', async (errorName) => {
    givenApplication(waitingApplication());
    sfn.on(SendTaskSuccessCommand).rejects(sfnError(errorName));

    const error = await decide({ applicationId: 'app-1', operatorId: 'operator-7', decision: 'APPROVED' }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(OperatorError);
    expect((error as OperatorError).code).toBe('OPERATOR_STEP_CLOSED');
    expect((error as Error).message).toBe('Этот шаг уже завершён или его срок истёк; решение не записано');
  });

  it('deletes the note again when the step has closed', async () => {
    givenApplication(waitingApplication());
    dynamo.on(PutCommand, { TableName: PERSONAL_DATA_TABLE }).resolves({});
    dynamo.on(DeleteCommand, { TableName: PERSONAL_DATA_TABLE }).resolves({});
    sfn.on(SendTaskSuccessCommand).rejects(sfnError('TaskTimedOut'));

    await decide({ applicationId: 'app-1', operatorId: 'operator-7', decision: 'REJECTED', reasonText: 'Нет подписи' }).catch(() => undefined);

    const noteId = dynamo.commandCalls(PutCommand, { TableName: PERSONAL_DATA_TABLE })[0]?.args[0].input.Item?.noteId as string;
    const [deleted] = dynamo.commandCalls(DeleteCommand, { TableName: PERSONAL_DATA_TABLE });
    expect(deleted?.args[0].input.Key).toEqual({ pk: 'APPLICATION#app-1', sk: `NOTE#${noteId}` });
  });

  it('passes other SFN errors through', async () => {
    givenApplication(waitingApplication());
    sfn.on(SendTaskSuccessCommand).rejects(sfnError('ThrottlingException'));

    const error = await decide({ applicationId: 'app-1', operatorId: 'operator-7', decision: 'APPROVED' }).catch((caught: unknown) => caught);

    expect(error).not.toBeInstanceOf(OperatorError);
    expect((error as Error).name).toBe('ThrottlingException');
  });
});
