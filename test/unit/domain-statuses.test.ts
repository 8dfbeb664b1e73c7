import { describe, expect, it } from 'vitest';
import { APPLICATION_STATUS_TITLES } from '../../functions/domain/statuses.ts';

describe('APPLICATION_STATUS_TITLES', () => {
  it('names every status in Russian as the portal shows it', () => {
    expect(APPLICATION_STATUS_TITLES).toEqual({
      RECEIVED: 'Получено',
      IN_REVIEW: 'На проверке',
      APPROVED: 'Одобрено',
      REJECTED: 'Отклонено',
      CANCELLED: 'Отменён',
    });
  });
});
