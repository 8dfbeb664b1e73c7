import { describe, expect, it } from 'vitest';
import { AppError, ValidationError } from '../../../functions/commons/errors.ts';
import { findDocumentRule, type DocumentTypeRule } from '../../../functions/domain/document-catalogue.ts';
import { checkDocumentValidity, checkUploadRequest } from '../../../functions/api/upload-rules.ts';
import type { UploadRequest } from '../../../functions/api/schemas/upload-request.ts';

const TODAY = '2025-06-15';

function ruleOf(type: string): DocumentTypeRule {
  const rule = findDocumentRule(type);
  if (rule === undefined) throw new Error(`No catalogue rule for ${type}`);
  return rule;
}

function errorsOf(type: string, request: UploadRequest): Array<[string, string]> {
  try {
    checkUploadRequest(ruleOf(type), request, TODAY);
    return [];
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return (error.fields ?? []).map((field) => [field.path, field.code]);
  }
}

const passport = (fileName: string, contentType = 'application/pdf'): UploadRequest => ({ fileName, contentType });
const medical = (overrides: Partial<UploadRequest> = {}): UploadRequest => ({
  fileName: 'Справка_о_здоровье_20250601.pdf',
  contentType: 'application/pdf',
  issueDate: '2025-06-01',
  expiryDate: '2026-06-01',
  ...overrides,
});
const criminalRecord = (issueDate: string): UploadRequest => ({
  fileName: `Справка_о_судимости_${issueDate.replaceAll('-', '')}.pdf`,
  contentType: 'application/pdf',
  issueDate,
});

describe('checkUploadRequest', () => {
  it.each<[string, string, UploadRequest]>([
    ['a PDF passport', 'PASSPORT', passport('Паспорт_20250601.pdf')],
    ['a JPEG with the .jpeg extension', 'PASSPORT', passport('Паспорт_20250601.jpeg', 'image/jpeg')],
    ['an upper-case extension', 'PASSPORT', passport('Паспорт_20250601.PDF')],
    ['a file dated today', 'PASSPORT', passport('Паспорт_20250615.png', 'image/png')],
    ['a file dated 29 February of a leap year', 'PASSPORT', passport('Паспорт_20240229.pdf')],
    ['a prefix with underscores', 'MILITARY_ID', passport('Военный_билет_20250601.jpg', 'image/jpeg')],
    ['a medical certificate whose name carries the issue date', 'MEDICAL_HEALTH', medical()],
  ])('accepts %s', (_case, type, request) => {
    expect(errorsOf(type, request)).toEqual([]);
  });

  it.each<[string, string, UploadRequest, Array<[string, string]>]>([
    ['another type prefix', 'PASSPORT', passport('Согласие_20250601.pdf'), [['fileName', 'INVALID_FILE_NAME']]],
    ['no date', 'PASSPORT', passport('Паспорт.pdf'), [['fileName', 'INVALID_FILE_NAME']]],
    ['a date as ДД.ММ.ГГГГ', 'PASSPORT', passport('Паспорт_01.06.2025.pdf'), [['fileName', 'INVALID_FILE_NAME']]],
    ['an extension the type does not allow', 'MILITARY_ID', passport('Военный_билет_20250601.png', 'image/png'), [['fileName', 'INVALID_FILE_NAME']]],
    ['a content type that does not match the extension', 'PASSPORT', passport('Паспорт_20250601.pdf', 'image/jpeg'), [['contentType', 'CONTENT_TYPE_MISMATCH']]],
    ['31 April in the name', 'PASSPORT', passport('Паспорт_20250431.pdf'), [['fileName', 'INVALID_FILE_NAME_DATE']]],
    ['29 February of a common year', 'PASSPORT', passport('Паспорт_20250229.pdf'), [['fileName', 'INVALID_FILE_NAME_DATE']]],
    ['a date after today', 'PASSPORT', passport('Паспорт_20250616.pdf'), [['fileName', 'FILE_NAME_DATE_IN_FUTURE']]],
    ['a date the type does not state', 'PASSPORT', { ...passport('Паспорт_20250601.pdf'), issueDate: '2025-06-01' }, [['issueDate', 'DATE_NOT_APPLICABLE']]],
    ['a missing issue date', 'MEDICAL_HEALTH', medical({ issueDate: undefined }), [['issueDate', 'REQUIRED']]],
    ['a missing expiry date', 'MEDICAL_HEALTH', medical({ expiryDate: undefined }), [['expiryDate', 'REQUIRED']]],
    ['an expiry date on a criminal-record certificate', 'CRIMINAL_RECORD_CERTIFICATE', { ...criminalRecord('2025-06-01'), expiryDate: '2025-09-01' }, [['expiryDate', 'DATE_NOT_APPLICABLE']]],
    ['an issue date after today', 'MEDICAL_HEALTH', medical({ fileName: 'Справка_о_здоровье_20250615.pdf', issueDate: '2025-06-16' }), [['issueDate', 'DATE_IN_FUTURE']]],
    ['a file date other than the issue date', 'MEDICAL_HEALTH', medical({ issueDate: '2025-05-30' }), [['fileName', 'FILE_NAME_DATE_MISMATCH']]],
    ['an expiry date before the issue date', 'MEDICAL_HEALTH', medical({ expiryDate: '2025-05-01' }), [['expiryDate', 'EXPIRY_NOT_AFTER_ISSUE']]],
    [
      'a wrong name and missing dates together',
      'MEDICAL_HEALTH',
      { fileName: 'scan.pdf', contentType: 'application/pdf' },
      [['fileName', 'INVALID_FILE_NAME'], ['issueDate', 'REQUIRED'], ['expiryDate', 'REQUIRED']],
    ],
  ])('rejects %s', (_case, type, request, expected) => {
    expect(errorsOf(type, request)).toEqual(expected);
  });

  it('names the expected pattern in the message', () => {
    // Prepare
    const request = passport('consent.pdf');

    // Act
    const act = () => checkUploadRequest(ruleOf('PERSONAL_DATA_CONSENT'), request, TODAY);

    // Assess
    expect(act).toThrow(ValidationError);
    try {
      act();
    } catch (error) {
      expect((error as ValidationError).fields?.[0]?.message).toBe(
        'Имя файла должно иметь вид Согласие_ГГГГММДД.pdf; допустимые расширения: pdf, jpg, jpeg, png',
      );
    }
  });
});

