import { describe, expect, it } from 'vitest';
import { printable, renderTable } from '../../../operator/render/table.ts';

describe('printable', () => {
  it('replaces terminal escape sequences', () => {
    const text = printable('\u001b[31mКРАСНЫЙ\u001b[0m');

    expect(text).not.toContain('\u001b');
    expect(text).toContain('КРАСНЫЙ');
  });

  it('keeps line feeds, tabs and Cyrillic', () => {
    expect(printable('Строка 1\n\tСтрока 2')).toBe('Строка 1\n\tСтрока 2');
  });

  it('replaces C1 controls and DEL', () => {
    expect(printable('a\u009bb\u007fc')).toBe('a\ufffdb\ufffdc');
  });
});

describe('renderTable', () => {
  it('prints cells without control characters', () => {
    const table = renderTable(['Причина'], [['\u001b[2JСтерто']]);

    expect(table).not.toContain('\u001b[2J');
    expect(table).toContain('Стерто');
  });
});
