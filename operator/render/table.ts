import Table from 'cli-table3';

/**
 * Renders rows as a box-drawn table. cli-table3's own colours are switched off, so cells carry
 * colour only when the caller painted them. Long cells wrap at the given column widths.
 */
/**
 * Replaces control characters (C0 except line feed and tab, DEL and C1) with U+FFFD, so text that
 * an applicant or operator typed, such as a note, cannot move the cursor or recolour the terminal.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '\ufffd');
}

export function renderTable(head: string[], rows: string[][], colWidths?: Array<number | null>): string {
  const table = new Table({
    head,
    style: { head: [], border: [] },
    wordWrap: true,
    wrapOnWordBoundary: true,
    ...(colWidths === undefined ? {} : { colWidths }),
  });
  table.push(...rows.map((row) => row.map(printable)));
  return table.toString();
}
