import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalQueue } from '../../local/queue/local-queue.ts';

let workDir: string;
let queue: LocalQueue | undefined;

beforeEach(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'local-queue-'));
});

afterEach(async () => {
  await queue?.stop();
  queue = undefined;
  await rm(workDir, { recursive: true, force: true });
});

/** Collects every record the queue delivers, batch by batch. */
function recordingConsumer(decide: (record: SQSRecord) => 'ok' | 'fail' = () => 'ok') {
  const batches: SQSRecord[][] = [];
  const consumer = async (event: SQSEvent): Promise<SQSBatchResponse> => {
    batches.push(event.Records);
    const failures = event.Records.filter((record) => decide(record) === 'fail');
    return { batchItemFailures: failures.map((record) => ({ itemIdentifier: record.messageId })) };
  };
  return { batches, consumer };
}

describe('LocalQueue', () => {
  it('delivers SQS-shaped records', async () => {
    const { batches, consumer } = recordingConsumer();
    queue = new LocalQueue({ name: 'uploads', consumer, maxReceiveCount: 3, visibilityTimeoutMs: 10, region: 'eu-central-1', accountId: '123456789012' });

    const messageId = queue.send('{"hello":"world"}');
    await queue.drain();

    expect(batches).toHaveLength(1);
    const [record] = batches[0] ?? [];
    expect(record?.messageId).toBe(messageId);
    expect(record?.body).toBe('{"hello":"world"}');
    expect(record?.receiptHandle).not.toBe('');
    expect(record?.attributes.ApproximateReceiveCount).toBe('1');
    expect(record?.eventSource).toBe('aws:sqs');
    expect(record?.eventSourceARN).toBe('arn:aws:sqs:eu-central-1:123456789012:uploads');
    expect(record?.awsRegion).toBe('eu-central-1');
    expect(record?.md5OfBody).toBe('fbc24bcc7a1794758fc1327fcfebdaf6');
  });

  it('groups messages into batches of batchSize', async () => {
    const { batches, consumer } = recordingConsumer();
    queue = new LocalQueue({ name: 'uploads', consumer, batchSize: 2, maxReceiveCount: 3, visibilityTimeoutMs: 10 });

    for (const body of ['a', 'b', 'c', 'd', 'e']) queue.send(body);
    await queue.drain();

    expect(batches.map((batch) => batch.length)).toEqual([2, 2, 1]);
    expect(batches.flat().map((record) => record.body)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('retries the whole batch after a thrown error', async () => {
    const receives: Array<{ body: string; count: string }> = [];
    let invocations = 0;
    queue = new LocalQueue({
      name: 'uploads',
      consumer: async (event) => {
        invocations += 1;
        for (const record of event.Records) receives.push({ body: record.body, count: record.attributes.ApproximateReceiveCount });
        if (invocations === 1) throw new Error('handler crashed');
      },
      maxReceiveCount: 3,
      visibilityTimeoutMs: 20,
    });

    queue.send('a');
    queue.send('b');
    await queue.drain();

    expect(receives).toEqual([
      { body: 'a', count: '1' },
      { body: 'b', count: '1' },
      { body: 'a', count: '2' },
      { body: 'b', count: '2' },
    ]);
    expect(queue.deadLetters()).toEqual([]);
  });

  it('retries only the messages listed in batchItemFailures', async () => {
    const { batches, consumer } = recordingConsumer((record) =>
      record.body === 'bad' && record.attributes.ApproximateReceiveCount === '1' ? 'fail' : 'ok',
    );
    queue = new LocalQueue({ name: 'uploads', consumer, maxReceiveCount: 3, visibilityTimeoutMs: 20 });

    queue.send('good');
    queue.send('bad');
    await queue.drain();

    expect(batches.map((batch) => batch.map((record) => record.body))).toEqual([['good', 'bad'], ['bad']]);
  });

  it('waits for the visibility timeout before a retry', async () => {
    const receivedAt: number[] = [];
    queue = new LocalQueue({
      name: 'uploads',
      consumer: async () => {
        receivedAt.push(Date.now());
        if (receivedAt.length === 1) throw new Error('first receive fails');
      },
      maxReceiveCount: 3,
      visibilityTimeoutMs: 200,
    });

    queue.send('a');
    await queue.drain();

    expect(receivedAt).toHaveLength(2);
    expect(receivedAt[1]! - receivedAt[0]!).toBeGreaterThanOrEqual(190);
  });

  it('dead-letters a message after maxReceiveCount failed receives', async () => {
    const deadLetterPath = join(workDir, 'dead-letters', 'uploads.jsonl');
    const { batches, consumer } = recordingConsumer((record) => (record.body === 'poison' ? 'fail' : 'ok'));
    queue = new LocalQueue({ name: 'uploads', consumer, maxReceiveCount: 3, visibilityTimeoutMs: 5, deadLetterPath });

    const poisonId = queue.send('poison');
    queue.send('fine');
    await queue.drain();

    const poisonReceives = batches.flat().filter((record) => record.body === 'poison');
    expect(poisonReceives.map((record) => record.attributes.ApproximateReceiveCount)).toEqual(['1', '2', '3']);
    expect(queue.deadLetters()).toHaveLength(1);
    expect(queue.deadLetters()[0]).toMatchObject({ queue: 'uploads', messageId: poisonId, receiveCount: 3, body: 'poison' });
    const lines = (await readFile(deadLetterPath, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ messageId: poisonId, body: 'poison' });
  });

  it('fails the whole batch when batchItemFailures names an unknown message', async () => {
    const receives: string[] = [];
    queue = new LocalQueue({
      name: 'uploads',
      consumer: async (event) => {
        receives.push(...event.Records.map((record) => record.body));
        return receives.length <= 2 ? { batchItemFailures: [{ itemIdentifier: 'not-in-batch' }] } : undefined;
      },
      maxReceiveCount: 3,
      visibilityTimeoutMs: 5,
    });

    queue.send('a');
    queue.send('b');
    await queue.drain();

    expect(receives).toEqual(['a', 'b', 'a', 'b']);
  });

  it('drains messages sent while a batch is in flight', async () => {
    const bodies: string[] = [];
    queue = new LocalQueue({
      name: 'uploads',
      consumer: async (event) => {
        bodies.push(...event.Records.map((record) => record.body));
        if (event.Records.some((record) => record.body === 'first')) queue?.send('follow-up');
        await new Promise((resolve) => setTimeout(resolve, 10));
      },
      maxReceiveCount: 1,
      visibilityTimeoutMs: 5,
    });

    queue.send('first');
    await new Promise((resolve) => setTimeout(resolve, 5));
    await queue.drain();

    expect(bodies).toEqual(['first', 'follow-up']);
  });

  it('rejects a maxReceiveCount below 1', () => {
    const create = () => new LocalQueue({ name: 'uploads', consumer: async () => undefined, maxReceiveCount: 0, visibilityTimeoutMs: 5 });

    expect(create).toThrow(/maxReceiveCount/);
  });
});
