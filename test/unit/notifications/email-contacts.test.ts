import { describe, expect, it, vi } from 'vitest';
import { normaliseEmailAddress } from '../../../functions/commons/email-address.ts';
import { logger } from '../../../functions/commons/logger.ts';
import { readApplicationContacts } from '../../../functions/notifications/contacts.ts';
import { APPLICANT_ID, APPLICATION_ID, givenForm } from '../api/api-test-kit.ts';

describe('normaliseEmailAddress', () => {
  it.each([
    ['an ASCII address', 'ivanov@example.ru', 'ivanov@example.ru'],
    ['a Cyrillic domain', 'alena@почта.рф', 'alena@xn--80a1acny.xn--p1ai'],
    ['an upper-case Cyrillic domain', 'alena@ПОЧТА.РФ', 'alena@xn--80a1acny.xn--p1ai'],
    ['a punycode domain', 'alena@xn--80a1acny.xn--p1ai', 'alena@xn--80a1acny.xn--p1ai'],
    ['a plus tag and an apostrophe', "o'brien+kontrakt@example.com", "o'brien+kontrakt@example.com"],
  ])('accepts %s', (_case, input, address) => {
    // Act
    const result = normaliseEmailAddress(input);

    // Assess
    expect(result).toEqual({ valid: true, address });
  });

  it.each([
    ['a Cyrillic local part', 'алёна@почта.рф', 'EMAIL_LOCAL_PART_NOT_ASCII'],
    ['a Cyrillic letter in an ASCII local part', 'alёna@example.ru', 'EMAIL_LOCAL_PART_NOT_ASCII'],
    ['no @', 'alena.example.ru', 'INVALID_EMAIL'],
    ['an empty local part', '@example.ru', 'INVALID_EMAIL'],
    ['a doubled dot', 'alena..p@example.ru', 'INVALID_EMAIL'],
    ['no top-level domain', 'alena@localhost', 'INVALID_EMAIL'],
    ['a space in the domain', 'alena@exa mple.ru', 'INVALID_EMAIL'],
    ['a domain label of 64 characters', `alena@${'a'.repeat(64)}.ru`, 'INVALID_EMAIL'],
    ['an address of 255 characters', `${'a'.repeat(244)}@example.ru`, 'TOO_LONG'],
    ['a domain that grows past the limit in punycode', `alena@${Array(8).fill('абвгдежзийклмнопрстуфхцч').join('.')}.рф`, 'TOO_LONG'],
  ])('rejects %s', (_case, input, code) => {
    // Act
    const result = normaliseEmailAddress(input);

    // Assess
    expect(result.valid).toBe(false);
    expect(result.valid ? undefined : result.code).toBe(code);
  });
});

describe('readApplicationContacts', () => {
  const storedForm = (email: string) => ({
    applicationId: APPLICATION_ID,
    applicantId: APPLICANT_ID,
    form: { phone: '+79161234567', email },
    version: 1,
    updatedAt: '2025-06-01T07:00:00.000Z',
  });

  it.each([
    ['an ASCII address', 'ivanov@example.ru', 'ivanov@example.ru'],
    ['a Cyrillic domain stored before punycode', 'alena@почта.рф', 'alena@xn--80a1acny.xn--p1ai'],
    ['a punycode domain', 'alena@xn--80a1acny.xn--p1ai', 'alena@xn--80a1acny.xn--p1ai'],
  ])('sends to %s', async (_case, email, address) => {
    // Prepare
    givenForm(storedForm(email));

    // Act
    const contacts = await readApplicationContacts(APPLICATION_ID, APPLICANT_ID);

    // Assess
    expect(contacts.email).toBe(address);
  });

  it('skips and logs a Cyrillic local part stored earlier', async () => {
    // Prepare
    givenForm(storedForm('алёна@почта.рф'));
    const warn = vi.spyOn(logger, 'warn').mockImplementation(() => undefined);

    // Act
    const contacts = await readApplicationContacts(APPLICATION_ID, APPLICANT_ID);

    // Assess
    expect(contacts.email).toBeUndefined();
    expect(contacts.phone).toBe('+79161234567');
    expect(warn).toHaveBeenCalledWith(expect.any(String), { applicationId: APPLICATION_ID, code: 'EMAIL_LOCAL_PART_NOT_ASCII' });
  });
});
