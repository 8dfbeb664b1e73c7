import { logger } from '../commons/logger.ts';
import type { ApplicationRecord } from '../domain/application-record.ts';
import { commitChange, readApplicationRecord, type Change } from '../domain/commit-change.ts';
import { ApplicationNotFoundError, ChangeRejectedError } from './errors.ts';

export async function readApplicationOrThrow(applicationId: string): Promise<ApplicationRecord> {
  const record = await readApplicationRecord(applicationId);
  if (record === undefined) throw new ApplicationNotFoundError(applicationId);
  return record;
}

/**
 * Commits a workflow step's change and returns the application after it. A change whose event id
 * is already recorded counts as done, because that is a retried Lambda; a rejected change throws.
 */
export async function commitStep(change: Change): Promise<ApplicationRecord> {
  const result = await commitChange(change);
  const fields = { applicationId: change.applicationId, eventId: change.event.eventId, eventType: change.event.type };
  if (result.outcome === 'rejected') {
    if (result.record === undefined) throw new ApplicationNotFoundError(change.applicationId);
    throw new ChangeRejectedError(change.applicationId, change.event.type, result.record.status, change.allowedStatuses);
  }
  logger.info(result.outcome === 'committed' ? 'Step committed' : 'Step already committed', fields);
  return result.record;
}
