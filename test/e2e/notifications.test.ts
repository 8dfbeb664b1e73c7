import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../local/runtime.ts';
import {
  approveAllSteps,
  callApi,
  channelDeliveries,
  requiredUploads,
  uploadDocument,
  validForm,
  waitForApplication,
  waitForPublishedEvent,
  startE2eRuntime,
  type E2eRuntime,
} from './pipeline-kit.ts';

// Notification settings and the fan-out, end to end: the applicant's choice decides which channel
// deliveries land in the outbox, and each status change lands once per chosen channel.

let started: E2eRuntime;
let runtime: LocalRuntime;
let operatorToken: string;

beforeAll(async () => {
  started = await startE2eRuntime();
  runtime = started.runtime;
  operatorToken = await runtime.issueToken('operator-1', ['operator']);
});

afterAll(async () => {
  await started?.stop();
});

/** Creates, fills, submits and approves an application; returns its id once the approval is published. */
async function approvedApplication(token: string): Promise<string> {
  const created = await callApi(runtime, token, 'POST', '/applications', validForm());
  const applicationId = created.body.applicationId as string;
  for (const plan of requiredUploads()) await uploadDocument(runtime, token, applicationId, plan);
  await waitForApplication(runtime, token, applicationId, (application) =>
    application.documents.filter((document: any) => document.required).every((document: any) => document.status === 'ACCEPTED'),
  );
  await callApi(runtime, token, 'POST', `/applications/${applicationId}/submit`);
  await approveAllSteps(runtime, operatorToken, applicationId);
  await waitForApplication(runtime, token, applicationId, (application) => application.status === 'APPROVED');
  await waitForPublishedEvent(runtime, applicationId, (event) => event.status === 'APPROVED');
  await runtime.drain();
  return applicationId;
}

/** Returns the channel deliveries whose text links to the application. */
async function deliveriesFor(applicationId: string): Promise<any[]> {
  return (await channelDeliveries(runtime)).filter((line) => JSON.stringify(line).includes(applicationId));
}

describe('notifications', () => {
  it('stops SMS at once when the applicant turns them off', async () => {
    const token = await runtime.issueToken('e2e-no-sms');
    const current = await callApi(runtime, token, 'GET', '/notification-settings');
    const preferences = structuredClone(current.body.preferences);
    for (const kind of Object.keys(preferences)) preferences[kind].sms = false;
    const saved = await fetch(`${runtime.urls.api}/notification-settings`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'if-match': current.headers.get('etag') ?? '' },
      body: JSON.stringify({ preferences }),
    });

    const applicationId = await approvedApplication(token);

    expect(saved.status).toBe(200);
    const deliveries = await deliveriesFor(applicationId);
    expect(deliveries.filter((line) => line.channel === 'sms')).toEqual([]);
    expect(deliveries.some((line) => line.channel === 'email')).toBe(true);
  });

  it('delivers each status change once per chosen channel', async () => {
    const token = await runtime.issueToken('e2e-defaults');

    const applicationId = await approvedApplication(token);

    const deliveries = await deliveriesFor(applicationId);
    const approvalSms = deliveries.filter((line) => line.channel === 'sms' && /одобрено/i.test(String(line.message)));
    const approvalEmails = deliveries.filter((line) => line.channel === 'email' && /одобрено/i.test(String(line.subject)));
    const acceptedDocumentEmails = deliveries.filter((line) => line.channel === 'email' && /Документ принят/.test(String(line.subject)));
    expect(approvalSms).toHaveLength(1);
    expect(approvalEmails).toHaveLength(1);
    expect(acceptedDocumentEmails).toHaveLength(requiredUploads().length);
    // By default, document events go by push and e-mail only, not by SMS.
    expect(deliveries.filter((line) => line.channel === 'sms' && /Документ/.test(String(line.message)))).toEqual([]);
  });

  it('rejects a stale settings version and changes nothing', async () => {
    const token = await runtime.issueToken('e2e-stale-settings');
    const current = await callApi(runtime, token, 'GET', '/notification-settings');

    const stale = await fetch(`${runtime.urls.api}/notification-settings`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'if-match': '"7"' },
      body: JSON.stringify({ preferences: current.body.preferences }),
    });
    const after = await callApi(runtime, token, 'GET', '/notification-settings');

    expect(stale.status).toBe(412);
    expect(after.headers.get('etag')).toBe(current.headers.get('etag'));
  });
});
