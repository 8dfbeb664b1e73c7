import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { startLocalS3, type LocalS3, type LocalS3Options } from '../../local/s3/start-local-s3.ts';
import { LOOPBACK_HOST } from './loopback-server.ts';

/** Credentials that the local S3 proxy in the tests accepts. */
export const LOCAL_S3_CREDENTIALS = { accessKeyId: 'LOCALACCESSKEY', secretAccessKey: 'local-secret-key' };

export interface TemporaryS3 {
  /** Base URL of the S3 endpoint on 127.0.0.1. */
  endpoint: string;
  /** Temporary directory that contains the buckets and objects. */
  dataDir: string;
  /** Stops the server and deletes `dataDir`. */
  stop(): Promise<void>;
}

/**
 * Starts the local S3 proxy (s3rver behind the POST-policy check) on a free port of 127.0.0.1,
 * keeping its data in a new temporary directory whose name starts with `directoryPrefix`.
 */
export async function startTemporaryLocalS3(
  options: Omit<LocalS3Options, 'dataDir' | 'port'> & { directoryPrefix: string },
): Promise<TemporaryS3> {
  const { directoryPrefix, ...localS3Options } = options;
  const dataDir = await mkdtemp(join(tmpdir(), directoryPrefix));
  let localS3: LocalS3;
  try {
    localS3 = await startLocalS3({ ...localS3Options, dataDir, port: 0 });
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    endpoint: localS3.endpoint,
    dataDir,
    async stop() {
      await localS3.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Starts a bare s3rver with one bucket on a free port of 127.0.0.1, keeping its data in a new
 * temporary directory whose name starts with `directoryPrefix`. s3rver accepts the credentials
 * `S3RVER` / `S3RVER`.
 */
export async function startTemporaryS3rver(options: { bucket: string; directoryPrefix: string; vhostBuckets?: boolean }): Promise<TemporaryS3> {
  const dataDir = await mkdtemp(join(tmpdir(), options.directoryPrefix));
  const server = new S3rver({
    address: LOOPBACK_HOST,
    port: 0,
    silent: true,
    directory: dataDir,
    vhostBuckets: options.vhostBuckets,
    configureBuckets: [{ name: options.bucket }],
  });
  const address = await server.run();
  return {
    endpoint: `http://${LOOPBACK_HOST}:${address.port}`,
    dataDir,
    async stop() {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
