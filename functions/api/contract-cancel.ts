import { ulid } from 'ulid';
import { ConflictError, applicationNotFound } from '../commons/errors.ts';
import { type ApiResult, httpHandler, jsonResponse } from '../commons/http.ts';
import { logger } from '../commons/logger.ts';
import type { ApplicationRecord } from '../domain/application-record.ts';
import { readOwnedApplication } from '../domain/applications.ts';
import { commitChange } from '../domain/commit-change.ts';
import { newEventId } from '../domain/events.ts';
import { APPLICATION_STATUS_TITLES } from '../domain/statuses.ts';
import { putApplicantNote } from '../personal-data/contract-requests.ts';
import { deleteNote } from '../personal-data/notes.ts';
import { assertCancellable } from './contract-access.ts';
import { type ContractCancellationRequest, contractCancellationSchema } from './schemas/contract-requests.ts';
import { applicationPathSchema } from './schemas/path-parameters.ts';

/**
 * «Отменить»: sets the status CANCELLED and stores the applicant's reason as a note, which the
 * journal shows with the CONTRACT_CANCELLED entry. The contract versions stay readable. A second
 * cancellation is rejected with 409 ALREADY_CANCELLED, so a repeated request changes nothing.
 */
export async function cancelContract(record: ApplicationRecord, applicantId: string, request: ContractCancellationRequest): Promise<ApplicationRecord> {
  assertCancellable(record);
  const now = new Date().toISOString();
  const noteId = ulid();
  const { applicationId } = record;
  await putApplicantNote({ applicationId, applicantId, noteId, text: request.reason, createdAt: now });

  const result = await commitChange({
    applicationId,
    event: {
      eventId: newEventId(),
      type: 'CONTRACT_CANCELLED',
      applicationId,
      applicantId,
      occurredAt: now,
      actor: { kind: 'applicant', id: applicantId },
      status: 'CANCELLED',
      noteId,
      contractVersion: record.contract?.currentVersion,
    },
    allowedStatuses: ['APPROVED'],
    set: [{ path: ['cancellation'], value: { cancelledAt: now, noteId } }],
    condition: {
      expression: 'attribute_exists(#contract) AND attribute_not_exists(#contract.#pending)',
      names: { '#contract': 'contract', '#pending': 'pendingAmendment' },
      values: {},
    },
  });
  if (result.outcome === 'committed') return result.record;

  // The application changed between the read and the commit, so the note belongs to nothing.
  await deleteNote(applicationId, noteId);
  if (result.record === undefined) throw applicationNotFound();
  assertCancellable(result.record);
  throw new ConflictError('CONTRACT_NOT_CANCELLABLE', 'Контракт сейчас нельзя отменить; обновите страницу и повторите попытку');
}

export const handler = httpHandler(
  { path: applicationPathSchema, body: contractCancellationSchema },
  async ({ applicantId, path, body }): Promise<ApiResult> => {
    logger.appendKeys({ applicationId: path.applicationId });
    const current = await readOwnedApplication(path.applicationId, applicantId);
    const record = await cancelContract(current, applicantId, body);
    logger.info('Contract cancelled', { noteId: record.cancellation?.noteId });

    return jsonResponse(200, {
      applicationId: record.applicationId,
      status: record.status,
      statusTitle: APPLICATION_STATUS_TITLES[record.status],
      cancelledAt: record.cancellation?.cancelledAt,
    });
  },
);
