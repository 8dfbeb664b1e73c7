import type { ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';

/** An error that the local S3 returns in S3's own XML error shape. */
export class S3Error extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, string | number> = {},
  ) {
    super(message);
    this.name = 'S3Error';
  }
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** Escapes text for an XML element's content; quotes stay as they are, as in S3's messages. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>]/g, (character) => XML_ESCAPES[character] ?? character);
}

export function newRequestId(): string {
  return randomBytes(8).toString('hex').toUpperCase();
}

export function renderS3ErrorXml(error: S3Error, requestId: string): string {
  const details = Object.entries(error.details)
    .map(([name, value]) => `<${name}>${escapeXml(String(value))}</${name}>`)
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${error.code}</Code><Message>${escapeXml(error.message)}</Message>${details}` +
    `<RequestId>${requestId}</RequestId><HostId>${requestId}</HostId></Error>`
  );
}

export function sendS3Error(response: ServerResponse, error: S3Error): void {
  const requestId = newRequestId();
  const body = renderS3ErrorXml(error, requestId);
  response.writeHead(error.statusCode, {
    'content-type': 'application/xml',
    'content-length': Buffer.byteLength(body),
    'x-amz-request-id': requestId,
  });
  response.end(body);
}
