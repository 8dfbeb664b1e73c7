import { describe, expect, it } from 'vitest';
import { LocalFunction } from '../../../local/lambda/invoke-local.ts';

const FIXTURES = 'test/fixtures/local-lambda';

function localFunction(entry: string, timeoutSeconds = 5): LocalFunction {
  return new LocalFunction({ functionName: 'Probe', entry, region: 'eu-central-1', accountId: '000000000000', timeoutSeconds, memoryMb: 256 });
}

describe('LocalFunction', () => {
  it('passes a Lambda context and returns the result through JSON', async () => {
    const fn = localFunction(`${FIXTURES}/context-handler.ts`);

    const result = await fn.invoke({ applicationId: 'a1' });

    expect(result.ok).toBe(true);
    const payload = (result as { payload: Record<string, unknown> }).payload;
    expect(payload.event).toEqual({ applicationId: 'a1' });
    expect(payload.functionName).toBe('Probe');
    expect(payload.invokedFunctionArn).toBe('arn:aws:lambda:eu-central-1:000000000000:function:Probe');
    expect(payload.awsRequestId).toBe(result.requestId);
    expect(payload.memoryLimitInMB).toBe('256');
    expect(payload.logGroupName).toBe('/aws/lambda/Probe');
    expect(payload.remainingMs).toBeGreaterThan(4000);
    expect(payload.remainingMs).toBeLessThanOrEqual(5000);
    expect(payload.at).toBe('1970-01-01T00:00:00.000Z');
  });

  it('gives the handler a copy of the event', async () => {
    const fn = localFunction(`${FIXTURES}/mutating-handler.ts`);
    const event = { items: ['original'] };

    const result = await fn.invoke(event);

    expect(result).toMatchObject({ ok: true, payload: 2 });
    expect(event.items).toEqual(['original']);
  });

  it('reports a thrown error with its name as errorType', async () => {
    const fn = localFunction('test/fixtures/local-api/failing-handler.ts');

    const result = await fn.invoke({});

    expect(result.ok).toBe(false);
    const { error } = result as { error: { errorType: string; errorMessage: string; trace: string[] } };
    expect(error.errorType).toBe('TypeError');
    expect(error.errorMessage).toBe('Handler bug');
    expect(error.trace[0]).toBe('TypeError: Handler bug');
  });

  it('reports a handler past its timeout as Sandbox.Timedout', async () => {
    const fn = localFunction(`${FIXTURES}/slow-handler.ts`, 1);

    const result = await fn.invoke({});

    expect(result).toMatchObject({ ok: false, error: { errorType: 'Sandbox.Timedout' } });
    expect((result as { error: { errorMessage: string } }).error.errorMessage).toMatch(/Task timed out after 1\.00 seconds$/);
  });

  it('reports a missing module as Runtime.ImportModuleError', async () => {
    const fn = localFunction(`${FIXTURES}/does-not-exist.ts`);

    const result = await fn.invoke({});

    expect(result).toMatchObject({ ok: false, error: { errorType: 'Runtime.ImportModuleError' } });
  });

  it('reports a module without handler as Runtime.HandlerNotFound', async () => {
    const fn = localFunction(`${FIXTURES}/no-handler.ts`);

    const result = await fn.invoke({});

    expect(result).toMatchObject({ ok: false, error: { errorType: 'Runtime.HandlerNotFound' } });
  });
});
