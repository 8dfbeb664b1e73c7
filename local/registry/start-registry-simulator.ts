import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { z } from 'zod';
import { logger as serviceLogger } from '../../functions/commons/logger.ts';
import { loadFixtures, type RegistryFixture } from './fixtures.ts';
import { BodyTooLargeError, listen, readBody } from '../http-server.ts';

// A SIMULATOR of the external criminal-record registry for the local runtime and tests. It has
// no real data: responses come from fixtures keyed by passport number, and every response carries
// the header `x-simulator: kontrakt-registry-simulator`.

export interface RegistrySimulatorOptions {
  /** Port to listen on; 0 picks any free port. */
  port: number;
  host?: string;
  /** JSON fixtures file; the bundled local/registry/fixtures.json by default. */
  fixturesPath?: string;
}

export interface RegistrySimulator {
  /** Base URL, for CRIMINAL_RECORD_REGISTRY_URL. */
  url: string;
  stop(): Promise<void>;
}

export const SIMULATOR_HEADER = { 'x-simulator': 'kontrakt-registry-simulator' } as const;
const CHECKS_PATH = '/v1/criminal-record-checks';
const MAX_BODY_BYTES = 64 * 1024;

const logger = serviceLogger.createChild({ serviceName: 'kontrakt-registry-simulator' });

function isCalendarDate(text: string): boolean {
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text) && date.getTime() <= Date.now();
}

// Messages are set on every field so that they stay English whatever zod locale the process uses.
const name = (field: string) =>
  z.string({ error: `${field} must be a string` }).trim().min(1, { error: `${field} must not be empty` }).max(100, { error: `${field} is too long` });

const checkRequestSchema = z.object({
  requestId: z.string({ error: 'requestId must be a string' }).min(1, { error: 'requestId must not be empty' }).max(128, { error: 'requestId is too long' }),
  lastName: name('lastName'),
  firstName: name('firstName'),
  middleName: name('middleName').optional(),
  birthDate: z
    .string({ error: 'birthDate must be a string' })
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'birthDate must be YYYY-MM-DD' })
    .refine(isCalendarDate, { error: 'birthDate must be a real date in the past' }),
  passportSeries: z.string({ error: 'passportSeries must be a string' }).regex(/^\d{4}$/, { error: 'passportSeries must be 4 digits' }),
  passportNumber: z.string({ error: 'passportNumber must be a string' }).regex(/^\d{6}$/, { error: 'passportNumber must be 6 digits' }),
});

type CheckRequest = z.infer<typeof checkRequestSchema>;

function sendJson(response: ServerResponse, statusCode: number, payload: unknown): void {
  const body = JSON.stringify(payload);
  response.writeHead(statusCode, {
    ...SIMULATOR_HEADER,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  response.end(body);
}

async function readRequestText(request: IncomingMessage): Promise<string> {
  return (await readBody(request, MAX_BODY_BYTES)).toString('utf8');
}


/** Starts the registry simulator; fixtures.ts lists the passport numbers with special responses. */
export async function startRegistrySimulator(options: RegistrySimulatorOptions): Promise<RegistrySimulator> {
  const host = options.host ?? '127.0.0.1';
  const fixtures = await loadFixtures(options.fixturesPath);
  const failuresByRequest = new Map<string, number>();
  const delayTimers = new Set<NodeJS.Timeout>();

  /** Returns the status to fail with, counting the failure for a `failTimes` fixture. */
  function failureStatus(check: CheckRequest, fixture: RegistryFixture | undefined): number | undefined {
    if (fixture?.status === undefined) return undefined;
    if (fixture.failTimes === undefined) return fixture.status;
    const counterKey = `${check.passportNumber}\u0000${check.requestId}`;
    const failures = failuresByRequest.get(counterKey) ?? 0;
    if (failures >= fixture.failTimes) return undefined;
    failuresByRequest.set(counterKey, failures + 1);
    return fixture.status;
  }

  function respond(response: ServerResponse, check: CheckRequest, fixture: RegistryFixture | undefined): void {
    if (response.destroyed) return;
    const status = failureStatus(check, fixture);
    if (status !== undefined) {
      logger.info('Simulated registry failure', { requestId: check.requestId, statusCode: status });
      sendJson(response, status, { error: `Registry unavailable (simulated, HTTP ${status})` });
      return;
    }
    const result = fixture?.result ?? 'NO_RECORD';
    logger.info('Simulated criminal-record check completed', { requestId: check.requestId, result });
    sendJson(response, 200, { requestId: check.requestId, result, checkedAt: new Date().toISOString() });
  }

  async function handleCheck(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let payload: unknown;
    try {
      payload = JSON.parse(await readRequestText(request));
    } catch (error) {
      if (error instanceof BodyTooLargeError) sendJson(response, 413, { error: `Request body exceeds ${MAX_BODY_BYTES} bytes` });
      else sendJson(response, 400, { error: 'Request body is not valid JSON' });
      return;
    }
    const parsed = checkRequestSchema.safeParse(payload);
    if (!parsed.success) {
      sendJson(response, 400, { error: `Invalid request body: ${parsed.error.issues.map((issue) => issue.message).join('; ')}` });
      return;
    }

    const check = parsed.data;
    const fixture = fixtures.get(check.passportNumber);
    if (fixture?.delayMs === undefined) {
      respond(response, check, fixture);
      return;
    }
    const timer = setTimeout(() => {
      delayTimers.delete(timer);
      respond(response, check, fixture);
    }, fixture.delayMs);
    delayTimers.add(timer);
    response.on('close', () => {
      clearTimeout(timer);
      delayTimers.delete(timer);
    });
  }

  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path !== CHECKS_PATH) {
      sendJson(response, 404, { error: `No route ${path}; the simulator serves POST ${CHECKS_PATH}` });
      return;
    }
    if (request.method !== 'POST') {
      response.setHeader('allow', 'POST');
      sendJson(response, 405, { error: `Method ${request.method} is not allowed; use POST` });
      return;
    }
    handleCheck(request, response).catch((error: unknown) => {
      logger.error('Simulated criminal-record check failed', { error: error as Error });
      if (!response.headersSent) sendJson(response, 500, { error: 'Simulator failed to process the request' });
    });
  });

  const port = await listen(server, options.port, host);
  logger.info('Criminal-record registry simulator started', { port, fixtures: fixtures.size });

  return {
    url: `http://${host}:${port}`,
    async stop() {
      for (const timer of delayTimers) clearTimeout(timer);
      delayTimers.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      logger.info('Criminal-record registry simulator stopped', { port });
    },
  };
}
