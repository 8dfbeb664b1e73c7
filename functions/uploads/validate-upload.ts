import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { SQSBatchItemFailure, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { errorName } from '../commons/errors.ts';
import { logger } from '../commons/logger.ts';
import { parseS3Notification } from './s3-notification.ts';
import { isTransientError } from './transient-errors.ts';
import { uploadLogKeys, validateUploadEvent } from './validate-upload-event.ts';

function logFailure(error: unknown): void {
  if (isTransientError(error)) {
    logger.warn('Upload validation failed transiently, so the queue retries the message', { errorName: errorName(error), error: error as Error });
  } else {
    logger.error('Upload validation failed unexpectedly, so the queue retries the message until it moves to the dead-letter queue', {
      errorName: errorName(error),
      error: error as Error,
    });
  }
}

/**
 * Validates every object event of one queue message, in order. Returns false when the message
 * must be retried: an event failed, or the message is not an S3 notification (so that it ends
 * in the dead-letter queue, where someone can look at it).
 */
async function processMessage(message: SQSRecord): Promise<boolean> {
  const notification = parseS3Notification(message.body);
  if (notification.kind === 'test-event') {
    logger.info('S3 test event ignored');
    return true;
  }
  if (notification.kind === 'invalid') {
    logger.error('Queue message is not an S3 event notification', { issue: notification.issue });
    return false;
  }

  for (const objectEvent of notification.records) {
    const keys = uploadLogKeys(objectEvent);
    logger.appendKeys(keys);
    try {
      await validateUploadEvent(objectEvent);
    } catch (error) {
      // The retry handles the events after this one, and it skips those before it as not newer.
      logFailure(error);
      return false;
    } finally {
      logger.removeKeys(Object.keys(keys));
    }
  }
  return true;
}

/**
 * Consumes the uploads queue, which receives the bucket's ObjectCreated notifications for the
 * uploads/ prefix. Returns the messages that failed as batch item failures, so that only they
 * are retried (the event source mapping must enable ReportBatchItemFailures).
 */
export async function processUploadMessages(event: SQSEvent): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchItemFailure[] = [];
  for (const message of event.Records) {
    logger.appendKeys({ messageId: message.messageId });
    try {
      if (!(await processMessage(message))) batchItemFailures.push({ itemIdentifier: message.messageId });
    } finally {
      logger.removeKeys(['messageId']);
    }
  }
  return { batchItemFailures };
}

export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(processUploadMessages);
