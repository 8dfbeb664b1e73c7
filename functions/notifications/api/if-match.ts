import { type IfMatch, parseIfMatch } from '../../commons/if-match.ts';

/**
 * Reads `If-Match` of a settings change: the strong ETag that GET /notification-settings
 * returned, such as `"3"`, a list of them, or `*`. Throws 428 when the header is missing and 400
 * when it is malformed or weak, so a client can never overwrite settings it has not seen.
 */
export function readSettingsIfMatch(header: string | undefined): IfMatch {
  return parseIfMatch(header, '"3"');
}
