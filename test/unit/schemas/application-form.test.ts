import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TODAY, storedFormOf, validFormInput } from './form-fixtures.ts';
import { formErrors, parseForm } from './parse-form.ts';

type Form = ReturnType<typeof validFormInput>;
type Mutation = (form: Form) => void;

/** Each row: the case, how it changes the valid form, the field and code expected. */
const FIELD_RULES: Array<[string, Mutation, string, string]> = [
  ['missing last name', (form) => delete (form.fullName as Record<string, unknown>).lastName, 'fullName.lastName', 'REQUIRED'],
  ['blank first name', (form) => (form.fullName.firstName = '   '), 'fullName.firstName', 'REQUIRED'],
  ['Latin last name', (form) => (form.fullName.lastName = 'Petrova'), 'fullName.lastName', 'INVALID_CHARACTERS'],
  ['digit in first name', (form) => (form.fullName.firstName = 'Алёна2'), 'fullName.firstName', 'INVALID_CHARACTERS'],
  ['leading hyphen', (form) => (form.fullName.lastName = '-Петрова'), 'fullName.lastName', 'INVALID_SEPARATORS'],
  ['trailing apostrophe', (form) => (form.fullName.lastName = "Петрова'"), 'fullName.lastName', 'INVALID_SEPARATORS'],
  ['doubled hyphen', (form) => (form.fullName.lastName = 'Петрова--Водкина'), 'fullName.lastName', 'INVALID_SEPARATORS'],
  ['doubled space', (form) => (form.fullName.firstName = 'Анна  Мария'), 'fullName.firstName', 'INVALID_SEPARATORS'],
  ['hyphen next to space', (form) => (form.fullName.lastName = 'Петрова- Водкина'), 'fullName.lastName', 'INVALID_SEPARATORS'],
  ['61-letter name', (form) => (form.fullName.lastName = 'А'.repeat(61)), 'fullName.lastName', 'TOO_LONG'],
  ['unknown name key', (form) => ((form.fullName as Record<string, unknown>).nickname = 'Лёля'), 'fullName.nickname', 'UNKNOWN_FIELD'],
  ['birth date 29 February of a common year', (form) => (form.birthDate = '1995-02-29'), 'birthDate', 'INVALID_DATE'],
  ['birth date as ДД.ММ.ГГГГ', (form) => (form.birthDate = '29.02.1996'), 'birthDate', 'INVALID_DATE'],
  ['applicant one day short of 18', (form) => (form.birthDate = '2007-06-16'), 'birthDate', 'APPLICANT_UNDER_AGE'],
  ['birth date in the future', (form) => (form.birthDate = '2030-01-01'), 'birthDate', 'APPLICANT_UNDER_AGE'],
  ['applicant turned 65 today', (form) => (form.birthDate = '1960-06-15'), 'birthDate', 'APPLICANT_OVER_AGE_LIMIT'],
  ['passport number of 5 digits', (form) => (form.passport.seriesAndNumber = '45 06 12345'), 'passport.seriesAndNumber', 'INVALID_PASSPORT_NUMBER'],
  ['passport with letters', (form) => (form.passport.seriesAndNumber = '45 06 12345А'), 'passport.seriesAndNumber', 'INVALID_PASSPORT_NUMBER'],
  ['passport split 450 6123456', (form) => (form.passport.seriesAndNumber = '450 6123456'), 'passport.seriesAndNumber', 'INVALID_PASSPORT_NUMBER'],
  ['passport issue date tomorrow', (form) => (form.passport.issueDate = '2025-06-16'), 'passport.issueDate', 'DATE_IN_FUTURE'],
  ['passport issue date 31 April', (form) => (form.passport.issueDate = '2016-04-31'), 'passport.issueDate', 'INVALID_DATE'],
  ['passport issued a day before the 14th birthday', (form) => (form.passport.issueDate = '2010-02-28'), 'passport.issueDate', 'PASSPORT_ISSUED_BEFORE_AGE_14'],
  ['empty issuing authority', (form) => (form.passport.issuedBy = ''), 'passport.issuedBy', 'REQUIRED'],
  ['issuing authority with an emoji', (form) => (form.passport.issuedBy = 'ГУ МВД 🙂'), 'passport.issuedBy', 'INVALID_CHARACTERS'],
  ['division code of 5 digits', (form) => (form.passport.divisionCode = '770-01'), 'passport.divisionCode', 'INVALID_DIVISION_CODE'],
  ['SNILS of 10 digits', (form) => (form.snils = '1122334459'), 'snils', 'INVALID_SNILS_FORMAT'],
  ['SNILS with a wrong check number', (form) => (form.snils = '112-233-445 96'), 'snils', 'INVALID_SNILS_CHECKSUM'],
  ['INN of 10 digits (a company INN)', (form) => (form.inn = '7707083893'), 'inn', 'INVALID_INN_FORMAT'],
  ['INN with a wrong 11th digit', (form) => (form.inn = '500100732269'), 'inn', 'INVALID_INN_CHECKSUM'],
  ['INN with a wrong 12th digit', (form) => (form.inn = '500100732258'), 'inn', 'INVALID_INN_CHECKSUM'],
  ['phone of 9 digits', (form) => (form.phone = '+7 916 123-45-6'), 'phone', 'INVALID_PHONE'],
  ['foreign phone', (form) => (form.phone = '+44 20 7946 0958'), 'phone', 'INVALID_PHONE'],
  ['phone with a code starting with 1', (form) => (form.phone = '+7 116 123-45-67'), 'phone', 'INVALID_PHONE'],
  ['e-mail without @', (form) => (form.email = 'alena.example.ru'), 'email', 'INVALID_EMAIL'],
  ['e-mail with a doubled dot', (form) => (form.email = 'alena..p@example.ru'), 'email', 'INVALID_EMAIL'],
  ['e-mail without a top-level domain', (form) => (form.email = 'alena@localhost'), 'email', 'INVALID_EMAIL'],
  ['postal code of 5 digits', (form) => (form.registrationAddress.postalCode = '10100'), 'registrationAddress.postalCode', 'INVALID_POSTAL_CODE'],
  ['missing house', (form) => delete (form.registrationAddress as Record<string, unknown>).house, 'registrationAddress.house', 'REQUIRED'],
  ['Latin city', (form) => (form.registrationAddress.city = 'Moscow'), 'registrationAddress.city', 'INVALID_CHARACTERS'],
  ['101-character region', (form) => (form.registrationAddress.region = 'а'.repeat(101)), 'registrationAddress.region', 'TOO_LONG'],
  [
    'actual address and the same-as-registration flag',
    (form) => (form.actualAddress = { ...form.registrationAddress }),
    'actualAddress',
    'ACTUAL_ADDRESS_CONFLICT',
  ],
  ['neither actual address nor the flag', (form) => delete form.actualAddressSameAsRegistration, 'actualAddress', 'ACTUAL_ADDRESS_REQUIRED'],
  ['flag set to false without an address', (form) => (form.actualAddressSameAsRegistration = false), 'actualAddress', 'ACTUAL_ADDRESS_REQUIRED'],
  ['flag as a string', (form) => ((form as Record<string, unknown>).actualAddressSameAsRegistration = 'да'), 'actualAddressSameAsRegistration', 'INVALID_TYPE'],
  ['contract ending on its start day', (form) => (form.employment.contractEnd = form.employment.contractStart), 'employment.contractEnd', 'CONTRACT_END_NOT_AFTER_START'],
  ['contract ending before it starts', (form) => (form.employment.contractEnd = '2025-08-31'), 'employment.contractEnd', 'CONTRACT_END_NOT_AFTER_START'],
  ['contract start 30 February', (form) => (form.employment.contractStart = '2025-02-30'), 'employment.contractStart', 'INVALID_DATE'],
  ['position as a number', (form) => ((form.employment as Record<string, unknown>).position = 7), 'employment.position', 'INVALID_TYPE'],
  ['unknown top-level key', (form) => (form.gender = 'F'), 'gender', 'UNKNOWN_FIELD'],
  ['e-mail with a Cyrillic local part', (form) => (form.email = 'алёна@почта.рф'), 'email', 'EMAIL_LOCAL_PART_NOT_ASCII'],
  ['Cyrillic local part on a Latin domain', (form) => (form.email = 'алёна@example.ru'), 'email', 'EMAIL_LOCAL_PART_NOT_ASCII'],
  ['e-mail with a space in the domain', (form) => (form.email = 'alena@поч та.рф'), 'email', 'INVALID_EMAIL'],
  ['255-character e-mail', (form) => (form.email = `${'a'.repeat(244)}@example.ru`), 'email', 'TOO_LONG'],
  ['passport series 0000', (form) => (form.passport.seriesAndNumber = '0000 123456'), 'passport.seriesAndNumber', 'INVALID_PASSPORT_NUMBER'],
  ['passport number 000000', (form) => (form.passport.seriesAndNumber = '4506 000000'), 'passport.seriesAndNumber', 'INVALID_PASSPORT_NUMBER'],
  ['passport 0000 000000', (form) => (form.passport.seriesAndNumber = '0000 000000'), 'passport.seriesAndNumber', 'INVALID_PASSPORT_NUMBER'],
  ['division code 000-000', (form) => (form.passport.divisionCode = '000-000'), 'passport.divisionCode', 'INVALID_DIVISION_CODE'],
  ['division code 000000', (form) => (form.passport.divisionCode = '000000'), 'passport.divisionCode', 'INVALID_DIVISION_CODE'],
  ['postal code 000000', (form) => (form.registrationAddress.postalCode = '000000'), 'registrationAddress.postalCode', 'INVALID_POSTAL_CODE'],
  ['house of a hyphen only', (form) => (form.registrationAddress.house = '-'), 'registrationAddress.house', 'NO_LETTERS_OR_DIGITS'],
  ['issuing authority of hyphens only', (form) => (form.passport.issuedBy = '---'), 'passport.issuedBy', 'NO_LETTERS_OR_DIGITS'],
  ['position of dots and spaces only', (form) => (form.employment.position = '. . .'), 'employment.position', 'NO_LETTERS_OR_DIGITS'],
  ['contract starting a day before the 14th birthday', (form) => {
    form.employment.contractStart = '2010-02-28';
    form.employment.contractEnd = '2011-02-28';
  }, 'employment.contractStart', 'CONTRACT_START_BEFORE_AGE_14'],
  ['contract ending after 2100-01-01', (form) => (form.employment.contractEnd = '2100-01-02'), 'employment.contractEnd', 'CONTRACT_END_TOO_LATE'],
  ['contract ending in 9999', (form) => (form.employment.contractEnd = '9999-12-31'), 'employment.contractEnd', 'CONTRACT_END_TOO_LATE'],
  ['contract of 50 years and a day', (form) => (form.employment.contractEnd = '2075-09-02'), 'employment.contractEnd', 'CONTRACT_TERM_TOO_LONG'],
];

