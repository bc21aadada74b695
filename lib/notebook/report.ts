import type { CompareRow, Comparison } from './baseline';
import type { NotebookResult } from './execute';

// Text for the notebook runner's console output (pure).

/** Several lines naming the notebook, the failing cell (1-based among all cells), its first line and the error. */
export function formatFailure(r: NotebookResult): string {
  const f = r.failure;
  if (!f) return '';
  const head = `${r.status.toUpperCase()}: ${r.path}`;
  if (f.cellNumber === null) return `${head}\n  kernel did not start: ${f.message}`;
  return [
    head,
    `  cell ${f.cellNumber} (counting all cells from 1; code cell ${f.codeCellNumber}): ${f.firstLine || '(empty)'}`,
    ...f.message.split('\n').map((l, i) => (i === 0 ? `  ${l}` : `    ${l}`)),
    `  executed copy: ${r.outPath}`,
  ].join('\n');
}

/** A plain-text table: notebook, cells (executed/code cells), seconds, status. */
export function formatSummary(results: NotebookResult[]): string {
  const rows = results.map((r) => [r.path, `${r.executedCells}/${r.codeCells}`, r.seconds.toFixed(1), r.status]);
  const header = ['notebook', 'cells', 'seconds', 'status'];
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((row) => row[j].length)));
  const line = (row: string[]) => row.map((c, j) => (j === 1 || j === 2 ? c.padStart(widths[j]) : c.padEnd(widths[j]))).join('  ').trimEnd();
  const failed = results.filter((r) => r.status !== 'ok').length;
  const total = `${results.length} notebook(s): ${results.length - failed} ok, ${failed} not ok`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), '', total].join('\n');
}

/** A value for a table: `—` when absent, `null`, else up to 6 significant digits. */
export function formatValue(v: number | null | undefined): string {
  if (v === undefined) return '—';
  if (v === null) return 'null';
  return Number.isInteger(v) ? String(v) : String(+v.toPrecision(6));
}

/** `+0.05 (+5.6%)`: the absolute change, and relative to the baseline when that is not 0. */
export function formatChange(r: Pick<CompareRow, 'baseline' | 'change'>): string {
  if (r.change === null) return '';
  if (r.change === 0) return '0';
  const abs = `${r.change >= 0 ? '+' : ''}${formatValue(r.change)}`;
  const b = r.baseline;
  return typeof b === 'number' && b !== 0 ? `${abs} (${r.change >= 0 ? '+' : ''}${+((100 * r.change) / Math.abs(b)).toPrecision(3)}%)` : abs;
}

const STATUS_ORDER = { fail: 0, missing: 1, warn: 2, new: 3, ok: 4 } as const;

/** A plain-text table of compared values: notebook, key, baseline, now, change, tolerance, status. */
export function formatCompareTable(rows: CompareRow[]): string {
  const sorted = [...rows].sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || a.notebook.localeCompare(b.notebook) || a.key.localeCompare(b.key));
  const body = sorted.map((r) => [r.notebook, r.key, formatValue(r.baseline), formatValue(r.now), formatChange(r), r.tolerance, statusLabel(r)]);
  const header = ['notebook', 'key', 'baseline', 'now', 'change', 'tolerance', 'status'];
  const widths = header.map((h, j) => Math.max(h.length, ...body.map((row) => row[j].length)));
  const numeric = new Set([2, 3, 4]);
  const line = (row: string[]) => row.map((c, j) => (numeric.has(j) ? c.padStart(widths[j]) : c.padEnd(widths[j]))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

function statusLabel(r: CompareRow): string {
  if (r.status === 'missing') return r.severity === 'fail' ? 'MISSING (fails)' : 'missing (warns)';
  return { fail: 'FAIL', warn: 'warn', new: 'new (warns)', ok: 'ok' }[r.status];
}

/** The `--check` report: the rows that are not ok, notes, and a tally. */
export function formatCheck(c: Comparison, baselineFile: string): string {
  const shown = c.rows.filter((r) => r.status !== 'ok');
  const n = (s: CompareRow['status']) => c.rows.filter((r) => r.status === s).length;
  const fails = c.rows.filter((r) => r.severity === 'fail').length;
  const out = [`check against ${baselineFile}:`];
  if (shown.length) out.push(formatCompareTable(shown));
  out.push(...c.notes.map((x) => `  note: ${x}`));
  out.push(
    `${c.rows.length} value(s) compared: ${n('ok')} within tolerance, ${n('fail')} out of tolerance, ${n('missing')} missing, ${n('new')} new, ${n('warn')} warning(s)` +
      ` → ${c.failed ? `FAILED (${fails} value(s) out of tolerance or missing)` : 'passed'}`,
  );
  return out.join('\n');
}

/** The `--update-baseline` report: what changed (values that moved; timings only as a count unless beyond tolerance). */
export function formatUpdate(c: Comparison, baselineFile: string): string {
  const moved = c.rows.filter((r) => r.status !== 'ok' || (!r.warnOnly && r.baseline !== r.now));
  const timings = c.rows.filter((r) => r.status === 'ok' && r.warnOnly && r.baseline !== r.now).length;
  const out = [`updated ${baselineFile}:`];
  if (moved.length) out.push(formatCompareTable(moved));
  else out.push('  no tracked value changed (timings aside)');
  out.push(...c.notes.map((x) => `  ${x}`));
  if (timings) out.push(`  ${timings} timing(s) within their loose tolerance updated too`);
  return out.join('\n');
}
