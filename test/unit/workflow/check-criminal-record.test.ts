import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { deriveEventId } from '../../../functions/domain/events.ts';
import { RegistryUnavailableError } from '../../../functions/registry/errors.ts';
import { checkCriminalRecord } from '../../../functions/workflow/check-criminal-record.ts';
import { ApplicationFormInvalidError, ApplicationFormNotFoundError } from '../../../functions/workflow/errors.ts';
import { PERSONAL_DATA_TABLE, dynamo, useWorkflowMocks } from './state-table-mock.ts';

const INPUT = { applicationId: 'app-1', executionName: 'app-1-r1' };
const FAST = { attemptTimeoutMs: 300, maxAttempts: 2, initialBackoffMs: 5 };

const FORM = {
  fullName: { lastName: 'Петрова-Водкина', firstName: 'Анна', middleName: 'Сергеевна' },
  birthDate: '1995-11-02',
  passport: { series: '45 06', number: '123456', issuedBy: 'ОВД', issueDate: '2015-12-01' },
  snils: '112-233-445 95',
};

let server: Server | undefined;
let received: unknown[] = [];

/** Starts a registry on 127.0.0.1 that responds with `status` and, for 200, the given result. */
async function startRegistry(status: number, result = 'NO_RECORD'): Promise<void> {
  received = [];
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { requestId: string };
      received.push(body);
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ requestId: body.requestId, result, checkedAt: '2025-03-03T09:00:01Z' }));
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  vi.stubEnv('CRIMINAL_RECORD_REGISTRY_URL', `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
}

function givenForm(form: unknown): void {
  dynamo.on(GetCommand, { TableName: PERSONAL_DATA_TABLE }).resolves({
    Item: { pk: 'APPLICATION#app-1', sk: 'FORM', applicationId: 'app-1', applicantId: 'applicant-1', form, version: 1, updatedAt: '' },
  });
}

describe('checkCriminalRecord', () => {
  useWorkflowMocks();

  beforeEach(() => {
    received = [];
  });

  afterEach(async () => {
    const running = server;
    server = undefined;
    if (running === undefined) return;
    running.closeAllConnections();
    await new Promise((resolve) => running.close(resolve));
  });

  it('returns checked without the result', async () => {
    givenForm(FORM);
    await startRegistry(200, 'RECORD_FOUND');

    const output = await checkCriminalRecord(INPUT, FAST);

    expect(output).toEqual({ checked: true });
    expect(JSON.stringify(output)).not.toContain('RECORD_FOUND');
  });

  it('stores result in personal-data store', async () => {
    givenForm(FORM);
    await startRegistry(200, 'RECORD_FOUND');

    await checkCriminalRecord(INPUT, FAST);

    const puts = dynamo.commandCalls(PutCommand, { TableName: PERSONAL_DATA_TABLE });
    expect(puts).toHaveLength(1);
    expect(puts[0]?.args[0].input.Item).toEqual({
      pk: 'APPLICATION#app-1',
      sk: 'REGISTRY_CHECK#app-1-r1',
      applicationId: 'app-1',
      executionName: 'app-1-r1',
      result: 'RECORD_FOUND',
      requestId: deriveEventId('app-1-r1', 'CheckCriminalRecord'),
      checkedAt: '2025-03-03T09:00:01Z',
    });
  });

  it('stores nothing when registry fails', async () => {
    givenForm(FORM);
    await startRegistry(503);

    await checkCriminalRecord(INPUT, FAST).catch(() => undefined);

    expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('sends the form fields the registry contract names', async () => {
    givenForm(FORM);
    await startRegistry(200);

    await checkCriminalRecord(INPUT, FAST);

    expect(received).toEqual([
      {
        requestId: deriveEventId('app-1-r1', 'CheckCriminalRecord'),
        lastName: 'Петрова-Водкина',
        firstName: 'Анна',
        middleName: 'Сергеевна',
        birthDate: '1995-11-02',
        passportSeries: '4506',
        passportNumber: '123456',
      },
    ]);
  });

  it('omits a missing middle name', async () => {
    givenForm({ ...FORM, fullName: { lastName: 'Ким', firstName: 'Виктор' } });
    await startRegistry(200);

    await checkCriminalRecord(INPUT, FAST);

    expect(received[0]).not.toHaveProperty('middleName');
  });

  it('throws ApplicationFormNotFoundError without a stored form', async () => {
    dynamo.on(GetCommand, { TableName: PERSONAL_DATA_TABLE }).resolves({});

    const error = await checkCriminalRecord(INPUT, FAST).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ApplicationFormNotFoundError);
  });

  it('names invalid fields by path only', async () => {
    givenForm({ ...FORM, passport: { series: '45X6', number: '123456' } });

    const error = await checkCriminalRecord(INPUT, FAST).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ApplicationFormInvalidError);
    expect((error as Error).message).toContain('passport.series');
    expect((error as Error).message).not.toContain('45X6');
  });

  it('throws RegistryUnavailableError when the registry keeps failing', async () => {
    givenForm(FORM);
    await startRegistry(503);

    const error = await checkCriminalRecord(INPUT, FAST).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(RegistryUnavailableError);
    expect(received).toHaveLength(2);
  });
});
