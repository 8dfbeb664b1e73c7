/**
 * Key schema and indexes of the state table, as plain data: the CDK stack and the local
 * runtime both create the table from this, so the two cannot drift apart.
 */
export const STATE_TABLE_DESIGN = {
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: [
    { indexName: 'byApplicant', partitionKey: 'applicantId', sortKey: 'createdAt' },
    { indexName: 'waitingSteps', partitionKey: 'waitingPartition', sortKey: 'waitingSince' },
    { indexName: 'pendingEvents', partitionKey: 'pendingPartition', sortKey: 'pendingSince' },
  ],
} as const;

export const applicationKey = (applicationId: string) => ({
  pk: `APPLICATION#${applicationId}`,
  sk: 'APPLICATION',
});

export const journalSortKey = (occurredAt: string, eventId: string): string => `JOURNAL#${occurredAt}#${eventId}`;

export const JOURNAL_PREFIX = 'JOURNAL#';
export const WAITING_PARTITION = 'WAITING';
export const PENDING_PARTITION = 'PENDING';
