import { BadRequestError, ValidationError, type FieldError } from '../commons/errors.ts';
import {
  FORMAT_CONTENT_TYPES,
  FORMAT_EXTENSIONS,
  type DocumentTypeRule,
  type FileFormat,
} from '../domain/document-catalogue.ts';
import { addDays, addYears, formatRussianDate, isCalendarDate } from './schemas/calendar-date.ts';
import type { UploadRequest } from './schemas/upload-request.ts';

/**
 * The checks of an upload request that depend on the document type: the file name
 * `<prefix>_ГГГГММДД.<ext>`, the content type, the stated dates and the document's validity.
 * When the type states an issue date, the date in the file name must equal it, so the file
 * name, the stated date and the date the upload validator reads all tell one story.
 */

const FILE_NAME = /^(.+)_(\d{4})(\d{2})(\d{2})\.([A-Za-z0-9]+)$/u;

const DATE_TITLES = { issueDate: 'дата выдачи', expiryDate: 'дата окончания действия' } as const;

/**
 * The earliest plausible issue date of a document that states its dates. Those are certificates
 * that stay valid for months or a few years, so an earlier date is a typing error (1925 for 2025).
 */
export const EARLIEST_ISSUE_DATE = '1990-01-01';

/** The maximum plausible validity, in years from issue, of a document that states its dates. */
export const MAX_VALIDITY_YEARS = 10;

function allowedExtensions(rule: DocumentTypeRule): string[] {
  return rule.formats.flatMap((format) => FORMAT_EXTENSIONS[format]);
}

function formatOfExtension(rule: DocumentTypeRule, extension: string): FileFormat | undefined {
  return rule.formats.find((format) => FORMAT_EXTENSIONS[format].includes(extension));
}

export function fileNamePatternMessage(rule: DocumentTypeRule): string {
  const extensions = allowedExtensions(rule);
  return `Имя файла должно иметь вид ${rule.fileNamePrefix}_ГГГГММДД.${extensions[0]}; допустимые расширения: ${extensions.join(', ')}`;
}

/** Checks the file name and content type; returns the date the file name states, if it is valid. */
function checkFileName(rule: DocumentTypeRule, request: UploadRequest, today: string, errors: FieldError[]): string | undefined {
  const match = FILE_NAME.exec(request.fileName);
  const extension = match?.[5]?.toLowerCase() ?? '';
  const format = formatOfExtension(rule, extension);
  if (match === null || match[1] !== rule.fileNamePrefix || format === undefined) {
    errors.push({ path: 'fileName', code: 'INVALID_FILE_NAME', message: fileNamePatternMessage(rule) });
    return undefined;
  }

  const expectedContentType = FORMAT_CONTENT_TYPES[format];
  if (request.contentType !== expectedContentType) {
    errors.push({
      path: 'contentType',
      code: 'CONTENT_TYPE_MISMATCH',
      message: `Для файла .${extension} укажите contentType ${expectedContentType}`,
    });
  }

  const fileDate = `${match[2]}-${match[3]}-${match[4]}`;
  if (!isCalendarDate(fileDate)) {
    errors.push({ path: 'fileName', code: 'INVALID_FILE_NAME_DATE', message: 'Дата в имени файла должна быть существующей датой вида ГГГГММДД' });
    return undefined;
  }
  if (fileDate > today) {
    errors.push({ path: 'fileName', code: 'FILE_NAME_DATE_IN_FUTURE', message: 'Дата в имени файла не может быть позже сегодняшнего дня' });
    return undefined;
  }
  return fileDate;
}