describe('checkDocumentValidity', () => {
  function validityError(type: string, request: UploadRequest): AppError | undefined {
    try {
      checkDocumentValidity(ruleOf(type), request, TODAY);
      return undefined;
    } catch (error) {
      if (error instanceof AppError) return error;
      throw error;
    }
  }

  it('accepts a medical certificate that expires today', () => {
    expect(validityError('MEDICAL_HEALTH', medical({ expiryDate: TODAY }))).toBeUndefined();
  });

  it('rejects a medical certificate that expired yesterday', () => {
    // Act
    const error = validityError('MEDICAL_HEALTH', medical({ issueDate: '2024-06-01', expiryDate: '2025-06-14' }));

    // Assess
    expect(error?.statusCode).toBe(400);
    expect(error?.code).toBe('DOCUMENT_EXPIRED');
    expect(error?.message).toBe(
      'Срок действия документа «Медицинская справка о состоянии здоровья» истёк 14.06.2025; загрузите действующий документ',
    );
  });

  it('accepts a criminal-record certificate issued 90 days ago', () => {
    expect(validityError('CRIMINAL_RECORD_CERTIFICATE', criminalRecord('2025-03-17'))).toBeUndefined();
  });

  it('rejects criminal-record certificate after 90 days', () => {
    // Act
    const error = validityError('CRIMINAL_RECORD_CERTIFICATE', criminalRecord('2025-03-16'));

    // Assess
    expect(error?.code).toBe('DOCUMENT_EXPIRED');
    expect(error?.message).toBe(
      'Документ «Справка о наличии (отсутствии) судимости» действителен 90 дней с даты выдачи; ' +
        'этот выдан 16.03.2025 и действовал по 14.06.2025. Получите новый документ',
    );
  });

  it('leaves types without a validity rule alone', () => {
    expect(validityError('PASSPORT', passport('Паспорт_19990101.pdf'))).toBeUndefined();
  });
});
