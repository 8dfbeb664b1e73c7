import { describe, expect, it } from 'vitest';
import { PUBLIC_HOLIDAYS_EXCLUDED, addWorkingDays, isReviewOverdue, reviewDeadline } from '../../../functions/domain/review-term.ts';

describe('review term', () => {
  it.each([
    ['Monday', '2025-03-03', '2025-03-17'],
    ['Friday', '2025-03-07', '2025-03-21'],
    ['Saturday', '2025-03-08', '2025-03-21'],
    ['Sunday', '2025-03-09', '2025-03-21'],
  ])('ends 10 working days after %s', (_day, submittedOn, deadline) => {
    expect(reviewDeadline(submittedOn)).toBe(deadline);
  });

  it('skips weekends when adding days', () => {
    expect(addWorkingDays('2025-03-07', 1)).toBe('2025-03-10');
  });

  it('counts public holidays as working days', () => {
    // 2025-05-01 (Thursday) and 2025-05-02 are public holidays in Russia, yet count here.
    expect(PUBLIC_HOLIDAYS_EXCLUDED).toBe(false);
    expect(addWorkingDays('2025-04-30', 2)).toBe('2025-05-02');
  });

  it('is overdue only after deadline day', () => {
    expect(isReviewOverdue('2025-03-17', '2025-03-17')).toBe(false);
    expect(isReviewOverdue('2025-03-17', '2025-03-18')).toBe(true);
  });
});
