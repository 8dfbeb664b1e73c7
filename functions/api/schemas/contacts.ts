import { z } from 'zod';
import { normaliseEmailAddress } from '../../commons/email-address.ts';
import { REQUIRED_RULE, trimmedString, withRules } from './field-rules.ts';

/**
 * A Russian phone number written with +7, 7 or 8 and ten more digits, with any spaces, hyphens and
 * brackets: «+7 (916) 123-45-67», «89161234567». The ten digits start with 3, 4, 8 or 9, the
 * first digits of Russian geographic and mobile codes.
 */
const RUSSIAN_PHONE = /^(?:\+7|7|8)([3489]\d{9})$/;
const PHONE_FORMATTING = /[\s()-]/g;

/** Mobile or landline phone, stored as +7XXXXXXXXXX. */
export const phoneSchema = withRules(trimmedString(), [
  REQUIRED_RULE,
  {
    code: 'INVALID_PHONE',
    message: 'Укажите российский номер телефона, например +7 916 123-45-67 или 89161234567',
    test: (value) => RUSSIAN_PHONE.test(value.replace(PHONE_FORMATTING, '')),
  },
]).transform((value) => value.replace(PHONE_FORMATTING, '').replace(RUSSIAN_PHONE, '+7$1'));

/**
 * An e-mail address under the service's one rule (functions/commons/email-address.ts): an ASCII
 * local part and a domain that may be internationalised, stored in punycode.
 */
export const emailSchema = trimmedString().transform((value, context) => {
  if (value === '') {
    context.addIssue({ code: 'custom', message: REQUIRED_RULE.message, params: { code: REQUIRED_RULE.code } });
    return z.NEVER;
  }
  const result = normaliseEmailAddress(value);
  if (result.valid) return result.address;
  context.addIssue({ code: 'custom', message: result.message, params: { code: result.code } });
  return z.NEVER;
});
