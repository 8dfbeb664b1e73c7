import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../local/runtime.ts';
import { writeSizedPdfFiles } from '../fixtures/files.ts';
import {
  approveAllSteps,
  callApi,
  channelDeliveries,
  publishedEvents,
  requiredUploads,
  runOperatorConsole,
  uploadDocument,
  validForm,
  waitForApplication,
  waitForOperatorStep,
  waitForPublishedEvent,
  startE2eRuntime,
  type E2eRuntime,
} from './pipeline-kit.ts';

// The whole local runtime, driven over HTTP as the portal and the operator console drive it:
// dynalite, s3rver behind the POST-policy proxy, the upload queue and validator, the review
// workflow under aws-local-stepfunctions, the local SNS fan-out and the registry simulator.

let started: E2eRuntime;
let runtime: LocalRuntime;
let applicantToken: string;
let otherApplicantToken: string;
let operatorToken: string;

beforeAll(async () => {
  started = await startE2eRuntime({ workflowOverrides: { retryIntervalOverrides: { CheckCriminalRecord: 0 } } });
  runtime = started.runtime;
  applicantToken = await runtime.issueToken('e2e-applicant');
  otherApplicantToken = await runtime.issueToken('e2e-other-applicant');
  operatorToken = await runtime.issueToken('operator-1', ['operator']);
});

afterAll(async () => {
  await started?.stop();
});

async function createApplication(passportNumber?: string): Promise<string> {
  const response = await callApi(runtime, applicantToken, 'POST', '/applications', validForm(passportNumber));
  expect(response.status).toBe(201);
  return response.body.applicationId as string;
}

async function uploadRequiredDocuments(applicationId: string): Promise<void> {
  for (const plan of requiredUploads()) {
    expect(await uploadDocument(runtime, applicantToken, applicationId, plan)).toBe(204);
  }
  await waitForApplication(runtime, applicantToken, applicationId, (application) =>
    application.documents.filter((document: any) => document.required).every((document: any) => document.status === 'ACCEPTED'),
  );
}

async function submittedApplication(passportNumber?: string): Promise<string> {
  const applicationId = await createApplication(passportNumber);
  await uploadRequiredDocuments(applicationId);
  const submitted = await callApi(runtime, applicantToken, 'POST', `/applications/${applicationId}/submit`);
  expect(submitted.status).toBe(202);
  await waitForOperatorStep(runtime, operatorToken, applicationId);
  return applicationId;
}

