import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { S3Credentials } from './post-policy.ts';
import { S3Error } from './s3-error.ts';

// SigV4 checks for every request that is not a browser-form POST, because s3rver checks no
// signature: requests signed in the Authorization header (SDK calls) and presigned URLs (query
// string). The canonical request follows the SigV4 specification for S3: the path as sent, the
// query sorted and URI-encoded, the signed headers, and the payload hash the client declared.

const ALGORITHM = 'AWS4-HMAC-SHA256';
/** The maximum lifetime S3 allows for a presigned URL: seven days. */
const MAX_PRESIGNED_EXPIRES_SECONDS = 604_800;

const accessDenied = (): S3Error => new S3Error(403, 'AccessDenied', 'Access Denied');
const signatureMismatch = (): S3Error =>
  new S3Error(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

/** Encodes as SigV4 requires: RFC 3986 unreserved characters stay, everything else is %XX. */
function encodeRfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
}

function byCodePoint(left: string, right: string): number {
  if (left === right) return 0;
  return left < right ? -1 : 1;
}

/** Sorts the encoded parameters by name, then by value, as SigV4 requires. */
function canonicalQuery(params: URLSearchParams): string {
  const pairs = [...params.entries()].map(([name, value]) => [encodeRfc3986(name), encodeRfc3986(value)] as const);
  pairs.sort(([leftName, leftValue], [rightName, rightValue]) => byCodePoint(leftName, rightName) || byCodePoint(leftValue, rightValue));
  return pairs.map(([name, value]) => `${name}=${value}`).join('&');
}

function canonicalHeaders(request: IncomingMessage, signedHeaders: string[]): string {
  return signedHeaders
    .map((name) => {
      const raw = request.headers[name];
      const value = Array.isArray(raw) ? raw.join(',') : (raw ?? '');
      return `${name}:${value.trim().replace(/\s+/g, ' ')}\n`;
    })
    .join('');
}

interface SignatureParts {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  amzDate: string;
  signedHeaders: string[];
  signature: string;
  payloadHash: string;
}

function parseCredential(credential: string): Pick<SignatureParts, 'accessKeyId' | 'date' | 'region' | 'service'> {
  const [accessKeyId, date, region, service, terminator] = credential.split('/');
  if (accessKeyId === undefined || date === undefined || region === undefined || service !== 's3' || terminator !== 'aws4_request') {
    throw new S3Error(400, 'AuthorizationQueryParametersError', 'Error parsing the X-Amz-Credential parameter.');
  }
  return { accessKeyId, date, region, service };
}

function fromQuery(params: URLSearchParams, now: Date): SignatureParts {
  if (params.get('X-Amz-Algorithm') !== ALGORITHM) {
    throw new S3Error(400, 'AuthorizationQueryParametersError', 'X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"');
  }
  const amzDate = params.get('X-Amz-Date') ?? '';
  const expires = Number(params.get('X-Amz-Expires'));
  if (!/^\d{8}T\d{6}Z$/.test(amzDate) || !Number.isInteger(expires) || expires < 1 || expires > MAX_PRESIGNED_EXPIRES_SECONDS) {
    throw new S3Error(400, 'AuthorizationQueryParametersError', 'X-Amz-Date or X-Amz-Expires is invalid.');
  }
  const signedAt = Date.parse(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13)}`);
  if (now.getTime() > signedAt + expires * 1000) throw new S3Error(403, 'AccessDenied', 'Request has expired');
  return {
    ...parseCredential(params.get('X-Amz-Credential') ?? ''),
    amzDate,
    signedHeaders: (params.get('X-Amz-SignedHeaders') ?? '').split(';'),
    signature: params.get('X-Amz-Signature') ?? '',
    payloadHash: 'UNSIGNED-PAYLOAD',
  };
}

function fromHeader(request: IncomingMessage, authorization: string): SignatureParts {
  const match = /^AWS4-HMAC-SHA256 Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/.exec(authorization.trim());
  if (match === null) throw new S3Error(400, 'AuthorizationHeaderMalformed', 'The authorization header is malformed.');
  const amzDate = String(request.headers['x-amz-date'] ?? '');
  return {
    ...parseCredential(match[1]!),
    amzDate,
    signedHeaders: match[2]!.split(';'),
    signature: match[3]!,
    payloadHash: String(request.headers['x-amz-content-sha256'] ?? 'UNSIGNED-PAYLOAD'),
  };
}

/**
 * Checks the SigV4 signature of a request to the local S3 and throws the S3Error that S3 would
 * return: AccessDenied for an anonymous or expired request, SignatureDoesNotMatch for a wrong one.
 */
export function verifyRequestSignature(request: IncomingMessage, credentials: S3Credentials, now = new Date()): void {
  const url = new URL(request.url ?? '/', 'http://local');
  const authorization = request.headers.authorization;
  const presigned = url.searchParams.has('X-Amz-Signature');
  if (!presigned && authorization === undefined) throw accessDenied();

  const parts = presigned ? fromQuery(url.searchParams, now) : fromHeader(request, authorization!);
  if (parts.accessKeyId !== credentials.accessKeyId) {
    throw new S3Error(403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.');
  }
  if (!parts.signedHeaders.includes('host')) throw signatureMismatch();

  const query = new URLSearchParams(url.searchParams);
  query.delete('X-Amz-Signature');
  const canonicalRequest = [
    request.method ?? 'GET',
    url.pathname,
    canonicalQuery(query),
    canonicalHeaders(request, parts.signedHeaders),
    parts.signedHeaders.join(';'),
    parts.payloadHash,
  ].join('\n');
  const scope = `${parts.date}/${parts.region}/${parts.service}/aws4_request`;
  const stringToSign = [ALGORITHM, parts.amzDate, scope, createHash('sha256').update(canonicalRequest, 'utf8').digest('hex')].join('\n');
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, parts.date), parts.region), parts.service), 'aws4_request');
  const expected = Buffer.from(hmac(signingKey, stringToSign).toString('hex'));
  const provided = Buffer.from(parts.signature);
  if (provided.length !== expected.length || !timingSafeEqual(provided, expected)) throw signatureMismatch();
}
