import type { StateMachineDefinition } from 'aws-local-stepfunctions';

/** A Task state as the local runtime needs to see it; the fields are those of the ASL. */
export interface TaskStateDefinition {
  Type: 'Task';
  Resource: string;
  TimeoutSeconds?: number;
  TimeoutSecondsPath?: string;
  HeartbeatSeconds?: number;
  HeartbeatSecondsPath?: string;
  [field: string]: unknown;
}

interface StatesContainer {
  States: Record<string, { Type: string; [field: string]: unknown }>;
}

/**
 * The maximum delay of a Node.js timer (2^31 - 1 ms, about 24.8 days). A longer delay fires at
 * once, so this replaces Step Functions' default task timeout of 99999999 seconds.
 */
export const MAX_TIMER_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

const SUBSTITUTION = /\$\{([A-Za-z0-9_]+)\}/g;

/**
 * Replaces `${Name}` placeholders with their values, as CDK's `definitionSubstitutions` does.
 * A placeholder without a value throws, because AWS would reject the definition as well.
 */
export function substituteDefinition(text: string, substitutions: Record<string, string>): string {
  const missing = new Set<string>();
  const result = text.replace(SUBSTITUTION, (placeholder, name: string) => {
    const value = substitutions[name];
    if (value === undefined) {
      missing.add(name);
      return placeholder;
    }
    return value;
  });
  if (missing.size > 0) throw new Error(`State machine definition substitutions are missing: ${[...missing].join(', ')}`);
  return result;
}

/** Calls `visit` for every state container: the machine, Parallel branches and Map iterators. */
function walkContainers(container: StatesContainer, visit: (container: StatesContainer) => void): void {
  visit(container);
  for (const state of Object.values(container.States)) {
    const branches = (state.Branches as StatesContainer[] | undefined) ?? [];
    const iterators = [state.Iterator, state.ItemProcessor].filter((value) => value !== undefined) as StatesContainer[];
    for (const nested of [...branches, ...iterators]) walkContainers(nested, visit);
  }
}

/**
 * Returns every Task state by name, including those in Parallel branches and Map iterators.
 * aws-local-stepfunctions overrides Task states by name alone, so two Task states with one name
 * but different settings cannot both run locally and throw here.
 */
export function findTaskStates(definition: StateMachineDefinition): Map<string, TaskStateDefinition> {
  const tasks = new Map<string, TaskStateDefinition>();
  walkContainers(definition as unknown as StatesContainer, (container) => {
    for (const [name, state] of Object.entries(container.States)) {
      if (state.Type !== 'Task') continue;
      const task = state as TaskStateDefinition;
      const known = tasks.get(name);
      if (known !== undefined && JSON.stringify(known) !== JSON.stringify(task)) {
        throw new Error(`Task state name ${name} is used by two different states; the local runtime needs unique names`);
      }
      tasks.set(name, task);
    }
  });
  return tasks;
}

export const isWaitForTaskToken = (task: TaskStateDefinition): boolean => task.Resource.endsWith('.waitForTaskToken');

/**
 * Returns a copy for aws-local-stepfunctions. A Task state without TimeoutSeconds gets the
 * maximum timer delay instead of the library's 60-second default, which Step Functions does not
 * have, and every timeout is capped at that delay. The task token enforces a `.waitForTaskToken`
 * state's timeout and expires the token with it, so the library's own timer gets one second more
 * and does not fire first.
 */
export function withStepFunctionsTaskTimeouts(definition: StateMachineDefinition): StateMachineDefinition {
  const copy = structuredClone(definition);
  if (copy.TimeoutSeconds !== undefined) copy.TimeoutSeconds = Math.min(copy.TimeoutSeconds, MAX_TIMER_SECONDS);
  walkContainers(copy as unknown as StatesContainer, (container) => {
    for (const state of Object.values(container.States)) {
      if (state.Type !== 'Task' || state.TimeoutSecondsPath !== undefined) continue;
      const task = state as TaskStateDefinition;
      const margin = isWaitForTaskToken(task) && task.TimeoutSeconds !== undefined ? 1 : 0;
      task.TimeoutSeconds = Math.min((task.TimeoutSeconds ?? MAX_TIMER_SECONDS) + margin, MAX_TIMER_SECONDS);
    }
  });
  return copy;
}
