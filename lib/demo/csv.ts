/** Pure CSV formatting (RFC 4180): quote fields holding commas, quotes, CR or LF; double inner quotes. */

export type Cell = string | number;

const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV field. Numbers: non-finite as `Infinity`/`-Infinity`/`NaN` (CICFlowMeter style). */
export function csvField(v: Cell): string {
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : String(v);
  return NEEDS_QUOTES.test(v) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v;
}

/** One CSV line (no terminator). */
export function csvLine(cells: readonly Cell[]): string {
  let s = '';
  for (let i = 0; i < cells.length; i++) s += (i ? ',' : '') + csvField(cells[i]);
  return s;
}

/** Header plus rows, `\n`-terminated lines. */
export function formatCsv(header: readonly string[], rows: Iterable<readonly Cell[]>): string {
  const parts = [csvLine(header)];
  for (const r of rows) {
    if (r.length !== header.length) throw new Error(`csv row has ${r.length} fields, header has ${header.length}`);
    parts.push(csvLine(r));
  }
  return parts.join('\n') + '\n';
}
