import { z } from 'zod';
import type { CriminalRecordCheckRequest } from '../registry/criminal-record-client.ts';

const digitsWithoutSpaces = (count: number) =>
  z
    .string()
    .transform((value) => value.replace(/\s+/g, ''))
    .pipe(z.string().regex(new RegExp(`^\\d{${count}}$`)));

/**
 * The form fields the registry needs, read defensively: the form schema belongs to the API and
 * may carry more fields, which are ignored. Passport parts may be stored with spaces ("45 06").
 */
export const registrySubjectSchema = z.object({
  fullName: z.object({
    lastName: z.string().trim().min(1),
    firstName: z.string().trim().min(1),
    middleName: z.string().trim().min(1).optional(),
  }),
  birthDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  passport: z.object({
    series: digitsWithoutSpaces(4),
    number: digitsWithoutSpaces(6),
  }),
});

export type RegistrySubject = z.infer<typeof registrySubjectSchema>;

export function toCheckRequest(requestId: string, subject: RegistrySubject): CriminalRecordCheckRequest {
  return {
    requestId,
    lastName: subject.fullName.lastName,
    firstName: subject.fullName.firstName,
    middleName: subject.fullName.middleName,
    birthDate: subject.birthDate,
    passportSeries: subject.passport.series,
    passportNumber: subject.passport.number,
  };
}
