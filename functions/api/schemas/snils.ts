import { REQUIRED_RULE, trimmedString, withRules } from './field-rules.ts';

/** «112-233-445 95», «112-233-445-95», «112 233 445 95» or «11223344595». */
const SNILS_FORMAT = /^\d{3}[- ]?\d{3}[- ]?\d{3}[- ]?\d{2}$/;

/**
 * The Pension Fund defines the check number only for numbers above 001-001-998. Numbers up to it
 * were issued without that rule, so any two last digits are accepted for them on purpose.
 */
const LAST_NUMBER_WITHOUT_CHECK = 1_001_998;

/**
 * Computes the SNILS check number from its first nine digits. Each digit is multiplied by its
 * weight, 9 for the first down to 1 for the ninth, and the products are summed. A sum below 100
 * is the check number, and 100 or 101 gives 00. A larger sum is taken modulo 101, where a
 * remainder of 100 again gives 00.
 */
export function snilsCheckNumber(nineDigits: string): number {
  let sum = 0;
  for (let index = 0; index < 9; index++) sum += Number(nineDigits[index]) * (9 - index);
  const remainder = sum < 100 ? sum : sum % 101;
  return remainder === 100 ? 0 : remainder;
}

export function isValidSnils(digits: string): boolean {
  if (!/^\d{11}$/.test(digits)) return false;
  const number = digits.slice(0, 9);
  if (Number(number) <= LAST_NUMBER_WITHOUT_CHECK) return true;
  return snilsCheckNumber(number) === Number(digits.slice(9));
}

const digitsOnly = (value: string): string => value.replace(/[- ]/g, '');

/** SNILS, the individual insurance account number; stored as 11 digits. */
export const snilsSchema = withRules(trimmedString(), [
  REQUIRED_RULE,
  {
    code: 'INVALID_SNILS_FORMAT',
    message: 'СНИЛС — 11 цифр, например 112-233-445 95',
    test: (value) => SNILS_FORMAT.test(value),
  },
  {
    code: 'INVALID_SNILS_CHECKSUM',
    message: 'Контрольное число СНИЛС не совпадает; проверьте цифры',
    test: (value) => isValidSnils(digitsOnly(value)),
  },
]).transform(digitsOnly);
