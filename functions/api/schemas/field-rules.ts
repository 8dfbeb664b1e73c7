import { z } from 'zod';

/** One rule of a field: a predicate, the stable code and the Russian message shown when it fails. */
export interface FieldRule<T> {
  code: string;
  message: string;
  test: (value: T) => boolean;
}

/**
 * Adds a field's rules as one check that reports only the first rule the value breaks, so the
 * applicant gets one actionable error per field. Order the rules from the most basic one.
 */
export function withRules<T>(schema: z.ZodType<T>, rules: FieldRule<T>[]): z.ZodType<T> {
  return schema.superRefine((value, context) => {
    const broken = rules.find((rule) => !rule.test(value));
    if (broken !== undefined) {
      context.addIssue({ code: 'custom', message: broken.message, params: { code: broken.code } });
    }
  });
}

export const REQUIRED_RULE: FieldRule<string> = {
  code: 'REQUIRED',
  message: 'Обязательное поле',
  test: (value) => value.length > 0,
};

export function maxLengthRule(maxLength: number): FieldRule<string> {
  return {
    code: 'TOO_LONG',
    message: `Не более ${maxLength} символов`,
    test: (value) => value.length <= maxLength,
  };
}

/**
 * A form text field: a string, trimmed and in Unicode NFC, with a Russian message when the value
 * is not a string at all. Every form text field starts here, so the rules after it see «й» and
 * «ё» as one code point each even when macOS or iOS sends them decomposed (и + U+0306).
 */
export const trimmedString = () => z.string({ error: 'Ожидается строка' }).trim().normalize('NFC');

/** Rejects a value of punctuation and spaces only, such as `-`, `---` or `...`. */
export const HAS_LETTER_OR_DIGIT_RULE: FieldRule<string> = {
  code: 'NO_LETTERS_OR_DIGITS',
  message: 'Укажите значение',
  test: (value) => /[\p{L}\p{N}]/u.test(value),
};

/**
 * Builds a `when` predicate for a cross-field check: the check runs once the value is an object
 * and none of the named fields, their parents or their children has an issue. Issues on the object
 * itself, such as an unknown key, do not stop it.
 */
export function whenFieldsValid(...paths: string[][]) {
  return (payload: z.core.ParsePayload): boolean => {
    if (typeof payload.value !== 'object' || payload.value === null || Array.isArray(payload.value)) return false;
    return !payload.issues.some((issue) => {
      const issuePath = issue.path ?? [];
      if (issuePath.length === 0) return false;
      return paths.some((path) => {
        const sharedLength = Math.min(path.length, issuePath.length);
        return path.slice(0, sharedLength).every((part, index) => issuePath[index] === part);
      });
    });
  };
}

/** Makes a field optional and treats an empty or blank string as not given, as forms often send one. */
export function optionalField<T>(schema: z.ZodType<T>) {
  return z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), schema.optional());
}
