import { describe, expect, it } from 'vitest';
import { createSequencer, encodeEventKey } from '../../../local/s3/object-created-records.ts';

describe('encodeEventKey', () => {
  it.each([
    { key: 'applications/app-1/passport', encoded: 'applications/app-1/passport' },
    { key: 'red flower.jpg', encoded: 'red+flower.jpg' },
    { key: 'a+b.pdf', encoded: 'a%2Bb.pdf' },
    { key: 'dt=2026-01-01/part', encoded: 'dt%3D2026-01-01/part' },
    { key: 'паспорт.pdf', encoded: '%D0%BF%D0%B0%D1%81%D0%BF%D0%BE%D1%80%D1%82.pdf' },
  ])('encodes $key as $encoded', ({ key, encoded }) => {
    const result = encodeEventKey(key);

    expect(result).toBe(encoded);
  });

  it('round-trips through the usual consumer decoding', () => {
    const key = 'applications/заявление 1/скан+копия (2)%.pdf';

    const decoded = decodeURIComponent(encodeEventKey(key).replace(/\+/g, ' '));

    expect(decoded).toBe(key);
  });
});

describe('createSequencer', () => {
  it('returns fixed-width hex strings that increase with every call', () => {
    const nextSequencer = createSequencer();

    const values = Array.from({ length: 1000 }, () => nextSequencer());

    expect(values.every((value) => /^[0-9A-F]{18}$/.test(value))).toBe(true);
    for (let index = 1; index < values.length; index += 1) expect(values[index]! > values[index - 1]!).toBe(true);
  });

  it('continues above the values of an earlier generator', () => {
    const earlier = createSequencer()();

    const later = createSequencer()();

    expect(later >= earlier).toBe(true);
  });
});