/** Each row: the case and how it changes the valid form; the form stays valid. */
const VALID_EDGE_CASES: Array<[string, Mutation]> = [
  ['«ё» and «Ё» in names', (form) => Object.assign(form.fullName, { lastName: 'Ёлкина', firstName: 'Алёна' })],
  ['double-barrelled surname', (form) => (form.fullName.lastName = 'Римская-Корсакова')],
  ['decomposed «й» and «ё» in names', (form) => Object.assign(form.fullName, { lastName: 'Майская'.normalize('NFD'), firstName: 'Алёна'.normalize('NFD') })],
  ['decomposed «й» in document text', (form) => (form.passport.issuedBy = 'МВД по Республике Алтай'.normalize('NFD'))],
  ['decomposed «ё» in an address', (form) => (form.registrationAddress.city = 'Королёв'.normalize('NFD'))],
  ['house «б/н» without a number', (form) => (form.registrationAddress.house = 'б/н')],
  ['contract starting on the 14th birthday', (form) => {
    form.employment.contractStart = '2010-03-01';
    form.employment.contractEnd = '2011-03-01';
  }],
  ['contract of exactly 50 years ending 2075-09-01', (form) => (form.employment.contractEnd = '2075-09-01')],
  ['contract ending on 2100-01-01', (form) => {
    form.employment.contractStart = '2050-01-01';
    form.employment.contractEnd = '2100-01-01';
  }],
  ['apostrophe in a surname', (form) => (form.fullName.lastName = "Д'Артаньян")],
  ['typographic apostrophe in a surname', (form) => (form.fullName.lastName = 'Д’Артаньян')],
  ['space inside a first name', (form) => (form.fullName.firstName = 'Анна Мария')],
  ['60-letter name', (form) => (form.fullName.lastName = 'А'.repeat(60))],
  ['no middle name', (form) => delete (form.fullName as Record<string, unknown>).middleName],
  ['empty middle name', (form) => (form.fullName.middleName = '')],
  ['born 29 February of a leap year, passport on 1 March at 14', (form) => {
    form.birthDate = '2004-02-29';
    form.passport.issueDate = '2018-03-01';
  }],
  ['18 years old today', (form) => {
    form.birthDate = '2007-06-15';
    form.passport.issueDate = '2021-06-15';
  }],
  ['one day short of 65', (form) => (form.birthDate = '1960-06-16')],
  ['passport written 4506123456', (form) => (form.passport.seriesAndNumber = '4506123456')],
  ['passport written 4506 123456', (form) => (form.passport.seriesAndNumber = '4506 123456')],
  ['passport issued on the 14th birthday', (form) => (form.passport.issueDate = '2010-03-01')],
  ['passport issued today', (form) => (form.passport.issueDate = '2025-06-15')],
  ['division code without a hyphen', (form) => (form.passport.divisionCode = '770001')],
  ['SNILS as 11 digits', (form) => (form.snils = '11223344595')],
  ['SNILS with a weighted sum of 100 and check 00', (form) => (form.snils = '100-356-355 00')],
  ['SNILS with a weighted sum of 101 and check 00', (form) => (form.snils = '100-079-190 00')],
  ['SNILS with a weighted sum above 101', (form) => (form.snils = '100-958-199 49')],
  ['SNILS up to 001-001-998, which has no check number', (form) => (form.snils = '001-001-998 77')],
  ['no INN', (form) => delete form.inn],
  ['INN whose check digits are 3 and 4', (form) => (form.inn = '100002999334')],
  ['phone starting with 8', (form) => (form.phone = '89161234567')],
  ['phone as +7XXXXXXXXXX', (form) => (form.phone = '+79161234567')],
  ['Moscow landline', (form) => (form.phone = '8 (495) 123-45-67')],
  ['e-mail on a Cyrillic domain', (form) => (form.email = 'alena@почта.рф')],
  ['address without street and flat', (form) => {
    delete (form.registrationAddress as Record<string, unknown>).street;
    delete (form.registrationAddress as Record<string, unknown>).flat;
  }],
  ['actual address instead of the flag', (form) => {
    delete form.actualAddressSameAsRegistration;
    form.actualAddress = { postalCode: '190000', region: 'г. Санкт-Петербург', city: 'Санкт-Петербург', street: 'Невский пр-т', house: '28', building: 'корп. 2' };
  }],
  ['Latin letters in the employer', (form) => (form.employment.employer = 'ООО «Ромашка Logistics»')],
];

