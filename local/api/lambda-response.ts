/** An HTTP response ready to write. */
export interface HttpResponse {
  statusCode: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

const JSON_CONTENT_TYPE = 'application/json';

export const gatewayMessage = (statusCode: number, message: string, headers: Record<string, string> = {}): HttpResponse => ({
  statusCode,
  headers: { 'content-type': JSON_CONTENT_TYPE, ...headers },
  body: Buffer.from(JSON.stringify({ message })),
});

export const internalServerError = () => gatewayMessage(500, 'Internal Server Error');

interface StructuredResult {
  statusCode: number;
  headers?: Record<string, unknown>;
  cookies?: unknown[];
  body?: unknown;
  isBase64Encoded?: boolean;
}

const isStructured = (result: unknown): result is StructuredResult =>
  result !== null && typeof result === 'object' && !Array.isArray(result) && 'statusCode' in result;

/**
 * Converts a function's result to the HTTP response, as API Gateway does for payload format 2.0.
 * An object with `statusCode` is used as it is. Any other value becomes a 200 JSON response whose
 * body is that value: a string as it is, anything else as JSON. A malformed structured result
 * becomes a 500, as API Gateway reports an integration that returned a malformed response.
 */
export function toHttpResponse(result: unknown): HttpResponse {
  if (!isStructured(result)) {
    const body = typeof result === 'string' ? result : JSON.stringify(result);
    return { statusCode: 200, headers: { 'content-type': JSON_CONTENT_TYPE }, body: Buffer.from(body) };
  }
  const { statusCode, headers = {}, cookies = [], body = '', isBase64Encoded = false } = result;
  if (!Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599 || typeof body !== 'string') return internalServerError();

  const responseHeaders: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) responseHeaders[name.toLowerCase()] = String(value);
  if (cookies.length > 0) responseHeaders['set-cookie'] = cookies.map(String);
  return { statusCode, headers: responseHeaders, body: Buffer.from(body, isBase64Encoded ? 'base64' : 'utf8') };
}
