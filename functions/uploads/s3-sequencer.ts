/**
 * S3 event sequencers order the events of one object key: a later PUT or POST of the key has a
 * greater sequencer. They are hexadecimal strings of varying length, so the Amazon S3 User Guide
 * ("Event message structure") recommends padding the shorter one with leading zeros and comparing them as
 * strings. Sequencers of different keys are not comparable.
 */

/**
 * Width that stored sequencers are padded to, so that DynamoDB's string comparison in a condition
 * expression orders them the same way as compareSequencers.
 * NOTE: The sequencers in S3's documented examples have 18 digits. One longer than 32 digits would
 * still compare correctly in compareSequencers, but not in DynamoDB against a stored value.
 */
const STORED_SEQUENCER_WIDTH = 32;

export const isSequencer = (value: string): boolean => /^[0-9A-Fa-f]+$/.test(value);

/** Upper-cases a sequencer and pads it with leading zeros to the stored width. */
export function normalizeSequencer(sequencer: string): string {
  return sequencer.toUpperCase().padStart(STORED_SEQUENCER_WIDTH, '0');
}

/** Returns a negative number, zero or a positive number as `left` is older than, the same as or newer than `right`. */
export function compareSequencers(left: string, right: string): number {
  const width = Math.max(left.length, right.length);
  const paddedLeft = left.toUpperCase().padStart(width, '0');
  const paddedRight = right.toUpperCase().padStart(width, '0');
  if (paddedLeft === paddedRight) return 0;
  return paddedLeft < paddedRight ? -1 : 1;
}
