/**
 * The suite's leaderboard from its jobs' metrics records (pure): one row per (series, detector) with
 * the headline test metrics (mean over seeds), the seeded random control per series beside them, and
 * per detector the mean and median over series. Each job counts once: entries are keyed by job key.
 */
import type { MetricsRecord } from '../eval';

/** What one finished job contributes. */
export interface LeaderboardEntry {
  key: string;
  series: string;
  detector: string;
  seed: number;
  metrics: MetricsRecord;
}

/** Headline metrics: threshold-free ranking, VUS, range F1 at the validation threshold, events under the first budget. */
export function headlineMetrics(budget: number): string[] {
  return ['vus_pr', 'average_precision', 'roc_auc', 'range_f1@val_best_f1', `event_recall@budget${budget}`, `ttd_median_steps@budget${budget}`];
}

/** Headline metrics of a NIDS suite (multi-class classification on the test split): macro-F1 ranks. */
export const NIDS_HEADLINE = ['macro_f1', 'weighted_f1', 'accuracy', 'macro_recall', 'binary_f1'] as const;

/** Metrics where lower is better (time to detect). */
export const LOWER_IS_BETTER = /^ttd_/;

/** The name of the seeded chance control's rows (from `random.test.*` of the other detectors' jobs). */
export const CONTROL = 'random (control)';

export type Row = Record<string, string | number | null>;

export interface Leaderboard {
  metrics: string[];
  /** Per series and detector, control rows included; metric values are means over seeds. */
  series: Row[];
  /** Per detector: `series` (count), `<metric>.mean`, `<metric>.median`; best mean VUS-PR first, the control last. */
  summary: Row[];
}

/** Build the leaderboard; `detectors` gives the row order within a series. */
export function buildLeaderboard(entries: readonly LeaderboardEntry[], metrics: readonly string[], detectors: readonly string[]): Leaderboard {
  const unique = new Map(entries.map((e) => [e.key, e]));
  const groups = new Map<string, { series: string; detector: string; records: MetricsRecord[] }>();
  const add = (series: string, detector: string, rec: MetricsRecord) => {
    const id = `${series}\u0000${detector}`;
    if (!groups.has(id)) groups.set(id, { series, detector, records: [] });
    groups.get(id)!.records.push(rec);
  };
  const controls = new Map<string, Map<number, MetricsRecord>>();
  for (const e of unique.values()) {
    add(e.series, e.detector, pick(e.metrics, `${e.detector}.test.`, metrics));
    const control = pick(e.metrics, 'random.test.', metrics);
    if (e.detector !== 'random' && Object.keys(control).length) {
      if (!controls.has(e.series)) controls.set(e.series, new Map());
      if (!controls.get(e.series)!.has(e.seed)) controls.get(e.series)!.set(e.seed, control); // the same draw in every job of a (series, seed)
    }
  }
  for (const [series, bySeed] of controls) for (const rec of bySeed.values()) add(series, CONTROL, rec);
  const order = [...detectors, CONTROL];
  const seriesIds = [...new Set([...groups.values()].map((g) => g.series))].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const rows: Row[] = [];
  for (const s of seriesIds) {
    const here = [...groups.values()].filter((g) => g.series === s).sort((a, b) => rank(order, a.detector) - rank(order, b.detector));
    for (const g of here) rows.push({ series: s, detector: g.detector, seeds: g.records.length, ...Object.fromEntries(metrics.map((m) => [m, mean(g.records.map((r) => r[m]))])) });
  }
  return { metrics: [...metrics], series: rows, summary: summarise(rows, metrics, order) };
}

function summarise(rows: Row[], metrics: readonly string[], order: string[]): Row[] {
  const dets = [...new Set(rows.map((r) => r.detector as string))];
  const out = dets.map((d) => {
    const mine = rows.filter((r) => r.detector === d);
    const row: Row = { detector: d, series: mine.length };
    for (const m of metrics) {
      const v = mine.map((r) => r[m]).filter((x): x is number => typeof x === 'number');
      row[`${m}.mean`] = v.length ? mean(v) : null;
      row[`${m}.median`] = v.length ? median(v) : null;
    }
    return row;
  });
  const key = `${metrics[0]}.mean`;
  return out.sort((a, b) => Number(a.detector === CONTROL) - Number(b.detector === CONTROL) || ((b[key] as number) ?? -Infinity) - ((a[key] as number) ?? -Infinity) || rank(order, a.detector as string) - rank(order, b.detector as string));
}

/** The headline metrics of one detector from a flat record (`<prefix><metric>`). */
function pick(rec: MetricsRecord, prefix: string, metrics: readonly string[]): MetricsRecord {
  const out: MetricsRecord = {};
  for (const m of metrics) if (typeof rec[prefix + m] === 'number') out[m] = rec[prefix + m];
  return out;
}

function rank(order: string[], d: string): number {
  const i = order.indexOf(d);
  return i < 0 ? order.length : i;
}

/** Mean of the finite values; null when there is none. */
export function mean(values: readonly (number | string | null | undefined)[]): number | null {
  const v = values.filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
  return v.length ? v.reduce((a, b) => a + b, 0) / v.length : null;
}

/** Median of the values (mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

/** Rows as CSV (columns: the union of the rows' keys in first-seen order); numbers at full precision. */
export function toCsv(rows: readonly Row[]): string {
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: string | number | null | undefined) => {
    if (v === null || v === undefined) return '';
    const s = String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [cols.join(','), ...rows.map((r) => cols.map((c) => cell(r[c])).join(','))].join('\n') + '\n';
}
