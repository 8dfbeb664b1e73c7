import { z } from 'zod';
import { NOT_IN_FUTURE_RULE, calendarDate } from './calendar-date.ts';
import { REQUIRED_RULE, trimmedString, withRules } from './field-rules.ts';
import { documentText } from './document-text.ts';

/** Series (4 digits) and number (6 digits) as people write them: «45 06 123456», «4506 123456», «4506123456». */
const SERIES_AND_NUMBER = /^(\d{2}) ?(\d{2}) ?(\d{6})$/;
const DIVISION_CODE = /^(\d{3})-?(\d{3})$/;

const seriesAndNumber = withRules(trimmedString(), [
  REQUIRED_RULE,
  {
    code: 'INVALID_PASSPORT_NUMBER',
    message: 'Укажите серию (4 цифры) и номер (6 цифр) паспорта, например 45 06 123456',
    test: (value) => SERIES_AND_NUMBER.test(value),
  },
  {
    code: 'INVALID_PASSPORT_NUMBER',
    message: 'Серия паспорта не может быть 0000: проверьте первые четыре цифры',
    test: (value) => SERIES_AND_NUMBER.exec(value)?.slice(1, 3).join('') !== '0000',
  },
  {
    code: 'INVALID_PASSPORT_NUMBER',
    message: 'Номер паспорта не может быть 000000: проверьте последние шесть цифр',
    test: (value) => SERIES_AND_NUMBER.exec(value)?.[3] !== '000000',
  },
]);

const divisionCode = withRules(trimmedString(), [
  REQUIRED_RULE,
  {
    code: 'INVALID_DIVISION_CODE',
    message: 'Код подразделения — шесть цифр в виде 123-456',
    test: (value) => DIVISION_CODE.test(value),
  },
  {
    code: 'INVALID_DIVISION_CODE',
    message: 'Код подразделения не может быть 000-000: укажите код из паспорта',
    test: (value) => value.replace('-', '') !== '000000',
  },
]).transform((value) => value.replace(DIVISION_CODE, '$1-$2'));

/**
 * The passport of a citizen of the Russian Federation. The request gives series and number as one
 * string; the stored form keeps them apart, digits only, leading zeros kept. The issue date is
 * checked against the birth date in the form schema.
 */
export const passportSchema = z
  .strictObject({
    seriesAndNumber,
    issueDate: calendarDate(NOT_IN_FUTURE_RULE),
    issuedBy: documentText({ maxLength: 200 }),
    divisionCode,
  })
  .transform(({ seriesAndNumber: raw, ...rest }) => {
    const digits = raw.replace(/ /g, '');
    return { series: digits.slice(0, 4), number: digits.slice(4), ...rest };
  });

export type Passport = z.infer<typeof passportSchema>;
