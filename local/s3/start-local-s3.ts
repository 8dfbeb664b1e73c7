import { mkdir } from 'node:fs/promises';
import { Agent, createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { S3EventRecord } from 'aws-lambda';
import S3rver, { type S3rverEventRecord } from 's3rver';
import { DUMMY_ACCOUNT } from 's3rver/lib/models/account.js';
import { logger as serviceLogger } from '../../functions/commons/logger.ts';
import { forwardRequest, type ForwardTarget } from './forward-request.ts';
import { createSequencer, toObjectCreatedRecord } from './object-created-records.ts';
import type { S3Credentials } from './post-policy.ts';
import { readPostUpload } from './post-upload.ts';
import { S3Error, sendS3Error } from './s3-error.ts';
import { listen } from '../http-server.ts';
import { verifyRequestSignature } from './request-signature.ts';

export interface LocalS3Options {
  /** Directory where s3rver keeps buckets and objects; it survives restarts. */
  dataDir: string;
  /** Port of the S3 endpoint; 0 picks any free port. */
  port: number;
  host?: '127.0.0.1';
  buckets: string[];
  region: string;
  /** The only credentials that the endpoint accepts. */
  credentials: S3Credentials;
  /** Only objects whose key starts with this prefix produce a notification. */
  notificationPrefix: string;
  onObjectCreated: (record: S3EventRecord) => void;
}

export interface LocalS3 {
  endpoint: string;
  stop(): Promise<void>;
}

const logger = serviceLogger.createChild({ serviceName: 'kontrakt-local-s3' });

/** Returns the bucket of a browser-form POST upload (multipart POST to `/<bucket>`), if it is one. */
function formUploadBucket(request: IncomingMessage): string | undefined {
  if (request.method !== 'POST') return undefined;
  const contentType = (request.headers['content-type'] ?? '').toLowerCase();
  if (!contentType.startsWith('multipart/form-data')) return undefined;
  const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
  const match = /^\/([^/]+)\/?$/.exec(pathname);
  if (match?.[1] === undefined) return undefined;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return undefined;
  }
}

/** Returns `bucket/key` of a CompleteMultipartUpload request, which s3rver reports as a POST. */
function multipartCompletion(request: IncomingMessage): string | undefined {
  if (request.method !== 'POST') return undefined;
  const url = new URL(request.url ?? '/', 'http://localhost');
  if (!url.searchParams.has('uploadId')) return undefined;
  try {
    return decodeURIComponent(url.pathname.slice(1));
  } catch {
    return undefined;
  }
}


/**
 * Starts s3rver on an internal port behind an HTTP proxy on `port`. The proxy passes every
 * request through unchanged, except browser-form POST uploads: s3rver checks neither the POST
 * policy nor its signature, so the proxy checks both the way S3 does and forwards only accepted
 * uploads. Object-created notifications come from s3rver's own event emitter, which reports
 * every write (PUT, POST, copy, multipart), reshaped into S3's record format.
 *
 * NOTE: other requests keep s3rver's checks: the access key id and the expiry of presigned URLs,
 * but no SigV4 signature.
 */
export async function startLocalS3(options: LocalS3Options): Promise<LocalS3> {
  const host = options.host ?? '127.0.0.1';
  await mkdir(options.dataDir, { recursive: true });
  // s3rver accepts a request only when its access key id is registered on its dummy account.
  DUMMY_ACCOUNT.createKeyPair(options.credentials.accessKeyId, options.credentials.secretAccessKey);

  const s3rver = new S3rver({
    address: '127.0.0.1',
    port: 0,
    directory: options.dataDir,
    silent: true,
    vhostBuckets: false,
    configureBuckets: options.buckets.map((name) => ({ name })),
  });
  const internalAddress = await s3rver.run();
  const target: ForwardTarget = { host: '127.0.0.1', port: internalAddress.port, agent: new Agent({ keepAlive: true }) };

  const pendingCompletions = new Map<string, number>();
  const nextSequencer = createSequencer();

  async function emitObjectCreated(source: S3rverEventRecord): Promise<void> {
    const { name: bucket } = source.s3.bucket;
    const { key } = source.s3.object;
    const sequencer = nextSequencer();
    const eventName =
      source.eventName === 'ObjectCreated:Post' && pendingCompletions.has(`${bucket}/${key}`)
        ? 'ObjectCreated:CompleteMultipartUpload'
        : source.eventName;
    // s3rver leaves the ETag out of copy events, so it is read from the stored object.
    const eTag = source.s3.object.eTag ?? String((await s3rver.store.getMetadata(bucket, key)).etag).replace(/"/g, '');
    options.onObjectCreated(toObjectCreatedRecord(source, { region: options.region, eventName, eTag, sequencer }));
  }

  s3rver.on('event', (event) => {
    for (const source of event.Records) {
      if (!source.eventName.startsWith('ObjectCreated:')) continue;
      if (!source.s3.object.key.startsWith(options.notificationPrefix)) continue;
      emitObjectCreated(source).catch((error: unknown) => {
        logger.error('Object-created notification failed', { bucket: source.s3.bucket.name, error: error as Error });
      });
    }
  });

  async function handleFormUpload(request: IncomingMessage, response: ServerResponse, bucket: string): Promise<void> {
    try {
      const body = await readPostUpload(request, { bucket, credentials: options.credentials, region: options.region });
      forwardRequest(request, response, target, body);
    } catch (error) {
      if (error instanceof S3Error) {
        logger.info('POST upload rejected', { bucket, code: error.code, statusCode: error.statusCode });
        sendS3Error(response, error);
        return;
      }
      logger.error('POST upload failed', { bucket, error: error as Error });
      if (!response.headersSent) sendS3Error(response, new S3Error(500, 'InternalError', 'We encountered an internal error. Please try again.'));
      else response.destroy();
    }
  }

  function handleRequest(request: IncomingMessage, response: ServerResponse): void {
    const bucket = formUploadBucket(request);
    if (bucket !== undefined) {
      void handleFormUpload(request, response, bucket);
      return;
    }
    try {
      verifyRequestSignature(request, options.credentials);
    } catch (error) {
      if (!(error instanceof S3Error)) throw error;
      logger.info('Request rejected', { method: request.method, code: error.code, statusCode: error.statusCode });
      sendS3Error(response, error);
      return;
    }
    const completion = multipartCompletion(request);
    if (completion !== undefined) {
      pendingCompletions.set(completion, (pendingCompletions.get(completion) ?? 0) + 1);
      response.on('close', () => {
        const count = (pendingCompletions.get(completion) ?? 1) - 1;
        if (count === 0) pendingCompletions.delete(completion);
        else pendingCompletions.set(completion, count);
      });
    }
    forwardRequest(request, response, target);
  }

  const server = createServer(handleRequest);
  let port: number;
  try {
    port = await listen(server, options.port, host);
  } catch (error) {
    // The port is taken, for example: stop s3rver too, and let the caller see the listen error.
    target.agent.destroy();
    await s3rver.close();
    throw error;
  }
  logger.info('Local S3 started', { port, buckets: options.buckets });

  return {
    endpoint: `http://${host}:${port}`,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      target.agent.destroy();
      await s3rver.close();
      logger.info('Local S3 stopped', { port });
    },
  };
}
