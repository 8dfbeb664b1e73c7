import type { IncomingMessage } from 'node:http';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';

/**
 * Content types whose body reaches the function as text; API Gateway base64-encodes others.
 * NOTE: AWS does not publish its list; this one covers JSON, XML, JavaScript and text/*.
 */
const TEXT_CONTENT_TYPE = /^(text\/[^;]+|application\/(json|[^;]+\+json|xml|[^;]+\+xml|javascript))\s*(;|$)/i;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Formats a time as API Gateway's `requestContext.time`, such as `12/Mar/2020:19:03:58 +0000`. */
function requestTime(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  const day = `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}`;
  return `${day}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

export interface EventContext {
  routeKey: string;
  pathParameters: Record<string, string>;
  claims: Record<string, string>;
  scopes: string[];
  requestId: string;
  accountId: string;
  apiId: string;
  receivedAt: Date;
}

/** Joins repeated headers with commas and leaves out `cookie`, which the event carries in `cookies`. */
function readHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, values] of Object.entries(request.headersDistinct)) {
    if (name === 'cookie' || values === undefined) continue;
    headers[name] = values.join(',');
  }
  return headers;
}

function readCookies(request: IncomingMessage): string[] | undefined {
  const cookies = (request.headersDistinct.cookie ?? [])
    .flatMap((header) => header.split(';'))
    .map((cookie) => cookie.trim())
    .filter((cookie) => cookie !== '');
  return cookies.length > 0 ? cookies : undefined;
}

function readQuery(rawQueryString: string): Record<string, string> | undefined {
  if (rawQueryString === '') return undefined;
  const parameters: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    parameters[name] = name in parameters ? `${parameters[name]},${value}` : value;
  }
  return parameters;
}

/** Builds the HTTP API payload format 2.0 event for a request that passed the JWT authorizer. */
export function buildPayloadV2Event(request: IncomingMessage, body: Buffer, context: EventContext): APIGatewayProxyEventV2WithJWTAuthorizer {
  const target = request.url ?? '/';
  const queryStart = target.indexOf('?');
  const rawPath = queryStart === -1 ? target : target.slice(0, queryStart);
  const rawQueryString = queryStart === -1 ? '' : target.slice(queryStart + 1);
  const headers = readHeaders(request);
  const domainName = headers.host ?? '127.0.0.1';
  const isText = TEXT_CONTENT_TYPE.test(headers['content-type'] ?? '');
  const hasBody = body.length > 0;
  let eventBody: string | undefined;
  if (hasBody) eventBody = body.toString(isText ? 'utf8' : 'base64');

  return {
    version: '2.0',
    routeKey: context.routeKey,
    rawPath,
    rawQueryString,
    cookies: readCookies(request),
    headers,
    queryStringParameters: readQuery(rawQueryString),
    pathParameters: Object.keys(context.pathParameters).length > 0 ? context.pathParameters : undefined,
    body: eventBody,
    isBase64Encoded: hasBody && !isText,
    requestContext: {
      accountId: context.accountId,
      apiId: context.apiId,
      authorizer: { jwt: { claims: context.claims, scopes: context.scopes } },
      domainName,
      domainPrefix: domainName.split('.')[0] ?? domainName,
      http: {
        method: request.method ?? 'GET',
        path: rawPath,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: context.requestId,
      routeKey: context.routeKey,
      stage: '$default',
      time: requestTime(context.receivedAt),
      timeEpoch: context.receivedAt.getTime(),
    },
  };
}
