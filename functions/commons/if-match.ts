import { AppError, BadRequestError } from './errors.ts';

/**
 * An `If-Match` request header (RFC 9110, section 13.1.1): `*`, which matches any current
 * version, or a list of strong entity tags, given here without their quotes. The service's tags
 * are version numbers, such as `"3"`.
 */
export type IfMatch = { anyVersion: true } | { anyVersion: false; tags: string[] };

/** One entity tag at the start of the rest of a list: optional W/, then a quoted opaque tag. */
const ENTITY_TAG = /^[ \t]*(W\/)?"([\x21\x23-\x7E\x80-\xFF]*)"[ \t]*(?:,|$)/;

/**
 * Parses `If-Match`. Throws 428 when it is missing, because an edit without a version could
 * silently overwrite a newer one. Throws 400 when it is malformed or contains a weak tag, because
 * If-Match requires the strong comparison, which a weak tag never passes. `example` is a valid
 * header value that the messages show, such as `"1"`.
 */
export function parseIfMatch(header: string | undefined, example: string): IfMatch {
  const value = header?.trim() ?? '';
  if (value === '') {
    throw new AppError(428, 'PRECONDITION_REQUIRED', `Укажите заголовок If-Match со значением ETag из последнего ответа, например ${example}`);
  }
  if (value === '*') return { anyVersion: true };

  const tags: string[] = [];
  let rest = value;
  while (rest !== '') {
    const match = ENTITY_TAG.exec(rest);
    if (match === null) {
      throw new BadRequestError(
        'INVALID_IF_MATCH',
        `Заголовок If-Match должен содержать ETag из последнего ответа в кавычках, например ${example}, список таких значений через запятую или *`,
      );
    }
    if (match[1] !== undefined) {
      throw new BadRequestError(
        'INVALID_IF_MATCH',
        `If-Match сравнивает ETag строго, поэтому слабый тег с префиксом W/ не подходит; укажите ETag без W/, например ${example}`,
      );
    }
    tags.push(match[2] as string);
    rest = rest.slice(match[0].length);
  }
  return { anyVersion: false, tags };
}

/** Tells whether `If-Match` allows a change of the current version: `*` or any tag equal to it. */
export function ifMatchAllows(ifMatch: IfMatch, currentVersion: number): boolean {
  return ifMatch.anyVersion || ifMatch.tags.includes(String(currentVersion));
}
