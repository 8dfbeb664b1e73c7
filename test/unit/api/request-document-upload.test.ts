import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_UPLOAD_SLOTS_PER_TYPE, handler } from '../../../functions/api/request-document-upload.ts';
import type { DocumentRecord } from '../../../functions/domain/application-record.ts';
import { TODAY } from '../schemas/form-fixtures.ts';
import {
  APPLICANT_ID,
  APPLICATION_ID,
  OTHER_APPLICANT_ID,
  apiEvent,
  applicationRecord,
  assignedValues,
  commits,
  conditionFailed,
  dynamo,
  givenApplication,
  givenApplicationKeepsChanging,
  givenCommitsReturn,
  invoke,
  unusedPlaceholders,
} from './api-test-kit.ts';

const ROUTE = 'POST /applications/{applicationId}/documents/{documentType}/uploads';

function uploadEvent(documentType: string, body: unknown) {
  return apiEvent({
    routeKey: ROUTE,
    applicantId: APPLICANT_ID,
    pathParameters: { applicationId: APPLICATION_ID, documentType },
    body,
  });
}

const previousPassport: DocumentRecord = {
  status: 'REJECTED',
  uploadId: '01JF3Q8Z6Y4T2N7KX5W9HBCUP1',
  objectKey: `uploads/${APPLICANT_ID}/${APPLICATION_ID}/PASSPORT/01JF3Q8Z6Y4T2N7KX5W9HBCUP1`,
  fileName: 'Паспорт_20250601.pdf',
  contentType: 'application/pdf',
  requestedAt: '2025-06-01T08:00:00.000Z',
  reasonCode: 'FILE_TOO_LARGE',
};

function committedDocument(type: string): DocumentRecord {
  const [commit] = commits();
  return assignedValues(commit)[`documents.${type}`] as DocumentRecord;
}

