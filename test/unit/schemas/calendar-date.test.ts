import { describe, expect, it } from 'vitest';
import {
  addDays,
  formatRussianDate,
  fullYearsBetween,
  isCalendarDate,
  moscowDate,
} from '../../../functions/api/schemas/calendar-date.ts';

describe('isCalendarDate', () => {
  it.each([
    ['2024-02-29', true],
    ['2000-02-29', true],
    ['2025-12-31', true],
    ['2023-02-29', false],
    ['1900-02-29', false],
    ['2025-04-31', false],
    ['2025-13-01', false],
    ['2025-00-10', false],
    ['2025-1-01', false],
    ['01.02.2025', false],
    ['2025-02-01T00:00:00Z', false],
    ['', false],
  ])('judges %s as %s', (text, expected) => {
    expect(isCalendarDate(text)).toBe(expected);
  });
});

describe('fullYearsBetween', () => {
  it.each([
    ['2007-06-15', '2025-06-15', 18],
    ['2007-06-16', '2025-06-15', 17],
    ['2007-06-14', '2025-06-15', 18],
    ['2004-02-29', '2022-02-28', 17],
    ['2004-02-29', '2022-03-01', 18],
    ['2004-02-29', '2024-02-29', 20],
  ])('counts from %s to %s as %i', (from, on, expected) => {
    expect(fullYearsBetween(from, on)).toBe(expected);
  });
});

describe('moscowDate', () => {
  it('uses the Moscow calendar day', () => {
    // Prepare
    const lateUtcEvening = new Date('2025-06-14T21:30:00Z');

    // Act
    const date = moscowDate(lateUtcEvening);

    // Assess
    expect(date).toBe('2025-06-15');
  });
});

describe('addDays', () => {
  it.each([
    ['2025-01-01', 90, '2025-04-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2025-12-31', 1, '2026-01-01'],
  ])('adds to %s %i days giving %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });
});

describe('formatRussianDate', () => {
  it('writes ДД.ММ.ГГГГ', () => {
    expect(formatRussianDate('2025-03-07')).toBe('07.03.2025');
  });
});
