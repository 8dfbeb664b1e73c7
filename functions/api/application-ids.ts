import { createHash } from 'node:crypto';
import { ulid } from 'ulid';
import { BadRequestError } from '../commons/errors.ts';

const CROCKFORD_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const ULID_LENGTH = 26;

/** The key is opaque to the service: 1 to 255 visible ASCII characters, such as a UUID. */
const IDEMPOTENCY_KEY = /^[\x21-\x7E]{1,255}$/;

export const newApplicationId = (): string => ulid();

/** Returns the `Idempotency-Key` header, or undefined when the request has none. */
export function readIdempotencyKey(headers: Record<string, string | undefined>): string | undefined {
  const key = headers['idempotency-key'];
  if (key === undefined) return undefined;
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw new BadRequestError(
      'INVALID_IDEMPOTENCY_KEY',
      'Заголовок Idempotency-Key должен содержать от 1 до 255 видимых символов ASCII, например UUID',
    );
  }
  return key;
}

/**
 * Derives an application id from the applicant and their idempotency key, so a retried request
 * names the same application. The id is the first 128 bits of a SHA-256 digest in Crockford
 * base 32, the shape of a ULID; its time part carries no time, and nothing reads it as one.
 */
export function deriveApplicationId(applicantId: string, idempotencyKey: string): string {
  const digest = createHash('sha256').update(`application\u0000${applicantId}\u0000${idempotencyKey}`).digest();
  let value = BigInt(`0x${digest.subarray(0, 16).toString('hex')}`);
  let id = '';
  for (let index = 0; index < ULID_LENGTH; index++) {
    id = CROCKFORD_ALPHABET[Number(value & 31n)] + id;
    value >>= 5n;
  }
  return id;
}
