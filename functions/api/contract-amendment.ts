import { ulid } from 'ulid';
import { ConcurrentChangeError, ValidationError, applicationNotFound } from '../commons/errors.ts';
import { type ApiResult, httpHandler, jsonResponse } from '../commons/http.ts';
import { logger } from '../commons/logger.ts';
import { amendmentExecutionName, recordAmendmentExecutionArn, startAmendmentExecution } from '../contracts/amendment-execution.ts';
import type { ApplicationRecord } from '../domain/application-record.ts';
import { readOwnedApplication } from '../domain/applications.ts';
import { commitChange } from '../domain/commit-change.ts';
import type { ContractAmendmentRecord } from '../domain/contract-record.ts';
import { deriveEventId } from '../domain/events.ts';
import { type StoredAmendment, deleteAmendment, getAmendment, putAmendment } from '../personal-data/contract-requests.ts';
import { getForm } from '../personal-data/forms.ts';
import type { ApplicationForm } from './schemas/application-form.ts';
import { formatRussianDate } from './schemas/calendar-date.ts';
import { amendmentUnderReview, requireActiveContract } from './contract-access.ts';
import { type ContractAmendmentRequest, contractAmendmentSchema } from './schemas/contract-requests.ts';
import { applicationPathSchema } from './schemas/path-parameters.ts';

const MAX_COMMIT_ATTEMPTS = 3;

/**
 * Rejects a new end date that is not after the contract's start, which the form sets and no
 * amendment changes. The schema has already checked that the date is after today.
 */
async function assertEndAfterStart(record: ApplicationRecord, request: ContractAmendmentRequest): Promise<void> {
  const contractEnd = request.terms.contractEnd;
  if (contractEnd === undefined) return;
  const stored = await getForm<ApplicationForm>(record.applicationId);
  if (stored === undefined) throw new Error(`Form of application ${record.applicationId} is missing`);
  const contractStart = stored.form.employment.contractStart;
  if (contractEnd > contractStart) return;
  throw new ValidationError([
    {
      path: 'terms.contractEnd',
      code: 'CONTRACT_END_NOT_AFTER_START',
      message: `Дата окончания контракта должна быть позже даты его начала, ${formatRussianDate(contractStart)}`,
    },
  ]);
}

/** Tells whether a stored amendment matches this request, so a repeated request resumes it. */
function isSameRequest(stored: StoredAmendment | undefined, applicantId: string, request: ContractAmendmentRequest): boolean {
  return (
    stored !== undefined &&
    stored.applicantId === applicantId &&
    stored.reason === request.reason &&
    stored.terms.contractEnd === request.terms.contractEnd &&
    stored.terms.position === request.terms.position
  );
}

/** Returns the pending amendment if this request repeats it; any other pending amendment is a 409. */
async function resumePending(record: ApplicationRecord, applicantId: string, request: ContractAmendmentRequest): Promise<ContractAmendmentRecord> {
  const pending = requireActiveContract(record).pendingAmendment as ContractAmendmentRecord;
  const stored = await getAmendment(record.applicationId, pending.amendmentId);
  if (!isSameRequest(stored, applicantId, request)) throw amendmentUnderReview('запросите новое изменение');
  return pending;
}

/**
 * Stores the proposed terms, then commits AMENDMENT_REQUESTED with the amendment as pending. The
 * event id is derived from the amendment number, so two concurrent requests cannot both take it.
 * When the commit loses, the stored terms are deleted and the winner's amendment is examined.
 */
async function commitAmendment(
  record: ApplicationRecord,
  applicantId: string,
  request: ContractAmendmentRequest,
  attempt = 1,
): Promise<ContractAmendmentRecord> {
  const contract = requireActiveContract(record);
  const number = (contract.amendmentCount ?? 0) + 1;
  const now = new Date().toISOString();
  const amendment: ContractAmendmentRecord = {
    amendmentId: ulid(),
    number,
    executionName: amendmentExecutionName(record.applicationId, number),
    requestedAt: now,
  };
  const { applicationId } = record;
  if (attempt === 1) await assertEndAfterStart(record, request);
  await putAmendment({ applicationId, applicantId, amendmentId: amendment.amendmentId, terms: request.terms, reason: request.reason, requestedAt: now });

  const result = await commitChange({
    applicationId,
    event: {
      eventId: deriveEventId('AMENDMENT_REQUESTED', applicationId, String(number)),
      type: 'AMENDMENT_REQUESTED',
      applicationId,
      applicantId,
      occurredAt: now,
      actor: { kind: 'applicant', id: applicantId },
      status: 'APPROVED',
      amendmentId: amendment.amendmentId,
      contractVersion: contract.currentVersion,
    },
    allowedStatuses: ['APPROVED'],
    set: [
      { path: ['contract', 'pendingAmendment'], value: amendment },
      { path: ['contract', 'amendmentCount'], value: number },
    ],
    condition: {
      expression: 'attribute_not_exists(#contract.#pending) AND #contract.#currentVersion = :currentContractVersion',
      names: { '#contract': 'contract', '#pending': 'pendingAmendment', '#currentVersion': 'currentVersion' },
      values: { ':currentContractVersion': contract.currentVersion },
    },
  });
  if (result.outcome === 'committed') return amendment;

  await deleteAmendment(applicationId, amendment.amendmentId);
  if (result.record === undefined) throw applicationNotFound();
  if (result.record.contract?.pendingAmendment !== undefined) return resumePending(result.record, applicantId, request);
  requireActiveContract(result.record);
  // Another amendment was requested and decided between the read and the commit, so the number moved on.
  if (attempt < MAX_COMMIT_ATTEMPTS) return commitAmendment(result.record, applicantId, request, attempt + 1);
  logger.warn('Amendment commit kept conflicting', { attempts: MAX_COMMIT_ATTEMPTS });
  throw new ConcurrentChangeError();
}

/**
 * «Изменить условия»: records the applicant's amendment request and starts its review. A repeated
 * request with the same terms and reason, while that amendment is pending, starts the same
 * execution with the same input again, so Step Functions keeps one execution.
 */
export async function requestAmendment(record: ApplicationRecord, applicantId: string, request: ContractAmendmentRequest): Promise<ContractAmendmentRecord> {
  const contract = requireActiveContract(record);
  const amendment =
    contract.pendingAmendment === undefined
      ? await commitAmendment(record, applicantId, request)
      : await resumePending(record, applicantId, request);

  const executionArn = await startAmendmentExecution(record.applicationId, amendment.number, amendment.amendmentId);
  if (amendment.executionArn !== executionArn) await recordAmendmentExecutionArn(record.applicationId, amendment.amendmentId, executionArn);
  return { ...amendment, executionArn };
}

export const handler = httpHandler(
  { path: applicationPathSchema, body: contractAmendmentSchema },
  async ({ applicantId, path, body }): Promise<ApiResult> => {
    logger.appendKeys({ applicationId: path.applicationId });
    const record = await readOwnedApplication(path.applicationId, applicantId);
    const amendment = await requestAmendment(record, applicantId, body);
    logger.info('Contract amendment requested', { amendmentId: amendment.amendmentId, number: amendment.number, executionArn: amendment.executionArn });

    return jsonResponse(202, {
      applicationId: record.applicationId,
      amendment: {
        amendmentId: amendment.amendmentId,
        number: amendment.number,
        status: 'UNDER_REVIEW',
        statusTitle: 'На рассмотрении',
        requestedAt: amendment.requestedAt,
        executionArn: amendment.executionArn,
      },
    });
  },
);
