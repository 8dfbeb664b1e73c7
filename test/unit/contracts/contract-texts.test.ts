import { describe, expect, it } from 'vitest';
import { contractNumber } from '../../../functions/contracts/contract-number.ts';
import type { DomainEvent } from '../../../functions/domain/events.ts';
import { describeEvent } from '../../../functions/domain/journal-texts.ts';
import { APPLICATION_ID, domainEvent } from '../api/api-test-kit.ts';

describe('contractNumber', () => {
  it('joins the year and the last 8 characters of the application id', () => {
    expect(contractNumber(APPLICATION_ID, '2025-06-01T07:00:00.000Z')).toBe('К-2025-W9HBCDEA');
  });

  it('takes the year of the Moscow calendar', () => {
    // 31 December 21:30 UTC is already 1 January in Moscow.
    expect(contractNumber(APPLICATION_ID, '2025-12-31T21:30:00.000Z')).toBe('К-2026-W9HBCDEA');
  });
});

describe('describeEvent for contract events', () => {
  it.each<[string, Partial<DomainEvent>, string]>([
    ['first version', { type: 'CONTRACT_CREATED', contractVersion: 1 }, 'Контракт сформирован, версия 1'],
    ['version without a number', { type: 'CONTRACT_CREATED' }, 'Контракт сформирован'],
    ['amendment request', { type: 'AMENDMENT_REQUESTED', amendmentId: 'amendment-1' }, 'Запрошено изменение условий контракта'],
    ['approved amendment', { type: 'AMENDMENT_APPROVED' }, 'Изменение условий контракта одобрено'],
    [
      'rejected amendment with a reason',
      { type: 'AMENDMENT_REJECTED', reasonCode: 'OPERATOR_REJECTED' },
      'Изменение условий контракта отклонено: Отклонено оператором',
    ],
    ['cancellation', { type: 'CONTRACT_CANCELLED', status: 'CANCELLED' }, 'Контракт отменён по заявлению гражданина'],
  ])('describes the %s', (_case, overrides, expected) => {
    expect(describeEvent(domainEvent(overrides))).toBe(expected);
  });
});
