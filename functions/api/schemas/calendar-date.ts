import { type FieldRule, REQUIRED_RULE, trimmedString, withRules } from './field-rules.ts';

/**
 * Calendar dates as `YYYY-MM-DD` strings. The service counts days, ages and document validity by
 * the Europe/Moscow calendar, one time zone for every applicant wherever they live.
 */

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MILLISECONDS_PER_DAY = 86_400_000;

/** Tells whether the text is an existing date in `YYYY-MM-DD` form (29 February only in leap years). */
export function isCalendarDate(text: string): boolean {
  const match = DATE_PATTERN.exec(text);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 1 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const moscowDateFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Moscow',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Returns the Moscow calendar date of an instant, as `YYYY-MM-DD`. */
export function moscowDate(instant: Date = new Date()): string {
  return moscowDateFormat.format(instant);
}

/**
 * Counts the full years from `from` to `on`. A birthday of 29 February counts as reached on
 * 1 March in a year without 29 February.
 */
export function fullYearsBetween(from: string, on: string): number {
  const years = Number(on.slice(0, 4)) - Number(from.slice(0, 4));
  return on.slice(5) < from.slice(5) ? years - 1 : years;
}

function toEpochDay(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / MILLISECONDS_PER_DAY;
}

export function addDays(date: string, days: number): string {
  return new Date((toEpochDay(date) + days) * MILLISECONDS_PER_DAY).toISOString().slice(0, 10);
}

/**
 * Shifts a `YYYY-MM-DD` date by whole years for comparisons. 29 February stays 29 February, which
 * is not a date in a common year but still sorts between 28 February and 1 March as text.
 */
export function addYears(date: string, years: number): string {
  return `${String(Number(date.slice(0, 4)) + years).padStart(4, '0')}${date.slice(4)}`;
}

/** Formats `YYYY-MM-DD` the Russian way, `ДД.ММ.ГГГГ`. */
export function formatRussianDate(date: string): string {
  return `${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)}`;
}

export const CALENDAR_DATE_RULE: FieldRule<string> = {
  code: 'INVALID_DATE',
  message: 'Укажите существующую дату в формате ГГГГ-ММ-ДД',
  test: isCalendarDate,
};

export const NOT_IN_FUTURE_RULE: FieldRule<string> = {
  code: 'DATE_IN_FUTURE',
  message: 'Дата не может быть позже сегодняшнего дня',
  test: (date) => date <= moscowDate(),
};

/** A `YYYY-MM-DD` date field; further rules run only on an existing date. */
export const calendarDate = (...rules: FieldRule<string>[]) => withRules(trimmedString(), [REQUIRED_RULE, CALENDAR_DATE_RULE, ...rules]);
