import { z } from 'zod';
import { addressSchema } from './address.ts';
import { calendarDate, fullYearsBetween, moscowDate } from './calendar-date.ts';
import { emailSchema, phoneSchema } from './contacts.ts';
import { employmentSchema } from './employment.ts';
import { optionalField, whenFieldsValid } from './field-rules.ts';
import { fullNameSchema } from './full-name.ts';
import { personalInnSchema } from './inn.ts';
import { passportSchema } from './passport.ts';
import { snilsSchema } from './snils.ts';

/** Applicants must be adults: 18 full years on the day of the request, by the Moscow calendar. */
export const MIN_APPLICANT_AGE_YEARS = 18;

/**
 * Applicants must not have turned 65 on the day of the request. Since the May 2022 amendment to
 * the federal law on military duty and military service, a first contract may be signed until the
 * end of working age, which the pension reform sets at 65 for men (60 for women). The form has no
 * sex field, so the service applies 65 to everyone and leaves the rest to the operator.
 * NOTE: the limit comes from press summaries of that amendment; confirm it against the law in force.
 */
export const AGE_LIMIT_YEARS = 65;

/** A Russian passport is first issued at 14. */
export const PASSPORT_MIN_AGE_YEARS = 14;

/**
 * The youngest age at which the Labour Code (article 63) lets anyone sign an employment contract:
 * 14, with a parent's consent and for light work only. A contract starting earlier is a typing error.
 */
export const MIN_CONTRACT_AGE_YEARS = 14;

const birthDate = calendarDate(
  {
    code: 'APPLICANT_UNDER_AGE',
    message: `Заявление может подать только совершеннолетний: на сегодня должно быть не менее ${MIN_APPLICANT_AGE_YEARS} полных лет`,
    test: (date) => fullYearsBetween(date, moscowDate()) >= MIN_APPLICANT_AGE_YEARS,
  },
  {
    code: 'APPLICANT_OVER_AGE_LIMIT',
    message: `Заявление принимается до достижения ${AGE_LIMIT_YEARS} лет`,
    test: (date) => fullYearsBetween(date, moscowDate()) < AGE_LIMIT_YEARS,
  },
);

/**
 * The application form as the API receives it. The parsed form is what the personal-data store
 * keeps: passport series and number split, SNILS as digits, phone as +7XXXXXXXXXX. The actual
 * address is either given or declared the same as the registration address, never both.
 */
export const applicationFormSchema = z
  .strictObject({
    fullName: fullNameSchema,
    birthDate,
    passport: passportSchema,
    snils: snilsSchema,
    inn: optionalField(personalInnSchema),
    phone: phoneSchema,
    email: emailSchema,
    registrationAddress: addressSchema,
    actualAddressSameAsRegistration: optionalField(z.boolean({ error: 'Ожидается true или false' })),
    actualAddress: optionalField(addressSchema),
    employment: employmentSchema,
  })
  .superRefine((form, context) => {
    const hasActualAddress = form.actualAddress !== undefined;
    const sameAsRegistration = form.actualAddressSameAsRegistration === true;
    if (hasActualAddress && sameAsRegistration) {
      context.addIssue({
        code: 'custom',
        path: ['actualAddress'],
        message: 'Укажите фактический адрес или отметьте, что он совпадает с адресом регистрации, но не то и другое сразу',
        params: { code: 'ACTUAL_ADDRESS_CONFLICT' },
      });
    }
    if (!hasActualAddress && !sameAsRegistration) {
      context.addIssue({
        code: 'custom',
        path: ['actualAddress'],
        message: 'Укажите фактический адрес или отметьте, что он совпадает с адресом регистрации',
        params: { code: 'ACTUAL_ADDRESS_REQUIRED' },
      });
    }
  }, { when: whenFieldsValid(['actualAddressSameAsRegistration']) })
  .refine((form) => fullYearsBetween(form.birthDate, form.passport.issueDate) >= PASSPORT_MIN_AGE_YEARS, {
    path: ['passport', 'issueDate'],
    message: `Дата выдачи паспорта не может быть раньше ${PASSPORT_MIN_AGE_YEARS}-летия заявителя`,
    params: { code: 'PASSPORT_ISSUED_BEFORE_AGE_14' },
    when: whenFieldsValid(['birthDate'], ['passport', 'issueDate']),
  })
  .refine((form) => fullYearsBetween(form.birthDate, form.employment.contractStart) >= MIN_CONTRACT_AGE_YEARS, {
    path: ['employment', 'contractStart'],
    message: `Дата начала договора не может быть раньше ${MIN_CONTRACT_AGE_YEARS}-летия заявителя`,
    params: { code: 'CONTRACT_START_BEFORE_AGE_14' },
    when: whenFieldsValid(['birthDate'], ['employment', 'contractStart']),
  });

/** The form as stored and returned, after normalisation. */
export type ApplicationForm = z.infer<typeof applicationFormSchema>;
/** The form as a client sends it. */
export type ApplicationFormInput = z.input<typeof applicationFormSchema>;
