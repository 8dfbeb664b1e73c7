import { z } from 'zod';
import { calendarDate } from './calendar-date.ts';
import { REQUIRED_RULE, maxLengthRule, optionalField, trimmedString, withRules } from './field-rules.ts';

/** Maximum file-name length in characters, the limit of NTFS and APFS. */
const FILE_NAME_MAX_LENGTH = 255;

/**
 * The body of an upload request. The file-name pattern, the content type and which dates are
 * needed depend on the document type, so the handler checks those against the catalogue. The
 * file name is stored in Unicode NFC, because macOS sends «й» and «ё» decomposed.
 */
export const uploadRequestSchema = z.strictObject({
  fileName: withRules(
    trimmedString().overwrite((value) => value.normalize('NFC')),
    [REQUIRED_RULE, maxLengthRule(FILE_NAME_MAX_LENGTH)],
  ),
  contentType: withRules(
    trimmedString().overwrite((value) => value.toLowerCase()),
    [REQUIRED_RULE],
  ),
  issueDate: optionalField(calendarDate()),
  expiryDate: optionalField(calendarDate()),
});

export type UploadRequest = z.infer<typeof uploadRequestSchema>;
