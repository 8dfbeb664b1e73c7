import { z } from 'zod';

const optionalText = z.string().trim().min(1).optional().catch(undefined);

/**
 * The form fields the console shows, read leniently: the form schema belongs to the API, and a
 * field that is missing or has another shape is left out instead of failing the whole view.
 */
const summarySchema = z.object({
  fullName: z
    .object({ lastName: optionalText, firstName: optionalText, middleName: optionalText })
    .optional()
    .catch(undefined),
  birthDate: optionalText,
  passport: z.object({ series: optionalText, number: optionalText }).optional().catch(undefined),
});

/** The applicant's identity as the operator sees it. It is personal data: print it, never log it. */
export interface FormSummary {
  fullName?: string;
  birthDate?: string;
  passport?: string;
}

export function summarizeForm(form: unknown): FormSummary {
  const parsed = summarySchema.safeParse(form);
  if (!parsed.success) return {};
  const { fullName, birthDate, passport } = parsed.data;
  const nameParts = [fullName?.lastName, fullName?.firstName, fullName?.middleName].filter((part) => part !== undefined);
  const passportParts = [passport?.series, passport?.number].filter((part) => part !== undefined);
  return {
    fullName: nameParts.length > 0 ? nameParts.join(' ') : undefined,
    birthDate,
    passport: passportParts.length > 0 ? passportParts.join(' ') : undefined,
  };
}
