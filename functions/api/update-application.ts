import { ConcurrentChangeError, PreconditionFailedError, applicationNotFound } from '../commons/errors.ts';
import { type IfMatch, ifMatchAllows } from '../commons/if-match.ts';
import { type ApiResult, httpHandler, jsonResponse } from '../commons/http.ts';
import { logger } from '../commons/logger.ts';
import type { ApplicationRecord } from '../domain/application-record.ts';
import { readOwnedApplication } from '../domain/applications.ts';
import { commitChange } from '../domain/commit-change.ts';
import { newEventId } from '../domain/events.ts';
import { type StoredForm, getForm, putForm } from '../personal-data/forms.ts';
import { applicationReadOnly, assertEditable, editGuard, formVersionTag, readIfMatch } from './application-access.ts';
import { loadApplicationDetail } from './application-detail.ts';
import { type ApplicationForm, applicationFormSchema } from './schemas/application-form.ts';
import { applicationPathSchema } from './schemas/path-parameters.ts';

const staleVersion = (): PreconditionFailedError =>
  new PreconditionFailedError(
    'VERSION_MISMATCH',
    'Анкета уже изменена в другом окне или запросе; загрузите заявление заново и повторите правку',
  );

/**
 * Puts the previous form back after the FORM_UPDATED commit was rejected, so the store keeps the
 * form the journal describes. It is a new version with the old content.
 */
async function restoreForm(previous: StoredForm<ApplicationForm>, writtenVersion: number): Promise<void> {
  const restored = { ...previous, version: writtenVersion + 1, updatedAt: new Date().toISOString() };
  const written = await putForm(restored, writtenVersion);
  if (!written) logger.error('Form restore failed', { applicationId: previous.applicationId, formVersion: writtenVersion });
}

/**
 * Replaces the form while the application is editable. The form is written first, conditional on
 * the version that `If-Match` allows (the one the applicant saw, or the current one for `*`); then FORM_UPDATED commits, conditional on no submission. If a
 * submission won the race the form is restored and the edit is rejected.
 * NOTE: a crash between the form write and the commit leaves the new form without its journal entry.
 */
export async function updateApplicationForm(input: {
  record: ApplicationRecord;
  applicantId: string;
  form: ApplicationForm;
  ifMatch: IfMatch;
}): Promise<{ record: ApplicationRecord; form: StoredForm<ApplicationForm> }> {
  const { record, applicantId, ifMatch } = input;
  assertEditable(record);

  const previous = await getForm<ApplicationForm>(record.applicationId);
  if (previous === undefined) throw new Error(`Form of application ${record.applicationId} is missing`);
  if (!ifMatchAllows(ifMatch, previous.version)) throw staleVersion();
  const expectedFormVersion = previous.version;

  const now = new Date().toISOString();
  const form: StoredForm<ApplicationForm> = { ...previous, form: input.form, version: expectedFormVersion + 1, updatedAt: now };
  if (!(await putForm(form, expectedFormVersion))) throw staleVersion();

  const guard = editGuard(record);
  const result = await commitChange({
    applicationId: record.applicationId,
    event: {
      eventId: newEventId(),
      type: 'FORM_UPDATED',
      applicationId: record.applicationId,
      applicantId,
      occurredAt: now,
      actor: { kind: 'applicant', id: applicantId },
      status: guard.status,
    },
    allowedStatuses: guard.allowedStatuses,
    condition: guard.condition,
  }).catch(async (error: unknown) => {
    // Other commits won every attempt: put the old form back so that the journal still describes it.
    if (error instanceof ConcurrentChangeError) await restoreForm(previous, form.version);
    throw error;
  });
  if (result.outcome === 'rejected') {
    await restoreForm(previous, form.version);
    throw result.record === undefined ? applicationNotFound() : applicationReadOnly();
  }
  return { record: result.record, form };
}

export const handler = httpHandler(
  { path: applicationPathSchema, body: applicationFormSchema },
  async ({ applicantId, path, body, headers }): Promise<ApiResult> => {
    logger.appendKeys({ applicationId: path.applicationId });
    const ifMatch = readIfMatch(headers);

    const current = await readOwnedApplication(path.applicationId, applicantId);
    const { record, form } = await updateApplicationForm({ record: current, applicantId, form: body, ifMatch });
    logger.info('Application form updated', { formVersion: form.version, version: record.version });

    const view = await loadApplicationDetail(record, form);
    return jsonResponse(200, view, { etag: formVersionTag(form.version) });
  },
);
