import { z } from 'zod';
import { addYears, calendarDate, formatRussianDate } from './calendar-date.ts';
import { documentText } from './document-text.ts';
import { whenFieldsValid } from './field-rules.ts';

/**
 * The latest contract end the form accepts, inclusive. A contract that runs beyond 2100 is a
 * typing error such as 2205 for 2025, not a real term.
 */
export const CONTRACT_END_LATEST = '2100-01-01';

/**
 * The maximum contract term in years. It is a plausibility bound, not a legal limit: a longer term
 * outlasts a working life, so it is a typing error such as 2095 for 2025.
 */
export const CONTRACT_MAX_YEARS = 50;

const contractEnd = calendarDate({
  code: 'CONTRACT_END_TOO_LATE',
  message: `Дата окончания договора не может быть позже ${formatRussianDate(CONTRACT_END_LATEST)}`,
  test: (date) => date <= CONTRACT_END_LATEST,
});

/** The contract the application is for: position, employer and the contract's start and end dates. */
export const employmentSchema = z
  .strictObject({
    position: documentText({ maxLength: 150, latin: true }),
    employer: documentText({ maxLength: 200, latin: true }),
    contractStart: calendarDate(),
    contractEnd,
  })
  .refine((employment) => employment.contractEnd > employment.contractStart, {
    path: ['contractEnd'],
    message: 'Дата окончания договора должна быть позже даты начала',
    params: { code: 'CONTRACT_END_NOT_AFTER_START' },
    when: whenFieldsValid(['contractStart'], ['contractEnd']),
  })
  .refine((employment) => employment.contractEnd <= addYears(employment.contractStart, CONTRACT_MAX_YEARS), {
    path: ['contractEnd'],
    message: `Срок договора не может превышать ${CONTRACT_MAX_YEARS} лет`,
    params: { code: 'CONTRACT_TERM_TOO_LONG' },
    when: whenFieldsValid(['contractStart'], ['contractEnd']),
  });

export type Employment = z.infer<typeof employmentSchema>;
