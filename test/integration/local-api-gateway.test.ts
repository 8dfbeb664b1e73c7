import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { SignJWT, generateKeyPair } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startApiGateway, type ApiGateway } from '../../local/api/start-api-gateway.ts';
import { createLocalIssuer, loadOrCreateIssuerKey, type LocalIssuer } from '../../local/auth/local-issuer.ts';
import { InvocationTracker } from '../../local/lambda/invocation-tracker.ts';
import { LocalFunction } from '../../local/lambda/invoke-local.ts';

const FIXTURES = 'test/fixtures/local-api';
const AUDIENCE = 'kontrakt-local';

class CountingTracker extends InvocationTracker {
  invocations = 0;

  override track<T>(work: Promise<T>): Promise<T> {
    this.invocations++;
    return super.track(work);
  }
}

let dataDir: string;
let gateway: ApiGateway;
let issuer: LocalIssuer;
const tracker = new CountingTracker();

function testFunction(name: string, entry: string): LocalFunction {
  return new LocalFunction({ functionName: name, entry: `${FIXTURES}/${entry}`, region: 'eu-central-1', accountId: '000000000000', tracker });
}

async function signWithForeignKey(): Promise<string> {
  const { privateKey } = await generateKeyPair('RS256');
  const kid = issuer.jwks.keys[0]?.kid ?? '';
  return new SignJWT({}).setProtectedHeader({ alg: 'RS256', kid }).setIssuer(issuer.issuer).setAudience(AUDIENCE).setSubject('intruder').setExpirationTime('1h').sign(privateKey);
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'kontrakt-api-'));
  const key = await loadOrCreateIssuerKey(dataDir);
  const jwks = createLocalIssuer(key, { issuer: 'unused' }).jwks;
  gateway = await startApiGateway({
    port: 0,
    accountId: '000000000000',
    routes: [
      { method: 'POST', path: '/applications/{applicationId}/submit', target: testFunction('Echo', 'echo-event-handler.ts') },
      { method: 'POST', path: '/applications/{applicationId}/documents/{documentType}/uploads', target: testFunction('Echo', 'echo-event-handler.ts') },
      { method: 'GET', path: '/plain', target: testFunction('Plain', 'plain-result-handler.ts') },
      { method: 'GET', path: '/failing', target: testFunction('Failing', 'failing-handler.ts') },
    ],
    authorizer: { issuerPath: '/local-issuer', audience: [AUDIENCE], jwks },
    openApiPath: `${FIXTURES}/api.yaml`,
  });
  issuer = createLocalIssuer(key, { issuer: gateway.issuer, audience: AUDIENCE });
});

afterAll(async () => {
  await gateway.stop();
  await rm(dataDir, { recursive: true, force: true });
});

beforeEach(() => {
  tracker.invocations = 0;
});

async function submit(headers: Record<string, string>, body = '{"confirm":true}') {
  return fetch(`${gateway.url}/applications/app%201/submit?lang=ru&tag=a&tag=b`, { method: 'POST', headers, body });
}

