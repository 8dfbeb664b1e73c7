import { readFile } from 'node:fs/promises';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStateStore, type StateStoreFixture } from '../support/state-store.ts';

// The store must be running and the environment set before the service modules build clients.
let store: StateStoreFixture;
let domain: {
  insertApplication: typeof import('../../functions/domain/applications.ts').insertApplication;
  readJournal: typeof import('../../functions/domain/applications.ts').readJournal;
  commitChange: typeof import('../../functions/domain/commit-change.ts').commitChange;
  readApplicationRecord: typeof import('../../functions/domain/commit-change.ts').readApplicationRecord;
  sweepPendingEvents: typeof import('../../functions/events/sweep-pending-events.ts').sweepPendingEvents;
  publishPendingEvents: typeof import('../../functions/domain/publish-events.ts').publishPendingEvents;
  stateDocumentClient: typeof import('../../functions/commons/clients.ts').stateDocumentClient;
};

beforeAll(async () => {
  store = await startStateStore();
  domain = {
    ...(await import('../../functions/domain/applications.ts')),
    ...(await import('../../functions/domain/commit-change.ts')),
    ...(await import('../../functions/events/sweep-pending-events.ts')),
    ...(await import('../../functions/domain/publish-events.ts')),
    ...(await import('../../functions/commons/clients.ts')),
  };
});

afterAll(async () => {
  await store.stop();
});

async function outboxEventIds(): Promise<string[]> {
  await store.sns.drain();
  const text = await readFile(store.outboxPath, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(JSON.parse(line).message).eventId as string);
}

function createdEvent(applicationId: string) {
  return {
    eventId: `${applicationId}-created`,
    type: 'APPLICATION_CREATED' as const,
    applicationId,
    applicantId: 'applicant-1',
    occurredAt: new Date().toISOString(),
    actor: { kind: 'applicant' as const, id: 'applicant-1' },
    status: 'RECEIVED' as const,
  };
}

function inReviewChange(applicationId: string, eventId: string) {
  return {
    applicationId,
    allowedStatuses: ['RECEIVED' as const],
    event: {
      eventId,
      type: 'STATUS_CHANGED' as const,
      applicationId,
      applicantId: 'applicant-1',
      occurredAt: new Date().toISOString(),
      actor: { kind: 'system' as const, id: 'kontrakt' },
      status: 'IN_REVIEW' as const,
    },
  };
}

describe('commitChange', () => {
  it('commits once and publishes one journal entry and message', async () => {
    await domain.insertApplication({ applicationId: 'app-once', applicantId: 'applicant-1', event: createdEvent('app-once') });

    const first = await domain.commitChange(inReviewChange('app-once', 'review-1'));
    const repeated = await domain.commitChange(inReviewChange('app-once', 'review-1'));

    expect(first.outcome).toBe('committed');
    expect(repeated.outcome).toBe('already-applied');
    const record = await domain.readApplicationRecord('app-once');
    expect(record?.version).toBe(2);
    expect(record?.pendingEvents).toEqual({});
    const journal = await domain.readJournal(record!);
    expect(journal.map((event) => event.eventId)).toEqual(['app-once-created', 'review-1']);
    expect(journal[1]?.previousStatus).toBe('RECEIVED');
    const published = (await outboxEventIds()).filter((id) => id.startsWith('app-once') || id === 'review-1');
    expect(published).toEqual(['app-once-created', 'review-1']);
  });

  it('rejects a change from a status it does not allow', async () => {
    await domain.insertApplication({ applicationId: 'app-status', applicantId: 'applicant-1', event: createdEvent('app-status') });
    await domain.commitChange(inReviewChange('app-status', 'status-1'));

    const result = await domain.commitChange(inReviewChange('app-status', 'status-2'));

    expect(result.outcome).toBe('rejected');
    expect(result.record?.version).toBe(2);
  });

  it('rejects a change whose own condition fails', async () => {
    await domain.insertApplication({ applicationId: 'app-condition', applicantId: 'applicant-1', event: createdEvent('app-condition') });

    const result = await domain.commitChange({
      ...inReviewChange('app-condition', 'condition-1'),
      condition: { expression: 'attribute_exists(#review)', names: { '#review': 'review' }, values: {} },
    });

    expect(result.outcome).toBe('rejected');
    expect(result.record?.status).toBe('RECEIVED');
    expect(result.record?.eventIds?.has('condition-1')).toBe(false);
  });

  it('applies concurrent changes one after another', async () => {
    await domain.insertApplication({ applicationId: 'app-race', applicantId: 'applicant-1', event: createdEvent('app-race') });
    const documentChange = (documentType: string) => ({
      applicationId: 'app-race',
      allowedStatuses: ['RECEIVED' as const],
      event: { ...inReviewChange('app-race', `race-${documentType}`).event, type: 'DOCUMENT_ACCEPTED' as const, status: 'RECEIVED' as const, documentType },
      set: [{ path: ['documents', documentType], value: { status: 'ACCEPTED' } }],
    });

    const results = await Promise.all(['PASSPORT', 'MILITARY_ID', 'PERSONAL_DATA_CONSENT'].map((type) => domain.commitChange(documentChange(type))));

    expect(results.map((result) => result.outcome)).toEqual(['committed', 'committed', 'committed']);
    const record = await domain.readApplicationRecord('app-race');
    expect(record?.version).toBe(4);
    expect(Object.keys(record?.documents ?? {}).sort()).toEqual(['MILITARY_ID', 'PASSPORT', 'PERSONAL_DATA_CONSENT']);
    const sequences = (await domain.readJournal(record!)).map((event) => event.sequence);
    expect(sequences).toEqual([1, 2, 3, 4]);
  });
});

