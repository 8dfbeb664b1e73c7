import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFixture, type FixtureName } from '../fixtures/files.ts';
import { startLocalRuntime, type LocalRuntime, type LocalRuntimeOptions } from '../../local/runtime.ts';

const run = promisify(execFile);

export interface E2eRuntime {
  runtime: LocalRuntime;
  stop(): Promise<void>;
}

/**
 * Starts the whole local runtime in a new temporary data folder on free ports. One per test file:
 * loaded handlers keep the endpoints of the first runtime in their process.
 */
export async function startE2eRuntime(options: Partial<Omit<LocalRuntimeOptions, 'dataDir'>> = {}): Promise<E2eRuntime> {
  const dataDir = await mkdtemp(join(tmpdir(), 'kontrakt-e2e-'));
  const runtime = await startLocalRuntime({ dataDir, quiet: true, sweepIntervalMs: 500, ...options });
  return {
    runtime,
    async stop() {
      await runtime.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface ApiResponse {
  status: number;
  body: any;
  headers: Headers;
}

/** Calls the local API gateway as a browser client would. */
export async function callApi(runtime: LocalRuntime, token: string, method: string, path: string, body?: unknown): Promise<ApiResponse> {
  const response = await fetch(`${runtime.urls.api}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text), headers: response.headers };
}

/** Returns a date `days` before today as YYYY-MM-DD, so certificates stay valid whenever the test runs. */
export function daysAgo(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}

export function validForm(passportNumber = '012345') {
  return {
    fullName: { lastName: 'Петрова-Водкина', firstName: 'Алёна', middleName: 'Сергеевна' },
    birthDate: '1996-02-29',
    passport: { seriesAndNumber: `45 06 ${passportNumber}`, issueDate: '2016-03-10', issuedBy: 'ГУ МВД России по г. Москве', divisionCode: '770-001' },
    snils: '112-233-445 95',
    phone: '+7 (916) 123-45-67',
    email: 'alena.petrova@example.ru',
    registrationAddress: { postalCode: '101000', region: 'г. Москва', city: 'Москва', street: 'ул. Мясницкая', house: '12', flat: '5' },
    actualAddressSameAsRegistration: true,
    employment: { position: 'Водитель', employer: 'Войсковая часть 12345', contractStart: '2027-01-15', contractEnd: '2028-01-14' },
  };
}

export interface UploadPlan {
  documentType: string;
  fixture: FixtureName;
  fileName: string;
  contentType: string;
  dates?: { issueDate?: string; expiryDate?: string };
}

const compact = (date: string): string => date.replaceAll('-', '');

/** Returns one upload per required document type, with PDF, JPEG and PNG files among them. */
export function requiredUploads(): UploadPlan[] {
  const issued = daysAgo(10);
  const expires = new Date(Date.now() + 300 * 86_400_000).toISOString().slice(0, 10);
  return [
    { documentType: 'PASSPORT', fixture: 'valid.pdf', fileName: 'Паспорт_20160310.pdf', contentType: 'application/pdf' },
    { documentType: 'MILITARY_ID', fixture: 'valid.jpg', fileName: 'Военный_билет_20150601.jpg', contentType: 'image/jpeg' },
    { documentType: 'SCHOOL_CERTIFICATE', fixture: 'valid.png', fileName: 'Аттестат_20130625.png', contentType: 'image/png' },
    {
      documentType: 'MEDICAL_HEALTH',
      fixture: 'valid.pdf',
      fileName: `Справка_о_здоровье_${compact(issued)}.pdf`,
      contentType: 'application/pdf',
      dates: { issueDate: issued, expiryDate: expires },
    },
    {
      documentType: 'MEDICAL_CONTRAINDICATIONS',
      fixture: 'valid.jpg',
      fileName: `Справка_о_противопоказаниях_${compact(issued)}.jpg`,
      contentType: 'image/jpeg',
      dates: { issueDate: issued, expiryDate: expires },
    },
    {
      documentType: 'CRIMINAL_RECORD_CERTIFICATE',
      fixture: 'valid.png',
      fileName: `Справка_о_судимости_${compact(issued)}.png`,
      contentType: 'image/png',
      dates: { issueDate: issued },
    },
    { documentType: 'PERSONAL_DATA_CONSENT', fixture: 'valid.pdf', fileName: 'Согласие_20261204.pdf', contentType: 'application/pdf' },
  ];
}

/** Requests an upload slot and posts the file to the presigned POST form; returns S3's HTTP status. */
export async function uploadDocument(
  runtime: LocalRuntime,
  token: string,
  applicationId: string,
  plan: UploadPlan,
  bytes: Uint8Array = readFixture(plan.fixture),
): Promise<number> {
  const slot = await callApi(runtime, token, 'POST', `/applications/${applicationId}/documents/${plan.documentType}/uploads`, {
    fileName: plan.fileName,
    contentType: plan.contentType,
    ...plan.dates,
  });
  if (slot.status !== 201) throw new Error(`Upload slot for ${plan.documentType} failed: ${slot.status} ${JSON.stringify(slot.body)}`);

  const form = new FormData();
  for (const [name, value] of Object.entries(slot.body.fields as Record<string, string>)) form.append(name, value);
  form.append('file', new Blob([bytes], { type: plan.contentType }), plan.fileName);
  const response = await fetch(slot.body.url as string, { method: 'POST', body: form });
  await response.arrayBuffer();
  return response.status;
}

/** Polls the application until the predicate holds, or fails with the last state seen. */
export async function waitForApplication(
  runtime: LocalRuntime,
  token: string,
  applicationId: string,
  predicate: (application: any) => boolean,
  timeoutMs = 30_000,
): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    const response = await callApi(runtime, token, 'GET', `/applications/${applicationId}`);
    last = response.body;
    if (response.status === 200 && predicate(response.body)) return response.body;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Application ${applicationId} did not reach the expected state: ${JSON.stringify(last)}`);
}

export interface ConsoleResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the operator console as its own process against the runtime, as an operator would. */
export async function runOperatorConsole(runtime: LocalRuntime, operatorToken: string, args: string[]): Promise<ConsoleResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'operator/cli.ts', ...args], {
      env: {
        ...process.env,
        KONTRAKT_ENV_FILE: runtime.paths.localEnv,
        KONTRAKT_OPERATOR_ID: 'operator-1',
        KONTRAKT_OPERATOR_TOKEN: operatorToken,
        NO_COLOR: '1',
      },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failure.code === 'number' ? failure.code : 1, stdout: failure.stdout ?? '', stderr: failure.stderr ?? '' };
  }
}

