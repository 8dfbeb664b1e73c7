import { isDeepStrictEqual } from 'node:util';
import { AppError, ConflictError } from '../commons/errors.ts';
import { type ApiResult, httpHandler, jsonResponse } from '../commons/http.ts';
import { logger } from '../commons/logger.ts';
import type { ApplicationRecord } from '../domain/application-record.ts';
import { insertApplication } from '../domain/applications.ts';
import { readApplicationRecord } from '../domain/commit-change.ts';
import { type DomainEvent, deriveEventId, newEventId } from '../domain/events.ts';
import { type StoredForm, getForm, putForm } from '../personal-data/forms.ts';
import { formVersionTag } from './application-access.ts';
import { loadApplicationDetail } from './application-detail.ts';
import { deriveApplicationId, newApplicationId, readIdempotencyKey } from './application-ids.ts';
import { type ApplicationForm, applicationFormSchema } from './schemas/application-form.ts';

interface Creation {
  applicationId: string;
  applicantId: string;
  form: ApplicationForm;
  /** Set when the request carried an Idempotency-Key, so the id and event id repeat on a retry. */
  idempotent: boolean;
}

interface CreationResult {
  record: ApplicationRecord;
  form: StoredForm<ApplicationForm>;
  /** True when an Idempotency-Key request was repeated and the existing application is returned. */
  replayed: boolean;
}

function creationEvent(creation: Creation, occurredAt: string): Omit<DomainEvent, 'sequence'> {
  return {
    // A retried request must not journal a second creation, so its event id is derived.
    eventId: creation.idempotent ? deriveEventId('APPLICATION_CREATED', creation.applicationId) : newEventId(),
    type: 'APPLICATION_CREATED',
    applicationId: creation.applicationId,
    applicantId: creation.applicantId,
    occurredAt,
    actor: { kind: 'applicant', id: creation.applicantId },
    status: 'RECEIVED',
  };
}

/** Inserts the application record. A concurrent retry that inserted it first is not an error. */
async function insertRecord(creation: Creation, occurredAt: string): Promise<ApplicationRecord> {
  try {
    return await insertApplication({
      applicationId: creation.applicationId,
      applicantId: creation.applicantId,
      event: creationEvent(creation, occurredAt),
    });
  } catch (error) {
    if (!(creation.idempotent && error instanceof AppError && error.code === 'APPLICATION_EXISTS')) throw error;
    const record = await readApplicationRecord(creation.applicationId);
    if (record === undefined) throw error;
    return record;
  }
}

/**
 * Handles a request whose form already exists under the derived id: the same request again, or
 * a retry after a crash between storing the form and inserting the record, which this heals.
 */
async function replayCreation(creation: Creation): Promise<CreationResult> {
  const stored = await getForm<ApplicationForm>(creation.applicationId);
  if (stored === undefined || stored.applicantId !== creation.applicantId) {
    throw new Error(`Form of application ${creation.applicationId} is missing or belongs to another applicant`);
  }
  // After an edit the stored form differs from the first request, and a late retry still gets the application.
  // The JSON round trip drops the undefined optional fields that the store does not keep.
  if (stored.version === 1 && !isDeepStrictEqual(stored.form, JSON.parse(JSON.stringify(creation.form)))) {
    throw new AppError(
      422,
      'IDEMPOTENCY_KEY_REUSED',
      'Этот Idempotency-Key уже использован для другого заявления; для нового заявления укажите новый ключ',
    );
  }
  const record = (await readApplicationRecord(creation.applicationId)) ?? (await insertRecord(creation, stored.updatedAt));
  return { record, form: stored, replayed: true };
}

/**
 * Creates an application: the form goes to the personal-data store first, then the record with
 * status RECEIVED and its APPLICATION_CREATED event to the state table, so no record ever lacks
 * its form.
 */
export async function createApplication(creation: Creation): Promise<CreationResult> {
  const now = new Date().toISOString();
  const form: StoredForm<ApplicationForm> = {
    applicationId: creation.applicationId,
    applicantId: creation.applicantId,
    form: creation.form,
    version: 1,
    updatedAt: now,
  };
  const stored = await putForm(form, undefined);
  if (!stored) {
    if (!creation.idempotent) throw new ConflictError('APPLICATION_EXISTS', 'Заявление с таким идентификатором уже создано');
    return replayCreation(creation);
  }
  // NOTE: a crash here leaves a form without a record; without an Idempotency-Key no retry finds it.
  const record = await insertRecord(creation, now);
  return { record, form, replayed: false };
}

export const handler = httpHandler({ body: applicationFormSchema }, async ({ applicantId, body, headers }): Promise<ApiResult> => {
  const idempotencyKey = readIdempotencyKey(headers);
  const applicationId =
    idempotencyKey === undefined ? newApplicationId() : deriveApplicationId(applicantId, idempotencyKey);
  logger.appendKeys({ applicationId });

  const { record, form, replayed } = await createApplication({
    applicationId,
    applicantId,
    form: body,
    idempotent: idempotencyKey !== undefined,
  });
  logger.info(replayed ? 'Application creation replayed' : 'Application created', { version: record.version });

  const view = await loadApplicationDetail(record, form);
  return jsonResponse(201, view, {
    location: `/applications/${applicationId}`,
    etag: formVersionTag(form.version),
  });
});
