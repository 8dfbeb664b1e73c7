import { REQUIRED_RULE, maxLengthRule, trimmedString, withRules } from './field-rules.ts';

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
 * An address like name@example.ru or имя@почта.рф. The local part has letters, digits and
 * . _ % + ' - with no leading, trailing or doubled dot. Domain labels have letters, digits and
 * hyphens, and the top-level domain is two or more letters or an xn-- label.
 */
const EMAIL =
  /^[\p{L}\p{N}_%+'-]+(?:\.[\p{L}\p{N}_%+'-]+)*@(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+(?:\p{L}{2,}|xn--[a-z0-9-]+)$/u;

/** Limit of an e-mail address in SMTP (RFC 5321: a 256-octet path minus the angle brackets). */
const EMAIL_MAX_LENGTH = 254;

export const emailSchema = withRules(trimmedString(), [
  REQUIRED_RULE,
  maxLengthRule(EMAIL_MAX_LENGTH),
  {
    code: 'INVALID_EMAIL',
    message: 'Укажите адрес электронной почты, например ivanov@example.ru',
    test: (value) => EMAIL.test(value),
  },
]);
