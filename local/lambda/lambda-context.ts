import { randomBytes } from 'node:crypto';
import type { Context } from 'aws-lambda';

export interface FunctionIdentity {
  functionName: string;
  functionArn: string;
  memoryMb: number;
}

function logStreamName(startedAt: Date): string {
  const day = startedAt.toISOString().slice(0, 10).replaceAll('-', '/');
  return `${day}/[$LATEST]${randomBytes(16).toString('hex')}`;
}

/**
 * Builds the `Context` that the Lambda Node.js runtime passes to a handler, with a deadline that
 * `getRemainingTimeInMillis()` counts down to.
 */
export function buildLambdaContext(identity: FunctionIdentity, requestId: string, deadline: number): Context {
  const unsupported = (name: string) => () => {
    throw new Error(`context.${name}() is not supported: return a value or throw from an async handler`);
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: identity.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: identity.functionArn,
    memoryLimitInMB: String(identity.memoryMb),
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${identity.functionName}`,
    logStreamName: logStreamName(new Date()),
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported('done'),
    fail: unsupported('fail'),
    succeed: unsupported('succeed'),
  };
}
