/**
 * The document catalogue: every document type the service accepts, with the rules the API and
 * the upload validator apply. This file is the only place those rules are written down.
 */

export type FileFormat = 'PDF' | 'JPEG' | 'PNG';

export const FORMAT_CONTENT_TYPES: Record<FileFormat, string> = {
  PDF: 'application/pdf',
  JPEG: 'image/jpeg',
  PNG: 'image/png',
};

export const FORMAT_EXTENSIONS: Record<FileFormat, string[]> = {
  PDF: ['pdf'],
  JPEG: ['jpg', 'jpeg'],
  PNG: ['png'],
};

const MEGABYTE = 1024 * 1024;

/** How long a document stays valid, checked at upload and again when the workflow checks documents. */
export type ValidityRule =
  | { kind: 'none' }
  /** The applicant states the issue and expiry dates; an expired document is rejected. */
  | { kind: 'expiry-date' }
  /** Valid for a number of days from its issue date. */
  | { kind: 'days-from-issue'; days: number };

export interface DocumentTypeRule {
  type: string;
  /** Russian title shown to applicants and operators. */
  title: string;
  /** The `Тип_Документа` part of the file name `Тип_Документа_ГГГГММДД.ext`. */
  fileNamePrefix: string;
  required: boolean;
  formats: FileFormat[];
  maxSizeBytes: number;
  /** Dates the applicant states when requesting the upload slot. */
  statedDates: Array<'issueDate' | 'expiryDate'>;
  validity: ValidityRule;
}

export const DOCUMENT_CATALOGUE: readonly DocumentTypeRule[] = [
  {
    type: 'PASSPORT',
    title: 'Паспорт гражданина Российской Федерации',
    fileNamePrefix: 'Паспорт',
    required: true,
    formats: ['PDF', 'JPEG', 'PNG'],
    maxSizeBytes: 10 * MEGABYTE,
    statedDates: [],
    validity: { kind: 'none' },
  },
  {
    type: 'MILITARY_ID',
    title: 'Военный билет',
    fileNamePrefix: 'Военный_билет',
    required: true,
    formats: ['PDF', 'JPEG'],
    maxSizeBytes: 10 * MEGABYTE,
    statedDates: [],
    validity: { kind: 'none' },
  },
  {
    type: 'SCHOOL_CERTIFICATE',
    title: 'Аттестат об образовании',
    fileNamePrefix: 'Аттестат',
    required: true,
    formats: ['PDF', 'JPEG', 'PNG'],
    maxSizeBytes: 5 * MEGABYTE,
    statedDates: [],
    validity: { kind: 'none' },
  },
  {
    type: 'DIPLOMA',
    title: 'Диплом',
    fileNamePrefix: 'Диплом',
    required: false,
    formats: ['PDF', 'JPEG', 'PNG'],
    maxSizeBytes: 5 * MEGABYTE,
    statedDates: [],
    validity: { kind: 'none' },
  },
  {
    type: 'QUALIFICATION_CERTIFICATE',
    title: 'Свидетельство о квалификации',
    fileNamePrefix: 'Свидетельство_о_квалификации',
    required: false,
    formats: ['PDF', 'JPEG', 'PNG'],
    maxSizeBytes: 5 * MEGABYTE,
    statedDates: [],
    validity: { kind: 'none' },
  },
  {
    type: 'TRANSCRIPT',
    title: 'Приложение к диплому',
    fileNamePrefix: 'Приложение_к_диплому',
    required: false,
    formats: ['PDF', 'JPEG', 'PNG'],
    maxSizeBytes: 5 * MEGABYTE,
    statedDates: [],
    validity: { kind: 'none' },
  },
  {
    type: 'MEDICAL_HEALTH',
    title: 'Медицинская справка о состоянии здоровья',
    fileNamePrefix: 'Справка_о_здоровье',
    required: true,
    formats: ['PDF', 'JPEG'],
    maxSizeBytes: 10 * MEGABYTE,
    statedDates: ['issueDate', 'expiryDate'],
    validity: { kind: 'expiry-date' },
  },
  {
    type: 'MEDICAL_CONTRAINDICATIONS',
    title: 'Справка об отсутствии медицинских противопоказаний',
    fileNamePrefix: 'Справка_о_противопоказаниях',
    required: true,
    formats: ['PDF', 'JPEG'],
    maxSizeBytes: 10 * MEGABYTE,
    statedDates: ['issueDate', 'expiryDate'],
    validity: { kind: 'expiry-date' },
  },
  {
    type: 'MEDICAL_VACCINATIONS',
    title: 'Сертификат о профилактических прививках',
    fileNamePrefix: 'Прививочный_сертификат',
    required: false,
    formats: ['PDF', 'JPEG'],
    maxSizeBytes: 10 * MEGABYTE,
    statedDates: ['issueDate', 'expiryDate'],
    validity: { kind: 'expiry-date' },
  },
  {
    type: 'CRIMINAL_RECORD_CERTIFICATE',
    title: 'Справка о наличии (отсутствии) судимости',
    fileNamePrefix: 'Справка_о_судимости',
    required: true,
    formats: ['PDF', 'JPEG', 'PNG'],
    maxSizeBytes: 10 * MEGABYTE,
    statedDates: ['issueDate'],
    validity: { kind: 'days-from-issue', days: 90 },
  },
  {
    type: 'PERSONAL_DATA_CONSENT',
    title: 'Согласие на обработку персональных данных',
    fileNamePrefix: 'Согласие',
    required: true,
    formats: ['PDF', 'JPEG', 'PNG'],
    maxSizeBytes: 10 * MEGABYTE,
    statedDates: [],
    validity: { kind: 'none' },
  },
  {
    type: 'OTHER',
    title: 'Иной документ',
    fileNamePrefix: 'Документ',
    required: false,
    formats: ['PDF', 'JPEG', 'PNG'],
    maxSizeBytes: 10 * MEGABYTE,
    statedDates: [],
    validity: { kind: 'none' },
  },
];

const RULES_BY_TYPE = new Map(DOCUMENT_CATALOGUE.map((rule) => [rule.type, rule]));

export const DOCUMENT_TYPES = DOCUMENT_CATALOGUE.map((rule) => rule.type);

export function findDocumentRule(type: string): DocumentTypeRule | undefined {
  return RULES_BY_TYPE.get(type);
}

export const REQUIRED_DOCUMENT_TYPES = DOCUMENT_CATALOGUE.filter((rule) => rule.required).map((rule) => rule.type);
