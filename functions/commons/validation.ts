import { z } from 'zod';
import { ValidationError, echoInput, type FieldError } from './errors.ts';

/** Russian names of the JSON types, in the nominative case, for invalid_type messages. */
const JSON_TYPE_NAMES: Record<string, string> = {
  object: 'объект',
  string: 'строка',
  number: 'число',
  int: 'целое число',
  boolean: 'логическое значение',
  array: 'массив',
  null: 'null',
};

function jsonTypeOf(input: unknown): string | undefined {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'array';
  const type = typeof input;
  return type === 'object' || type === 'string' || type === 'number' || type === 'boolean' ? type : undefined;
}

/**
 * Words invalid_type issues in Russian for every JSON type. Zod's Russian locale (zod 4.6) leaves
 * the expected type in English («ожидалось object, получено массив»). Other types fall back to it.
 */
function russianInvalidType(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code !== 'invalid_type') return undefined;
  const expected = JSON_TYPE_NAMES[String(issue.expected)];
  const receivedType = jsonTypeOf(issue.input);
  if (expected === undefined || receivedType === undefined) return undefined;
  return `Неверный тип: ожидается ${expected}, получено: ${JSON_TYPE_NAMES[receivedType]}`;
}

// Zod's Russian locale words the generic messages; schemas give their own for domain rules.
z.config({ ...z.locales.ru(), customError: russianInvalidType });

const REQUIRED_MESSAGE = 'Обязательное поле';

/** At most this many field errors go into one response; one more entry counts the rest. */
export const MAX_FIELD_ERRORS = 50;

function joinPath(parts: string[]): string {
  return parts.filter((part) => part !== '').join('.');
}

/** Maps a zod issue to a stable machine-readable code. A schema may set its own with params.code. */
function issueCode(issue: z.core.$ZodIssue): string {
  if (issue.code === 'custom' && typeof issue.params?.code === 'string') return issue.params.code;
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'REQUIRED';
  return issue.code.toUpperCase();
}

/** Expands one zod issue to field errors: an unknown-keys issue gives one UNKNOWN_FIELD per key. */
function* issueFieldErrors(issue: z.core.$ZodIssue, pathPrefix: string): Generator<FieldError> {
  const issuePath = [pathPrefix, ...issue.path.map((part) => echoInput(String(part)))];
  if (issue.code === 'unrecognized_keys') {
    for (const key of issue.keys) {
      yield { path: joinPath([...issuePath, echoInput(key)]), code: 'UNKNOWN_FIELD', message: 'Неизвестное поле' };
    }
    return;
  }
  const code = issueCode(issue);
  yield { path: joinPath(issuePath), code, message: code === 'REQUIRED' ? REQUIRED_MESSAGE : issue.message };
}

function countFieldErrors(issues: z.core.$ZodIssue[]): number {
  return issues.reduce((total, issue) => total + (issue.code === 'unrecognized_keys' ? issue.keys.length : 1), 0);
}

/**
 * Converts zod issues to field errors, so the caller sees all failing fields at once. A body with
 * thousands of bad keys would make a response of megabytes, so the list stops at MAX_FIELD_ERRORS
 * and a last TOO_MANY_ERRORS entry reports how many more there are.
 */
export function toFieldErrors(error: z.ZodError, pathPrefix = ''): FieldError[] {
  const fieldErrors: FieldError[] = [];
  for (const issue of error.issues) {
    for (const fieldError of issueFieldErrors(issue, pathPrefix)) {
      if (fieldErrors.length === MAX_FIELD_ERRORS) {
        const omitted = countFieldErrors(error.issues) - MAX_FIELD_ERRORS;
        const message = `Ещё ошибок: ${omitted}; исправьте перечисленные поля и отправьте запрос снова`;
        return [...fieldErrors, { path: pathPrefix, code: 'TOO_MANY_ERRORS', message }];
      }
      fieldErrors.push(fieldError);
    }
  }
  return fieldErrors;
}

/**
 * Parses a value with a schema and throws ValidationError listing every failing field.
 * `reportInput` keeps the rejected value on each issue, because zod 4 omits it otherwise and
 * `issueCode` could not tell a missing field from one of the wrong type.
 */
export function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, pathPrefix = ''): T {
  const result = schema.safeParse(value, { reportInput: true });
  if (!result.success) throw new ValidationError(toFieldErrors(result.error, pathPrefix));
  return result.data;
}