describe('application pipeline', () => {
  it('takes PDF, JPEG and PNG documents to «Одобрено»', async () => {
    const applicationId = await createApplication();
    await uploadRequiredDocuments(applicationId);

    const first = await callApi(runtime, applicantToken, 'POST', `/applications/${applicationId}/submit`);
    const second = await callApi(runtime, applicantToken, 'POST', `/applications/${applicationId}/submit`);
    const approved = await approveAllSteps(runtime, operatorToken, applicationId);
    // The contract is generated right after the approval; waiting for it keeps the journal and the published events equal.
    const application = await waitForApplication(runtime, applicantToken, applicationId, (current) =>
      current.status === 'APPROVED' && current.journal.some((entry: any) => entry.text.startsWith('Контракт сформирован')),
    );

    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(second.body.review.executionArn).toBe(first.body.review.executionArn);
    expect(approved).toEqual([0, 0, 0, 0]);
    expect(application.statusTitle).toBe('Одобрено');
    const texts = application.journal.map((entry: any) => entry.text);
    expect(texts[0]).toBe('Заявление создано');
    expect(texts).toContain('Заявление отправлено на проверку');
    expect(texts).toContain('Статус изменён на «На проверке»');
    const last = application.journal.find((entry: any) => entry.text.startsWith('Статус изменён на «Одобрено»'));
    expect(last.actor.kind).toBe('operator');
    expect(last.actor.id).toBe('operator-1');
    expect(last.date).toMatch(/^\d{2}\.\d{2}\.\d{4}$/);
    expect(last.time).toMatch(/^\d{2}:\d{2}$/);
    const events = await waitForPublishedEvent(runtime, applicationId, (event) => event.type === 'CONTRACT_CREATED');
    const statusChanges = events.filter((event) => event.type === 'STATUS_CHANGED').map((event) => event.status);
    expect(statusChanges).toEqual(['IN_REVIEW', 'APPROVED']);
    expect(events.filter((event) => event.type === 'APPLICATION_SUBMITTED')).toHaveLength(1);
    const journalIds = application.journal.map((entry: any) => entry.eventId).sort();
    expect(events.map((event) => event.eventId).sort()).toEqual(journalIds);
  });

  it('carries no personal data in published events', async () => {
    const text = await readFile(runtime.paths.outbox, 'utf8');
    const topicMessages = text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line))
      .filter((line) => line.subscription === 'events-outbox')
      .map((line) => line.message as string)
      .join('\n');

    for (const personal of ['Петрова', 'Алёна', '012345', '11223344595', '+79161234567', 'alena.petrova', 'Мясницкая']) {
      expect(topicMessages).not.toContain(personal);
    }
  });

  it('delivers status changes on the chosen channels', async () => {
    const deliveries = await channelDeliveries(runtime);

    const channels = new Set(deliveries.filter((line) => !line.failed).map((line) => line.channel));
    expect(channels).toContain('email');
    expect(channels).toContain('sms');
  });

  it('rejects with the operator reason shown to the applicant', async () => {
    const applicationId = await submittedApplication();

    const rejected = await runOperatorConsole(runtime, operatorToken, ['reject', applicationId, '--reason', 'Сведения в анкете не подтверждены']);
    const application = await waitForApplication(runtime, applicantToken, applicationId, (current) => current.status === 'REJECTED');
    const repeated = await runOperatorConsole(runtime, operatorToken, ['approve', applicationId]);

    expect(rejected.code).toBe(0);
    expect(application.statusTitle).toBe('Отклонено');
    expect(JSON.stringify(application.decision)).toContain('Сведения в анкете не подтверждены');
    expect(repeated.code).toBe(1);
    expect(repeated.stderr + repeated.stdout).toContain('не ожидает решения оператора');
    const events = await waitForPublishedEvent(runtime, applicationId, (event) => event.status === 'REJECTED');
    expect(JSON.stringify(events)).not.toContain('Сведения в анкете');
  });

  it('lets the operator decide when the registry is unavailable', async () => {
    // The registry simulator returns 503 for this passport number on every attempt.
    const applicationId = await submittedApplication('000503');

    const approved = await approveAllSteps(runtime, operatorToken, applicationId);
    const application = await waitForApplication(runtime, applicantToken, applicationId, (current) => current.status === 'APPROVED');

    expect(approved).toEqual([0, 0, 0, 0]);
    expect(application.statusTitle).toBe('Одобрено');
  });

  it('refuses to submit while required documents are missing', async () => {
    const applicationId = await createApplication();
    const [passport] = requiredUploads();
    await uploadDocument(runtime, applicantToken, applicationId, passport!);

    const submitted = await callApi(runtime, applicantToken, 'POST', `/applications/${applicationId}/submit`);

    expect(submitted.status).toBe(409);
    expect(submitted.body.error.code).toBe('DOCUMENTS_INCOMPLETE');
    expect(submitted.body.error.message).toContain('Военный билет');
    expect(submitted.body.error.message).toContain('Согласие на обработку персональных данных');
    const application = await callApi(runtime, applicantToken, 'GET', `/applications/${applicationId}`);
    expect(application.body.status).toBe('RECEIVED');
    expect(application.body.review).toBeUndefined();
  });

  it('rejects spoofed and oversized files', async () => {
    const applicationId = await createApplication();
    const consent = requiredUploads().at(-1)!;
    const sized = await writeSizedPdfFiles();

    const spoofed = await uploadDocument(runtime, applicantToken, applicationId, { ...consent, fixture: 'png-renamed.pdf' });
    const afterSpoofed = await waitForApplication(runtime, applicantToken, applicationId, (current) =>
      current.documents.some((document: any) => document.documentType === 'PERSONAL_DATA_CONSENT' && document.status === 'REJECTED'),
    );
    const oversized = await uploadDocument(runtime, applicantToken, applicationId, consent, new Uint8Array(await readFile(sized.overLimitPath)));
    const encrypted = await uploadDocument(runtime, applicantToken, applicationId, { ...consent, fixture: 'encrypted.pdf' });
    const afterEncrypted = await waitForApplication(runtime, applicantToken, applicationId, (current) =>
      current.documents.some((document: any) => document.documentType === 'PERSONAL_DATA_CONSENT' && document.reasonCode === 'ENCRYPTED_PDF'),
    );
    await sized.remove();

    expect(spoofed).toBe(204);
    const spoofedConsent = afterSpoofed.documents.find((document: any) => document.documentType === 'PERSONAL_DATA_CONSENT');
    expect(spoofedConsent.reason).toBe('Содержимое файла не соответствует заявленному формату');
    expect(oversized).toBe(400);
    expect(encrypted).toBe(204);
    const encryptedConsent = afterEncrypted.documents.find((document: any) => document.documentType === 'PERSONAL_DATA_CONSENT');
    expect(encryptedConsent.statusTitle).toBe('Отклонено');
    expect(encryptedConsent.history.length).toBeGreaterThanOrEqual(2);
  });

  it('hides one applicant from another', async () => {
    const applicationId = await createApplication();

    const read = await callApi(runtime, otherApplicantToken, 'GET', `/applications/${applicationId}`);
    const upload = await callApi(runtime, otherApplicantToken, 'POST', `/applications/${applicationId}/documents/PASSPORT/uploads`, {
      fileName: 'Паспорт_20160310.pdf',
      contentType: 'application/pdf',
    });
    const submit = await callApi(runtime, otherApplicantToken, 'POST', `/applications/${applicationId}/submit`);
    const list = await callApi(runtime, otherApplicantToken, 'GET', '/applications');

    expect(read.status).toBe(404);
    expect(upload.status).toBe(404);
    expect(submit.status).toBe(404);
    expect(list.body.applications.map((application: any) => application.applicationId)).not.toContain(applicationId);
  });

  it('rejects requests without a valid token', async () => {
    const missing = await fetch(`${runtime.urls.api}/applications`);
    const forged = await callApi(runtime, `${applicantToken.slice(0, -4)}AAAA`, 'GET', '/applications');

    expect(missing.status).toBe(401);
    expect(forged.status).toBe(401);
  });
});
