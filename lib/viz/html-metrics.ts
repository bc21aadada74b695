/** A table row: column name → cell (numbers are formatted by the report, null shows as "–"). */
export type TableRow = Record<string, string | number | null>;

export interface HeadlineOptions {
  /** Split whose metrics are shown (keys `<detector>.<split>.<metric>`). Default 'test'. */
  split?: string;
  /** Metric names in column order; one containing '@' is a prefix (`f1@val_q` matches `f1@val_q0.99`). */
  metrics?: string[];
  /** Detector shown last as the chance control. Default 'random'. */
  control?: string;
}

/** Headline columns: threshold-free ranking, VUS, then F1 / event F1 at validation thresholds and under budgets. */
export const HEADLINE_METRICS = ['roc_auc', 'average_precision', 'vus_pr', 'f1@val_q', 'event_f1@val_q', 'event_f1@budget'];

/**
 * Rows of headline metrics per detector from a flat record keyed `<detector>.<split>.<metric>`
 * (lib/eval prefixRecord). A metric given with a parameter prefix (`f1@val_q`) expands to each
 * parameter present (`f1@val_q0.99`). The control detector comes last; when there is none but records
 * carry the seeded random control (`<detector>.<split>.random.<metric>`), it is added as "random (control)".
 */
export function headlineMetrics(metrics: Record<string, number>, opts: HeadlineOptions = {}): TableRow[] {
  const split = opts.split ?? 'test';
  const control = opts.control ?? 'random';
  const byDetector = new Map<string, Record<string, number>>();
  let embeddedControl: Record<string, number> | null = null;
  let controlOwner: string | null = null;
  for (const [key, value] of Object.entries(metrics)) {
    const at = key.indexOf(`.${split}.`);
    if (at <= 0 || typeof value !== 'number') continue;
    const det = key.slice(0, at);
    const metric = key.slice(at + split.length + 2);
    if (metric.startsWith(`${control}.`)) {
      // The same seeded control is stored under every detector; keep the first detector's copy.
      controlOwner ??= det;
      if (det === controlOwner) (embeddedControl ??= {})[metric.slice(control.length + 1)] = value;
      continue;
    }
    if (!byDetector.has(det)) byDetector.set(det, {});
    byDetector.get(det)![metric] = value;
  }
  const detectors = [...byDetector.keys()].sort((a, b) => Number(a === control) - Number(b === control));
  const rows: [string, Record<string, number>][] = detectors.map((d) => [d, byDetector.get(d)!]);
  if (!byDetector.has(control) && embeddedControl) rows.push([`${control} (control)`, embeddedControl]);
  const columns = expandColumns(opts.metrics ?? HEADLINE_METRICS, rows.map(([, r]) => r));
  // Groups without any headline metric (e.g. `counts.test.windows`) are bookkeeping, not detectors.
  return rows
    .filter(([, r]) => columns.some((c) => c in r))
    .map(([name, r]) => ({ detector: name, ...Object.fromEntries(columns.map((c) => [c, r[c] ?? null])) }));
}

function expandColumns(patterns: string[], records: Record<string, number>[]): string[] {
  const present = new Set(records.flatMap((r) => Object.keys(r)));
  const out: string[] = [];
  for (const p of patterns) {
    const matches = p.includes('@') ? [...present].filter((k) => k.startsWith(p)).sort() : present.has(p) ? [p] : [];
    for (const k of matches) if (!out.includes(k)) out.push(k);
  }
  return out;
}
