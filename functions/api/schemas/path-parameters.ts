import { z } from 'zod';
import { REQUIRED_RULE, withRules } from './field-rules.ts';

/** A ULID: 26 Crockford base-32 characters, the first one at most 7. */
const ULID = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/;

export const isUlid = (value: string): boolean => ULID.test(value);

const applicationId = withRules(z.string(), [
  REQUIRED_RULE,
  {
    code: 'INVALID_APPLICATION_ID',
    message: 'Идентификатор заявления — 26 символов ULID, например 01JF3Q8Z6Y4T2N7KX5W9HBCDEA',
    test: isUlid,
  },
]);

export const applicationPathSchema = z.object({ applicationId });

/** The handler checks the document type against the catalogue and returns 404 for an unknown one. */
export const documentPathSchema = z.object({ applicationId, documentType: withRules(z.string(), [REQUIRED_RULE]) });
