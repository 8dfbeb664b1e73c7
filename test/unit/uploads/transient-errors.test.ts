import { describe, expect, it } from 'vitest';
import { isTransientError } from '../../../functions/uploads/transient-errors.ts';

const sdkError = (name: string, fields: Record<string, unknown> = {}): Error =>
  Object.assign(new Error(`${name} happened`), { name, ...fields });

describe('isTransientError', () => {
  it.each<[string, unknown, boolean]>([
    ['DynamoDB throttling', sdkError('ProvisionedThroughputExceededException', { $metadata: { httpStatusCode: 400 } }), true],
    ['S3 SlowDown', sdkError('SlowDown', { $metadata: { httpStatusCode: 503 } }), true],
    ['an SDK error marked retryable', sdkError('SomethingNew', { $retryable: { throttling: false } }), true],
    ['a 500 from any service', sdkError('UnknownError', { $metadata: { httpStatusCode: 500 } }), true],
    ['a connection reset', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), true],
    ['an SDK timeout', sdkError('TimeoutError'), true],
    ['access denied', sdkError('AccessDenied', { $metadata: { httpStatusCode: 403 } }), false],
    ['a validation error', sdkError('ValidationException', { $metadata: { httpStatusCode: 400 } }), false],
    ['a TypeError from a bug', new TypeError('Cannot read properties of undefined'), false],
    ['a thrown string', 'boom', false],
  ])('classifies %s', (_case, error, expected) => {
    expect(isTransientError(error)).toBe(expected);
  });
});
