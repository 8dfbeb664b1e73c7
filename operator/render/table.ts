import Table from 'cli-table3';

/**
 * Renders rows as a box-drawn table. cli-table3's own colours are switched off, so cells carry
 * colour only when the caller painted them. Long cells wrap at the given column widths.
 */
export function renderTable(head: string[], rows: string[][], colWidths?: Array<number | null>): string {
  const table = new Table({
    head,
    style: { head: [], border: [] },
    wordWrap: true,
    wrapOnWordBoundary: true,
    ...(colWidths === undefined ? {} : { colWidths }),
  });
  table.push(...rows);
  return table.toString();
}
