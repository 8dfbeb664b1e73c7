import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import type { z } from 'zod';
import { AppError, BadRequestError, UnauthorizedError, errorName } from './errors.ts';
import { logger } from './logger.ts';
import { parseOrThrow } from './validation.ts';

export type ApiEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type ApiResult = APIGatewayProxyStructuredResultV2;

/** The request an API handler receives once the chain has authenticated and validated it. */
export interface ApiRequest<Body, Path> {
  applicantId: string;
  body: Body;
  path: Path;
  headers: Record<string, string | undefined>;
  event: ApiEvent;
}

export interface ApiRoute<Body, Path> {
  body?: z.ZodType<Body>;
  path?: z.ZodType<Path>;
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };

export function jsonResponse(statusCode: number, payload: unknown, headers: Record<string, string> = {}): ApiResult {
  return { statusCode, headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(payload) };
}

/**
 * The `sub` values the service accepts. The subject becomes a segment of S3 keys
 * (`uploads/<sub>/...`) and of state-table attributes, so it must not contain `/`, whitespace or
 * control characters, and must not be `.` or `..`. The set covers UUIDs (Cognito), numeric ids and
 * ids such as `user@realm` or `urn:id:42`. An issuer whose subjects use other characters, such as
 * Auth0's `auth0|123`, needs this pattern widened first.
 */
const SAFE_SUBJECT = /^(?!\.{1,2}$)[A-Za-z0-9._:@-]{1,128}$/;

/**
 * Returns the applicant's id, the `sub` claim that the JWT authorizer verified. A subject outside
 * SAFE_SUBJECT is rejected with 401, because it could address another applicant's storage.
 */
function readApplicantId(event: ApiEvent): string {
  const subject = event.requestContext.authorizer?.jwt?.claims?.sub;
  if (typeof subject !== 'string' || !SAFE_SUBJECT.test(subject)) throw new UnauthorizedError();
  return subject;
}

const BYTE_ORDER_MARK = '\uFEFF';

/**
 * Removes a leading UTF-8 byte order mark from the body before the JSON parser runs. RFC 8259
 * lets a parser ignore it, some Windows clients send it, and JSON.parse rejects it.
 */
const stripByteOrderMark: middy.MiddlewareObj<ApiEvent, ApiResult> = {
  before: (request) => {
    const event = request.event;
    if (typeof event.body !== 'string') return;
    if (event.isBase64Encoded) {
      const bytes = Buffer.from(event.body, 'base64');
      if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) event.body = bytes.subarray(3).toString('base64');
    } else if (event.body.startsWith(BYTE_ORDER_MARK)) {
      event.body = event.body.slice(BYTE_ORDER_MARK.length);
    }
  },
};

/**
 * The message of the error @middy/http-json-body-parser 7.x throws for a `__proto__` key or a
 * `constructor` object with a `prototype` key; JSON syntax errors carry another message.
 */
const FORBIDDEN_KEY_MESSAGE = 'Forbidden key in JSON body';

/** Maps middy's own HTTP errors (body parser) to the service's error shape. */
function toAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  if (status === 415) {
    return new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Тело запроса должно быть в формате JSON (Content-Type: application/json)');
  }
  if (status === 422 && (error as Error).message === FORBIDDEN_KEY_MESSAGE) {
    return new BadRequestError(
      'FORBIDDEN_KEY',
      'Тело запроса содержит недопустимые ключи (__proto__, constructor.prototype)',
    );
  }
  if (status === 422 || status === 400) {
    return new BadRequestError('INVALID_JSON', 'Тело запроса не является корректным JSON');
  }
  return undefined;
}

function errorResponse(error: unknown, requestId: string): ApiResult {
  const appError = toAppError(error);
  if (appError === undefined) {
    logger.error('Request failed', { error: error as Error });
    return jsonResponse(500, {
      error: { code: 'INTERNAL_ERROR', message: 'Внутренняя ошибка сервиса. Повторите попытку позже', requestId },
    });
  }
  logger.info('Request rejected', { code: appError.code, statusCode: appError.statusCode, errorName: errorName(error) });
  const body = { code: appError.code, message: appError.message, fields: appError.fields, requestId };
  return jsonResponse(appError.statusCode, { error: body });
}

/**
 * Builds an HTTP API (payload v2) handler: logger context, header normalisation, JSON body
 * parsing, authentication, zod validation of path and body, then the handler; any error
 * becomes the service's JSON error response.
 */
export function httpHandler<Body = undefined, Path = undefined>(
  route: ApiRoute<Body, Path>,
  handle: (request: ApiRequest<Body, Path>) => Promise<ApiResult>,
) {
  const run = async (event: ApiEvent, context: Context): Promise<ApiResult> => {
    logger.appendKeys({ correlationId: event.requestContext.requestId, route: event.routeKey });
    try {
      const applicantId = readApplicantId(event);
      const path = route.path ? parseOrThrow(route.path, event.pathParameters ?? {}) : (undefined as Path);
      const body = route.body ? parseOrThrow(route.body, event.body ?? {}) : (undefined as Body);
      return await handle({ applicantId, body, path, headers: event.headers ?? {}, event });
    } catch (error) {
      return errorResponse(error, context.awsRequestId);
    }
  };

  const chain = middy<ApiEvent, ApiResult>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(httpHeaderNormalizer())
    .onError(async (request) => {
      request.response = errorResponse(request.error, request.context.awsRequestId);
    });
  if (route.body) chain.use(stripByteOrderMark).use(httpJsonBodyParser({ disableContentTypeError: false }));
  return chain.handler(run);
}
