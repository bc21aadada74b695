/** The leaderboard's per-detector table as terminal text (pure). */
import type { Leaderboard } from './leaderboard';

/** One line per detector: series count and the mean (median) of each headline metric. */
export function summaryText(board: Leaderboard): string {
  const cols = ['detector', 'series', ...board.metrics];
  const rows = board.summary.map((r) => [String(r.detector), String(r.series), ...board.metrics.map((m) => cell(r[`${m}.mean`], r[`${m}.median`]))]);
  const width = cols.map((c, j) => Math.max(c.length, ...rows.map((r) => r[j].length)));
  const line = (cells: string[]) => cells.map((c, j) => (j < 1 ? c.padEnd(width[j]) : c.padStart(width[j]))).join('  ');
  return ['leaderboard (test split; mean (median) over series):', line(cols), ...rows.map(line)].join('\n');
}

function cell(mean: unknown, median: unknown): string {
  if (typeof mean !== 'number') return '–';
  const f = (v: number) => (Math.abs(v) < 10 ? v.toFixed(3) : v.toFixed(0));
  return `${f(mean)} (${typeof median === 'number' ? f(median) : '–'})`;
}
