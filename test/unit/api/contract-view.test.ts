import { describe, expect, it } from 'vitest';
import { toApplicationDetail } from '../../../functions/api/views/application-view.ts';
import { toContractView } from '../../../functions/api/views/contract-view.ts';
import { approvedRecord, contractOf, storedForm } from '../contracts/contract-test-kit.ts';
import { APPLICANT_ID, APPLICATION_ID } from './api-test-kit.ts';

describe('toContractView', () => {
  it('is undefined before the contract is generated', () => {
    expect(toContractView(approvedRecord())).toBeUndefined();
  });

  it('lists the versions and the amendment under review without object keys', () => {
    // Prepare
    const contract = contractOf(2, {
      pendingAmendment: { amendmentId: 'amendment-2', number: 2, executionName: `${APPLICATION_ID}-a2`, requestedAt: '2025-06-24T09:00:00.000Z' },
    });
    contract.versions[1]!.amendmentId = 'amendment-1';

    // Act
    const view = toContractView(approvedRecord({ contract }));

    // Assess
    expect(view).toEqual({
      contractNumber: `К-2025-${APPLICATION_ID.slice(-8)}`,
      currentVersion: 2,
      versions: [
        { version: 1, createdAt: '2025-06-20T09:00:00.000Z', amendmentId: undefined },
        { version: 2, createdAt: '2025-06-21T09:00:00.000Z', amendmentId: 'amendment-1' },
      ],
      amendmentUnderReview: { amendmentId: 'amendment-2', number: 2, requestedAt: '2025-06-24T09:00:00.000Z' },
    });
    expect(JSON.stringify(view)).not.toContain('contracts/');
  });

  it('appears in the application detail', () => {
    // Prepare
    const record = approvedRecord({ contract: contractOf(1) });
    const form = { applicationId: APPLICATION_ID, applicantId: APPLICANT_ID, form: storedForm(), version: 1, updatedAt: record.updatedAt };

    // Act
    const detail = toApplicationDetail({ record, form, journal: [], noteTexts: new Map() });

    // Assess
    expect(detail.contract?.currentVersion).toBe(1);
    expect(detail.contract?.contractNumber).toBe(`К-2025-${APPLICATION_ID.slice(-8)}`);
  });
});
