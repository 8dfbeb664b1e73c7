import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { JSONWebKeySet } from 'jose';
import type { LocalFunction } from '../lambda/invoke-local.ts';
import { LOCAL_CORS, corsHeaders, isPreflight, type CorsSettings } from './cors.ts';
import { BodyTooLargeError, close, listen, readBody } from '../http-server.ts';
import { createJwtAuthorizer } from './jwt-authorizer.ts';
import { gatewayMessage, internalServerError, toHttpResponse, type HttpResponse } from './lambda-response.ts';
import { readOpenApiJson } from './openapi.ts';
import { buildPayloadV2Event } from './payload-v2.ts';
import { createRouteMatcher, type GatewayRoute } from './routes.ts';

/** HTTP APIs reject larger request payloads with 413. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;
export const JWKS_PATH = '/.well-known/jwks.json';

export interface ApiGatewayOptions {
  port: number;
  host?: string;
  accountId: string;
  apiId?: string;
  routes: ReadonlyArray<GatewayRoute<LocalFunction>>;
  authorizer: {
    /** Fixed `iss`; by default the gateway's own URL plus `issuerPath`. */
    issuer?: string;
    issuerPath: string;
    audience: string[];
    jwks: JSONWebKeySet;
  };
  openApiPath?: string;
  cors?: CorsSettings;
  logger?: Pick<Logger, 'info' | 'error'>;
}

export interface ApiGateway {
  url: string;
  issuer: string;
  stop(): Promise<void>;
}

/** API Gateway's request ids are 10 random bytes in base64, such as `JHJi7gIlliAEMkQ=`. */
const newRequestId = () => randomBytes(10).toString('base64');

function write(response: ServerResponse, result: HttpResponse, extraHeaders: Record<string, string>): void {
  response.writeHead(result.statusCode, { ...result.headers, ...extraHeaders, 'content-length': String(result.body.length) });
  response.end(result.body);
}

/**
 * Starts an HTTP server that emulates the API Gateway HTTP API. It matches the routes, checks
 * tokens like the JWT authorizer, invokes the route's function with a payload 2.0 event and
 * writes its result back. It also serves the issuer's JWKS, its OpenID configuration and
 * `/openapi.json` without authorization.
 */
export async function startApiGateway(options: ApiGatewayOptions): Promise<ApiGateway> {
  const host = options.host ?? '127.0.0.1';
  const cors = options.cors ?? LOCAL_CORS;
  const matchRoute = createRouteMatcher(options.routes);
  const server = createServer();
  const port = await listen(server, options.port, host);
  const url = `http://${host}:${port}`;
  const issuer = options.authorizer.issuer ?? `${url}${options.authorizer.issuerPath}`;
  const authorize = createJwtAuthorizer({ issuer, audience: options.authorizer.audience, jwks: options.authorizer.jwks });
  const discoveryPath = `${options.authorizer.issuerPath}/.well-known/openid-configuration`;

  const serveLocalDocument = async (request: IncomingMessage): Promise<HttpResponse | undefined> => {
    if (request.method !== 'GET') return undefined;
    const path = (request.url ?? '/').split('?')[0];
    let document: string | undefined;
    if (path === JWKS_PATH) document = JSON.stringify(options.authorizer.jwks);
    else if (path === discoveryPath) document = JSON.stringify({ issuer, jwks_uri: `${url}${JWKS_PATH}`, id_token_signing_alg_values_supported: ['RS256'] });
    else if (path === '/openapi.json' && options.openApiPath !== undefined) {
      document = await readOpenApiJson(options.openApiPath, url);
      if (document === undefined) return gatewayMessage(404, 'Not Found');
    } else return undefined;
    return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from(document) };
  };

  const route = async (request: IncomingMessage, requestId: string): Promise<HttpResponse> => {
    const local = await serveLocalDocument(request);
    if (local !== undefined) return local;

    const rawPath = (request.url ?? '/').split('?')[0] ?? '/';
    const match = matchRoute(request.method ?? 'GET', rawPath);
    if (match === undefined) return gatewayMessage(404, 'Not Found');

    let body: Buffer;
    try {
      // NOTE: Lambda's 6 MB invocation payload limit is not applied; only API Gateway's 10 MB one is.
      body = await readBody(request, MAX_BODY_BYTES);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return gatewayMessage(413, 'Request Entity Too Large');
      throw error;
    }

    const authorization = await authorize(request.headers.authorization);
    if (!authorization.authorized) {
      const challenge = `Bearer scope="" error="invalid_token" error_description="${authorization.reason.replaceAll('"', "'")}"`;
      return gatewayMessage(401, 'Unauthorized', { 'www-authenticate': challenge });
    }

    const event = buildPayloadV2Event(request, body, {
      routeKey: match.routeKey,
      pathParameters: match.pathParameters,
      claims: authorization.claims,
      scopes: authorization.scopes,
      requestId,
      accountId: options.accountId,
      apiId: options.apiId ?? 'local',
      receivedAt: new Date(),
    });
    const result = await match.target.invoke(event);
    if (!result.ok) {
      options.logger?.error('Function invocation failed', {
        functionName: match.target.functionName,
        requestId,
        errorType: result.error.errorType,
      });
      return internalServerError();
    }
    return toHttpResponse(result.payload);
  };

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const requestId = newRequestId();
    const preflight = isPreflight(request);
    const headers = { ...corsHeaders(request, cors, preflight), 'apigw-requestid': requestId };
    if (preflight) {
      write(response, { statusCode: 204, headers: {}, body: Buffer.alloc(0) }, headers);
      return;
    }
    route(request, requestId).then(
      (result) => write(response, result, headers),
      (error: unknown) => {
        options.logger?.error('API request failed', { requestId, error: error as Error });
        if (!response.headersSent) write(response, internalServerError(), headers);
      },
    );
  });

  return { url, issuer, stop: () => close(server) };
}
