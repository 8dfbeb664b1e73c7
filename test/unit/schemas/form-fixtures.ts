import type { ApplicationFormInput } from '../../../functions/api/schemas/application-form.ts';

/** "Today" of the form tests: 15 June 2025 at noon in Moscow. */
export const TODAY = new Date('2025-06-15T09:00:00Z');

/** A valid form as a client sends it; each call returns a fresh copy that a test may change. */
export function validFormInput(): ApplicationFormInput & Record<string, unknown> {
  return {
    fullName: { lastName: 'Петрова-Водкина', firstName: 'Алёна', middleName: 'Сергеевна' },
    birthDate: '1996-02-29',
    passport: {
      seriesAndNumber: '45 06 012345',
      issueDate: '2016-03-10',
      issuedBy: 'ГУ МВД России по г. Москве',
      divisionCode: '770-001',
    },
    snils: '112-233-445 95',
    inn: '500100732259',
    phone: '+7 (916) 123-45-67',
    email: 'alena.petrova@example.ru',
    registrationAddress: {
      postalCode: '101000',
      region: 'г. Москва',
      city: 'Москва',
      street: 'ул. Мясницкая',
      house: '12',
      flat: '5',
    },
    actualAddressSameAsRegistration: true,
    employment: {
      position: 'Водитель',
      employer: 'Войсковая часть 12345',
      contractStart: '2025-09-01',
      contractEnd: '2026-08-31',
    },
  };
}

/** Returns the same form after parsing, as the personal-data store keeps it. */
export function storedFormOf(): Record<string, unknown> {
  return {
    fullName: { lastName: 'Петрова-Водкина', firstName: 'Алёна', middleName: 'Сергеевна' },
    birthDate: '1996-02-29',
    passport: {
      series: '4506',
      number: '012345',
      issueDate: '2016-03-10',
      issuedBy: 'ГУ МВД России по г. Москве',
      divisionCode: '770-001',
    },
    snils: '11223344595',
    inn: '500100732259',
    phone: '+79161234567',
    email: 'alena.petrova@example.ru',
    registrationAddress: {
      postalCode: '101000',
      region: 'г. Москва',
      city: 'Москва',
      street: 'ул. Мясницкая',
      house: '12',
      flat: '5',
    },
    actualAddressSameAsRegistration: true,
    employment: {
      position: 'Водитель',
      employer: 'Войсковая часть 12345',
      contractStart: '2025-09-01',
      contractEnd: '2026-08-31',
    },
  };
}
