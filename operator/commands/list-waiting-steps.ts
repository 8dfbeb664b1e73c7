import { queryStateTable } from '../../functions/domain/query-state-table.ts';
import type { WaitingTask } from '../../functions/domain/application-record.ts';
import { WAITING_PARTITION } from '../../functions/domain/state-table-design.ts';
import { getRegistryCheck } from '../../functions/personal-data/registry-checks.ts';

/** A step waiting for an operator or the applicant, without its task token, which only the decision commands use. */
export interface WaitingStepView {
  applicationId: string;
  step: string;
  waitingSince: string;
  escalated: boolean;
  /** The criminal-record registry's result, from the personal-data store; absent while the registry has not responded. */
  registryResult?: string;
  /** APPLICANT_DOCUMENTS only. */
  documentTypes?: string[];
}

export interface WaitingStepFilter {
  step?: string;
  /** Only steps that have waited at least this long. */
  olderThanMs?: number;
  now: Date;
}

async function queryWaitingItems(): Promise<Array<Record<string, unknown>>> {
  return queryStateTable({
    IndexName: 'waitingSteps',
    KeyConditionExpression: 'waitingPartition = :partition',
    ExpressionAttributeValues: { ':partition': WAITING_PARTITION },
    ScanIndexForward: true,
  });
}

/**
 * Lists the waiting steps, oldest first, from the `waitingSteps` index: one row per step, since
 * the background checks wait for several steps of one application at once. Registry results
 * are read from the personal-data store, where they are kept as special-category data.
 */
export async function listWaitingSteps(filter: WaitingStepFilter): Promise<WaitingStepView[]> {
  const tasks = (await queryWaitingItems()).flatMap((item) =>
    Object.values((item.waitingTasks ?? {}) as Record<string, WaitingTask>).map((task) => ({ applicationId: String(item.applicationId), task })),
  );
  const cutoff = filter.olderThanMs === undefined ? undefined : new Date(filter.now.getTime() - filter.olderThanMs).toISOString();
  const selected = tasks
    .filter(({ task }) => filter.step === undefined || task.step === filter.step)
    .filter(({ task }) => cutoff === undefined || task.since <= cutoff)
    .sort((left, right) => left.task.since.localeCompare(right.task.since));

  return Promise.all(
    selected.map(async ({ applicationId, task }) => ({
      applicationId,
      step: task.step,
      waitingSince: task.since,
      escalated: task.escalated === true,
      registryResult: (await getRegistryCheck(applicationId, task.executionName))?.result,
      documentTypes: task.documentTypes,
    })),
  );
}
