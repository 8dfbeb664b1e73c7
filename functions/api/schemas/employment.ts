import { z } from 'zod';
import { calendarDate } from './calendar-date.ts';
import { documentText } from './document-text.ts';
import { whenFieldsValid } from './field-rules.ts';

/** The contract the application is for: position, employer and the contract's start and end dates. */
export const employmentSchema = z
  .strictObject({
    position: documentText({ maxLength: 150, latin: true }),
    employer: documentText({ maxLength: 200, latin: true }),
    contractStart: calendarDate(),
    contractEnd: calendarDate(),
  })
  .refine((employment) => employment.contractEnd > employment.contractStart, {
    path: ['contractEnd'],
    message: 'Дата окончания договора должна быть позже даты начала',
    params: { code: 'CONTRACT_END_NOT_AFTER_START' },
    when: whenFieldsValid(['contractStart'], ['contractEnd']),
  });

export type Employment = z.infer<typeof employmentSchema>;