/** Checks that exactly the dates the type needs are given, and that they are consistent. */
function checkStatedDates(rule: DocumentTypeRule, request: UploadRequest, today: string, fileDate: string | undefined, errors: FieldError[]): void {
  for (const field of ['issueDate', 'expiryDate'] as const) {
    const needed = rule.statedDates.includes(field);
    if (needed && request[field] === undefined) {
      errors.push({ path: field, code: 'REQUIRED', message: `Для документа «${rule.title}» укажите поле ${field} (${DATE_TITLES[field]})` });
    }
    if (!needed && request[field] !== undefined) {
      errors.push({ path: field, code: 'DATE_NOT_APPLICABLE', message: `Для документа «${rule.title}» ${DATE_TITLES[field]} не указывается; уберите поле ${field}` });
    }
  }

  const { issueDate, expiryDate } = request;
  if (issueDate !== undefined && rule.statedDates.includes('issueDate')) {
    if (issueDate > today) {
      errors.push({ path: 'issueDate', code: 'DATE_IN_FUTURE', message: 'Дата выдачи не может быть позже сегодняшнего дня' });
    } else if (issueDate < EARLIEST_ISSUE_DATE) {
      errors.push({
        path: 'issueDate',
        code: 'ISSUE_DATE_TOO_EARLY',
        message: `Дата выдачи не может быть раньше ${formatRussianDate(EARLIEST_ISSUE_DATE)}; проверьте год`,
      });
    } else if (fileDate !== undefined && fileDate !== issueDate) {
      errors.push({
        path: 'fileName',
        code: 'FILE_NAME_DATE_MISMATCH',
        message: `Дата в имени файла (${formatRussianDate(fileDate)}) должна совпадать с датой выдачи документа (${formatRussianDate(issueDate)})`,
      });
    }
  }
  if (issueDate !== undefined && expiryDate !== undefined && rule.statedDates.includes('expiryDate') && expiryDate <= issueDate) {
    errors.push({ path: 'expiryDate', code: 'EXPIRY_NOT_AFTER_ISSUE', message: 'Дата окончания действия должна быть позже даты выдачи' });
  } else if (issueDate !== undefined && expiryDate !== undefined && rule.statedDates.includes('expiryDate') && expiryDate > addYears(issueDate, MAX_VALIDITY_YEARS)) {
    errors.push({
      path: 'expiryDate',
      code: 'EXPIRY_TOO_FAR',
      message: `Дата окончания действия не может быть позже чем через ${MAX_VALIDITY_YEARS} лет после даты выдачи; проверьте год`,
    });
  }
}

/** Throws ValidationError listing every problem of the file name, content type and dates at once. */
export function checkUploadRequest(rule: DocumentTypeRule, request: UploadRequest, today: string): void {
  const errors: FieldError[] = [];
  const fileDate = checkFileName(rule, request, today, errors);
  checkStatedDates(rule, request, today, fileDate, errors);
  if (errors.length > 0) throw new ValidationError(errors);
}

/**
 * Throws DOCUMENT_EXPIRED when the document is no longer valid on `today`. The applicant cannot
 * correct this in the request: they need a new document. A document is valid through its expiry
 * date, and a days-from-issue document through the issue date plus that many days.
 */
export function checkDocumentValidity(rule: DocumentTypeRule, request: UploadRequest, today: string): void {
  const validity = rule.validity;
  if (validity.kind === 'expiry-date' && request.expiryDate !== undefined && request.expiryDate < today) {
    throw new BadRequestError(
      'DOCUMENT_EXPIRED',
      `Срок действия документа «${rule.title}» истёк ${formatRussianDate(request.expiryDate)}; загрузите действующий документ`,
    );
  }
  if (validity.kind === 'days-from-issue' && request.issueDate !== undefined) {
    const lastValidDay = addDays(request.issueDate, validity.days);
    if (lastValidDay < today) {
      throw new BadRequestError(
        'DOCUMENT_EXPIRED',
        `Документ «${rule.title}» действителен ${validity.days} дней с даты выдачи; этот выдан ` +
          `${formatRussianDate(request.issueDate)} и действовал по ${formatRussianDate(lastValidDay)}. Получите новый документ`,
      );
    }
  }
}