describe('local API gateway', () => {
  it('invokes the route with a payload 2.0 event', async () => {
    const token = await issuer.issueToken({ sub: 'applicant-1' });

    const response = await submit({ authorization: `Bearer ${token}`, 'content-type': 'application/json', 'X-Trace': 't1', cookie: 'a=1; b=2' });
    const event = (await response.json()) as APIGatewayProxyEventV2WithJWTAuthorizer;

    expect(response.status).toBe(201);
    expect(response.headers.get('x-handled-by')).toBe('echo');
    expect(response.headers.get('set-cookie')).toBe('session=abc; Path=/');
    expect(response.headers.get('apigw-requestid')).toBe(event.requestContext.requestId);
    expect(event.version).toBe('2.0');
    expect(event.routeKey).toBe('POST /applications/{applicationId}/submit');
    expect(event.rawPath).toBe('/applications/app%201/submit');
    expect(event.rawQueryString).toBe('lang=ru&tag=a&tag=b');
    expect(event.queryStringParameters).toEqual({ lang: 'ru', tag: 'a,b' });
    expect(event.pathParameters).toEqual({ applicationId: 'app 1' });
    expect(event.cookies).toEqual(['a=1', 'b=2']);
    expect(event.headers['x-trace']).toBe('t1');
    expect(event.headers.cookie).toBeUndefined();
    expect(event.body).toBe('{"confirm":true}');
    expect(event.isBase64Encoded).toBe(false);
    expect(event.requestContext).toMatchObject({
      accountId: '000000000000',
      routeKey: 'POST /applications/{applicationId}/submit',
      stage: '$default',
      http: { method: 'POST', path: '/applications/app%201/submit', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1' },
    });
    expect(event.requestContext.time).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    expect(event.requestContext.authorizer.jwt.claims.sub).toBe('applicant-1');
    expect(event.requestContext.authorizer.jwt.claims.exp).toMatch(/^\d+$/);
  });

  it('passes operator roles as a string claim', async () => {
    const token = await issuer.issueToken({ sub: 'operator-1', roles: ['operator'] });

    const response = await submit({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });
    const event = (await response.json()) as APIGatewayProxyEventV2WithJWTAuthorizer;

    expect(event.requestContext.authorizer.jwt.claims.roles).toBe('[operator]');
  });

  it('base64-encodes a body that is not text', async () => {
    const token = await issuer.issueToken({ sub: 'applicant-1' });
    const bytes = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff]);

    const response = await fetch(`${gateway.url}/applications/a1/documents/passport/uploads`, {
      method: 'POST',
      headers: { authorization: token, 'content-type': 'application/pdf' },
      body: bytes,
    });
    const event = (await response.json()) as APIGatewayProxyEventV2WithJWTAuthorizer;

    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body ?? '', 'base64')).toEqual(bytes);
    expect(event.pathParameters).toEqual({ applicationId: 'a1', documentType: 'passport' });
  });

  it.each([
    ['missing', async () => undefined],
    ['signed by another key', signWithForeignKey],
    ['expired', async () => issuer.issueToken({ sub: 'applicant-1', ttlSeconds: -10 })],
    ['for another audience', async () => createLocalIssuer(await loadOrCreateIssuerKey(dataDir), { issuer: issuer.issuer, audience: 'other' }).issueToken({ sub: 'a' })],
    ['from another issuer', async () => createLocalIssuer(await loadOrCreateIssuerKey(dataDir), { issuer: 'https://elsewhere.test', audience: AUDIENCE }).issueToken({ sub: 'a' })],
    ['malformed', async () => 'not.a.token'],
  ])('rejects a token that is %s without invoking the handler', async (_case, makeToken) => {
    const token = await makeToken();

    const response = await submit(token === undefined ? {} : { authorization: `Bearer ${token}` });

    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ message: 'Unauthorized' });
    expect(tracker.invocations).toBe(0);
  });

  it('responds 404 to an unknown route', async () => {
    const token = await issuer.issueToken({ sub: 'applicant-1' });

    const unknownPath = await fetch(`${gateway.url}/nothing-here`, { headers: { authorization: token } });
    const wrongMethod = await fetch(`${gateway.url}/applications/a1/submit`, { method: 'DELETE', headers: { authorization: token } });

    expect(unknownPath.status).toBe(404);
    expect(await unknownPath.json()).toEqual({ message: 'Not Found' });
    expect(wrongMethod.status).toBe(404);
    expect(tracker.invocations).toBe(0);
  });

  it('sends a result without statusCode as a 200 JSON body', async () => {
    const token = await issuer.issueToken({ sub: 'applicant-1' });

    const response = await fetch(`${gateway.url}/plain`, { headers: { authorization: token } });

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ greeting: 'привет' });
  });

  it('responds 500 when the handler throws', async () => {
    const token = await issuer.issueToken({ sub: 'applicant-1' });

    const response = await fetch(`${gateway.url}/failing`, { headers: { authorization: token } });

    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ message: 'Internal Server Error' });
  });

  it('responds 413 to a body over 10 MB', async () => {
    const token = await issuer.issueToken({ sub: 'applicant-1' });

    const response = await submit({ authorization: token, 'content-type': 'application/json' }, 'x'.repeat(10 * 1024 * 1024 + 1));

    expect(response.status).toBe(413);
    expect(tracker.invocations).toBe(0);
  });

  it('allows CORS preflights from localhost only', async () => {
    const preflight = (origin: string) =>
      fetch(`${gateway.url}/applications/a1/submit`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
      });

    const local = await preflight('http://localhost:5173');
    const foreign = await preflight('https://attacker.example');

    expect(local.status).toBe(204);
    expect(local.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(local.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('adds CORS headers to a localhost response', async () => {
    const token = await issuer.issueToken({ sub: 'applicant-1' });

    const response = await fetch(`${gateway.url}/plain`, { headers: { authorization: token, origin: 'http://127.0.0.1:8080' } });

    expect(response.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:8080');
    expect(response.headers.get('access-control-expose-headers')).toBe('etag');
  });

  it('serves the JWKS and the OpenAPI description without a token', async () => {
    const jwks = await fetch(`${gateway.url}/.well-known/jwks.json`);
    const openApi = await fetch(`${gateway.url}/openapi.json`);

    const keys = ((await jwks.json()) as { keys: Array<Record<string, unknown>> }).keys;
    const document = (await openApi.json()) as { openapi: string; servers: Array<{ url: string }> };
    expect(keys).toHaveLength(1);
    expect(keys[0]).not.toHaveProperty('d');
    expect(document.openapi).toBe('3.1.0');
    expect(document.servers.map((server) => server.url)).toEqual([gateway.url, 'https://api.example.test']);
  });
});