describe('applicationFormSchema', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'], now: TODAY });
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('normalises a valid form for storage', () => {
    // Prepare
    const input = validFormInput();

    // Act
    const form = parseForm(input);

    // Assess
    expect(JSON.parse(JSON.stringify(form))).toEqual(storedFormOf());
  });

  it('keeps leading zeros of the passport series and number', () => {
    // Prepare
    const input = validFormInput();
    input.passport.seriesAndNumber = '0106 000123';

    // Act
    const form = parseForm(input);

    // Assess
    expect(form.passport.series).toBe('0106');
    expect(form.passport.number).toBe('000123');
  });

  it('trims names and stores the typographic apostrophe as ASCII', () => {
    // Prepare
    const input = validFormInput();
    input.fullName.lastName = '  Д’Артаньян ';

    // Act
    const form = parseForm(input);

    // Assess
    expect(form.fullName.lastName).toBe("Д'Артаньян");
  });

  it.each([
    ['alena@почта.рф', 'alena@xn--80a1acny.xn--p1ai'],
    ['Alena.Petrova@ПОЧТА.РФ', 'Alena.Petrova@xn--80a1acny.xn--p1ai'],
    ['alena@example.ru', 'alena@example.ru'],
  ])('stores e-mail %s as %s', (email, stored) => {
    // Prepare
    const input = validFormInput();
    input.email = email;

    // Act
    const form = parseForm(input);

    // Assess
    expect(form.email).toBe(stored);
  });

  it('stores decomposed letters composed', () => {
    // Prepare
    const input = validFormInput();
    input.fullName.firstName = 'Алёна'.normalize('NFD');
    input.registrationAddress.city = 'Королёв'.normalize('NFD');

    // Act
    const form = parseForm(input);

    // Assess
    expect(form.fullName.firstName).toBe('Алёна'.normalize('NFC'));
    expect(form.fullName.firstName).toHaveLength(5);
    expect(form.registrationAddress.city).toBe('Королёв'.normalize('NFC'));
  });

  it('collapses runs of spaces in document text', () => {
    // Prepare
    const input = validFormInput();
    input.passport.issuedBy = ' ГУ  МВД\nРоссии ';

    // Act
    const form = parseForm(input);

    // Assess
    expect(form.passport.issuedBy).toBe('ГУ МВД России');
  });

  it.each(VALID_EDGE_CASES)('accepts %s', (_case, mutate) => {
    // Prepare
    const input = validFormInput();
    mutate(input);

    // Act
    const errors = formErrors(input);

    // Assess
    expect(errors).toEqual([]);
  });

  it.each(FIELD_RULES)('rejects %s', (_case, mutate, path, code) => {
    // Prepare
    const input = validFormInput();
    mutate(input);

    // Act
    const errors = formErrors(input);

    // Assess
    expect(errors.map((error) => [error.path, error.code])).toEqual([[path, code]]);
    expect(errors[0]?.message).toMatch(/[А-Яа-яЁё]/u);
  });

  it('reports every wrong field at once', () => {
    // Prepare
    const input = {
      fullName: { lastName: 'Smith', firstName: '' },
      birthDate: '2010-01-01',
      passport: { seriesAndNumber: '45', issueDate: '2030-01-01', issuedBy: '', divisionCode: 'x' },
      snils: '112-233-445 96',
      inn: '500100732258',
      phone: '123',
      email: 'no',
      registrationAddress: { postalCode: '1' },
      employment: { contractStart: '2026-01-01', contractEnd: '2025-01-01' },
    };

    // Act
    const paths = formErrors(input).map((error) => error.path);

    // Assess
    expect(paths).toEqual(
      expect.arrayContaining([
        'fullName.lastName',
        'fullName.firstName',
        'birthDate',
        'passport.seriesAndNumber',
        'passport.issueDate',
        'passport.issuedBy',
        'passport.divisionCode',
        'snils',
        'inn',
        'phone',
        'email',
        'registrationAddress.postalCode',
        'registrationAddress.region',
        'actualAddress',
        'employment.position',
        'employment.employer',
        'employment.contractEnd',
      ]),
    );
  });

  it('reports one error per field, the most basic one', () => {
    // Prepare
    const input = validFormInput();
    input.fullName.lastName = '';

    // Act
    const errors = formErrors(input);

    // Assess
    expect(errors).toEqual([{ path: 'fullName.lastName', code: 'REQUIRED', message: 'Обязательное поле' }]);
  });

  it.each([
    ['a string', 'анкета'],
    ['null', null],
    ['an array', []],
  ])('rejects %s as the whole form', (_case, input) => {
    // Act
    const errors = formErrors(input);

    // Assess
    expect(errors.map((error) => [error.path, error.code])).toEqual([['', 'INVALID_TYPE']]);
  });
});
