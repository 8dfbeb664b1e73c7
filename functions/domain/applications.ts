import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { stateDocumentClient } from '../commons/clients.ts';
import { stateTableName } from '../commons/env.ts';
import { ConflictError, applicationNotFound } from '../commons/errors.ts';
import type { ApplicationRecord } from './application-record.ts';
import { readApplicationRecord } from './commit-change.ts';
import type { DomainEvent } from './events.ts';
import { publishPendingEvents } from './publish-events.ts';
import { queryStateTable } from './query-state-table.ts';
import { JOURNAL_PREFIX, PENDING_PARTITION, applicationKey } from './state-table-design.ts';

/** Stores a new application in status RECEIVED with its creation event pending, then publishes it. */
export async function insertApplication(input: {
  applicationId: string;
  applicantId: string;
  event: Omit<DomainEvent, 'sequence'>;
}): Promise<ApplicationRecord> {
  const now = input.event.occurredAt;
  const event: DomainEvent = { ...input.event, sequence: 1 };
  const record: ApplicationRecord = {
    applicationId: input.applicationId,
    applicantId: input.applicantId,
    status: 'RECEIVED',
    version: 1,
    createdAt: now,
    updatedAt: now,
    documents: {},
    pendingEvents: { [event.eventId]: event },
    eventIds: new Set([event.eventId]),
  };
  try {
    await stateDocumentClient.send(
      new PutCommand({
        TableName: stateTableName(),
        Item: { ...applicationKey(input.applicationId), ...record, pendingPartition: PENDING_PARTITION, pendingSince: now },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) {
      throw new ConflictError('APPLICATION_EXISTS', 'Заявление с таким идентификатором уже создано');
    }
    throw error;
  }
  await publishPendingEvents(input.applicationId);
  return record;
}

/**
 * Returns the application if it belongs to the applicant. Another applicant's application is
 * reported as not found, so ids cannot be probed.
 */
export async function readOwnedApplication(applicationId: string, applicantId: string): Promise<ApplicationRecord> {
  const record = await readApplicationRecord(applicationId);
  if (record === undefined || record.applicantId !== applicantId) throw applicationNotFound();
  return record;
}

export async function listApplicantApplications(applicantId: string): Promise<ApplicationRecord[]> {
  const items = await queryStateTable({
    IndexName: 'byApplicant',
    KeyConditionExpression: 'applicantId = :applicantId',
    ExpressionAttributeValues: { ':applicantId': applicantId },
    ScanIndexForward: false,
  });
  return items as unknown as ApplicationRecord[];
}

/**
 * Returns the application's journal, oldest first: the published entries plus the events still
 * pending, so a reader never misses a step that the publisher has not reached yet.
 */
export async function readJournal(record: ApplicationRecord): Promise<DomainEvent[]> {
  const entries = new Map<string, DomainEvent>();
  const items = await queryStateTable({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': applicationKey(record.applicationId).pk, ':prefix': JOURNAL_PREFIX },
    ConsistentRead: true,
  });
  for (const item of items) {
    const { pk: _pk, sk: _sk, ...event } = item;
    entries.set(String(item.eventId), event as unknown as DomainEvent);
  }
  for (const event of Object.values(record.pendingEvents ?? {})) entries.set(event.eventId, event);
  return [...entries.values()].sort((left, right) => left.sequence - right.sequence);
}
