import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_STACK } from '../../local/config.ts';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime.ts';

let dataDir: string;
let runtime: LocalRuntime | undefined;

function stateTable(endpoint: string) {
  const client = new DynamoDBClient({ endpoint, region: LOCAL_STACK.region, credentials: LOCAL_STACK.credentials });
  return DynamoDBDocumentClient.from(client);
}

async function waitForOutboxLine(path: string, predicate: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const text = await readFile(path, 'utf8').catch(() => '');
    const lines = text.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as Record<string, unknown>);
    const found = lines.find(predicate);
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error('No matching outbox line in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// One runtime for the whole file: handler modules keep the endpoints of the first runtime that loaded them.
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'kontrakt-runtime-'));
  runtime = await startLocalRuntime({ dataDir, quiet: true, sweepIntervalMs: 100 });
});

afterAll(async () => {
  await runtime?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('local runtime', () => {
  it('serves the API to its own tokens', async () => {
    const token = await runtime!.issueToken('applicant-1');

    const listed = await fetch(`${runtime!.urls.api}/applications`, { headers: { authorization: `Bearer ${token}` } });
    const anonymous = await fetch(`${runtime!.urls.api}/applications`);

    expect(listed.status).toBe(200);
    expect(await listed.json()).toEqual({ applications: [] });
    expect(anonymous.status).toBe(401);
  });

  it('serves the OpenAPI description as JSON', async () => {
    const response = await fetch(runtime!.urls.openApi);

    const document = (await response.json()) as { openapi?: string; servers?: Array<{ url: string }> };
    expect(response.status).toBe(200);
    expect(document.openapi).toMatch(/^3\./);
    expect(document.servers?.[0]?.url).toBe(runtime!.urls.api);
  });

  it('publishes a pending event through the sweep to the outbox', async () => {
    const occurredAt = new Date(Date.now() - 120_000).toISOString();
    const event = {
      eventId: 'event-swept-1',
      type: 'APPLICATION_CREATED',
      applicationId: 'app-swept',
      applicantId: 'applicant-1',
      occurredAt,
      actor: { kind: 'applicant', id: 'applicant-1' },
      status: 'RECEIVED',
      sequence: 1,
    };
    await stateTable(runtime!.urls.stateDynamodb).send(
      new PutCommand({
        TableName: LOCAL_STACK.stateTableName,
        Item: {
          pk: 'APPLICATION#app-swept',
          sk: 'APPLICATION',
          applicationId: 'app-swept',
          applicantId: 'applicant-1',
          pendingEvents: { [event.eventId]: event },
          pendingPartition: 'PENDING',
          pendingSince: occurredAt,
        },
      }),
    );

    const line = await waitForOutboxLine(runtime!.paths.outbox, (entry) => entry.subscription === 'events-outbox');
    await runtime!.drain();

    expect(JSON.parse(String(line.message))).toMatchObject({ eventId: 'event-swept-1', type: 'APPLICATION_CREATED' });
  });
});
