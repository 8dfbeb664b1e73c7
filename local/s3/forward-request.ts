import { request as httpRequest, type Agent, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { S3Error, sendS3Error } from './s3-error.ts';

const HOP_BY_HOP_HEADERS = ['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade'];

export interface ForwardTarget {
  host: string;
  port: number;
  agent: Agent;
}

function withoutHopByHop(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const copy = { ...headers };
  for (const name of HOP_BY_HOP_HEADERS) delete copy[name];
  return copy;
}

/**
 * Sends the request to s3rver and streams the response back. The Host header names s3rver
 * itself, so s3rver never takes a bucket from a virtual host name and every request stays
 * path-style, the only form that the POST checks recognise. Location headers are rewritten to
 * the client's host. `body`, when given, replaces the request body that was already read.
 */
export function forwardRequest(request: IncomingMessage, response: ServerResponse, target: ForwardTarget, body?: Buffer): void {
  const targetOrigin = `http://${target.host}:${target.port}`;
  const headers = withoutHopByHop(request.headers);
  headers.host = `${target.host}:${target.port}`;
  if (body !== undefined) headers['content-length'] = String(body.length);

  const upstream = httpRequest(
    { host: target.host, port: target.port, method: request.method, path: request.url, headers, agent: target.agent },
    (upstreamResponse) => {
      const responseHeaders = withoutHopByHop(upstreamResponse.headers);
      const location = responseHeaders.location;
      if (typeof location === 'string' && location.startsWith(targetOrigin)) {
        responseHeaders.location = `http://${request.headers.host ?? ''}${location.slice(targetOrigin.length)}`;
      }
      response.writeHead(upstreamResponse.statusCode ?? 502, responseHeaders);
      upstreamResponse.pipe(response);
    },
  );
  upstream.on('error', () => {
    if (response.headersSent) {
      response.destroy();
      return;
    }
    sendS3Error(response, new S3Error(500, 'InternalError', 'We encountered an internal error. Please try again.'));
  });

  if (body !== undefined) upstream.end(body);
  else request.pipe(upstream);
}
