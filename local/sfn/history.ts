import type { StateMachine } from 'aws-local-stepfunctions';

/** One event of aws-local-stepfunctions' execution log. */
export type LibraryEvent = ReturnType<StateMachine['run']>['eventLogs'] extends AsyncGenerator<infer Event> ? Event : never;

/** An event in the shape of GetExecutionHistory's `events`. */
export interface HistoryEvent {
  id: number;
  previousEventId: number;
  timestamp: Date;
  type: string;
  [detailsKey: string]: unknown;
}

const dataDetails = (data: unknown) => ({ truncated: false, sizeBytes: Buffer.byteLength(JSON.stringify(data ?? null)) });

/** Collects an execution's events, numbered in the order they happened, as AWS lists them. */
export class HistoryRecorder {
  readonly events: HistoryEvent[] = [];

  record(type: string, detailsKey: string | undefined, details: Record<string, unknown> | undefined, timestamp = new Date()): void {
    const id = this.events.length + 1;
    const event: HistoryEvent = { id, previousEventId: id - 1, timestamp, type };
    if (detailsKey !== undefined && details !== undefined) {
      event[detailsKey] = Object.fromEntries(Object.entries(details).filter(([, value]) => value !== undefined));
    }
    this.events.push(event);
  }

  /**
   * Records a library event as the matching AWS event. The execution records its own start and
   * end, and the task handlers record the task events. Retries and catches get no event of their
   * own, because Step Functions shows them only through the events around them.
   */
  recordLibraryEvent(event: LibraryEvent): void {
    const timestamp = new Date(event.timestamp);
    switch (event.type) {
      case 'StateEntered': {
        const { name, type, input } = event.state;
        const details = { name, input: JSON.stringify(input), inputDetails: dataDetails(input) };
        this.record(`${type}StateEntered`, 'stateEnteredEventDetails', details, timestamp);
        if (type === 'Map' || type === 'Parallel') this.record(`${type}StateStarted`, undefined, undefined, timestamp);
        return;
      }
      case 'StateExited': {
        const { name, type, output } = event.state;
        if (type === 'Map' || type === 'Parallel') this.record(`${type}StateSucceeded`, undefined, undefined, timestamp);
        const details = { name, output: JSON.stringify(output ?? null), outputDetails: dataDetails(output) };
        this.record(`${type}StateExited`, 'stateExitedEventDetails', details, timestamp);
        return;
      }
      case 'StateFailed': {
        const { type } = event.state;
        if (type === 'Map' || type === 'Parallel') this.record(`${type}StateFailed`, undefined, undefined, timestamp);
        return;
      }
      case 'MapIterationStarted':
      case 'MapIterationSucceeded':
      case 'MapIterationFailed': {
        const detailsKey = `mapIteration${event.type.slice('MapIteration'.length)}EventDetails`;
        this.record(event.type, detailsKey, { name: event.parentState.name, index: event.index }, timestamp);
        return;
      }
      default:
        return;
    }
  }
}

/** Drops inputs and outputs from events, as GetExecutionHistory does with includeExecutionData false. */
export function withoutExecutionData(event: HistoryEvent): HistoryEvent {
  const copy: HistoryEvent = { ...event };
  for (const [key, value] of Object.entries(copy)) {
    if (!key.endsWith('EventDetails') || value === null || typeof value !== 'object') continue;
    const details = { ...(value as Record<string, unknown>) };
    for (const field of ['input', 'output', 'inputDetails', 'outputDetails', 'parameters']) delete details[field];
    copy[key] = details;
  }
  return copy;
}
