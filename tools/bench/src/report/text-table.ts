/** A boxed text table for the terminal; the first column is left-aligned, the others right-aligned. */
export function renderTable(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = head.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (left: string, middle: string, right: string): string => `${left}${widths.map((width) => '─'.repeat(width + 2)).join(middle)}${right}`;
  const cells = (row: readonly string[]): string =>
    `│${widths.map((width, column) => ` ${column === 0 ? (row[column] ?? '').padEnd(width) : (row[column] ?? '').padStart(width)} `).join('│')}│`;
  return [line('┌', '┬', '┐'), cells(head), line('├', '┼', '┤'), ...rows.map(cells), line('└', '┴', '┘')].join('\n');
}

/** A number for people: thousands separators, at most `digits` decimals; "-" for null. */
export function formatNumber(value: number | null, digits = 1): string {
  if (value === null || !Number.isFinite(value)) return '-';
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}
