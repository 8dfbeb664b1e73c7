import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFixtures } from '../../local/registry/fixtures.ts';
import { startRegistrySimulator, type RegistrySimulator } from '../../local/registry/start-registry-simulator.ts';

let simulator: RegistrySimulator;
let slowSimulator: RegistrySimulator;
let workDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'registry-simulator-'));
  // The bundled 000504 fixture waits 15 s; a copy with a short delay keeps the test fast.
  const slowFixtures = join(workDir, 'fixtures.json');
  await writeFile(slowFixtures, JSON.stringify({ '000504': { delayMs: 300 }, '000001': { result: 'RECORD_FOUND', delayMs: 300 } }));
  simulator = await startRegistrySimulator({ port: 0 });
  slowSimulator = await startRegistrySimulator({ port: 0, fixturesPath: slowFixtures });
});

afterAll(async () => {
  await simulator.stop();
  await slowSimulator.stop();
  await rm(workDir, { recursive: true, force: true });
});

let requestCounter = 0;

function checkBody(overrides: Record<string, unknown> = {}) {
  requestCounter += 1;
  return {
    requestId: `req-${requestCounter}`,
    lastName: 'Иванов',
    firstName: 'Иван',
    middleName: 'Иванович',
    birthDate: '1990-05-17',
    passportSeries: '4510',
    passportNumber: '123456',
    ...overrides,
  };
}

async function postCheck(body: unknown, baseUrl = simulator.url, signal?: AbortSignal) {
  const response = await fetch(`${baseUrl}/v1/criminal-record-checks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    signal,
  });
  return { status: response.status, header: response.headers.get('x-simulator'), payload: (await response.json()) as Record<string, unknown> };
}

describe('startRegistrySimulator', () => {
  it('answers NO_RECORD for an ordinary passport number', async () => {
    const body = checkBody();

    const result = await postCheck(body);

    expect(result.status).toBe(200);
    expect(result.header).toBe('kontrakt-registry-simulator');
    expect(result.payload.requestId).toBe(body.requestId);
    expect(result.payload.result).toBe('NO_RECORD');
    expect(Number.isNaN(Date.parse(String(result.payload.checkedAt)))).toBe(false);
  });

  it('answers RECORD_FOUND for passport 000001', async () => {
    const result = await postCheck(checkBody({ passportNumber: '000001' }));

    expect(result.status).toBe(200);
    expect(result.payload.result).toBe('RECORD_FOUND');
  });

  it('always answers 503 for passport 000503', async () => {
    const body = checkBody({ passportNumber: '000503' });

    const first = await postCheck(body);
    const second = await postCheck(body);

    expect(first.status).toBe(503);
    expect(second.status).toBe(503);
    expect(first.header).toBe('kontrakt-registry-simulator');
    expect(typeof first.payload.error).toBe('string');
  });

  it('fails twice per requestId for passport 000429, then answers NO_RECORD', async () => {
    const body = checkBody({ passportNumber: '000429' });
    const otherRequest = checkBody({ passportNumber: '000429' });

    const statuses = [];
    for (let attempt = 0; attempt < 3; attempt += 1) statuses.push((await postCheck(body)).status);
    const fourth = await postCheck(body);
    const otherFirst = await postCheck(otherRequest);

    expect(statuses).toEqual([503, 503, 200]);
    expect(fourth.payload.result).toBe('NO_RECORD');
    expect(otherFirst.status).toBe(503);
  });

  it('delays the answer for a delayMs fixture', async () => {
    const startedAt = Date.now();

    const result = await postCheck(checkBody({ passportNumber: '000504' }), slowSimulator.url);

    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(290);
    expect(result.status).toBe(200);
    expect(result.payload.result).toBe('NO_RECORD');
  });

  it('keeps the fixture result after a delay', async () => {
    const result = await postCheck(checkBody({ passportNumber: '000001' }), slowSimulator.url);

    expect(result.payload.result).toBe('RECORD_FOUND');
  });

  it('lets a client time out on passport 000504 of the bundled fixtures', async () => {
    const attempt = postCheck(checkBody({ passportNumber: '000504' }), simulator.url, AbortSignal.timeout(200));

    await expect(attempt).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  it.each([
    { name: 'a missing lastName', body: { lastName: undefined }, message: 'lastName' },
    { name: 'a five-digit passportNumber', body: { passportNumber: '12345' }, message: 'passportNumber must be 6 digits' },
    { name: 'a letter in passportSeries', body: { passportSeries: '45A0' }, message: 'passportSeries must be 4 digits' },
    { name: 'a birthDate in another format', body: { birthDate: '17.05.1990' }, message: 'birthDate must be YYYY-MM-DD' },
    { name: 'a birthDate that does not exist', body: { birthDate: '1990-02-30' }, message: 'birthDate must be a real date' },
    { name: 'an empty requestId', body: { requestId: '' }, message: 'requestId must not be empty' },
  ])('answers 400 for $name', async ({ body, message }) => {
    const result = await postCheck(checkBody(body));

    expect(result.status).toBe(400);
    expect(result.header).toBe('kontrakt-registry-simulator');
    expect(String(result.payload.error)).toContain(message);
  });

  it('answers 400 for a body that is not JSON', async () => {
    const result = await postCheck('{not json');

    expect(result.status).toBe(400);
    expect(result.payload.error).toBe('Request body is not valid JSON');
  });

  it('accepts a check without middleName', async () => {
    const result = await postCheck(checkBody({ middleName: undefined }));

    expect(result.status).toBe(200);
  });

  it('answers 404 for another path and 405 for another method', async () => {
    const otherPath = await fetch(`${simulator.url}/v1/other`, { method: 'POST' });
    const otherMethod = await fetch(`${simulator.url}/v1/criminal-record-checks`);

    expect(otherPath.status).toBe(404);
    expect(otherPath.headers.get('x-simulator')).toBe('kontrakt-registry-simulator');
    expect(otherMethod.status).toBe(405);
  });
});

describe('loadFixtures', () => {
  it('reads the bundled fixtures', async () => {
    const fixtures = await loadFixtures();

    expect(fixtures.get('000001')).toEqual({ result: 'RECORD_FOUND' });
    expect(fixtures.get('000503')).toEqual({ status: 503 });
    expect(fixtures.get('000429')).toEqual({ failTimes: 2, status: 503 });
    expect(fixtures.get('000504')).toEqual({ delayMs: 15000 });
  });

  it('rejects a fixture with an unknown field', async () => {
    const path = join(workDir, 'invalid-fixtures.json');
    await writeFile(path, JSON.stringify({ '000001': { outcome: 'RECORD_FOUND' } }));

    const attempt = loadFixtures(path);

    await expect(attempt).rejects.toThrow(/invalid-fixtures\.json are invalid/);
  });
});
