import { z } from 'zod';
import { REQUIRED_RULE, optionalField, trimmedString, withRules } from './field-rules.ts';
import { documentText } from './document-text.ts';

const postalCode = withRules(trimmedString(), [
  REQUIRED_RULE,
  { code: 'INVALID_POSTAL_CODE', message: 'Почтовый индекс — 6 цифр', test: (value) => /^\d{6}$/.test(value) },
  { code: 'INVALID_POSTAL_CODE', message: 'Индекса 000000 не существует: укажите индекс вашего почтового отделения', test: (value) => value !== '000000' },
]);

/**
 * A Russian address in parts, the way the passport registration stamp and the contract list it.
 * `street` is optional because some villages have no streets; `building` is a корпус or строение.
 */
export const addressSchema = z.strictObject({
  postalCode,
  region: documentText({ maxLength: 100 }),
  city: documentText({ maxLength: 100 }),
  street: optionalField(documentText({ maxLength: 150 })),
  house: documentText({ maxLength: 20 }),
  building: optionalField(documentText({ maxLength: 20 })),
  flat: optionalField(documentText({ maxLength: 10 })),
});

export type Address = z.infer<typeof addressSchema>;
