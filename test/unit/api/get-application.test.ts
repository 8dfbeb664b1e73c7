import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { handler } from '../../../functions/api/get-application.ts';
import { DOCUMENT_CATALOGUE } from '../../../functions/domain/document-catalogue.ts';
import { storedFormOf } from '../schemas/form-fixtures.ts';
import {
  APPLICANT_ID,
  APPLICATION_ID,
  OTHER_APPLICANT_ID,
  PERSONAL_DATA_TABLE,
  apiEvent,
  applicationRecord,
  callsTo,
  domainEvent,
  givenApplication,
  givenForm,
  givenJournal,
  givenNote,
  invoke,
} from './api-test-kit.ts';

const getEvent = (applicationId: string, applicantId = APPLICANT_ID) =>
  apiEvent({ routeKey: 'GET /applications/{applicationId}', applicantId, pathParameters: { applicationId } });

const storedForm = { applicationId: APPLICATION_ID, applicantId: APPLICANT_ID, form: storedFormOf(), version: 3, updatedAt: '2025-06-02T08:00:00.000Z' };

describe('get-application handler', () => {
  it('returns the form from the personal-data store with the status', async () => {
    // Prepare
    givenApplication(applicationRecord({ status: 'IN_REVIEW', version: 7 }));
    givenForm(storedForm);

    // Act
    const result = await invoke(handler, getEvent(APPLICATION_ID));

    // Assess
    expect(result.statusCode).toBe(200);
    expect(result.body.form).toEqual(storedFormOf());
    expect(result.body.formVersion).toBe(3);
    expect(result.headers.etag).toBe('"3"');
    expect(result.body.status).toBe('IN_REVIEW');
    expect(result.body.statusTitle).toBe('На проверке');
    expect(result.body.version).toBe(7);
  });

  it('lists every catalogue document with its state', async () => {
    // Prepare
    givenApplication(
      applicationRecord({
        documents: {
          PASSPORT: {
            status: 'REJECTED',
            uploadId: 'upload-1',
            objectKey: 'uploads/x',
            fileName: 'Паспорт_20250601.pdf',
            contentType: 'application/pdf',
            requestedAt: '2025-06-01T08:00:00.000Z',
            validatedAt: '2025-06-01T08:01:00.000Z',
            reasonCode: 'FILE_TOO_LARGE',
          },
        },
      }),
    );
    givenForm(storedForm);

    // Act
    const result = await invoke(handler, getEvent(APPLICATION_ID));

    // Assess
    const documents = result.body.documents as Array<Record<string, unknown>>;
    expect(documents.map((document) => document.documentType)).toEqual(DOCUMENT_CATALOGUE.map((rule) => rule.type));
    expect(documents[0]).toMatchObject({
      documentType: 'PASSPORT',
      title: 'Паспорт гражданина Российской Федерации',
      required: true,
      status: 'REJECTED',
      statusTitle: 'Отклонено',
      reason: 'Файл превышает допустимый размер',
      fileName: 'Паспорт_20250601.pdf',
    });
    expect(documents[1]).toMatchObject({ documentType: 'MILITARY_ID', status: 'NOT_UPLOADED', statusTitle: 'Не загружен' });
  });

  it('renders the journal in Moscow time with Russian texts and actors', async () => {
    // Prepare
    givenApplication(applicationRecord());
    givenForm(storedForm);
    givenJournal([
      domainEvent({ eventId: 'e1', sequence: 1, occurredAt: '2025-06-01T21:30:00.000Z' }),
      domainEvent({
        eventId: 'e2',
        sequence: 2,
        type: 'DOCUMENT_REJECTED',
        documentType: 'PASSPORT',
        reasonCode: 'FILE_TOO_LARGE',
        actor: { kind: 'system', id: 'kontrakt' },
        occurredAt: '2025-06-02T06:05:00.000Z',
      }),
      domainEvent({
        eventId: 'e3',
        sequence: 3,
        type: 'STATUS_CHANGED',
        status: 'REJECTED',
        reasonCode: 'OPERATOR_REJECTED',
        noteId: 'note-1',
        actor: { kind: 'operator', id: 'op-1' },
        occurredAt: '2025-06-03T10:00:00.000Z',
      }),
    ]);
    givenNote(APPLICATION_ID, 'note-1', 'Нужна справка нового образца');

    // Act
    const result = await invoke(handler, getEvent(APPLICATION_ID));

    // Assess
    expect(result.body.journal).toEqual([
      expect.objectContaining({
        eventId: 'e1',
        date: '02.06.2025',
        time: '00:30',
        actor: { kind: 'applicant', id: APPLICANT_ID, title: 'Заявитель' },
        text: 'Заявление создано',
      }),
      expect.objectContaining({
        eventId: 'e2',
        time: '09:05',
        actor: { kind: 'system', id: 'kontrakt', title: 'Система' },
        text: 'Документ «Паспорт гражданина Российской Федерации» отклонён: Файл превышает допустимый размер',
      }),
      expect.objectContaining({
        eventId: 'e3',
        actor: { kind: 'operator', id: 'op-1', title: 'Оператор op-1' },
        text: 'Статус изменён на «Отклонено»: Отклонено оператором',
        note: 'Нужна справка нового образца',
      }),
    ]);
  });

  it('returns the decision with its reason and the operator note', async () => {
    // Prepare
    givenApplication(
      applicationRecord({
        status: 'REJECTED',
        decision: { outcome: 'REJECTED', reasonCode: 'CRIMINAL_RECORD_FOUND', noteId: 'note-2', operatorId: 'op-1' },
      }),
    );
    givenForm(storedForm);
    givenNote(APPLICATION_ID, 'note-2', 'Обратитесь в военкомат');

    // Act
    const result = await invoke(handler, getEvent(APPLICATION_ID));

    // Assess
    expect(result.body.decision).toEqual({
      outcome: 'REJECTED',
      outcomeTitle: 'Отклонено',
      reasonCode: 'CRIMINAL_RECORD_FOUND',
      reason: 'По данным реестра найдены сведения о судимости',
      note: 'Обратитесь в военкомат',
    });
  });

  it('shows deadline and requested documents', async () => {
    // Prepare
    const review = { round: 1, executionName: `${APPLICATION_ID}-r1`, submittedAt: '2025-06-10T10:00:00.000Z', deadline: '2025-06-24' };
    const waiting = { step: 'APPLICANT_DOCUMENTS', taskToken: 'secret-token', waitId: 'w', since: '2025-06-12T10:00:00.000Z', executionName: review.executionName, documentTypes: ['PASSPORT'] };
    givenApplication(applicationRecord({ status: 'IN_REVIEW', review, waitingTasks: { APPLICANT_DOCUMENTS: waiting } }));
    givenForm(storedForm);

    // Act
    const result = await invoke(handler, getEvent(APPLICATION_ID));

    // Assess
    expect(result.body.review).toEqual({ round: 1, submittedAt: '2025-06-10T10:00:00.000Z', deadline: '2025-06-24', requestedDocumentTypes: ['PASSPORT'] });
    expect(JSON.stringify(result.body)).not.toContain('secret-token');
  });

  it("reports another applicant's application as not found", async () => {
    // Prepare
    givenApplication(applicationRecord({ applicantId: OTHER_APPLICANT_ID }));
    givenForm(storedForm);

    // Act
    const result = await invoke(handler, getEvent(APPLICATION_ID));

    // Assess
    expect(result.statusCode).toBe(404);
    expect(result.body.error.code).toBe('APPLICATION_NOT_FOUND');
    expect(result.body.error.message).toBe('Заявление не найдено');
    expect(callsTo(GetCommand, PERSONAL_DATA_TABLE)).toHaveLength(0);
  });

  it('reports a missing application as not found', async () => {
    // Act
    const result = await invoke(handler, getEvent(APPLICATION_ID));

    // Assess
    expect(result.statusCode).toBe(404);
    expect(result.body.error.code).toBe('APPLICATION_NOT_FOUND');
  });

  it('rejects an id that is not a ULID', async () => {
    // Act
    const result = await invoke(handler, getEvent('../../etc/passwd'));

    // Assess
    expect(result.statusCode).toBe(400);
    expect(result.body.error.fields).toEqual([
      expect.objectContaining({ path: 'applicationId', code: 'INVALID_APPLICATION_ID' }),
    ]);
  });

  it('rejects a request without the subject claim', async () => {
    // Prepare
    const event = apiEvent({ routeKey: 'GET /applications/{applicationId}', pathParameters: { applicationId: APPLICATION_ID } });

    // Act
    const result = await invoke(handler, event);

    // Assess
    expect(result.statusCode).toBe(401);
  });
});
