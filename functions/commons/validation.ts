import { z } from 'zod';
import { ValidationError, type FieldError } from './errors.ts';

// Zod's Russian locale words the generic messages; schemas give their own for domain rules.
z.config(z.locales.ru());

const REQUIRED_MESSAGE = 'Обязательное поле';

/** Maps a zod issue to a stable machine-readable code. A schema may set its own with params.code. */
function issueCode(issue: z.core.$ZodIssue): string {
  if (issue.code === 'custom' && typeof issue.params?.code === 'string') return issue.params.code;
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'REQUIRED';
  return issue.code.toUpperCase();
}

/** Converts every zod issue to a field error, so the caller sees all failing fields at once. */
export function toFieldErrors(error: z.ZodError, pathPrefix = ''): FieldError[] {
  return error.issues.map((issue) => {
    const code = issueCode(issue);
    const path = [pathPrefix, ...issue.path.map(String)].filter((part) => part !== '').join('.');
    return { path, code, message: code === 'REQUIRED' ? REQUIRED_MESSAGE : issue.message };
  });
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
