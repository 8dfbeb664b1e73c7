import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { stateDocumentClient } from '../commons/clients.ts';
import { ConcurrentChangeError } from '../commons/errors.ts';
import { logger } from '../commons/logger.ts';
import { stateTableName } from '../commons/env.ts';
import type { ApplicationRecord } from './application-record.ts';
import type { DomainEvent } from './events.ts';
import { publishPendingEvents } from './publish-events.ts';
import { PENDING_PARTITION, applicationKey } from './state-table-design.ts';
import type { ApplicationStatus } from './statuses.ts';

/** An attribute path (top-level name, then nested map keys) and the value to set there. */
export interface FieldUpdate {
  path: string[];
  value: unknown;
}

export interface Change {
  applicationId: string;
  /** The event this change emits; its status is the status after the change. */
  event: Omit<DomainEvent, 'sequence' | 'previousStatus'>;
  /** Statuses the application must be in for the change to apply. */
  allowedStatuses: ApplicationStatus[];
  set?: FieldUpdate[];
  remove?: string[][];
  /** An extra condition over the current item, such as the upload slot a validation belongs to. */
  condition?: { expression: string; names: Record<string, string>; values: Record<string, unknown> };
}

export type CommitResult =
  | { outcome: 'committed'; record: ApplicationRecord }
  | { outcome: 'already-applied'; record: ApplicationRecord }
  | { outcome: 'rejected'; record: ApplicationRecord | undefined };

class ExpressionBuilder {
  readonly names: Record<string, string> = {};
  readonly values: Record<string, unknown> = {};
  private nameCount = 0;
  private valueCount = 0;

  name(part: string): string {
    const placeholder = `#n${this.nameCount++}`;
    this.names[placeholder] = part;
    return placeholder;
  }

  path(parts: string[]): string {
    return parts.map((part) => this.name(part)).join('.');
  }

  value(value: unknown): string {
    const placeholder = `:v${this.valueCount++}`;
    this.values[placeholder] = value;
    return placeholder;
  }
}

const MAX_ATTEMPTS = 5;

/**
 * Commits one change of an application with a single conditional UpdateItem: the new state,
 * version + 1, the event id recorded in `eventIds` and the event stored as pending; then it
 * publishes the pending events (journal entry and SNS message). The write is conditional on the
 * version just read, so a concurrent change makes it re-read and try again. A repeated event id
 * is reported as already applied and changes nothing. Throws ConcurrentChangeError (409 at the
 * API) when other writers win every attempt.
 */
export async function commitChange(change: Change): Promise<CommitResult> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const current = await readApplicationRecord(change.applicationId);
    if (current === undefined) return { outcome: 'rejected', record: undefined };
    if (current.eventIds?.has(change.event.eventId)) {
      await publishPendingEvents(change.applicationId);
      return { outcome: 'already-applied', record: current };
    }
    if (!change.allowedStatuses.includes(current.status)) return { outcome: 'rejected', record: current };

    try {
      const record = await writeChange(change, current);
      await publishPendingEvents(change.applicationId);
      return { outcome: 'committed', record };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const latest = await readApplicationRecord(change.applicationId);
      // The version did not move, so the change's own condition failed: no retry can help.
      if (latest?.version === current.version) return { outcome: 'rejected', record: latest };
    }
  }
  logger.warn('Commit kept conflicting', { applicationId: change.applicationId, eventId: change.event.eventId, attempts: MAX_ATTEMPTS });
  throw new ConcurrentChangeError();
}

async function writeChange(change: Change, current: ApplicationRecord): Promise<ApplicationRecord> {
  const expression = new ExpressionBuilder();
  const now = change.event.occurredAt;
  const event: DomainEvent = { ...change.event, previousStatus: current.status, sequence: current.version + 1 };

  const assignments = [
    `${expression.name('version')} = ${expression.value(current.version + 1)}`,
    `${expression.name('updatedAt')} = ${expression.value(now)}`,
    `${expression.name('status')} = ${expression.value(event.status)}`,
    `${expression.name('pendingEvents')}.${expression.name(event.eventId)} = ${expression.value(event)}`,
    `${expression.name('pendingPartition')} = ${expression.value(PENDING_PARTITION)}`,
    `${expression.name('pendingSince')} = if_not_exists(${expression.name('pendingSince')}, ${expression.value(now)})`,
  ];
  for (const update of change.set ?? []) {
    assignments.push(`${expression.path(update.path)} = ${expression.value(update.value)}`);
  }
  const removals = (change.remove ?? []).map((path) => expression.path(path));

  const conditions = [`${expression.name('version')} = ${expression.value(current.version)}`];
  if (change.condition) {
    conditions.push(`(${change.condition.expression})`);
    Object.assign(expression.names, change.condition.names);
    Object.assign(expression.values, change.condition.values);
  }

  const updateExpression =
    `SET ${assignments.join(', ')} ADD ${expression.name('eventIds')} ${expression.value(new Set([event.eventId]))}` +
    (removals.length > 0 ? ` REMOVE ${removals.join(', ')}` : '');

  const result = await stateDocumentClient.send(
    new UpdateCommand({
      TableName: stateTableName(),
      Key: applicationKey(change.applicationId),
      UpdateExpression: updateExpression,
      ConditionExpression: conditions.join(' AND '),
      ExpressionAttributeNames: expression.names,
      ExpressionAttributeValues: expression.values,
      ReturnValues: 'ALL_NEW',
    }),
  );
  return result.Attributes as ApplicationRecord;
}

export async function readApplicationRecord(applicationId: string): Promise<ApplicationRecord | undefined> {
  const result = await stateDocumentClient.send(
    new GetCommand({ TableName: stateTableName(), Key: applicationKey(applicationId), ConsistentRead: true }),
  );
  return result.Item as ApplicationRecord | undefined;
}
