import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import { describe, expect, it } from 'vitest';
import { MAX_TIMER_SECONDS, findTaskStates, substituteDefinition, withStepFunctionsTaskTimeouts } from '../../../local/sfn/definition.ts';

const invoke = (name: string, extra: Record<string, unknown> = {}) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke',
  Parameters: { FunctionName: name },
  End: true,
  ...extra,
});

const definition = {
  StartAt: 'Fan',
  States: {
    Fan: {
      Type: 'Parallel',
      Branches: [{ StartAt: 'InBranch', States: { InBranch: invoke('a') } }],
      Next: 'Each',
    },
    Each: { Type: 'Map', ItemProcessor: { StartAt: 'InMap', States: { InMap: invoke('b') } }, Next: 'Wait' },
    Wait: invoke('c', { Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken', TimeoutSeconds: 30 }),
  },
} as unknown as StateMachineDefinition;

describe('substituteDefinition', () => {
  it('replaces every placeholder with its value', () => {
    const text = '{"A":"${First}","B":"${Second}","C":"${First}"}';

    const result = substituteDefinition(text, { First: 'one', Second: 'two' });

    expect(result).toBe('{"A":"one","B":"two","C":"one"}');
  });

  it('throws for a placeholder without a value', () => {
    const substitute = () => substituteDefinition('{"A":"${Missing}"}', {});

    expect(substitute).toThrow('State machine definition substitutions are missing: Missing');
  });
});

describe('findTaskStates', () => {
  it('finds Task states in Parallel branches and Map processors', () => {
    const tasks = findTaskStates(definition);

    expect([...tasks.keys()].sort()).toEqual(['InBranch', 'InMap', 'Wait']);
  });

  it('throws when one name stands for two different Task states', () => {
    const clashing = {
      StartAt: 'Fan',
      States: { Fan: { Type: 'Parallel', Branches: [{ StartAt: 'Fan', States: { Fan: invoke('x') } }], End: true } },
    } as unknown as StateMachineDefinition;
    const twice = { StartAt: 'T', States: { T: { Type: 'Parallel', Branches: [{ StartAt: 'Same', States: { Same: invoke('x') } }, { StartAt: 'Same', States: { Same: invoke('y') } }], End: true } } } as unknown as StateMachineDefinition;

    expect(() => findTaskStates(clashing)).not.toThrow();
    expect(() => findTaskStates(twice)).toThrow('Task state name Same is used by two different states');
  });
});

describe('withStepFunctionsTaskTimeouts', () => {
  it('sets the default and token timeouts', () => {
    const prepared = withStepFunctionsTaskTimeouts(definition) as unknown as {
      States: { Fan: { Branches: Array<{ States: { InBranch: { TimeoutSeconds: number } } }> }; Wait: { TimeoutSeconds: number } };
    };

    expect(prepared.States.Fan.Branches[0]?.States.InBranch.TimeoutSeconds).toBe(MAX_TIMER_SECONDS);
    expect(prepared.States.Wait.TimeoutSeconds).toBe(31);
    expect((definition.States.Wait as { TimeoutSeconds?: number }).TimeoutSeconds).toBe(30);
  });
});
