/**
 * L1 evaluation on test windows (stride 1, in order): the first `validation_fraction` of windows is the
 * validation prefix (thresholds and fine-tuning may use its labels), the rest the final split (reported).
 * Pure: errors and labels in, numbers out.
 */
import { attackRatio, eventMetrics, metricsRecord, trimmedAttackRatio, type EventMetrics, type MetricsRecord } from '../eval';
import type { L1Config } from './config';

export interface WindowSplit {
  /** Windows [0, valEnd) are the validation prefix, [valEnd, n) the final split. */
  valEnd: number;
  n: number;
}

export function splitWindows(n: number, validationFraction: number): WindowSplit {
  const valEnd = Math.floor(n * validationFraction);
  if (valEnd < 1 || n - valEnd < 1) throw new Error(`the test series gives ${n} windows; too few for a validation prefix (${validationFraction}) and a final split`);
  return { valEnd, n };
}

/** The final split needs both normal and attack windows (window-end labels) to be evaluated; checked before training. */
export function checkFinalLabels(end: Uint8Array, split: WindowSplit): void {
  const finalLabels = end.subarray(split.valEnd);
  if (!finalLabels.some((v) => v === 1) || finalLabels.every((v) => v === 1)) {
    throw new Error(`the final split (test windows ${split.valEnd}–${split.n}) holds only one class of window-end labels; check the test labels or change eval.validation_fraction`);
  }
}

/** Attack/normal error ratios of one split; null where a class is absent. */
export interface AttackRatios {
  ar: number | null;
  ar_any: number | null;
  ar_trimmed: number | null;
}

export function attackRatios(errors: Float64Array, end: Uint8Array, any: Uint8Array, trim: number): AttackRatios {
  const safe = (f: () => number) => {
    try {
      return f();
    } catch {
      return null; // one class absent: the ratio is undefined
    }
  };
  return { ar: safe(() => attackRatio(errors, end)), ar_any: safe(() => attackRatio(errors, any)), ar_trimmed: safe(() => trimmedAttackRatio(errors, end, trim)) };
}

/** Event metrics (window-end labels) of one split for each budget, as `{ "0.04": {...} }`; absent when the split has no attack. */
export function budgetEvents(errors: Float64Array, end: Uint8Array, budgets: number[]): Record<string, EventMetrics> {
  if (!end.some((v) => v === 1)) return {};
  return Object.fromEntries(budgets.map((b) => [String(b), eventMetrics(end, errors, { budget: b })]));
}

/** The L1 keys of one split: ratios, then per budget `event_recall@0.04`, `event_precision@0.04`, `event_f1@0.04`, `ttd_median@0.04`, `ttd_p95@0.04` (windows). */
export function l1SplitRecord(ratios: AttackRatios, events: Record<string, EventMetrics>): MetricsRecord {
  const out: MetricsRecord = {};
  const put = (k: string, v: number | null) => {
    if (v !== null && Number.isFinite(v)) out[k] = v;
  };
  put('ar', ratios.ar);
  put('ar_any', ratios.ar_any);
  put('ar_trimmed', ratios.ar_trimmed);
  for (const [b, e] of Object.entries(events)) {
    put(`event_recall@${b}`, e.eventRecall);
    put(`event_precision@${b}`, e.eventPrecision);
    put(`event_f1@${b}`, e.eventF1);
    put(`ttd_median@${b}`, e.delayMedianSteps);
    put(`ttd_p95@${b}`, e.delayP95Steps);
  }
  return out;
}

/**
 * The metrics library's full record of one detector on the final split (window-end labels), thresholds from
 * the validation prefix; budget keys read `@0.04` as L1's own (`event_f1@budget0.04` → `event_f1@0.04`).
 */
export function finalRecord(errors: Float64Array, end: Uint8Array, split: WindowSplit, cfg: Pick<L1Config, 'eval' | 'seed'>, randomSeed: number | null): MetricsRecord {
  checkFinalLabels(end, split);
  const val = { labels: end.subarray(0, split.valEnd), scores: errors.subarray(0, split.valEnd) };
  const r = metricsRecord(end.subarray(split.valEnd), errors.subarray(split.valEnd), {
    val, budgets: cfg.eval.event_budgets, vusMaxWindow: cfg.eval.vus_max_window, randomSeed,
  });
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [k.replace(/@budget([\d.e-]+)$/, '@$1'), v]));
}