/** Waits until the console lists a waiting step of the application, of the given kind if one is named. */
export async function waitForOperatorStep(runtime: LocalRuntime, operatorToken: string, applicationId: string, step?: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const listed = await runOperatorConsole(runtime, operatorToken, ['list', '--json', ...(step === undefined ? [] : ['--step', step])]);
    if (listed.code === 0 && JSON.parse(listed.stdout).waitingSteps.some((waiting: any) => waiting.applicationId === applicationId)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`No operator step ${step ?? ''} appeared for ${applicationId}`);
}

/** Takes a submitted application through every operator step to the final approval; returns the console's exit codes. */
export async function approveAllSteps(runtime: LocalRuntime, operatorToken: string, applicationId: string): Promise<number[]> {
  const commands: Array<[string, string[]]> = [
    ['DOCUMENT_REVIEW', ['approve', applicationId]],
    ['MEDICAL_COMMISSION', ['record-commission', applicationId, '--category', 'Б']],
    ['PSYCHOLOGICAL_TESTING', ['record-testing', applicationId, '--result', 'RECOMMENDED']],
    ['FINAL_APPROVAL', ['approve', applicationId]],
  ];
  const codes: number[] = [];
  for (const [step, args] of commands) {
    await waitForOperatorStep(runtime, operatorToken, applicationId, step);
    codes.push((await runOperatorConsole(runtime, operatorToken, args)).code);
  }
  return codes;
}

/** Returns the domain events that the events topic delivered to its catch-all outbox subscription. */
export async function publishedEvents(runtime: LocalRuntime, applicationId: string): Promise<any[]> {
  const text = await readFile(runtime.paths.outbox, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line))
    .filter((line) => line.subscription === 'events-outbox')
    .map((line) => JSON.parse(line.message))
    .filter((event) => event.applicationId === applicationId);
}

/** Returns the outbox lines of direct channel deliveries (SMS, push, e-mail). */
export async function channelDeliveries(runtime: LocalRuntime): Promise<any[]> {
  const text = await readFile(runtime.paths.outbox, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line))
    .filter((line) => typeof line.channel === 'string');
}

/** Waits until the events topic has delivered an event that matches, then returns all of the application's events. */
export async function waitForPublishedEvent(runtime: LocalRuntime, applicationId: string, predicate: (event: any) => boolean): Promise<any[]> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const events = await publishedEvents(runtime, applicationId);
    if (events.some(predicate)) return events;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`No matching event was published for ${applicationId}`);
}
