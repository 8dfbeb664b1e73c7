import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { requestCriminalRecordCheck, type CriminalRecordCheckRequest } from '../../../functions/registry/criminal-record-client.ts';
import { RegistryRequestRejectedError, RegistryUnavailableError } from '../../../functions/registry/errors.ts';

type Reply = (request: IncomingMessage, body: unknown, response: ServerResponse) => void;

interface ScriptedRegistry {
  baseUrl: string;
  requests: Array<{ method?: string; url?: string; contentType?: string; body: unknown }>;
}

const CHECK: CriminalRecordCheckRequest = {
  requestId: 'request-1',
  lastName: 'Иванов',
  firstName: 'Иван',
  middleName: 'Иванович',
  birthDate: '1990-05-17',
  passportSeries: '4506',
  passportNumber: '123456',
};

const FAST = { attemptTimeoutMs: 300, maxAttempts: 3, initialBackoffMs: 5 };

let server: Server | undefined;

/** Starts a registry on 127.0.0.1 that answers the n-th request with the n-th reply (the last one repeats). */
async function startRegistry(replies: Reply[]): Promise<ScriptedRegistry> {
  const requests: ScriptedRegistry['requests'] = [];
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
      requests.push({ method: request.method, url: request.url, contentType: request.headers['content-type'], body });
      const reply = replies[Math.min(requests.length, replies.length) - 1]!;
      reply(request, body, response);
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}`, requests };
}

const status = (code: number): Reply => (_request, _body, response) => {
  response.writeHead(code, { 'content-type': 'application/json' }).end('{"message":"try later"}');
};

const answer = (result: string): Reply => (_request, body, response) => {
  const { requestId } = body as { requestId: string };
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ requestId, result, checkedAt: '2025-03-01T10:00:00Z' }));
};

const silence: Reply = () => undefined;

async function stopRegistry(): Promise<void> {
  const running = server;
  server = undefined;
  if (running === undefined) return;
  running.closeAllConnections();
  await new Promise((resolve) => running.close(resolve));
}

afterEach(stopRegistry);

describe('requestCriminalRecordCheck', () => {
  it('posts the check as JSON to /v1/criminal-record-checks', async () => {
    const registry = await startRegistry([answer('NO_RECORD')]);

    const response = await requestCriminalRecordCheck(CHECK, { baseUrl: registry.baseUrl, ...FAST });

    expect(response).toEqual({ requestId: 'request-1', result: 'NO_RECORD', checkedAt: '2025-03-01T10:00:00Z' });
    expect(registry.requests).toHaveLength(1);
    expect(registry.requests[0]?.method).toBe('POST');
    expect(registry.requests[0]?.url).toBe('/v1/criminal-record-checks');
    expect(registry.requests[0]?.contentType).toBe('application/json');
    expect(registry.requests[0]?.body).toEqual(CHECK);
  });

  it('retries 503 then returns result', async () => {
    const registry = await startRegistry([status(503), answer('RECORD_FOUND')]);

    const response = await requestCriminalRecordCheck(CHECK, { baseUrl: registry.baseUrl, ...FAST });

    expect(response.result).toBe('RECORD_FOUND');
    expect(registry.requests).toHaveLength(2);
    expect(registry.requests[1]?.body).toEqual(CHECK);
  });

  it('retries a 429', async () => {
    const registry = await startRegistry([status(429), answer('NO_RECORD')]);

    const response = await requestCriminalRecordCheck(CHECK, { baseUrl: registry.baseUrl, ...FAST });

    expect(response.result).toBe('NO_RECORD');
    expect(registry.requests).toHaveLength(2);
  });

  it('throws RegistryUnavailableError after the last 5xx', async () => {
    const registry = await startRegistry([status(500)]);

    const error = await requestCriminalRecordCheck(CHECK, { baseUrl: registry.baseUrl, ...FAST }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(RegistryUnavailableError);
    expect((error as Error).name).toBe('RegistryUnavailableError');
    expect((error as Error).message).toContain('HTTP 500');
    expect(registry.requests).toHaveLength(3);
  });

  it('times out silent registry', async () => {
    const registry = await startRegistry([silence]);
    const started = Date.now();

    const error = await requestCriminalRecordCheck(CHECK, { baseUrl: registry.baseUrl, ...FAST, maxAttempts: 2 }).catch(
      (caught: unknown) => caught,
    );

    expect(error).toBeInstanceOf(RegistryUnavailableError);
    expect((error as Error).message).toContain('timed out after 300 ms');
    expect(registry.requests).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('retries after timeout', async () => {
    const registry = await startRegistry([silence, answer('NO_RECORD')]);

    const response = await requestCriminalRecordCheck(CHECK, { baseUrl: registry.baseUrl, ...FAST });

    expect(response.result).toBe('NO_RECORD');
    expect(registry.requests).toHaveLength(2);
  });

  it('throws RegistryRequestRejectedError on a 400 without retrying', async () => {
    const registry = await startRegistry([status(400)]);

    const error = await requestCriminalRecordCheck(CHECK, { baseUrl: registry.baseUrl, ...FAST }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(RegistryRequestRejectedError);
    expect((error as RegistryRequestRejectedError).statusCode).toBe(400);
    expect(registry.requests).toHaveLength(1);
  });

  it('treats a connection refusal as unavailable', async () => {
    const registry = await startRegistry([answer('NO_RECORD')]);
    await stopRegistry();

    const error = await requestCriminalRecordCheck(CHECK, { baseUrl: registry.baseUrl, ...FAST }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(RegistryUnavailableError);
    expect((error as Error).message).toContain('ECONNREFUSED');
  });

  it('retries an answer with another request id', async () => {
    const foreign: Reply = (_request, _body, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ requestId: 'other', result: 'NO_RECORD', checkedAt: '2025-03-01T10:00:00Z' }));
    };
    const registry = await startRegistry([foreign, answer('RECORD_FOUND')]);

    const response = await requestCriminalRecordCheck(CHECK, { baseUrl: registry.baseUrl, ...FAST });

    expect(response.result).toBe('RECORD_FOUND');
    expect(registry.requests).toHaveLength(2);
  });

  it('keeps personal data out of the error message', async () => {
    const registry = await startRegistry([status(503)]);

    const error = (await requestCriminalRecordCheck(CHECK, { baseUrl: registry.baseUrl, ...FAST }).catch(
      (caught: unknown) => caught,
    )) as Error;

    for (const value of [CHECK.lastName, CHECK.firstName, CHECK.passportNumber, CHECK.birthDate]) {
      expect(error.message).not.toContain(value);
    }
  });
});