describe('publishPendingEvents', () => {
  it('publishes an event once when drains run at once', async () => {
    const event = { ...createdEvent('app-drains'), eventId: 'drains-event', sequence: 2 };
    await domain.insertApplication({ applicationId: 'app-drains', applicantId: 'applicant-1', event: createdEvent('app-drains') });
    await domain.stateDocumentClient.send(
      new UpdateCommand({
        TableName: 'state',
        Key: { pk: 'APPLICATION#app-drains', sk: 'APPLICATION' },
        UpdateExpression: 'SET pendingEvents.#id = :event, pendingPartition = :partition, pendingSince = :now',
        ExpressionAttributeNames: { '#id': event.eventId },
        ExpressionAttributeValues: { ':event': event, ':partition': 'PENDING', ':now': event.occurredAt },
      }),
    );

    const counts = await Promise.all([1, 2, 3, 4].map(() => domain.publishPendingEvents('app-drains')));

    expect(counts.reduce((sum, count) => sum + count, 0)).toBe(1);
    const published = (await outboxEventIds()).filter((id) => id === 'drains-event');
    expect(published).toEqual(['drains-event']);
    const record = await domain.readApplicationRecord('app-drains');
    expect(record?.pendingEvents).toEqual({});
  });
});

describe('sweepPendingEvents', () => {
  it('publishes an event that a crash left pending', async () => {
    const event = { ...createdEvent('app-crash'), sequence: 1 };
    // A commit that crashed before publishing leaves exactly this item behind.
    await domain.stateDocumentClient.send(
      new PutCommand({
        TableName: 'state',
        Item: {
          pk: 'APPLICATION#app-crash',
          sk: 'APPLICATION',
          applicationId: 'app-crash',
          applicantId: 'applicant-1',
          status: 'RECEIVED',
          version: 1,
          createdAt: event.occurredAt,
          updatedAt: event.occurredAt,
          documents: {},
          pendingEvents: { [event.eventId]: event },
          eventIds: new Set([event.eventId]),
          pendingPartition: 'PENDING',
          pendingSince: '2026-01-01T00:00:00.000Z',
        },
      }),
    );

    const result = await domain.sweepPendingEvents();

    expect(result.events).toBeGreaterThanOrEqual(1);
    expect(result.failures).toBe(0);
    const record = await domain.readApplicationRecord('app-crash');
    expect(record?.pendingEvents).toEqual({});
    expect((record as unknown as Record<string, unknown>).pendingPartition).toBeUndefined();
    expect(await outboxEventIds()).toContain('app-crash-created');
  });

  it('leaves a just-committed event to its own commit', async () => {
    await domain.insertApplication({ applicationId: 'app-fresh', applicantId: 'applicant-1', event: createdEvent('app-fresh') });
    await domain.stateDocumentClient.send(
      new UpdateCommand({
        TableName: 'state',
        Key: { pk: 'APPLICATION#app-fresh', sk: 'APPLICATION' },
        UpdateExpression: 'SET pendingEvents.#id = :event, pendingPartition = :partition, pendingSince = :now',
        ExpressionAttributeNames: { '#id': 'fresh-event' },
        ExpressionAttributeValues: {
          ':event': { ...createdEvent('app-fresh'), eventId: 'fresh-event', sequence: 2 },
          ':partition': 'PENDING',
          ':now': new Date().toISOString(),
        },
      }),
    );

    await domain.sweepPendingEvents();

    const record = await domain.readApplicationRecord('app-fresh');
    expect(Object.keys(record?.pendingEvents ?? {})).toEqual(['fresh-event']);
  });
});
