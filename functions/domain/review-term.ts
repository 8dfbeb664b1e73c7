import { addDays } from '../api/schemas/calendar-date.ts';

/** The review term: this many working days after the day of submission. */
export const REVIEW_TERM_WORKING_DAYS = 10;

/**
 * Whether public holidays are excluded from working days besides weekends.
 * NOTE: they are not, and the term counts Monday to Friday only. A term that spans Russian
 * public holidays (New Year holidays, 23 February, 8 March, 1 and 9 May, 12 June, 4 November)
 * ends that many working days earlier than the legal term. Holidays and moved working days are
 * set by a government decree each year, which this service does not load.
 */
export const PUBLIC_HOLIDAYS_EXCLUDED = false;

/** Tells whether a calendar date (YYYY-MM-DD) is a Saturday or Sunday. */
function isWeekend(date: string): boolean {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 || day === 6;
}

/** Returns the date `days` working days after `date` (YYYY-MM-DD); the start date itself does not count. */
export function addWorkingDays(date: string, days: number): string {
  let current = date;
  let remaining = days;
  while (remaining > 0) {
    current = addDays(current, 1);
    if (!isWeekend(current)) remaining--;
  }
  return current;
}

/** Returns the last day of the review term of an application submitted on `submittedOn` (Moscow date). */
export const reviewDeadline = (submittedOn: string): string => addWorkingDays(submittedOn, REVIEW_TERM_WORKING_DAYS);

/** Tells whether the term has passed: `today` (Moscow date) is after the deadline. */
export const isReviewOverdue = (deadline: string, today: string): boolean => today > deadline;
