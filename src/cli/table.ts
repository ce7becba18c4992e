// Plain-text tables for the terminal: columns padded to their widest cell, numbers right-aligned.

export interface TableColumn {
  readonly header: string;
  readonly align?: 'left' | 'right';
}

export function renderTable(columns: readonly TableColumn[], rows: readonly (readonly string[])[]): string {
  const widths = columns.map((c, i) => Math.max(c.header.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => (columns[i]!.align === 'right' ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header)), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** A number shown briefly: integers as they are, others to 4 significant digits. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return value.toLocaleString('en-US');
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e7)) return value.toExponential(3);
  return Number(value.toPrecision(4)).toString();
}

export function formatShare(share: number): string {
  return `${(100 * share).toFixed(share > 0 && share < 0.001 ? 2 : 1)}%`;
}
