import { z } from 'zod';
import { normaliseEmailAddress } from '../commons/email-address.ts';
import { logger } from '../commons/logger.ts';
import { getForm } from '../personal-data/forms.ts';

/**
 * The applicant's phone number and e-mail address, read from the application form in the
 * personal-data store. They are personal data: use them to send, never log them or put them in
 * events or state-table items.
 */
export interface Contacts {
  /** E.164, such as +79161234567. */
  phone?: string;
  email?: string;
}

const optionalText = z.string().trim().min(1).optional().catch(undefined);

// The form's schema belongs to the API. The senders accept the contacts either at the top
// level of the form or in a `contacts` object, and ignore everything else, so a change elsewhere
// in the form cannot break delivery.
const formContactsSchema = z.looseObject({
  phone: optionalText,
  email: optionalText,
  contacts: z.looseObject({ phone: optionalText, email: optionalText }).optional().catch(undefined),
});


/**
 * Converts a Russian phone number as people write it (8 916 123-45-67, +7 (916) 123 45 67,
 * 79161234567) to E.164; returns undefined for anything that is not a plausible number.
 */
export function toE164(phone: string): string | undefined {
  const digits = phone.replace(/[\s()\-.]/g, '');
  if (/^8\d{10}$/.test(digits)) return `+7${digits.slice(1)}`;
  if (/^7\d{10}$/.test(digits)) return `+${digits}`;
  if (/^\+[1-9]\d{7,14}$/.test(digits)) return digits;
  return undefined;
}

/**
 * Returns the address in the form SES accepts, under the same rule as the application form. A
 * form stored before that rule may contain an address SES cannot use, which is logged and skipped.
 */
function deliverableEmail(rawEmail: string, applicationId: string): string | undefined {
  const result = normaliseEmailAddress(rawEmail);
  if (result.valid) return result.address;
  logger.warn('E-mail address on the form cannot be used; e-mail skipped', { applicationId, code: result.code });
  return undefined;
}

/** Returns the contacts given on the application's form; a missing or malformed one is left out. */
export async function readApplicationContacts(applicationId: string, applicantId: string): Promise<Contacts> {
  const stored = await getForm<unknown>(applicationId);
  if (stored === undefined || stored.applicantId !== applicantId) return {};

  const parsed = formContactsSchema.safeParse(stored.form);
  if (!parsed.success) return {};
  const rawPhone = parsed.data.phone ?? parsed.data.contacts?.phone;
  const rawEmail = parsed.data.email ?? parsed.data.contacts?.email;

  return {
    phone: rawPhone === undefined ? undefined : toE164(rawPhone),
    email: rawEmail === undefined ? undefined : deliverableEmail(rawEmail, applicationId),
  };
}
