import { PutObjectCommand, S3Client, type PutObjectCommandInput } from '@aws-sdk/client-s3';
import { DeleteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach } from 'vitest';
import type { ApplicationForm } from '../../../functions/api/schemas/application-form.ts';
import type { ApplicationRecord } from '../../../functions/domain/application-record.ts';
import type { ContractRecord } from '../../../functions/domain/contract-record.ts';
import { type StoredAmendment, amendmentKey } from '../../../functions/personal-data/contract-requests.ts';
import { contractObjectKey } from '../../../functions/personal-data/table-design.ts';
import { APPLICANT_ID, APPLICATION_ID, PERSONAL_DATA_TABLE, applicationRecord, dynamo, givenForm } from '../api/api-test-kit.ts';
import { storedFormOf } from '../schemas/form-fixtures.ts';

export const s3 = mockClient(S3Client);

beforeEach(() => {
  s3.reset();
  s3.onAnyCommand().resolves({});
});

export const storedForm = (): ApplicationForm => storedFormOf() as unknown as ApplicationForm;

/** Builds the state table's contract record with `versions` generated, the last one current. */
export function contractOf(versions: number, overrides: Partial<ContractRecord> = {}): ContractRecord {
  return {
    currentVersion: versions,
    versions: Array.from({ length: versions }, (_, index) => ({
      version: index + 1,
      objectKey: contractObjectKey(APPLICANT_ID, APPLICATION_ID, index + 1),
      createdAt: `2025-06-2${index}T09:00:00.000Z`,
    })),
    amendmentCount: 0,
    ...overrides,
  };
}

export function approvedRecord(overrides: Partial<ApplicationRecord> = {}): ApplicationRecord {
  return applicationRecord({
    status: 'APPROVED',
    version: 9,
    review: { round: 1, executionName: `${APPLICATION_ID}-r1`, submittedAt: '2025-06-15T09:00:00.000Z' },
    decision: { outcome: 'APPROVED', reasonCode: 'OPERATOR_APPROVED', operatorId: 'operator-7' },
    ...overrides,
  });
}

export function givenStoredForm(form: ApplicationForm = storedForm()): void {
  givenForm({ applicationId: APPLICATION_ID, applicantId: APPLICANT_ID, form, version: 3, updatedAt: '2025-06-10T09:00:00.000Z' });
}

export function givenAmendment(amendment: StoredAmendment): void {
  dynamo
    .on(GetCommand, { TableName: PERSONAL_DATA_TABLE, Key: amendmentKey(amendment.applicationId, amendment.amendmentId) })
    .resolves({ Item: { ...amendmentKey(amendment.applicationId, amendment.amendmentId), ...amendment } });
}

export const storedObjects = (): PutObjectCommandInput[] => s3.commandCalls(PutObjectCommand).map((call) => call.args[0].input);

/** Keys of the items deleted from the personal-data table, in call order. */
export const deletedPersonalDataKeys = (): unknown[] =>
  dynamo
    .commandCalls(DeleteCommand)
    .map((call) => call.args[0].input)
    .filter((input) => input.TableName === PERSONAL_DATA_TABLE)
    .map((input) => input.Key);
