import { describe, expect, it } from 'vitest';
import { compareSequencers, normalizeSequencer } from '../../../functions/uploads/s3-sequencer.ts';

describe('compareSequencers', () => {
  it.each([
    ['0055AED6DCD90281E5', '0055AED6DCD90281E6', -1],
    ['0055AED6DCD90281E6', '0055AED6DCD90281E5', 1],
    ['0055AED6DCD90281E5', '0055AED6DCD90281E5', 0],
    // The shorter one is padded with leading zeros, so length alone does not decide.
    ['55AED6DCD90281E5', '0055AED6DCD90281E5', 0],
    ['FF', '0100', -1],
    ['0100', 'FF', 1],
    ['00ab', '00AA', 1],
  ])('compares %s with %s as %i', (left, right, expected) => {
    expect(Math.sign(compareSequencers(left, right))).toBe(expected);
  });
});

describe('normalizeSequencer', () => {
  it('pads to 32 upper-case digits', () => {
    expect(normalizeSequencer('0055aed6dcd90281e5')).toBe('000000000000000055AED6DCD90281E5');
  });

  it('keeps the order of sequencers of different lengths as plain string comparison', () => {
    const shorter = normalizeSequencer('FF');
    const longer = normalizeSequencer('0100');

    expect(shorter < longer).toBe(true);
  });
});
