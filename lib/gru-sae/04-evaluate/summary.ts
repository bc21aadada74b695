/** The few headline numbers of stage 4 per detector, as rows and as a fixed-width text table. */
import type { MetricsRecord } from '../../eval';

export interface SummaryRow {
  detector: string;
  /** Metric name → value (null when the record has none, e.g. val_best_f1 without labelled validation). */
  values: Record<string, number | null>;
}

/** Metric names shown in the summary for a validation quantile q and the first alert budget. */
export function summaryMetrics(q: number, budget: number | undefined): string[] {
  return ['roc_auc', 'average_precision', 'vus_pr', `f1@val_q${q}`, 'f1@val_best_f1', ...(budget === undefined ? [] : [`event_f1@budget${budget}`])];
}

/** One row per detector from the flat record (`<detector>.test.<metric>`). */
export function summaryRows(record: MetricsRecord, detectors: string[], metrics: string[]): SummaryRow[] {
  return detectors.map((detector) => ({
    detector,
    values: Object.fromEntries(metrics.map((m) => [m, record[`${detector}.test.${m}`] ?? null])),
  }));
}

/** Fixed-width table of summary rows (values to 3 decimals, "—" when absent). */
export function formatSummary(rows: SummaryRow[]): string {
  if (!rows.length) return '';
  const metrics = Object.keys(rows[0].values);
  const header = ['detector', ...metrics];
  const body = rows.map((r) => [r.detector, ...metrics.map((m) => (r.values[m] === null ? '—' : (r.values[m] as number).toFixed(3)))]);
  const widths = header.map((h, j) => Math.max(h.length, ...body.map((b) => b[j].length)));
  const line = (cells: string[]) => cells.map((c, j) => (j === 0 ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join('  ');
  return [line(header), ...body.map(line)].join('\n');
}
