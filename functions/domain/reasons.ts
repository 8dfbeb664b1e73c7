import { findDocumentRule } from './document-catalogue.ts';

/**
 * Reason codes that the journal, events and API carry, with the Russian message people see.
 * Data stores and events keep the code only; the text is rendered when read.
 */
export const REASON_MESSAGES = {
  FILE_TOO_LARGE: 'Файл превышает допустимый размер',
  UNSUPPORTED_FORMAT: 'Неподдерживаемый формат',
  MISSING_REQUIRED_DOCUMENT: 'Отсутствует обязательный документ',
  EMPTY_FILE: 'Файл пустой',
  TRUNCATED_FILE: 'Файл повреждён или загружен не полностью',
  ENCRYPTED_PDF: 'PDF-файл защищён паролем или зашифрован; загрузите файл без пароля',
  UNREADABLE_FILE: 'Файл не удаётся прочитать',
  CONTENT_TYPE_MISMATCH: 'Содержимое файла не соответствует заявленному формату',
  PDF_HAS_NO_PAGES: 'В PDF-файле нет ни одной страницы',
  IMAGE_RESOLUTION_TOO_HIGH: 'Разрешение изображения слишком велико; уменьшите его и загрузите файл снова',
  FILE_NAME_MISMATCH: 'Имя файла не соответствует типу документа или дате',
  DOCUMENT_EXPIRED: 'Срок действия документа истёк',
  REGISTRY_UNAVAILABLE: 'Реестр судимостей не ответил; решение принимает оператор',
  CRIMINAL_RECORD_FOUND: 'По данным реестра найдены сведения о судимости',
  OPERATOR_REJECTED: 'Отклонено оператором',
  OPERATOR_APPROVED: 'Одобрено оператором',
  MEDICALLY_UNFIT: 'Военно-врачебная комиссия признала кандидата не годным к службе по контракту (категория Г или Д)',
  DOCUMENTS_NOT_SUBMITTED: 'Запрошенные документы не представлены в срок',
} as const satisfies Record<string, string>;

export type ReasonCode = keyof typeof REASON_MESSAGES;

/** Renders a reason for people: the message, followed by the titles of the documents it concerns. */
export function describeReason(reasonCode: string, documentTypes: string[] = []): string {
  const message = (REASON_MESSAGES as Record<string, string>)[reasonCode] ?? reasonCode;
  if (documentTypes.length === 0) return message;
  const titles = documentTypes.map((type) => findDocumentRule(type)?.title ?? type);
  return `${message}: ${titles.join(', ')}`;
}
