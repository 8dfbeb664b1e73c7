import { z } from 'zod';
import type { ApplicationForm } from '../api/schemas/application-form.ts';
import { moscowDate } from '../api/schemas/calendar-date.ts';
import { logger } from '../commons/logger.ts';
import type { ApplicationRecord } from '../domain/application-record.ts';
import type { Change } from '../domain/commit-change.ts';
import type { ContractVersionRecord } from '../domain/contract-record.ts';
import { SYSTEM_ACTOR, deriveEventId } from '../domain/events.ts';
import type { ApplicationStatus } from '../domain/statuses.ts';
import { getAmendment } from '../personal-data/contract-requests.ts';
import { writeObject } from '../personal-data/documents.ts';
import { getForm } from '../personal-data/forms.ts';
import { contractObjectKey } from '../personal-data/table-design.ts';
import { commitStep, readApplicationOrThrow } from '../workflow/commit-step.ts';
import { ApplicationFormNotFoundError, ChangeRejectedError } from '../workflow/errors.ts';
import { workflowTaskHandler } from '../workflow/task-handler.ts';
import { type AmendedTerms, buildContractContent, resolveTerms } from './contract-content.ts';
import { renderContractPdf } from './contract-document.ts';
import { loadContractFonts } from './contract-fonts.ts';
import { contractNumber } from './contract-number.ts';
import { AmendmentNotFoundError, ContractVersionConflictError } from './errors.ts';

export const generateContractInputSchema = z.object({
  applicationId: z.string().min(1),
  executionName: z.string().min(1),
  contractVersion: z.number().int().min(1),
});

export type GenerateContractInput = z.infer<typeof generateContractInputSchema>;

/** A contract exists only for an approved application, and an amendment keeps the status APPROVED. */
const GENERATING_STATUSES: ApplicationStatus[] = ['APPROVED'];

export interface GenerateContractOutput {
  contractVersion: number;
  objectKey: string;
}

async function readAmendedTerms(applicationId: string, amendmentId: string): Promise<AmendedTerms> {
  const amendment = await getAmendment(applicationId, amendmentId);
  if (amendment === undefined) throw new AmendmentNotFoundError(applicationId, amendmentId);
  return amendment.terms;
}

/**
 * Returns the amendment this execution reviews, when it is an amendment's execution, and the
 * amendments earlier versions carry, so that each version keeps every approved change so far.
 */
async function collectAmendments(record: ApplicationRecord, executionName: string): Promise<{ amendmentId?: string; terms: AmendedTerms[] }> {
  const earlierIds = (record.contract?.versions ?? []).flatMap((version) => (version.amendmentId === undefined ? [] : [version.amendmentId]));
  const pending = record.contract?.pendingAmendment;
  const amendmentId = pending?.executionName === executionName ? pending.amendmentId : undefined;
  const ids = amendmentId === undefined ? earlierIds : [...earlierIds, amendmentId];
  const terms = await Promise.all(ids.map((id) => readAmendedTerms(record.applicationId, id)));
  return { amendmentId, terms };
}

async function renderVersion(record: ApplicationRecord, form: ApplicationForm, amendments: AmendedTerms[], version: number, now: Date): Promise<Uint8Array> {
  const content = buildContractContent({
    form,
    terms: resolveTerms(form, amendments),
    contractNumber: contractNumber(record.applicationId, record.createdAt),
    applicationId: record.applicationId,
    version,
    date: moscowDate(now),
  });
  return renderContractPdf(content, loadContractFonts());
}

/**
 * Generates version `contractVersion` of the contract of an approved application: renders the PDF
 * from the form and the approved amendments, stores it in the personal-data bucket and commits
 * CONTRACT_CREATED with the new version. A retried task finds the version already recorded and
 * returns it; a repeated commit is recognised by its event id.
 */
export async function generateContract(input: GenerateContractInput, now = new Date()): Promise<GenerateContractOutput> {
  const record = await readApplicationOrThrow(input.applicationId);
  const existing = record.contract?.versions.find((version) => version.version === input.contractVersion);
  if (existing !== undefined) return { contractVersion: existing.version, objectKey: existing.objectKey };

  // Checked before rendering as well as by the commit, so a wrong call stores no file.
  if (!GENERATING_STATUSES.includes(record.status)) {
    throw new ChangeRejectedError(input.applicationId, 'CONTRACT_CREATED', record.status, GENERATING_STATUSES);
  }
  const currentVersion = record.contract?.currentVersion ?? 0;
  if (input.contractVersion !== currentVersion + 1) {
    throw new ContractVersionConflictError(input.applicationId, input.contractVersion, currentVersion);
  }
  const stored = await getForm<ApplicationForm>(input.applicationId);
  if (stored === undefined) throw new ApplicationFormNotFoundError(input.applicationId);

  const { amendmentId, terms } = await collectAmendments(record, input.executionName);
  const pdf = await renderVersion(record, stored.form, terms, input.contractVersion, now);
  const objectKey = contractObjectKey(record.applicantId, record.applicationId, input.contractVersion);
  await writeObject(objectKey, pdf, 'application/pdf');

  const versionRecord: ContractVersionRecord = { version: input.contractVersion, objectKey, createdAt: now.toISOString(), amendmentId };
  await commitStep({
    applicationId: input.applicationId,
    event: {
      eventId: deriveEventId(input.executionName, 'GenerateContract', String(input.contractVersion)),
      type: 'CONTRACT_CREATED',
      applicationId: input.applicationId,
      applicantId: record.applicantId,
      occurredAt: now.toISOString(),
      actor: SYSTEM_ACTOR,
      status: record.status,
      contractVersion: input.contractVersion,
      amendmentId,
    },
    allowedStatuses: GENERATING_STATUSES,
    ...contractUpdate(record, versionRecord),
  });
  logger.info('Contract generated', { contractVersion: input.contractVersion, amendmentId, sizeBytes: pdf.length });
  return { contractVersion: input.contractVersion, objectKey };
}

/**
 * The commit's update of `contract`: the first version creates it, a later one replaces the
 * version list. The condition on the current version keeps a stale list from overwriting a newer one.
 */
function contractUpdate(record: ApplicationRecord, version: ContractVersionRecord): Pick<Change, 'set' | 'condition'> {
  const contract = record.contract;
  if (contract === undefined) {
    return {
      set: [{ path: ['contract'], value: { currentVersion: version.version, versions: [version], amendmentCount: 0 } }],
      condition: { expression: 'attribute_not_exists(#contract)', names: { '#contract': 'contract' }, values: {} },
    };
  }
  return {
    set: [
      { path: ['contract', 'currentVersion'], value: version.version },
      { path: ['contract', 'versions'], value: [...contract.versions, version] },
    ],
    condition: {
      expression: '#contract.#currentVersion = :previousContractVersion',
      names: { '#contract': 'contract', '#currentVersion': 'currentVersion' },
      values: { ':previousContractVersion': contract.currentVersion },
    },
  };
}

export const handler = workflowTaskHandler(generateContractInputSchema, (input) => generateContract(input));
