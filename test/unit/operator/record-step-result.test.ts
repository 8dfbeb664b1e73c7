import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { recordStepResult } from '../../../operator/commands/record-step-result.ts';
import { OperatorError } from '../../../operator/errors.ts';
import { OPERATOR, PERSONAL_DATA_TABLE, WAITING_SINCE, dynamo, givenApplication, sfn, useConsoleMocks, waitingApplication } from './console-mocks.ts';

const TESTING_WAIT = {
  PSYCHOLOGICAL_TESTING: { step: 'PSYCHOLOGICAL_TESTING', taskToken: 'secret-4', waitId: 'wait-4', since: WAITING_SINCE, executionName: 'app-1-r1' },
};

function givenStoredResult(result: string, operatorId: string): void {
  dynamo.on(PutCommand, { TableName: PERSONAL_DATA_TABLE }).rejects(new ConditionalCheckFailedException({ message: 'exists', $metadata: {} }));
  dynamo.on(GetCommand, { TableName: PERSONAL_DATA_TABLE }).resolves({ Item: { result, operatorId, waitId: 'wait-4', step: 'PSYCHOLOGICAL_TESTING' } });
}

describe('recordStepResult', () => {
  useConsoleMocks();

  it('stores testing result, sends recorded', async () => {
    givenApplication(waitingApplication({ waitingTasks: TESTING_WAIT }));
    dynamo.on(PutCommand, { TableName: PERSONAL_DATA_TABLE }).resolves({});
    sfn.on(SendTaskSuccessCommand).resolves({});

    const result = await recordStepResult({ kind: 'record-testing', applicationId: 'app-1', result: 'NOT_RECOMMENDED' }, OPERATOR);

    expect(result).toEqual({ applicationId: 'app-1', step: 'PSYCHOLOGICAL_TESTING', result: 'NOT_RECOMMENDED', operatorId: 'operator-7' });
    const put = dynamo.commandCalls(PutCommand, { TableName: PERSONAL_DATA_TABLE })[0]?.args[0].input;
    expect(put?.Item).toMatchObject({ sk: 'STEP_RESULT#app-1-r1#PSYCHOLOGICAL_TESTING', result: 'NOT_RECOMMENDED', waitId: 'wait-4' });
    expect(put?.ConditionExpression).toBe('attribute_not_exists(pk) OR waitId <> :waitId');
    const output = sfn.commandCalls(SendTaskSuccessCommand)[0]?.args[0].input.output ?? '';
    expect(JSON.parse(output)).toEqual({ decision: 'RECORDED', waitId: 'wait-4', operatorId: 'operator-7' });
    expect(output).not.toContain('NOT_RECOMMENDED');
  });

  it('rejects different second result', async () => {
    givenApplication(waitingApplication({ waitingTasks: TESTING_WAIT }));
    givenStoredResult('RECOMMENDED', 'operator-2');

    const error = await recordStepResult({ kind: 'record-testing', applicationId: 'app-1', result: 'NOT_RECOMMENDED' }, OPERATOR).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(OperatorError);
    expect((error as OperatorError).code).toBe('STEP_ALREADY_DECIDED');
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
  });

  it('resends identical result after failure', async () => {
    givenApplication(waitingApplication({ waitingTasks: TESTING_WAIT }));
    givenStoredResult('RECOMMENDED', 'operator-7');
    sfn.on(SendTaskSuccessCommand).resolves({});

    await recordStepResult({ kind: 'record-testing', applicationId: 'app-1', result: 'RECOMMENDED' }, OPERATOR);

    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(1);
  });
});
