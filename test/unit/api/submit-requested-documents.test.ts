import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { handler } from '../../../functions/api/submit-requested-documents.ts';
import type { ApplicationRecord, DocumentRecord } from '../../../functions/domain/application-record.ts';
import { APPLICANT_ID, APPLICATION_ID, apiEvent, applicationRecord, givenApplication, invoke, sfn } from './api-test-kit.ts';

const REQUESTED_AT = '2025-06-12T10:00:00.000Z';

const submitEvent = () =>
  apiEvent({
    routeKey: 'POST /applications/{applicationId}/documents/submit',
    applicantId: APPLICANT_ID,
    pathParameters: { applicationId: APPLICATION_ID },
  });

function document(status: DocumentRecord['status'], requestedAt: string): DocumentRecord {
  return { status, uploadId: 'u', objectKey: 'k', fileName: 'f.pdf', contentType: 'application/pdf', requestedAt };
}

function waitingForDocuments(documents: Record<string, DocumentRecord>): ApplicationRecord {
  return applicationRecord({
    status: 'IN_REVIEW',
    documents,
    review: { round: 1, executionName: `${APPLICATION_ID}-r1`, submittedAt: '2025-06-10T10:00:00.000Z' },
    waitingTasks: {
      APPLICANT_DOCUMENTS: {
        step: 'APPLICANT_DOCUMENTS',
        taskToken: 'secret-token',
        waitId: 'wait-5',
        since: REQUESTED_AT,
        executionName: `${APPLICATION_ID}-r1`,
        documentTypes: ['PASSPORT', 'MILITARY_ID'],
      },
    },
  });
}

describe('submit-requested-documents handler', () => {
  it('completes wait when documents accepted', async () => {
    // Prepare
    givenApplication(waitingForDocuments({ PASSPORT: document('ACCEPTED', '2025-06-13T08:00:00.000Z'), MILITARY_ID: document('ACCEPTED', '2025-06-13T09:00:00.000Z') }));
    sfn.on(SendTaskSuccessCommand).resolves({});

    // Act
    const result = await invoke(handler, submitEvent());

    // Assess
    expect(result.statusCode).toBe(202);
    expect(result.body.documentTypes).toEqual(['PASSPORT', 'MILITARY_ID']);
    const [call] = sfn.commandCalls(SendTaskSuccessCommand);
    expect(call?.args[0].input.taskToken).toBe('secret-token');
    expect(JSON.parse(call?.args[0].input.output ?? '')).toEqual({
      decision: 'SUBMITTED',
      waitId: 'wait-5',
      applicantId: APPLICANT_ID,
      documentTypes: ['PASSPORT', 'MILITARY_ID'],
    });
  });

  it('refuses document uploaded before request', async () => {
    // Prepare
    givenApplication(waitingForDocuments({ PASSPORT: document('ACCEPTED', '2025-06-01T08:00:00.000Z'), MILITARY_ID: document('ACCEPTED', '2025-06-13T09:00:00.000Z') }));

    // Act
    const result = await invoke(handler, submitEvent());

    // Assess
    expect(result.statusCode).toBe(409);
    expect(result.body.error.code).toBe('DOCUMENTS_INCOMPLETE');
    expect(result.body.error.fields).toEqual([
      { path: 'documents.PASSPORT', code: 'DOCUMENT_MISSING', message: 'Документ «Паспорт гражданина Российской Федерации» не загружен после запроса' },
    ]);
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
  });

  it('refuses document not yet accepted', async () => {
    // Prepare
    givenApplication(waitingForDocuments({ PASSPORT: document('AWAITING_UPLOAD', '2025-06-13T08:00:00.000Z'), MILITARY_ID: document('ACCEPTED', '2025-06-13T09:00:00.000Z') }));

    // Act
    const result = await invoke(handler, submitEvent());

    // Assess
    expect(result.statusCode).toBe(409);
    expect(result.body.error.fields[0].code).toBe('DOCUMENT_NOT_ACCEPTED');
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
  });

  it('refuses when nothing requested', async () => {
    // Prepare
    givenApplication(applicationRecord({ status: 'IN_REVIEW' }));

    // Act
    const result = await invoke(handler, submitEvent());

    // Assess
    expect(result.statusCode).toBe(409);
    expect(result.body.error.code).toBe('DOCUMENTS_NOT_REQUESTED');
  });

  it('reports closed wait as not requested', async () => {
    // Prepare
    givenApplication(waitingForDocuments({ PASSPORT: document('ACCEPTED', '2025-06-13T08:00:00.000Z'), MILITARY_ID: document('ACCEPTED', '2025-06-13T09:00:00.000Z') }));
    const closed = new Error('Task does not exist');
    closed.name = 'TaskDoesNotExist';
    sfn.on(SendTaskSuccessCommand).rejects(closed);

    // Act
    const result = await invoke(handler, submitEvent());

    // Assess
    expect(result.statusCode).toBe(409);
    expect(result.body.error.code).toBe('DOCUMENTS_NOT_REQUESTED');
  });
});
