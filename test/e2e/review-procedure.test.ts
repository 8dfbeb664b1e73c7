import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../local/runtime.ts';
import {
  approveAllSteps,
  callApi,
  requiredUploads,
  runOperatorConsole,
  uploadDocument,
  validForm,
  waitForApplication,
  waitForOperatorStep,
  startE2eRuntime,
  type E2eRuntime,
} from './pipeline-kit.ts';

// The review procedure's loops and the contract's life, driven by the operator console and the
// applicant API against the whole local runtime.

let started: E2eRuntime;
let runtime: LocalRuntime;
let token: string;
let operatorToken: string;

beforeAll(async () => {
  started = await startE2eRuntime();
  runtime = started.runtime;
  token = await runtime.issueToken('e2e-review-applicant');
  operatorToken = await runtime.issueToken('operator-1', ['operator']);
});

afterAll(async () => {
  await started?.stop();
});

async function waitForDocumentsChecked(applicationId: string): Promise<void> {
  await waitForApplication(runtime, token, applicationId, (application) =>
    application.documents.every((document: any) => document.status !== 'AWAITING_UPLOAD'),
  );
}

async function submittedApplication(): Promise<string> {
  const created = await callApi(runtime, token, 'POST', '/applications', validForm());
  const applicationId = created.body.applicationId as string;
  for (const plan of requiredUploads()) await uploadDocument(runtime, token, applicationId, plan);
  await waitForDocumentsChecked(applicationId);
  const submitted = await callApi(runtime, token, 'POST', `/applications/${applicationId}/submit`);
  expect(submitted.status).toBe(202);
  return applicationId;
}

async function operator(args: string[]): Promise<number> {
  return (await runOperatorConsole(runtime, operatorToken, args)).code;
}

describe('review procedure', () => {
  it('resumes at the asking step after requested documents', async () => {
    const applicationId = await submittedApplication();
    await waitForOperatorStep(runtime, operatorToken, applicationId, 'DOCUMENT_REVIEW');

    const requested = await operator(['request-documents', applicationId, '--types', 'PASSPORT', '--comment', 'Скан нечитаемый']);
    const waiting = await waitForApplication(runtime, token, applicationId, (application) =>
      (application.review?.requestedDocumentTypes ?? []).includes('PASSPORT'),
    );
    const early = await callApi(runtime, token, 'POST', `/applications/${applicationId}/documents/submit`);
    await uploadDocument(runtime, token, applicationId, requiredUploads()[0]!);
    await waitForDocumentsChecked(applicationId);
    const resubmitted = await callApi(runtime, token, 'POST', `/applications/${applicationId}/documents/submit`);
    await waitForOperatorStep(runtime, operatorToken, applicationId, 'DOCUMENT_REVIEW');
    const approved = await operator(['approve', applicationId]);

    expect(requested).toBe(0);
    expect(waiting.status).toBe('IN_REVIEW');
    expect(early.status).toBe(409);
    expect(resubmitted.status).toBeLessThan(300);
    expect(approved).toBe(0);
    await waitForOperatorStep(runtime, operatorToken, applicationId, 'MEDICAL_COMMISSION');
  });

  it('starts round 2 after a rejection and keeps the history', async () => {
    const applicationId = await submittedApplication();
    await waitForOperatorStep(runtime, operatorToken, applicationId, 'DOCUMENT_REVIEW');
    expect(await operator(['reject', applicationId, '--reason', 'Не приложена справка по форме'])).toBe(0);
    await waitForApplication(runtime, token, applicationId, (application) => application.status === 'REJECTED');

    const roundTwo = await callApi(runtime, token, 'POST', `/applications/${applicationId}/submit`);
    const approved = await approveAllSteps(runtime, operatorToken, applicationId);
    const application = await waitForApplication(runtime, token, applicationId, (current) => current.status === 'APPROVED');

    expect(roundTwo.status).toBe(202);
    expect(roundTwo.body.review.round).toBe(2);
    expect(approved).toEqual([0, 0, 0, 0]);
    const statuses = application.journal.filter((entry: any) => entry.type === 'STATUS_CHANGED').map((entry: any) => entry.text);
    expect(statuses.some((text: string) => text.includes('«Отклонено»'))).toBe(true);
    expect(statuses.at(-1)).toContain('«Одобрено»');
  });

  it('amends an approved contract into version 2', async () => {
    const applicationId = await submittedApplication();
    await approveAllSteps(runtime, operatorToken, applicationId);
    await waitForApplication(runtime, token, applicationId, (application) => application.contract?.currentVersion === 1);

    const amendment = await callApi(runtime, token, 'POST', `/applications/${applicationId}/contract/amendments`, {
      terms: { position: 'Механик-водитель' },
      reason: 'Перевод на другую должность',
    });
    await waitForOperatorStep(runtime, operatorToken, applicationId, 'FINAL_APPROVAL');
    const approved = await operator(['approve', applicationId]);
    await waitForApplication(runtime, token, applicationId, (application) => application.contract?.currentVersion === 2);
    const contract = await callApi(runtime, token, 'GET', `/applications/${applicationId}/contract`);
    const firstVersion = await callApi(runtime, token, 'GET', `/applications/${applicationId}/contract?version=1`);
    const pdf = await fetch(contract.body.downloadUrl as string);

    expect(amendment.status).toBe(202);
    expect(approved).toBe(0);
    expect(contract.body.versions.map((version: any) => version.version)).toEqual([1, 2]);
    expect(firstVersion.status).toBe(200);
    expect(pdf.status).toBe(200);
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('cancels an approved contract with a reason', async () => {
    const applicationId = await submittedApplication();
    await approveAllSteps(runtime, operatorToken, applicationId);
    await waitForApplication(runtime, token, applicationId, (application) => application.contract?.currentVersion === 1);

    const cancelled = await callApi(runtime, token, 'POST', `/applications/${applicationId}/contract/cancel`, { reason: 'Изменились семейные обстоятельства' });
    const repeated = await callApi(runtime, token, 'POST', `/applications/${applicationId}/contract/cancel`, { reason: 'Повторно' });
    const application = await waitForApplication(runtime, token, applicationId, (current) => current.status === 'CANCELLED');
    const contract = await callApi(runtime, token, 'GET', `/applications/${applicationId}/contract`);

    expect(cancelled.status).toBe(200);
    expect(cancelled.body.statusTitle).toBe('Отменён');
    expect(repeated.status).toBe(409);
    expect(repeated.body.error.code).toBe('ALREADY_CANCELLED');
    expect(application.statusTitle).toBe('Отменён');
    expect(contract.status).toBe(200);
  });
});
