import { describe, expect, it } from 'vitest';
import { createPaint, shouldUseColor } from '../../../operator/render/render-options.ts';
import { formatAge } from '../../../operator/render/time-format.ts';

describe('shouldUseColor', () => {
  it('colours a terminal', () => {
    expect(shouldUseColor({ isTTY: true }, {})).toBe(true);
  });

  it('keeps redirected output plain', () => {
    expect(shouldUseColor({ isTTY: false }, {})).toBe(false);
  });

  it('keeps a terminal plain when NO_COLOR is set', () => {
    expect(shouldUseColor({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
  });
});

describe('createPaint', () => {
  it('adds ANSI codes only when colour is on', () => {
    expect(createPaint(true)('red', 'Отклонено')).toBe('\u001b[31mОтклонено\u001b[39m');
    expect(createPaint(false)('red', 'Отклонено')).toBe('Отклонено');
  });
});

describe('formatAge', () => {
  const now = new Date('2025-03-04T12:30:00.000Z');

  it.each([
    ['2025-03-04T12:29:30.000Z', 'меньше минуты'],
    ['2025-03-04T12:05:00.000Z', '25 мин'],
    ['2025-03-04T09:20:00.000Z', '3 ч 10 мин'],
    ['2025-03-02T07:00:00.000Z', '2 д 5 ч'],
  ])('formats the time since %s as %s', (since, expected) => {
    expect(formatAge(since, now)).toBe(expected);
  });
});
