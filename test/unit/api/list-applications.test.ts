import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { handler } from '../../../functions/api/list-applications.ts';
import { APPLICANT_ID, STATE_TABLE, apiEvent, applicationRecord, callsTo, dynamo, invoke } from './api-test-kit.ts';

describe('list-applications handler', () => {
  it("lists only the caller's applications with Russian status titles", async () => {
    // Prepare
    dynamo.on(QueryCommand, { TableName: STATE_TABLE, IndexName: 'byApplicant' }).resolves({
      Items: [
        applicationRecord({
          applicationId: '01JF3Q8Z6Y4T2N7KX5W9HBCDEB',
          status: 'IN_REVIEW',
          version: 9,
          review: { round: 1, executionName: 'x-r1', submittedAt: '2025-06-05T10:00:00.000Z' },
        }),
        applicationRecord(),
      ],
    });

    // Act
    const result = await invoke(handler, apiEvent({ routeKey: 'GET /applications', applicantId: APPLICANT_ID }));

    // Assess
    expect(result.statusCode).toBe(200);
    const [query] = callsTo<QueryCommandInput>(QueryCommand, STATE_TABLE);
    expect(query?.ExpressionAttributeValues).toEqual({ ':applicantId': APPLICANT_ID });
    expect(result.body.applications).toEqual([
      {
        applicationId: '01JF3Q8Z6Y4T2N7KX5W9HBCDEB',
        status: 'IN_REVIEW',
        statusTitle: 'На проверке',
        version: 9,
        createdAt: '2025-06-01T07:00:00.000Z',
        updatedAt: '2025-06-01T07:00:00.000Z',
        submittedAt: '2025-06-05T10:00:00.000Z',
      },
      {
        applicationId: '01JF3Q8Z6Y4T2N7KX5W9HBCDEA',
        status: 'RECEIVED',
        statusTitle: 'Получено',
        version: 1,
        createdAt: '2025-06-01T07:00:00.000Z',
        updatedAt: '2025-06-01T07:00:00.000Z',
      },
    ]);
  });

  it('returns an empty list to a new applicant', async () => {
    // Act
    const result = await invoke(handler, apiEvent({ routeKey: 'GET /applications', applicantId: APPLICANT_ID }));

    // Assess
    expect(result.body).toEqual({ applications: [] });
  });

  it('rejects a request without the subject claim', async () => {
    // Act
    const result = await invoke(handler, apiEvent({ routeKey: 'GET /applications' }));

    // Assess
    expect(result.statusCode).toBe(401);
    expect(dynamo.commandCalls(QueryCommand)).toHaveLength(0);
  });
});
