import { describe, expect, it } from 'vitest';
import { generateContract } from '../../../functions/contracts/generate-contract.ts';
import { ContractVersionConflictError } from '../../../functions/contracts/errors.ts';
import { deriveEventId, type DomainEvent } from '../../../functions/domain/events.ts';
import { contractObjectKey } from '../../../functions/personal-data/table-design.ts';
import { ApplicationFormNotFoundError, ChangeRejectedError } from '../../../functions/workflow/errors.ts';
import { APPLICANT_ID, APPLICATION_ID, assignedValues, commits, givenApplication, givenCommitsReturn, unusedPlaceholders } from '../api/api-test-kit.ts';
import { approvedRecord, contractOf, givenAmendment, givenStoredForm, storedObjects } from './contract-test-kit.ts';
import { extractPdfText } from './pdf-text.ts';

const NOW = new Date('2025-06-20T09:00:00.000Z');
const FIRST_EXECUTION = `${APPLICATION_ID}-r1`;
const AMENDMENT_EXECUTION = `${APPLICATION_ID}-a1`;

const pendingEvent = (assigned: Record<string, unknown>): DomainEvent =>
  Object.entries(assigned).find(([path]) => path.startsWith('pendingEvents.'))?.[1] as DomainEvent;

async function storedPdfText(): Promise<string> {
  const [stored] = storedObjects();
  return (await extractPdfText(stored!.Body as Uint8Array)).join(' ');
}

