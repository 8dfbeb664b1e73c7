import { z } from 'zod';
import { type FieldRule, REQUIRED_RULE, maxLengthRule, optionalField, trimmedString, withRules } from './field-rules.ts';

export const NAME_PART_MAX_LENGTH = 60;

const NAME_CHARACTERS = /^[А-ЯЁа-яё' -]+$/u;
/** Letters, with single hyphens, apostrophes or spaces only between them. */
const NAME_SHAPE = /^[А-ЯЁа-яё]+(?:[' -][А-ЯЁа-яё]+)*$/u;

const NAME_RULES: FieldRule<string>[] = [
  REQUIRED_RULE,
  maxLengthRule(NAME_PART_MAX_LENGTH),
  {
    code: 'INVALID_CHARACTERS',
    message: 'Допустимы только русские буквы, дефис, апостроф и пробел',
    test: (value) => NAME_CHARACTERS.test(value),
  },
  {
    code: 'INVALID_SEPARATORS',
    message: 'Дефис, апостроф и пробел ставятся только между буквами и по одному',
    test: (value) => NAME_SHAPE.test(value),
  },
];

/**
 * One part of a name in Cyrillic, such as «Петрова-Водкина» or «Д'Артаньян». The typographic
 * apostrophe ’ is stored as ', so one name has one spelling.
 */
const namePart = () => withRules(trimmedString().overwrite((value) => value.replaceAll('’', "'")), NAME_RULES);

export const fullNameSchema = z.strictObject({
  lastName: namePart(),
  firstName: namePart(),
  middleName: optionalField(namePart()),
});

export type FullName = z.infer<typeof fullNameSchema>;
