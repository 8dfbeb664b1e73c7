import { REQUIRED_RULE, trimmedString, withRules } from './field-rules.ts';

const FIRST_CHECK_WEIGHTS = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
const SECOND_CHECK_WEIGHTS = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];

/** Computes one INN check digit: the weighted sum of the preceding digits modulo 11, then modulo 10. */
function innCheckDigit(digits: string, weights: number[]): number {
  const sum = weights.reduce((total, weight, index) => total + weight * Number(digits[index]), 0);
  return (sum % 11) % 10;
}

/** Tells whether a 12-digit personal INN has both check digits (the 11th and the 12th) right. */
export function isValidPersonalInn(digits: string): boolean {
  if (!/^\d{12}$/.test(digits)) return false;
  return (
    innCheckDigit(digits, FIRST_CHECK_WEIGHTS) === Number(digits[10]) &&
    innCheckDigit(digits, SECOND_CHECK_WEIGHTS) === Number(digits[11])
  );
}

/** The personal INN (taxpayer number of an individual), 12 digits. */
export const personalInnSchema = withRules(trimmedString(), [
  REQUIRED_RULE,
  {
    code: 'INVALID_INN_FORMAT',
    message: 'ИНН физического лица — 12 цифр',
    test: (value) => /^\d{12}$/.test(value),
  },
  {
    code: 'INVALID_INN_CHECKSUM',
    message: 'Контрольные цифры ИНН не совпадают; проверьте цифры',
    test: isValidPersonalInn,
  },
]);