describe('request-document-upload handler', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'], now: TODAY });
    givenApplication(applicationRecord());
    givenCommitsReturn(applicationRecord({ version: 2 }));
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('returns a presigned form limited to the type', async () => {
    // Act
    const result = await invoke(handler, uploadEvent('PASSPORT', { fileName: 'Паспорт_20250601.pdf', contentType: 'application/pdf' }));

    // Assess
    expect(result.statusCode).toBe(201);
    const { uploadId, url, fields, expiresAt, maxSizeBytes, documentType } = result.body;
    expect(documentType).toBe('PASSPORT');
    expect(maxSizeBytes).toBe(10 * 1024 * 1024);
    expect(url).toContain('api-test-bucket');
    expect(fields.key).toBe(`uploads/${APPLICANT_ID}/${APPLICATION_ID}/PASSPORT/${uploadId}`);
    expect(fields['Content-Type']).toBe('application/pdf');
    expect(expiresAt).toBe(new Date(TODAY.getTime() + 900_000).toISOString());
    const policy = JSON.parse(Buffer.from(fields.Policy, 'base64').toString('utf8'));
    expect(policy.conditions).toEqual(
      expect.arrayContaining([['content-length-range', 1, 10 * 1024 * 1024], ['eq', '$Content-Type', 'application/pdf']]),
    );
  });

  it('commits an AWAITING_UPLOAD slot with the request event', async () => {
    // Act
    const result = await invoke(handler, uploadEvent('PASSPORT', { fileName: 'Паспорт_20250601.pdf', contentType: 'application/pdf' }));

    // Assess
    expect(committedDocument('PASSPORT')).toEqual({
      status: 'AWAITING_UPLOAD',
      uploadId: result.body.uploadId,
      objectKey: result.body.fields.key,
      fileName: 'Паспорт_20250601.pdf',
      contentType: 'application/pdf',
      requestedAt: TODAY.toISOString(),
      requestCount: 1,
    });
    const [commit] = commits();
    expect(commit?.ConditionExpression).toContain('attribute_not_exists(#documents.#documentType)');
    expect(unusedPlaceholders(commit)).toEqual([]);
    const events = Object.entries(assignedValues(commit)).filter(([path]) => path.startsWith('pendingEvents.'));
    expect(events.map(([, event]) => event)).toEqual([
      expect.objectContaining({ type: 'DOCUMENT_UPLOAD_REQUESTED', documentType: 'PASSPORT' }),
    ]);
  });

  it('moves the replaced upload to the history', async () => {
    // Prepare
    givenApplication(applicationRecord({ documents: { PASSPORT: previousPassport } }));

    // Act
    await invoke(handler, uploadEvent('PASSPORT', { fileName: 'Паспорт_20250602.jpg', contentType: 'image/jpeg' }));

    // Assess
    expect(committedDocument('PASSPORT').history).toEqual([
      { uploadId: previousPassport.uploadId, status: 'REJECTED', reasonCode: 'FILE_TOO_LARGE', replacedAt: TODAY.toISOString() },
    ]);
    expect(commits()[0]?.ExpressionAttributeValues).toMatchObject({
      ':previousUploadId': previousPassport.uploadId,
      ':previousStatus': 'REJECTED',
    });
    expect(unusedPlaceholders(commits()[0])).toEqual([]);
  });

  it('counts a replacing slot from the history of an older record', async () => {
    // Prepare
    const history = Array.from({ length: 3 }, (_, index) => ({
      uploadId: `01JF3Q8Z6Y4T2N7KX5W9HBCUQ${index}`,
      status: 'REJECTED' as const,
      replacedAt: '2025-06-01T08:00:00.000Z',
    }));
    givenApplication(applicationRecord({ documents: { PASSPORT: { ...previousPassport, history } } }));

    // Act
    await invoke(handler, uploadEvent('PASSPORT', { fileName: 'Паспорт_20250602.pdf', contentType: 'application/pdf' }));

    // Assess
    expect(committedDocument('PASSPORT').requestCount).toBe(5);
    expect(committedDocument('PASSPORT').history).toHaveLength(4);
  });

  it('allows the 20th slot of a type', async () => {
    // Prepare
    givenApplication(applicationRecord({ documents: { PASSPORT: { ...previousPassport, requestCount: MAX_UPLOAD_SLOTS_PER_TYPE - 1 } } }));

    // Act
    const result = await invoke(handler, uploadEvent('PASSPORT', { fileName: 'Паспорт_20250602.pdf', contentType: 'application/pdf' }));

    // Assess
    expect(result.statusCode).toBe(201);
    expect(committedDocument('PASSPORT').requestCount).toBe(MAX_UPLOAD_SLOTS_PER_TYPE);
  });

  it('returns 409 for the 21st slot', async () => {
    // Prepare
    givenApplication(applicationRecord({ documents: { PASSPORT: { ...previousPassport, requestCount: MAX_UPLOAD_SLOTS_PER_TYPE } } }));

    // Act
    const result = await invoke(handler, uploadEvent('PASSPORT', { fileName: 'Паспорт_20250602.pdf', contentType: 'application/pdf' }));

    // Assess
    expect(result.statusCode).toBe(409);
    expect(result.body.error.code).toBe('TOO_MANY_UPLOADS');
    expect(result.body.error.message).toBe('Превышено число загрузок этого документа (20); обратитесь в поддержку');
    expect(commits()).toHaveLength(0);
  });

  it('returns 409 when a concurrent slot reaches the cap', async () => {
    // Prepare
    const atCap = { ...previousPassport, uploadId: '01JF3Q8Z6Y4T2N7KX5W9HBCUP9', requestCount: MAX_UPLOAD_SLOTS_PER_TYPE };
    dynamo
      .on(GetCommand)
      .resolvesOnce({ Item: applicationRecord({ documents: { PASSPORT: { ...previousPassport, requestCount: MAX_UPLOAD_SLOTS_PER_TYPE - 1 } } }) })
      .resolves({ Item: applicationRecord({ version: 2, documents: { PASSPORT: atCap } }) });
    dynamo.on(UpdateCommand, { ReturnValues: 'ALL_NEW' }).rejects(conditionFailed());

    // Act
    const result = await invoke(handler, uploadEvent('PASSPORT', { fileName: 'Паспорт_20250602.pdf', contentType: 'application/pdf' }));

    // Assess
    expect(result.statusCode).toBe(409);
    expect(result.body.error.code).toBe('TOO_MANY_UPLOADS');
    expect(commits()).toHaveLength(1);
  });

  it('stores the stated dates of a medical certificate', async () => {
    // Prepare
    const body = {
      fileName: 'Справка_о_здоровье_20250601.pdf',
      contentType: 'application/pdf',
      issueDate: '2025-06-01',
      expiryDate: '2026-06-01',
    };

    // Act
    const result = await invoke(handler, uploadEvent('MEDICAL_HEALTH', body));

    // Assess
    expect(result.statusCode).toBe(201);
    expect(committedDocument('MEDICAL_HEALTH')).toMatchObject({ issueDate: '2025-06-01', expiryDate: '2026-06-01' });
  });

  it('accepts a file name in decomposed Unicode and stores it composed', async () => {
    // Prepare
    const decomposed = 'Военный_билет_20250601.pdf'.normalize('NFD');

    // Act
    const result = await invoke(handler, uploadEvent('MILITARY_ID', { fileName: decomposed, contentType: 'application/pdf' }));

    // Assess
    expect(result.statusCode).toBe(201);
    expect(committedDocument('MILITARY_ID').fileName).toBe('Военный_билет_20250601.pdf'.normalize('NFC'));
  });

  it('answers 404 for a type outside the catalogue', async () => {
    // Act
    const result = await invoke(handler, uploadEvent('DRIVING_LICENCE', { fileName: 'x_20250601.pdf', contentType: 'application/pdf' }));

    // Assess
    expect(result.statusCode).toBe(404);
    expect(result.body.error.code).toBe('DOCUMENT_TYPE_NOT_FOUND');
    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('cuts a long unknown type in the 404 message', async () => {
    // Act
    const result = await invoke(handler, uploadEvent('X'.repeat(100_000), { fileName: 'x_20250601.pdf', contentType: 'application/pdf' }));

    // Assess
    expect(result.statusCode).toBe(404);
    expect(result.body.error.message).toContain(`${'X'.repeat(64)}…;`);
    expect(result.body.error.message.length).toBeLessThan(400);
  });

  it('explains the expected file name', async () => {
    // Act
    const result = await invoke(handler, uploadEvent('PERSONAL_DATA_CONSENT', { fileName: 'scan.pdf', contentType: 'application/pdf' }));

    // Assess
    expect(result.statusCode).toBe(400);
    expect(result.body.error.fields).toEqual([
      {
        path: 'fileName',
        code: 'INVALID_FILE_NAME',
        message: 'Имя файла должно иметь вид Согласие_ГГГГММДД.pdf; допустимые расширения: pdf, jpg, jpeg, png',
      },
    ]);
    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('rejects an expired medical certificate', async () => {
    // Prepare
    const body = {
      fileName: 'Справка_о_противопоказаниях_20240601.pdf',
      contentType: 'application/pdf',
      issueDate: '2024-06-01',
      expiryDate: '2025-06-01',
    };

    // Act
    const result = await invoke(handler, uploadEvent('MEDICAL_CONTRAINDICATIONS', body));

    // Assess
    expect(result.statusCode).toBe(400);
    expect(result.body.error.code).toBe('DOCUMENT_EXPIRED');
    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('rejects a criminal-record certificate older than 90 days', async () => {
    // Prepare
    const body = { fileName: 'Справка_о_судимости_20250301.pdf', contentType: 'application/pdf', issueDate: '2025-03-01' };

    // Act
    const result = await invoke(handler, uploadEvent('CRIMINAL_RECORD_CERTIFICATE', body));

    // Assess
    expect(result.statusCode).toBe(400);
    expect(result.body.error.code).toBe('DOCUMENT_EXPIRED');
    expect(result.body.error.message).toContain('90 дней');
  });

  /** Each row: the case, the stated dates of a medical certificate, the field and code expected. */
  const IMPLAUSIBLE_DATES: Array<[string, { issueDate: string; expiryDate: string }, string, string]> = [
    ['issued in 1989', { issueDate: '1989-12-31', expiryDate: '2026-06-01' }, 'issueDate', 'ISSUE_DATE_TOO_EARLY'],
    ['issued tomorrow', { issueDate: '2025-06-16', expiryDate: '2026-06-01' }, 'issueDate', 'DATE_IN_FUTURE'],
    ['valid 10 years and a day', { issueDate: '2025-06-01', expiryDate: '2035-06-02' }, 'expiryDate', 'EXPIRY_TOO_FAR'],
    ['valid until 9999', { issueDate: '2025-06-01', expiryDate: '9999-12-31' }, 'expiryDate', 'EXPIRY_TOO_FAR'],
  ];

  it.each(IMPLAUSIBLE_DATES)('rejects a certificate %s', async (_case, dates, path, code) => {
    // Prepare
    const fileDate = dates.issueDate.replaceAll('-', '');
    const body = { fileName: `Справка_о_здоровье_${fileDate}.pdf`, contentType: 'application/pdf', ...dates };

    // Act
    const result = await invoke(handler, uploadEvent('MEDICAL_HEALTH', body));

    // Assess
    expect(result.statusCode).toBe(400);
    expect(result.body.error.fields).toContainEqual(expect.objectContaining({ path, code }));
    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it.each([
    ['issued on 1 January 1990', { issueDate: '1990-01-01', expiryDate: '2000-01-01' }],
    ['valid exactly 10 years', { issueDate: '2025-06-01', expiryDate: '2035-06-01' }],
  ])('passes the date checks for a certificate %s', async (_case, dates) => {
    // Prepare
    const fileDate = dates.issueDate.replaceAll('-', '');
    const body = { fileName: `Справка_о_здоровье_${fileDate}.pdf`, contentType: 'application/pdf', ...dates };

    // Act
    const result = await invoke(handler, uploadEvent('MEDICAL_HEALTH', body));

    // Assess
    const codes = (result.body.error?.fields ?? []).map((field: { code: string }) => field.code);
    expect(codes).not.toContain('ISSUE_DATE_TOO_EARLY');
    expect(codes).not.toContain('EXPIRY_TOO_FAR');
  });

  it('reports every wrong body field at once', async () => {
    // Act
    const result = await invoke(handler, uploadEvent('PASSPORT', { fileName: '', contentType: 5, issueDate: '2025-02-30', extra: true }));

    // Assess
    expect(result.statusCode).toBe(400);
    expect(result.body.error.fields.map((field: { path: string; code: string }) => [field.path, field.code])).toEqual([
      ['fileName', 'REQUIRED'],
      ['contentType', 'INVALID_TYPE'],
      ['issueDate', 'INVALID_DATE'],
      ['extra', 'UNKNOWN_FIELD'],
    ]);
  });

  it('refuses uploads to a submitted application', async () => {
    // Prepare
    givenApplication(
      applicationRecord({ review: { round: 1, executionName: `${APPLICATION_ID}-r1`, submittedAt: '2025-06-10T10:00:00.000Z' } }),
    );

    // Act
    const result = await invoke(handler, uploadEvent('PASSPORT', { fileName: 'Паспорт_20250601.pdf', contentType: 'application/pdf' }));

    // Assess
    expect(result.statusCode).toBe(409);
    expect(result.body.error.code).toBe('APPLICATION_READ_ONLY');
    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('accepts requested type during review', async () => {
    // Prepare
    const review = { round: 1, executionName: `${APPLICATION_ID}-r1`, submittedAt: '2025-06-10T10:00:00.000Z' };
    const waiting = { step: 'APPLICANT_DOCUMENTS', taskToken: 't', waitId: 'wait-9', since: '2025-06-12T10:00:00.000Z', executionName: review.executionName, documentTypes: ['PASSPORT'] };
    givenApplication(applicationRecord({ status: 'IN_REVIEW', review, waitingTasks: { APPLICANT_DOCUMENTS: waiting } }));

    // Act
    const result = await invoke(handler, uploadEvent('PASSPORT', { fileName: 'Паспорт_20250601.pdf', contentType: 'application/pdf' }));

    // Assess
    expect(result.statusCode).toBe(201);
    const [commit] = commits();
    expect(assignedValues(commit).status).toBe('IN_REVIEW');
    expect(commit?.ConditionExpression).toContain('#slotWaiting.#slotStep.#slotWaitId = :slotWaitId');
    expect(commit?.ExpressionAttributeValues?.[':slotWaitId']).toBe('wait-9');
    expect(unusedPlaceholders(commit)).toEqual([]);
  });

  it('refuses unrequested type during review', async () => {
    // Prepare
    const review = { round: 1, executionName: `${APPLICATION_ID}-r1`, submittedAt: '2025-06-10T10:00:00.000Z' };
    const waiting = { step: 'APPLICANT_DOCUMENTS', taskToken: 't', waitId: 'wait-9', since: '2025-06-12T10:00:00.000Z', executionName: review.executionName, documentTypes: ['MILITARY_ID'] };
    givenApplication(applicationRecord({ status: 'IN_REVIEW', review, waitingTasks: { APPLICANT_DOCUMENTS: waiting } }));

    // Act
    const result = await invoke(handler, uploadEvent('PASSPORT', { fileName: 'Паспорт_20250601.pdf', contentType: 'application/pdf' }));

    // Assess
    expect(result.statusCode).toBe(409);
    expect(result.body.error.code).toBe('APPLICATION_READ_ONLY');
    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('accepts upload after rejection', async () => {
    // Prepare
    const review = { round: 1, executionName: `${APPLICATION_ID}-r1`, submittedAt: '2025-06-10T10:00:00.000Z' };
    givenApplication(applicationRecord({ status: 'REJECTED', review }));

    // Act
    const result = await invoke(handler, uploadEvent('PASSPORT', { fileName: 'Паспорт_20250601.pdf', contentType: 'application/pdf' }));

    // Assess
    expect(result.statusCode).toBe(201);
    const [commit] = commits();
    expect(assignedValues(commit).status).toBe('REJECTED');
    expect(commit?.ConditionExpression).toContain('#editStatus = :editStatus');
    expect(unusedPlaceholders(commit)).toEqual([]);
  });

  it('answers 409 CONCURRENT_CHANGE when other commits keep winning', async () => {
    // Prepare
    givenApplicationKeepsChanging(applicationRecord());

    // Act
    const result = await invoke(handler, uploadEvent('PASSPORT', { fileName: 'Паспорт_20250601.pdf', contentType: 'application/pdf' }));

    // Assess
    expect(result.statusCode).toBe(409);
    expect(result.body.error).toMatchObject({
      code: 'CONCURRENT_CHANGE',
      message: 'Заявление сейчас изменяется другим запросом; повторите попытку',
    });
  });

  it('answers 409 CONCURRENT_CHANGE when the slot keeps changing', async () => {
    // Prepare
    let slotChanges = 0;
    dynamo.on(UpdateCommand, { ReturnValues: 'ALL_NEW' }).callsFake(() => {
      slotChanges++;
      givenApplication(applicationRecord({ documents: { PASSPORT: { ...previousPassport, uploadId: `01JF3Q8Z6Y4T2N7KX5W9HBCU${String(slotChanges).padStart(2, '0')}` } } }));
      throw conditionFailed();
    });

    // Act
    const result = await invoke(handler, uploadEvent('PASSPORT', { fileName: 'Паспорт_20250601.pdf', contentType: 'application/pdf' }));

    // Assess
    expect(result.statusCode).toBe(409);
    expect(result.body.error.code).toBe('CONCURRENT_CHANGE');
    expect(slotChanges).toBe(3);
  });

  it('refuses the upload when a submission commits first', async () => {
    // Prepare
    const submitted = applicationRecord({ review: { round: 1, executionName: `${APPLICATION_ID}-r1`, submittedAt: '2025-06-10T10:00:00.000Z' } });
    let commitAttempts = 0;
    dynamo.on(UpdateCommand, { ReturnValues: 'ALL_NEW' }).callsFake(() => {
      commitAttempts++;
      givenApplication(submitted);
      throw conditionFailed();
    });

    // Act
    const result = await invoke(handler, uploadEvent('PASSPORT', { fileName: 'Паспорт_20250601.pdf', contentType: 'application/pdf' }));

    // Assess
    expect(result.statusCode).toBe(409);
    expect(result.body.error.code).toBe('APPLICATION_READ_ONLY');
    expect(commitAttempts).toBe(1);
  });

  it("reports another applicant's application as not found", async () => {
    // Prepare
    givenApplication(applicationRecord({ applicantId: OTHER_APPLICANT_ID }));

    // Act
    const result = await invoke(handler, uploadEvent('PASSPORT', { fileName: 'Паспорт_20250601.pdf', contentType: 'application/pdf' }));

    // Assess
    expect(result.statusCode).toBe(404);
    expect(result.body.error.code).toBe('APPLICATION_NOT_FOUND');
  });
});
