import type { S3EventRecord } from 'aws-lambda';
import type { S3rverEventRecord } from 's3rver';

/**
 * Encodes an object key the way S3 writes it into event notifications: form-URL encoding with
 * `+` for a space, while `/` stays as it is.
 * NOTE: S3 documents only "URL encoded". Which characters besides `/` it leaves unescaped was
 * not verified, so consumers should replace `+` with a space and then apply decodeURIComponent.
 */
export function encodeEventKey(key: string): string {
  return encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/');
}

/**
 * Returns a generator of S3-style sequencers: fixed-width upper-case hex strings that increase
 * with every call, so that they also increase per key. They start from the clock, so values
 * keep increasing across restarts that reuse the same data directory.
 */
export function createSequencer(): () => string {
  let last = 0n;
  return () => {
    const fromClock = BigInt(Date.now()) << 16n;
    last = fromClock > last ? fromClock : last + 1n;
    return last.toString(16).toUpperCase().padStart(18, '0');
  };
}

export interface ObjectCreatedDetails {
  region: string;
  eventName: string;
  eTag: string;
  sequencer: string;
}

/** Builds an S3 notification record from s3rver's record, with S3's key encoding and bucket ARN. */
export function toObjectCreatedRecord(source: S3rverEventRecord, details: ObjectCreatedDetails): S3EventRecord {
  const bucketName = source.s3.bucket.name;
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: details.region,
    eventTime: source.eventTime,
    eventName: details.eventName,
    userIdentity: source.userIdentity,
    requestParameters: source.requestParameters,
    responseElements: source.responseElements,
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: 'local-object-created',
      bucket: {
        name: bucketName,
        ownerIdentity: source.s3.bucket.ownerIdentity,
        arn: `arn:aws:s3:::${bucketName}`,
      },
      object: {
        key: encodeEventKey(source.s3.object.key),
        size: source.s3.object.size ?? 0,
        eTag: details.eTag,
        sequencer: details.sequencer,
      },
    },
  };
}
