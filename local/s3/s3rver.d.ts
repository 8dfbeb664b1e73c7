// Minimal types for the parts of s3rver 3.7 that the local S3 uses; the package ships none.

declare module 's3rver' {
  import type { EventEmitter } from 'node:events';
  import type { AddressInfo } from 'node:net';

  interface S3rverOptions {
    address?: string;
    port?: number;
    directory?: string;
    silent?: boolean;
    vhostBuckets?: boolean;
    configureBuckets?: Array<{ name: string; configs?: Array<string | Buffer> }>;
  }

  /** One record of s3rver's own `event` emission, shaped after an S3 notification record. */
  interface S3rverEventRecord {
    eventName: string;
    eventTime: string;
    userIdentity: { principalId: string };
    requestParameters: { sourceIPAddress: string };
    responseElements: { 'x-amz-request-id': string; 'x-amz-id-2': string };
    s3: {
      bucket: { name: string; ownerIdentity: { principalId: string } };
      object: { key: string; size?: number; eTag?: string };
    };
  }

  interface S3rverStore {
    getMetadata(bucket: string, key: string): Promise<Record<string, string | number>>;
  }

  class S3rver extends EventEmitter {
    constructor(options: S3rverOptions);
    store: S3rverStore;
    run(): Promise<AddressInfo>;
    close(): Promise<void>;
    on(event: 'event', listener: (event: { Records: S3rverEventRecord[] }) => void): this;
    on(event: string, listener: (...args: unknown[]) => void): this;
  }

  export default S3rver;
  export type { S3rverEventRecord, S3rverOptions };
}

declare module 's3rver/lib/models/account.js' {
  interface AwsAccount {
    createKeyPair(accessKeyId: string, secretAccessKey: string): void;
  }
  /** s3rver accepts only access key ids registered on an account; it verifies no SigV4 signature. */
  export const DUMMY_ACCOUNT: AwsAccount;
}
