import type { FieldError } from '../../../functions/commons/errors.ts';
import { ValidationError } from '../../../functions/commons/errors.ts';
import { parseOrThrow } from '../../../functions/commons/validation.ts';
import { applicationFormSchema } from '../../../functions/api/schemas/application-form.ts';

/** Parses a form the way the API does and returns its field errors; an empty list means valid. */
export function formErrors(input: unknown): FieldError[] {
  try {
    parseOrThrow(applicationFormSchema, input);
    return [];
  } catch (error) {
    if (error instanceof ValidationError) return error.fields ?? [];
    throw error;
  }
}

export const parseForm = (input: unknown) => parseOrThrow(applicationFormSchema, input);
