import { createHash, randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { logger as serviceLogger } from '../../functions/commons/logger.ts';

export interface LocalQueueOptions {
  name: string;
  /** The Lambda handler that the event source mapping invokes. */
  consumer: (event: SQSEvent) => Promise<SQSBatchResponse | void>;
  /** Largest batch per invocation; 10 by default, as for an SQS event source mapping. */
  batchSize?: number;
  /** Receives after which a failing message goes to the dead-letter list (the redrive policy). */
  maxReceiveCount: number;
  /** How long a failed message stays invisible before the next receive. */
  visibilityTimeoutMs: number;
  /** File that receives each dead-lettered message as one JSON line. */
  deadLetterPath?: string;
  region?: string;
  accountId?: string;
}

export interface DeadLetter {
  deadLetteredAt: string;
  queue: string;
  messageId: string;
  receiveCount: number;
  sentAt: string;
  body: string;
}

interface QueuedMessage {
  messageId: string;
  body: string;
  sentTimestamp: number;
  firstReceiveTimestamp?: number;
  receiveCount: number;
  visibleAt: number;
  settle: () => void;
  settled: Promise<void>;
}

const logger = serviceLogger.createChild({ serviceName: 'kontrakt-local-queue' });

/**
 * An in-memory stand-in for an SQS queue with an event source mapping in front of a Lambda
 * function. It invokes the consumer with one batch at a time. A thrown error makes every message
 * of the batch visible again after the visibility timeout. `batchItemFailures` does so only for
 * the listed messages, unless it lists an id that is not in the batch: then, as in Lambda, the
 * whole batch fails. A message that fails on its `maxReceiveCount`-th receive goes to the dead-letter list.
 *
 * NOTE: SQS moves such a message on the next receive, after the visibility timeout; this queue
 * moves it as soon as the receive fails. A consumer that runs longer than the visibility timeout
 * is not given the batch a second time either.
 */
export class LocalQueue {
  readonly arn: string;
  private readonly options: LocalQueueOptions;
  private readonly batchSize: number;
  private readonly messages: QueuedMessage[] = [];
  private readonly deadLetterList: DeadLetter[] = [];
  private running = false;
  private stopped = false;
  private wakeTimer: NodeJS.Timeout | undefined;
  private currentBatch: Promise<void> | undefined;

  constructor(options: LocalQueueOptions) {
    if (!Number.isInteger(options.maxReceiveCount) || options.maxReceiveCount < 1) {
      throw new Error(`maxReceiveCount of queue ${options.name} must be a positive integer, got ${options.maxReceiveCount}`);
    }
    this.options = options;
    this.batchSize = options.batchSize ?? 10;
    this.arn = `arn:aws:sqs:${options.region ?? 'us-east-1'}:${options.accountId ?? '000000000000'}:${options.name}`;
    if (options.deadLetterPath !== undefined) mkdirSync(dirname(options.deadLetterPath), { recursive: true });
  }

  /** Enqueues a message; returns its message id. */
  send(body: string): string {
    if (this.stopped) throw new Error(`Queue ${this.options.name} is stopped`);
    let settle = (): void => undefined;
    const settled = new Promise<void>((resolve) => {
      settle = resolve;
    });
    const message: QueuedMessage = {
      messageId: randomUUID(),
      body,
      sentTimestamp: Date.now(),
      receiveCount: 0,
      visibleAt: 0,
      settle,
      settled,
    };
    this.messages.push(message);
    this.schedule(0);
    return message.messageId;
  }

  /** Resolves once every message sent so far has been consumed or dead-lettered. */
  async drain(): Promise<void> {
    await Promise.all(this.messages.map((message) => message.settled));
  }

  deadLetters(): DeadLetter[] {
    return [...this.deadLetterList];
  }

  /**
   * Stops delivering and waits for the batch in flight. Messages still queued stay undelivered,
   * so a drain() that waits for them never resolves.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.wakeTimer);
    await this.currentBatch;
  }

  private schedule(delayMs: number): void {
    if (this.stopped || this.running) return;
    clearTimeout(this.wakeTimer);
    this.wakeTimer = setTimeout(() => void this.poll(), delayMs);
  }

  private async poll(): Promise<void> {
    if (this.stopped || this.running) return;
    this.running = true;
    try {
      for (;;) {
        const now = Date.now();
        const batch = this.messages.filter((message) => message.visibleAt <= now).slice(0, this.batchSize);
        if (batch.length === 0 || this.stopped) break;
        this.currentBatch = this.deliver(batch);
        await this.currentBatch;
      }
    } finally {
      this.running = false;
      this.currentBatch = undefined;
    }
    const nextVisibleAt = Math.min(...this.messages.map((message) => message.visibleAt));
    if (Number.isFinite(nextVisibleAt)) this.schedule(Math.max(0, nextVisibleAt - Date.now()));
  }

  private toRecord(message: QueuedMessage): SQSRecord {
    return {
      messageId: message.messageId,
      receiptHandle: randomUUID(),
      body: message.body,
      attributes: {
        ApproximateReceiveCount: String(message.receiveCount),
        SentTimestamp: String(message.sentTimestamp),
        SenderId: 'LOCAL',
        ApproximateFirstReceiveTimestamp: String(message.firstReceiveTimestamp ?? message.sentTimestamp),
      },
      messageAttributes: {},
      md5OfBody: createHash('md5').update(message.body).digest('hex'),
      eventSource: 'aws:sqs',
      eventSourceARN: this.arn,
      awsRegion: this.options.region ?? 'us-east-1',
    };
  }

  /** Returns the ids of the messages that failed, or all of them when the invocation failed. */
  private async invoke(batch: QueuedMessage[]): Promise<Set<string>> {
    const batchIds = new Set(batch.map((message) => message.messageId));
    try {
      const response = await this.options.consumer({ Records: batch.map((message) => this.toRecord(message)) });
      const failedIds = (response?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier);
      if (failedIds.some((id) => !batchIds.has(id))) {
        logger.error('Batch response names a message outside the batch; retrying the whole batch', {
          queue: this.options.name,
          messageIds: [...batchIds],
        });
        return batchIds;
      }
      if (failedIds.length > 0) {
        logger.warn('Batch partly failed; retrying the failed messages', { queue: this.options.name, messageIds: failedIds });
      }
      return new Set(failedIds);
    } catch (error) {
      logger.error('Batch failed; retrying every message in it', {
        queue: this.options.name,
        messageIds: [...batchIds],
        error: error as Error,
      });
      return batchIds;
    }
  }

  private async deliver(batch: QueuedMessage[]): Promise<void> {
    const receivedAt = Date.now();
    for (const message of batch) {
      message.receiveCount += 1;
      message.firstReceiveTimestamp ??= receivedAt;
      message.visibleAt = Number.POSITIVE_INFINITY;
    }

    const failedIds = await this.invoke(batch);

    for (const message of batch) {
      if (!failedIds.has(message.messageId)) this.remove(message);
      else if (message.receiveCount >= this.options.maxReceiveCount) this.deadLetter(message);
      else message.visibleAt = Date.now() + this.options.visibilityTimeoutMs;
    }
  }

  private remove(message: QueuedMessage): void {
    const index = this.messages.indexOf(message);
    if (index >= 0) this.messages.splice(index, 1);
    message.settle();
  }

  private deadLetter(message: QueuedMessage): void {
    const deadLetter: DeadLetter = {
      deadLetteredAt: new Date().toISOString(),
      queue: this.options.name,
      messageId: message.messageId,
      receiveCount: message.receiveCount,
      sentAt: new Date(message.sentTimestamp).toISOString(),
      body: message.body,
    };
    this.deadLetterList.push(deadLetter);
    if (this.options.deadLetterPath !== undefined) appendFileSync(this.options.deadLetterPath, `${JSON.stringify(deadLetter)}\n`);
    logger.error('Message moved to the dead-letter queue', {
      queue: this.options.name,
      messageId: message.messageId,
      receiveCount: message.receiveCount,
    });
    this.remove(message);
  }
}