describe('generateContract', () => {
  it('stores version 1 under the contract key and commits CONTRACT_CREATED', async () => {
    // Prepare
    const record = approvedRecord();
    givenApplication(record);
    givenCommitsReturn(record);
    givenStoredForm();

    // Act
    const output = await generateContract({ applicationId: APPLICATION_ID, executionName: FIRST_EXECUTION, contractVersion: 1 }, NOW);

    // Assess
    const objectKey = contractObjectKey(APPLICANT_ID, APPLICATION_ID, 1);
    expect(output).toEqual({ contractVersion: 1, objectKey });
    const [stored] = storedObjects();
    expect(stored?.Key).toBe(objectKey);
    expect(stored?.ContentType).toBe('application/pdf');
    const assigned = assignedValues(commits()[0]);
    expect(assigned.contract).toEqual({
      currentVersion: 1,
      versions: [{ version: 1, objectKey, createdAt: NOW.toISOString(), amendmentId: undefined }],
      amendmentCount: 0,
    });
    expect(unusedPlaceholders(commits()[0])).toEqual([]);
  });

  it('puts ids, codes and the version in the event, never personal data', async () => {
    // Prepare
    const record = approvedRecord();
    givenApplication(record);
    givenCommitsReturn(record);
    givenStoredForm();

    // Act
    await generateContract({ applicationId: APPLICATION_ID, executionName: FIRST_EXECUTION, contractVersion: 1 }, NOW);

    // Assess
    const event = pendingEvent(assignedValues(commits()[0]));
    expect(event).toMatchObject({
      eventId: deriveEventId(FIRST_EXECUTION, 'GenerateContract', '1'),
      type: 'CONTRACT_CREATED',
      status: 'APPROVED',
      contractVersion: 1,
      actor: { kind: 'system', id: 'kontrakt' },
    });
    expect(JSON.stringify(event)).not.toMatch(/Петрова|012345|Водитель/u);
  });

  it('renders the contract with readable Cyrillic text', async () => {
    // Prepare
    const record = approvedRecord();
    givenApplication(record);
    givenCommitsReturn(record);
    givenStoredForm();

    // Act
    await generateContract({ applicationId: APPLICATION_ID, executionName: FIRST_EXECUTION, contractVersion: 1 }, NOW);

    // Assess
    const text = await storedPdfText();
    expect(text).toContain('Контракт о прохождении военной службы');
    expect(text).toContain(`№ К-2025-${APPLICATION_ID.slice(-8)}`);
    expect(text).toContain(`по заявлению № ${APPLICATION_ID}`);
    expect(text).toContain('Редакция 1');
    expect(text).toContain('20.06.2025');
    expect(text).toContain('Министерство обороны Российской Федерации в лице');
    expect(text).toContain('Петрова-Водкина Алёна Сергеевна, дата рождения 29.02.1996');
    expect(text).toContain('паспорт серии 45 06 № 012345, выдан ГУ МВД России по г. Москве 10.03.2016');
    expect(text).toContain('код подразделения 770-001');
    expect(text).toContain('Воинская должность: Водитель.');
    expect(text).toContain('с 01.09.2025 по 31.08.2026 включительно');
    expect(text).toContain('Петрова-Водкина А. С.');
  });

  it('applies the amendment under review to version 2 and keeps version 1', async () => {
    // Prepare
    const contract = contractOf(1, {
      amendmentCount: 1,
      pendingAmendment: { amendmentId: 'amendment-1', number: 1, executionName: AMENDMENT_EXECUTION, requestedAt: '2025-06-19T09:00:00.000Z' },
    });
    const record = approvedRecord({ contract });
    givenApplication(record);
    givenCommitsReturn(record);
    givenStoredForm();
    givenAmendment({
      applicationId: APPLICATION_ID,
      applicantId: APPLICANT_ID,
      amendmentId: 'amendment-1',
      terms: { contractEnd: '2027-08-31' },
      reason: 'Продление',
      requestedAt: '2025-06-19T09:00:00.000Z',
    });

    // Act
    const output = await generateContract({ applicationId: APPLICATION_ID, executionName: AMENDMENT_EXECUTION, contractVersion: 2 }, NOW);

    // Assess
    expect(output).toEqual({ contractVersion: 2, objectKey: contractObjectKey(APPLICANT_ID, APPLICATION_ID, 2) });
    const assigned = assignedValues(commits()[0]);
    expect(assigned['contract.currentVersion']).toBe(2);
    expect(assigned['contract.versions']).toEqual([
      contract.versions[0],
      { version: 2, objectKey: output.objectKey, createdAt: NOW.toISOString(), amendmentId: 'amendment-1' },
    ]);
    expect(pendingEvent(assigned)).toMatchObject({ contractVersion: 2, amendmentId: 'amendment-1' });
    const text = await storedPdfText();
    expect(text).toContain('Редакция 2');
    expect(text).toContain('с 01.09.2025 по 31.08.2027 включительно');
    expect(text).toContain('она заменяет редакцию 1');
    expect(unusedPlaceholders(commits()[0])).toEqual([]);
  });

  it('keeps the terms of earlier approved amendments', async () => {
    // Prepare
    const contract = contractOf(2, { amendmentCount: 2 });
    contract.versions[1]!.amendmentId = 'amendment-1';
    contract.pendingAmendment = { amendmentId: 'amendment-2', number: 2, executionName: `${APPLICATION_ID}-a2`, requestedAt: '2025-06-19T09:00:00.000Z' };
    const record = approvedRecord({ contract });
    givenApplication(record);
    givenCommitsReturn(record);
    givenStoredForm();
    const base = { applicationId: APPLICATION_ID, applicantId: APPLICANT_ID, reason: 'Причина', requestedAt: '2025-06-19T09:00:00.000Z' };
    givenAmendment({ ...base, amendmentId: 'amendment-1', terms: { contractEnd: '2027-08-31' } });
    givenAmendment({ ...base, amendmentId: 'amendment-2', terms: { position: 'Механик-водитель' } });

    // Act
    await generateContract({ applicationId: APPLICATION_ID, executionName: `${APPLICATION_ID}-a2`, contractVersion: 3 }, NOW);

    // Assess
    const text = await storedPdfText();
    expect(text).toContain('Воинская должность: Механик-водитель.');
    expect(text).toContain('по 31.08.2027 включительно');
  });

  it('returns a version already generated without rendering it again', async () => {
    // Prepare
    const record = approvedRecord({ contract: contractOf(1) });
    givenApplication(record);

    // Act
    const output = await generateContract({ applicationId: APPLICATION_ID, executionName: FIRST_EXECUTION, contractVersion: 1 }, NOW);

    // Assess
    expect(output).toEqual({ contractVersion: 1, objectKey: contractObjectKey(APPLICANT_ID, APPLICATION_ID, 1) });
    expect(storedObjects()).toEqual([]);
    expect(commits()).toEqual([]);
  });

  it('rejects a version that skips one', async () => {
    // Prepare
    givenApplication(approvedRecord({ contract: contractOf(1) }));

    // Act
    const generation = generateContract({ applicationId: APPLICATION_ID, executionName: FIRST_EXECUTION, contractVersion: 3 }, NOW);

    // Assess
    await expect(generation).rejects.toBeInstanceOf(ContractVersionConflictError);
    expect(storedObjects()).toEqual([]);
  });

  it('fails when the form is missing', async () => {
    // Prepare
    givenApplication(approvedRecord());

    // Act
    const generation = generateContract({ applicationId: APPLICATION_ID, executionName: FIRST_EXECUTION, contractVersion: 1 }, NOW);

    // Assess
    await expect(generation).rejects.toBeInstanceOf(ApplicationFormNotFoundError);
  });

  it('fails for an application that is not approved', async () => {
    // Prepare
    givenApplication(approvedRecord({ status: 'IN_REVIEW' }));
    givenStoredForm();

    // Act
    const generation = generateContract({ applicationId: APPLICATION_ID, executionName: FIRST_EXECUTION, contractVersion: 1 }, NOW);

    // Assess
    await expect(generation).rejects.toBeInstanceOf(ChangeRejectedError);
    expect(storedObjects()).toEqual([]);
  });
});
