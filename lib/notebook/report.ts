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
