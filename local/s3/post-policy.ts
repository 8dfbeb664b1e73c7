import { createHmac, timingSafeEqual } from 'node:crypto';
import { S3Error } from './s3-error.ts';

// Checks a browser-form POST upload the way S3 does, because s3rver 3.7 accepts any form: the
// SigV4 signature over the base64 policy, the policy's expiration and every condition, and that
// each form field is covered by a condition. Error codes and messages follow S3's POST Object API.

export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface ContentLengthRange {
  min: number;
  max: number;
}

export interface PostFormContext {
  /** Bucket named in the request path. */
  bucket: string;
  /** Form fields before the file part, in request order, with their names as sent. */
  fields: ReadonlyArray<readonly [name: string, value: string]>;
  credentials: S3Credentials;
  region: string;
  now: Date;
}

type MatchCondition = { kind: 'eq' | 'starts-with'; field: string; expected: string; text: string };
type RangeCondition = { kind: 'content-length-range'; min: number; max: number };
type PolicyCondition = MatchCondition | RangeCondition;

/** Fields that S3 lets through without a policy condition. */
const UNCONDITIONED_FIELDS = new Set(['x-amz-signature', 'file', 'policy']);
const SIGNING_ALGORITHM = 'AWS4-HMAC-SHA256';
const MAX_KEY_BYTES = 1024;

const policyInvalid = (reason: string): S3Error => new S3Error(400, 'InvalidPolicyDocument', `Invalid Policy: ${reason}`);
const policyViolated = (reason: string): S3Error => new S3Error(403, 'AccessDenied', `Invalid according to Policy: ${reason}`);
const credentialInvalid = (reason: string): S3Error =>
  new S3Error(400, 'AuthorizationQueryParametersError', `Error parsing the X-Amz-Credential parameter; ${reason}`);

/**
 * Indexes the fields by lower-cased name, because S3 matches form field names case-insensitively
 * (the SDK sends `Policy` and `X-Amz-Signature`). A repeated field is rejected: s3rver keeps the
 * last value, so checking only one of them would let the other through.
 */
function indexFields(fields: PostFormContext['fields']): Map<string, string> {
  const index = new Map<string, string>();
  for (const [name, value] of fields) {
    const lowerName = name.toLowerCase();
    if (index.has(lowerName)) {
      // NOTE: how S3 itself treats a repeated field was not checked; rejecting it is the safe choice.
      throw new S3Error(400, 'InvalidArgument', `POST form field '${name}' appears more than once`, {
        ArgumentName: name,
      });
    }
    index.set(lowerName, value);
  }
  return index;
}

