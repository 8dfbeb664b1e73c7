import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';

/** Builds an HTTP API (payload v2) request of an authenticated applicant. */
export function apiEvent(input: {
  routeKey: string;
  applicantId: string;
  body?: unknown;
  headers?: Record<string, string>;
}): APIGatewayProxyEventV2WithJWTAuthorizer {
  const [method, path] = input.routeKey.split(' ') as [string, string];
  const hasBody = input.body !== undefined;
  return {
    version: '2.0',
    routeKey: input.routeKey,
    rawPath: path,
    rawQueryString: '',
    headers: { ...(hasBody ? { 'Content-Type': 'application/json' } : {}), ...input.headers },
    body: hasBody ? JSON.stringify(input.body) : undefined,
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'api.example.ru',
      domainPrefix: 'api',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: 'request-1',
      routeKey: input.routeKey,
      stage: '$default',
      time: '14/Mar/2026:09:30:00 +0000',
      timeEpoch: 0,
      authorizer: {
        principalId: '',
        integrationLatency: 0,
        jwt: { claims: { sub: input.applicantId }, scopes: [] },
      },
    },
  };
}
