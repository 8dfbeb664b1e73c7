import { AppError, BadRequestError } from '../../commons/errors.ts';

/**
 * Reads the settings version from an `If-Match` header holding the strong ETag that GET
 * returned, such as `"3"`. Throws 428 when the header is missing and 400 when it is not a
 * version, so a client can never overwrite settings it has not seen.
 */
export function versionFromIfMatch(header: string | undefined): number {
  if (header === undefined || header.trim() === '') {
    throw new AppError(
      428,
      'PRECONDITION_REQUIRED',
      'Укажите заголовок If-Match со значением ETag из ответа GET /notification-settings',
    );
  }
  const match = /^"(\d{1,15})"$/.exec(header.trim());
  if (match === null) {
    throw new BadRequestError(
      'INVALID_IF_MATCH',
      'Заголовок If-Match должен содержать значение ETag из ответа GET /notification-settings, например "3"',
    );
  }
  return Number(match[1]);
}
