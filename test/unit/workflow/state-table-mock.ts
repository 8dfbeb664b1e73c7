import { DynamoDBDocumentClient, GetCommand, UpdateCommand, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, vi } from 'vitest';
import { logger } from '../../../functions/commons/logger.ts';
import type { ApplicationRecord } from '../../../functions/domain/application-record.ts';

export const STATE_TABLE = 'test-state';
export const PERSONAL_DATA_TABLE = 'test-personal-data';

/** Mocks every DynamoDBDocumentClient: the state table's and the personal-data store's. */
export const dynamo = mockClient(DynamoDBDocumentClient);
export const sns = mockClient(SNSClient);

/** An UpdateItem expression with its placeholders resolved: `documents.PASSPORT.status` → value. */
export interface ResolvedUpdate {
  set: Record<string, unknown>;
  removed: string[];
  condition: string;
}

/** Splits on commas outside parentheses, so `if_not_exists(a, b)` stays one assignment. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const character of text) {
    if (character === '(') depth++;
    if (character === ')') depth--;
    if (character === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else {
      current += character;
    }
  }
  if (current.trim() !== '') parts.push(current.trim());
  return parts;
}

export function resolveUpdate(input: UpdateCommandInput): ResolvedUpdate {
  const names = input.ExpressionAttributeNames ?? {};
  const values = input.ExpressionAttributeValues ?? {};
  const resolveNames = (text: string) => text.replace(/#[A-Za-z0-9]+/g, (placeholder) => names[placeholder] ?? placeholder);
  const expression = input.UpdateExpression ?? '';
  const setClause = /SET (.*?)(?: ADD | REMOVE |$)/.exec(expression)?.[1] ?? '';
  const removeClause = / REMOVE (.*)$/.exec(expression)?.[1] ?? '';

  const set: Record<string, unknown> = {};
  for (const assignment of splitTopLevel(setClause)) {
    const [path, value] = assignment.split(' = ') as [string, string];
    set[resolveNames(path)] = value.startsWith(':') ? values[value] : resolveNames(value);
  }
  return {
    set,
    removed: removeClause === '' ? [] : splitTopLevel(removeClause).map(resolveNames),
    condition: resolveNames(input.ConditionExpression ?? ''),
  };
}

/** Applies resolved SET and REMOVE paths to a copy of the record, as DynamoDB would. */
function applyUpdate(record: ApplicationRecord, update: ResolvedUpdate): ApplicationRecord {
  const copy = structuredClone(record) as unknown as Record<string, unknown>;
  for (const [path, value] of Object.entries(update.set)) {
    const parts = path.split('.');
    let target = copy;
    for (const part of parts.slice(0, -1)) target = (target[part] ??= {}) as Record<string, unknown>;
    target[parts.at(-1)!] = value;
  }
  for (const path of update.removed) delete copy[path];
  return copy as unknown as ApplicationRecord;
}

/**
 * Serves one application from the mocked state table. Each UpdateItem succeeds and returns the
 * record with the update applied; the publisher's read finds no pending event, so nothing is
 * published, which the commit tests do not need.
 */
export function givenApplication(record: ApplicationRecord): void {
  dynamo.on(GetCommand, { TableName: STATE_TABLE }).callsFake((input: { ProjectionExpression?: string }) =>
    input.ProjectionExpression === undefined ? { Item: structuredClone(record) } : { Item: { pendingEvents: {} } },
  );
  dynamo.on(UpdateCommand, { TableName: STATE_TABLE }).callsFake((input: UpdateCommandInput) => ({
    Attributes: applyUpdate(record, resolveUpdate(input)),
  }));
}

export function givenNoApplication(): void {
  dynamo.on(GetCommand, { TableName: STATE_TABLE }).resolves({});
}

/** Returns every UpdateItem sent to the state table, resolved. */
export function stateUpdates(): ResolvedUpdate[] {
  return dynamo.commandCalls(UpdateCommand, { TableName: STATE_TABLE }).map((call) => resolveUpdate(call.args[0].input));
}

export function buildApplication(overrides: Partial<ApplicationRecord> = {}): ApplicationRecord {
  return {
    applicationId: 'app-1',
    applicantId: 'applicant-1',
    status: 'IN_REVIEW',
    version: 4,
    createdAt: '2025-03-01T08:00:00.000Z',
    updatedAt: '2025-03-02T08:00:00.000Z',
    documents: {},
    pendingEvents: {},
    eventIds: new Set(['earlier-event']),
    ...overrides,
  };
}

/** Resets the mocks and sets the variables the domain and personal-data modules read. */
export function useWorkflowMocks(): void {
  beforeEach(() => {
    logger.setLogLevel('SILENT');
    dynamo.reset();
    sns.reset();
    vi.stubEnv('STATE_TABLE_NAME', STATE_TABLE);
    vi.stubEnv('EVENTS_TOPIC_ARN', 'arn:aws:sns:eu-central-1:000000000000:test-events');
    vi.stubEnv('PERSONAL_DATA_TABLE_NAME', PERSONAL_DATA_TABLE);
    vi.stubEnv('PERSONAL_DATA_BUCKET_NAME', 'test-personal-data-bucket');
    vi.stubEnv('AWS_REGION', 'eu-central-1');
  });
}

/** Returns the domain event an update stores in `pendingEvents`. */
export function pendingEventOf(update: ResolvedUpdate): Record<string, unknown> {
  const entry = Object.entries(update.set).find(([path]) => path.startsWith('pendingEvents.'));
  if (entry === undefined) throw new Error('The update stores no pending event');
  return entry[1] as Record<string, unknown>;
}
