import type { IncomingMessage } from 'node:http';
import { API_ROUTES } from '../../functions/catalog.ts';

/** CORS settings of the HTTP API, in the terms of API Gateway's CorsConfiguration. */
export interface CorsSettings {
  allowOrigin: (origin: string) => boolean;
  allowMethods: string[];
  allowHeaders: string[];
  exposeHeaders: string[];
  maxAgeSeconds: number;
}

const LOCALHOST_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/;

/**
 * The stack's CORS settings (lib/constructs/http-api.ts), except that any localhost origin may
 * call the API locally, so a front end on any dev-server port works.
 * NOTE: headers and max age are copied from the stack by hand and must change with it.
 */
export const LOCAL_CORS: CorsSettings = {
  allowOrigin: (origin) => LOCALHOST_ORIGIN.test(origin),
  allowMethods: [...new Set(API_ROUTES.map((route) => route.method))],
  allowHeaders: ['authorization', 'content-type', 'if-match', 'idempotency-key'],
  exposeHeaders: ['etag'],
  maxAgeSeconds: 3600,
};

/** Returns true for a CORS preflight, to which API Gateway responds itself, without authorization. */
export const isPreflight = (request: IncomingMessage): boolean =>
  request.method === 'OPTIONS' && request.headers.origin !== undefined && request.headers['access-control-request-method'] !== undefined;

/** Returns the CORS headers for a request from an allowed origin, or none. */
export function corsHeaders(request: IncomingMessage, settings: CorsSettings, preflight: boolean): Record<string, string> {
  const origin = request.headers.origin;
  if (origin === undefined || !settings.allowOrigin(origin)) return {};
  const headers: Record<string, string> = { 'access-control-allow-origin': origin, vary: 'origin' };
  if (preflight) {
    headers['access-control-allow-methods'] = settings.allowMethods.join(',');
    headers['access-control-allow-headers'] = settings.allowHeaders.join(',');
    headers['access-control-max-age'] = String(settings.maxAgeSeconds);
  } else if (settings.exposeHeaders.length > 0) {
    headers['access-control-expose-headers'] = settings.exposeHeaders.join(',');
  }
  return headers;
}
