import { domainToASCII } from 'node:url';

/**
 * The one e-mail address rule of the service, applied by the application form and by the e-mail
 * sender, so the form accepts exactly the addresses the sender can use.
 *
 * The local part (before @) must be ASCII, because Amazon SES does not support SMTPUTF8 (RFC 6531)
 * and does not accept punycode there either (SES API reference, type Destination). It has letters, digits and . _ % + ' - with no leading, trailing or
 * doubled dot. An internationalised domain such as почта.рф is accepted and converted to punycode
 * (xn--80a1acny.xn--p1ai) with node:url domainToASCII. Its labels have letters, digits and
 * hyphens, and the top-level domain is two or more letters or an xn-- label.
 */

const LOCAL_PART = /^[A-Za-z0-9_%+'-]+(?:\.[A-Za-z0-9_%+'-]+)*$/;
const ASCII_DOMAIN = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:[a-z]{2,}|xn--[a-z0-9-]+)$/;
const NON_ASCII = /[^\x00-\x7F]/;

/** Limit of one domain label in octets (RFC 1035), checked on the punycode form. */
const DOMAIN_LABEL_MAX_LENGTH = 63;

/** Limit of an e-mail address in SMTP (RFC 5321: a 256-octet path minus the angle brackets), checked after conversion. */
export const EMAIL_MAX_LENGTH = 254;

export type EmailAddressResult =
  | { valid: true; address: string }
  | { valid: false; code: 'INVALID_EMAIL' | 'EMAIL_LOCAL_PART_NOT_ASCII' | 'TOO_LONG'; message: string };

const invalidEmail = (): EmailAddressResult => ({
  valid: false,
  code: 'INVALID_EMAIL',
  message: 'Укажите адрес электронной почты, например ivanov@example.ru',
});

const tooLong = (): EmailAddressResult => ({
  valid: false,
  code: 'TOO_LONG',
  message: `Адрес электронной почты — не более ${EMAIL_MAX_LENGTH} символов`,
});

/**
 * Checks an address and returns it with the domain in lower-case punycode, the form that is
 * stored and sent. An invalid address gets the code and Russian message of the first rule it breaks.
 */
export function normaliseEmailAddress(text: string): EmailAddressResult {
  // The raw length is checked first to keep huge inputs away from domainToASCII; the converted one below.
  if (text.length > EMAIL_MAX_LENGTH) return tooLong();
  const at = text.lastIndexOf('@');
  if (at <= 0) return invalidEmail();
  const localPart = text.slice(0, at);
  const domain = text.slice(at + 1);

  if (NON_ASCII.test(localPart)) {
    return {
      valid: false,
      code: 'EMAIL_LOCAL_PART_NOT_ASCII',
      message: 'Часть адреса до @ должна быть написана латинскими буквами: письма на адреса с русскими буквами до @ не доставляются',
    };
  }
  if (!LOCAL_PART.test(localPart)) return invalidEmail();

  const asciiDomain = domainToASCII(domain);
  if (!ASCII_DOMAIN.test(asciiDomain)) return invalidEmail();
  if (asciiDomain.split('.').some((label) => label.length > DOMAIN_LABEL_MAX_LENGTH)) return invalidEmail();

  const address = `${localPart}@${asciiDomain}`;
  if (address.length > EMAIL_MAX_LENGTH) return tooLong();
  return { valid: true, address };
}