// NOTE: S3 replaces `${filename}` in the key with the uploaded file's name, but s3rver stores the
// key as sent, so locally such an object ends up under the literal `${filename}` key.
function checkKey(fields: Map<string, string>): void {
  const key = fields.get('key');
  if (key === undefined || key === '') {
    throw new S3Error(
      400,
      'InvalidArgument',
      "Bucket POST must contain a field named 'key'.  If it is specified, please check the order of the fields.",
      { ArgumentName: 'key', ArgumentValue: '' },
    );
  }
  if (Buffer.byteLength(key) > MAX_KEY_BYTES) {
    throw new S3Error(400, 'KeyTooLongError', 'Your key is too long', { MaxSizeAllowed: MAX_KEY_BYTES });
  }
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

/** Computes the SigV4 POST signature: the policy's base64 text signed with the derived key. */
export function signPolicy(policyBase64: string, secretAccessKey: string, date: string, region: string): string {
  const dateKey = hmac(`AWS4${secretAccessKey}`, date);
  const signingKey = hmac(hmac(hmac(dateKey, region), 's3'), 'aws4_request');
  return hmac(signingKey, policyBase64).toString('hex');
}

/** Checks the SigV4 form fields and the signature; returns the signed policy text. */
function checkSignature(fields: Map<string, string>, context: PostFormContext): string {
  const policy = fields.get('policy');
  if (policy === undefined) {
    // Without a policy the upload is anonymous, and the local buckets grant no public write.
    throw new S3Error(403, 'AccessDenied', 'Access Denied');
  }
  if (fields.get('x-amz-algorithm') !== SIGNING_ALGORITHM) {
    throw new S3Error(
      400,
      'InvalidRequest',
      'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.',
    );
  }

  const credential = fields.get('x-amz-credential') ?? '';
  const parts = /^([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request$/.exec(credential);
  if (parts === null) {
    throw credentialInvalid(
      'the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".',
    );
  }
  const [, accessKeyId = '', date = '', region = '', service = ''] = parts;
  if (accessKeyId !== context.credentials.accessKeyId) {
    throw new S3Error(403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', {
      AWSAccessKeyId: accessKeyId,
    });
  }
  if (region !== context.region) {
    throw credentialInvalid(`the region '${region}' is wrong; expecting '${context.region}'`);
  }
  if (service !== 's3') {
    throw credentialInvalid(`incorrect service '${service}'. This endpoint belongs to 's3'.`);
  }
  const amzDate = fields.get('x-amz-date') ?? '';
  if (!/^\d{8}T\d{6}Z$/.test(amzDate) || !amzDate.startsWith(date)) {
    throw new S3Error(
      400,
      'AuthorizationQueryParametersError',
      "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\" and fall on the date in X-Amz-Credential",
    );
  }

  const provided = (fields.get('x-amz-signature') ?? '').toLowerCase();
  const expected = signPolicy(policy, context.credentials.secretAccessKey, date, region);
  const matches = provided.length === expected.length && timingSafeEqual(Buffer.from(provided), Buffer.from(expected));
  if (!matches) {
    throw new S3Error(
      403,
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
      { AWSAccessKeyId: accessKeyId, StringToSign: policy },
    );
  }
  return policy;
}

function decodePolicy(policyBase64: string): { expiration: unknown; conditions: unknown } {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(policyBase64) || policyBase64.length % 4 !== 0) {
    throw policyInvalid('Invalid Base64 Encoding.');
  }
  let document: unknown;
  try {
    document = JSON.parse(Buffer.from(policyBase64, 'base64').toString('utf8'));
  } catch {
    throw policyInvalid('Invalid JSON.');
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw policyInvalid('Invalid JSON.');
  }
  const { expiration, conditions } = document as Record<string, unknown>;
  return { expiration, conditions };
}

function checkExpiration(expiration: unknown, now: Date): void {
  if (expiration === undefined) throw policyInvalid('Policy missing expiration.');
  const expiresAt = typeof expiration === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(expiration) ? Date.parse(expiration) : NaN;
  if (Number.isNaN(expiresAt)) throw policyInvalid(`Invalid 'expiration' value: '${String(expiration)}'`);
  if (expiresAt <= now.getTime()) throw policyViolated('Policy expired.');
}

function toSize(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return undefined;
}

/** Renders a condition the way S3 quotes it in "Policy Condition failed" messages. */
function conditionText(operator: string, field: string, expected: string): string {
  return `[${[operator, `$${field}`, expected].map((part) => JSON.stringify(part)).join(', ')}]`;
}

function parseCondition(raw: unknown): PolicyCondition {
  const invalid = (): S3Error => policyInvalid(`Invalid Condition: ${JSON.stringify(raw)}`);

  if (Array.isArray(raw)) {
    const [operator, first, second] = raw as unknown[];
    if (raw.length !== 3 || typeof operator !== 'string') throw invalid();
    const lowerOperator = operator.toLowerCase();
    if (lowerOperator === 'content-length-range') {
      const min = toSize(first);
      const max = toSize(second);
      if (min === undefined || max === undefined || min > max) throw invalid();
      return { kind: 'content-length-range', min, max };
    }
    if (lowerOperator !== 'eq' && lowerOperator !== 'starts-with') {
      throw policyInvalid(`Invalid Condition: unknown operation '${operator}'`);
    }
    if (typeof first !== 'string' || !first.startsWith('$') || typeof second !== 'string') throw invalid();
    const field = first.slice(1);
    return { kind: lowerOperator, field: field.toLowerCase(), expected: second, text: conditionText(lowerOperator, field, second) };
  }

  if (typeof raw === 'object' && raw !== null) {
    const entries = Object.entries(raw);
    const [entry] = entries;
    if (entries.length !== 1 || entry === undefined) {
      throw policyInvalid('Invalid Simple-Condition: Simple-Conditions must have exactly one property specified.');
    }
    const [field, expected] = entry;
    if (typeof expected !== 'string') throw invalid();
    return { kind: 'eq', field: field.toLowerCase(), expected, text: conditionText('eq', field, expected) };
  }

  throw invalid();
}

function parseConditions(conditions: unknown): PolicyCondition[] {
  if (conditions === undefined) throw policyInvalid('Policy missing conditions.');
  if (!Array.isArray(conditions)) throw policyInvalid("Invalid 'conditions' value: must be a list.");
  return conditions.map(parseCondition);
}

function conditionHolds(condition: MatchCondition, value: string): boolean {
  if (condition.kind === 'eq') return value === condition.expected;
  // S3 reads a Content-Type with commas as a list, and each entry has to match the prefix.
  if (condition.field === 'content-type') {
    return value.split(',').every((entry) => entry.trim().startsWith(condition.expected));
  }
  return value.startsWith(condition.expected);
}

function checkConditions(conditions: PolicyCondition[], fields: Map<string, string>, bucket: string): void {
  for (const condition of conditions) {
    if (condition.kind === 'content-length-range') continue;
    // The bucket condition applies to the bucket in the URL, whether or not the form repeats it.
    const value = condition.field === 'bucket' ? bucket : (fields.get(condition.field) ?? '');
    if (!conditionHolds(condition, value)) throw policyViolated(`Policy Condition failed: ${condition.text}`);
  }
}

function checkEveryFieldCovered(conditions: PolicyCondition[], context: PostFormContext): void {
  const covered = new Set(conditions.flatMap((condition) => (condition.kind === 'content-length-range' ? [] : [condition.field])));
  const extra = context.fields
    .map(([name]) => name)
    .filter((name) => {
      const lowerName = name.toLowerCase();
      return !UNCONDITIONED_FIELDS.has(lowerName) && !lowerName.startsWith('x-ignore-') && !covered.has(lowerName);
    });
  if (extra.length > 0) throw policyViolated(`Extra input fields: ${extra.join(', ')}`);
}

/** Narrows every content-length-range condition to the one range that satisfies them all. */
function combineRanges(conditions: PolicyCondition[]): ContentLengthRange | undefined {
  const ranges = conditions.filter((condition): condition is RangeCondition => condition.kind === 'content-length-range');
  if (ranges.length === 0) return undefined;
  return {
    min: Math.max(...ranges.map((range) => range.min)),
    max: Math.min(...ranges.map((range) => range.max)),
  };
}

/**
 * Checks everything about a POST upload that the fields before the file decide; throws the
 * S3Error that S3 would return. Returns the allowed file size range, if the policy sets one.
 */
export function checkPostForm(context: PostFormContext): ContentLengthRange | undefined {
  const fields = indexFields(context.fields);
  checkKey(fields);
  const policyBase64 = checkSignature(fields, context);
  const { expiration, conditions } = decodePolicy(policyBase64);
  checkExpiration(expiration, context.now);
  const parsedConditions = parseConditions(conditions);
  checkConditions(parsedConditions, fields, context.bucket);
  checkEveryFieldCovered(parsedConditions, context);
  return combineRanges(parsedConditions);
}

/** Checks the measured length of the file part against the policy's content-length-range. */
export function checkFileSize(sizeBytes: number, range: ContentLengthRange | undefined): void {
  if (range === undefined) return;
  if (sizeBytes > range.max) {
    throw new S3Error(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', {
      ProposedSize: sizeBytes,
      MaxSizeAllowed: range.max,
    });
  }
  if (sizeBytes < range.min) {
    throw new S3Error(400, 'EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed size', {
      ProposedSize: sizeBytes,
      MinSizeAllowed: range.min,
    });
  }
}
