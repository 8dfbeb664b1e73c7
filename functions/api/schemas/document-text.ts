import { type FieldRule, HAS_LETTER_OR_DIGIT_RULE, REQUIRED_RULE, maxLengthRule, trimmedString, withRules } from './field-rules.ts';

/**
 * Free text that goes into official documents: who issued a passport, parts of an address, a
 * position. Runs of whitespace, line breaks included, become one space; any character outside
 * the listed letters, digits and punctuation is rejected, and so is a value without any letter or digit.
 */

const CYRILLIC_TEXT = /^[А-ЯЁа-яё0-9 .,:;()"«»'№/-]+$/u;
const CYRILLIC_OR_LATIN_TEXT = /^[А-ЯЁа-яёA-Za-z0-9 .,:;()"«»'№/-]+$/u;
const PUNCTUATION_LIST = '. , : ; ( ) " « » \' № / -';

export function documentText(options: { maxLength: number; latin?: boolean }) {
  const rules: FieldRule<string>[] = [
    REQUIRED_RULE,
    maxLengthRule(options.maxLength),
    options.latin === true
      ? {
          code: 'INVALID_CHARACTERS',
          message: `Допустимы русские и латинские буквы, цифры, пробел и знаки ${PUNCTUATION_LIST}`,
          test: (value) => CYRILLIC_OR_LATIN_TEXT.test(value),
        }
      : {
          code: 'INVALID_CHARACTERS',
          message: `Допустимы русские буквы, цифры, пробел и знаки ${PUNCTUATION_LIST}`,
          test: (value) => CYRILLIC_TEXT.test(value),
        },
    HAS_LETTER_OR_DIGIT_RULE,
  ];
  return withRules(
    trimmedString().overwrite((value) => value.replace(/\s+/gu, ' ')),
    rules,
  );
}
