import { z } from 'zod';
import { calendarDate, formatRussianDate, moscowDate } from './calendar-date.ts';
import { CONTRACT_END_LATEST } from './employment.ts';
import { documentText } from './document-text.ts';
import { HAS_LETTER_OR_DIGIT_RULE, REQUIRED_RULE, maxLengthRule, optionalField, trimmedString, withRules } from './field-rules.ts';

export const REASON_MAX_LENGTH = 1000;

/** The applicant's reason for a request: free text, whitespace runs collapsed to one space. */
const reason = withRules(
  trimmedString().overwrite((value) => value.replace(/\s+/gu, ' ')),
  [REQUIRED_RULE, maxLengthRule(REASON_MAX_LENGTH), HAS_LETTER_OR_DIGIT_RULE],
);

const contractEnd = calendarDate(
  {
    code: 'CONTRACT_END_NOT_IN_FUTURE',
    message: 'Новая дата окончания контракта должна быть позже сегодняшнего дня',
    test: (date) => date > moscowDate(),
  },
  {
    // The same outer bound as the form's contract dates.
    code: 'CONTRACT_END_TOO_LATE',
    message: `Дата окончания контракта не может быть позже ${formatRussianDate(CONTRACT_END_LATEST)}`,
    test: (date) => date <= CONTRACT_END_LATEST,
  },
);

/** «Изменить условия»: the terms to change, at least one of them, and why. */
export const contractAmendmentSchema = z.strictObject({
  terms: z
    .strictObject({
      contractEnd: optionalField(contractEnd),
      position: optionalField(documentText({ maxLength: 150, latin: true })),
    })
    .refine((terms) => terms.contractEnd !== undefined || terms.position !== undefined, {
      message: 'Укажите хотя бы одно условие: новую дату окончания контракта или должность',
      params: { code: 'AMENDMENT_TERMS_EMPTY' },
    }),
  reason,
});

export type ContractAmendmentRequest = z.infer<typeof contractAmendmentSchema>;

/** «Отменить»: why the applicant cancels the contract. */
export const contractCancellationSchema = z.strictObject({ reason });

export type ContractCancellationRequest = z.infer<typeof contractCancellationSchema>;

/** `?version=N` of a contract download; without it the current version is downloaded. */
export const contractQuerySchema = z.object({
  version: optionalField(
    withRules(trimmedString(), [
      { code: 'INVALID_CONTRACT_VERSION', message: 'Номер редакции — целое число от 1, например 2', test: (value) => /^[1-9]\d{0,5}$/.test(value) },
    ]).transform(Number),
  ),
});
