/**
 * Detectors scored and judged the one way: every detector scores the validation and test samples;
 * thresholds come from validation scores only (lib/eval validationThresholds); the record is the
 * metrics library's full record per detector on test, keyed `<detector>.test.<metric>[@<param>]`,
 * plus attack/normal error ratios for the autoencoders, validation event metrics where asked, and the
 * seeded random control (`random.test.*`, drawn once, beside the first detector).
 */
import {
  attackRatio, eventMetrics, metricsRecord, prefixRecord, randomScores, trimmedAttackRatio, validationThresholds, type MetricsRecord,
} from '../eval';
import type { Detector } from './contract';
import type { Samples } from './samples';

export type SplitName = 'val' | 'test';

/** Labels of one split: window-end (or row) labels, any-in-window labels, optional times. */
export interface SplitLabels {
  labels: Uint8Array;
  labelsAny?: Uint8Array;
  timestampsMs?: Float64Array;
}

export type SplitScores = Record<string, Record<SplitName, Float64Array>>;

export interface EvaluationOptions {
  /** Benign validation quantile for the `val_q<q>` threshold (0.99). */
  valQuantile: number;
  /** Alert budgets of the event metrics ([0.04]). */
  budgets: number[];
  vusMaxWindow: number;
  /** Seed of the random control (`random.*`: seed on test, seed + 1 on validation); null: no control. */
  randomSeed: number | null;
  /** Detectors whose attack/normal error ratios are recorded on both splits (the autoencoders). */
  ratios?: readonly string[];
  /** Share trimmed off each tail for `attack_ratio_trimmed` (0.01). */
  trim?: number;
  /** Detectors whose event metrics under each budget are recorded on the validation split too (`<d>.val.event_recall@budget…`). */
  valEvents?: readonly string[];
}

export interface Evaluation {
  /** Per detector (and `random` when there is a control) the val and test scores. */
  scores: SplitScores;
  /** Per detector the thresholds fitted on its validation scores. */
  thresholds: Record<string, Record<string, number>>;
  record: MetricsRecord;
}

/** Score every detector on both splits; seconds per detector. */
export async function scoreSplits(detectors: Record<string, Detector>, samples: Record<SplitName, Samples>): Promise<{ scores: SplitScores; seconds: Record<string, number> }> {
  const scores: SplitScores = {};
  const seconds: Record<string, number> = {};
  for (const [name, d] of Object.entries(detectors)) {
    const t0 = performance.now();
    scores[name] = { val: await d.score(samples.val), test: await d.score(samples.test) };
    seconds[name] = (performance.now() - t0) / 1000;
  }
  return { scores, seconds };
}

/** Thresholds and the record from scores already computed (pure). */
export function evaluateScores(scores: SplitScores, splits: Record<SplitName, SplitLabels>, o: EvaluationOptions): Evaluation {
  const { val, test } = splits;
  const names = Object.keys(scores).filter((n) => n !== 'random');
  const all: SplitScores = { ...scores };
  if (o.randomSeed !== null) all.random = { val: randomScores(val.labels.length, o.randomSeed + 1), test: randomScores(test.labels.length, o.randomSeed) };
  const thresholds = Object.fromEntries(Object.entries(all).map(([n, s]) => [n, validationThresholds(val.labels, s.val, o.valQuantile)]));
  const base = { valQuantile: o.valQuantile, budgets: o.budgets, timestampsMs: test.timestampsMs, vusMaxWindow: o.vusMaxWindow };
  const record: MetricsRecord = {};
  let control: MetricsRecord = {};
  names.forEach((name, i) => {
    const r = metricsRecord(test.labels, scores[name].test, { ...base, val: { labels: val.labels, scores: scores[name].val }, randomSeed: i === 0 ? o.randomSeed : null });
    const own = Object.fromEntries(Object.entries(r).filter(([k]) => !k.startsWith('random.')));
    if (o.ratios?.includes(name)) Object.assign(own, ratios(scores[name].test, test, o.trim));
    Object.assign(record, prefixRecord(own, `${name}.test`));
    if (o.ratios?.includes(name)) Object.assign(record, prefixRecord(ratios(scores[name].val, val, o.trim), `${name}.val`));
    if (o.valEvents?.includes(name)) Object.assign(record, prefixRecord(budgetEventKeys(scores[name].val, val.labels, o.budgets), `${name}.val`));
    if (i === 0) control = Object.fromEntries(Object.entries(r).filter(([k]) => k.startsWith('random.')).map(([k, v]) => [k.slice('random.'.length), v]));
  });
  return { scores: all, thresholds, record: { ...record, ...prefixRecord(control, 'random.test') } };
}

/** Score every detector on both splits, fit thresholds on validation, and build the record. */
export async function evaluateDetectors(
  detectors: Record<string, Detector>, splits: Record<SplitName, SplitLabels & { samples: Samples }>, o: EvaluationOptions,
): Promise<Evaluation & { seconds: Record<string, number> }> {
  const { scores, seconds } = await scoreSplits(detectors, { val: splits.val.samples, test: splits.test.samples });
  return { ...evaluateScores(scores, splits, o), seconds };
}

/** Attack/normal error ratios of one split (window-end, any-in-window, trimmed); a ratio is left out when a class is absent. */
export function ratios(scores: Float64Array, s: SplitLabels, trim = 0.01): MetricsRecord {
  const out: MetricsRecord = {};
  const put = (key: string, f: () => number) => {
    try {
      const v = f();
      if (Number.isFinite(v)) out[key] = v;
    } catch {
      // one class absent from the split: the ratio is undefined
    }
  };
  put('attack_ratio', () => attackRatio(scores, s.labels));
  if (s.labelsAny) put('attack_ratio_any', () => attackRatio(scores, s.labelsAny!));
  put('attack_ratio_trimmed', () => trimmedAttackRatio(scores, s.labels, trim));
  return out;
}

/** Event metrics under each budget (the record's keys: `event_recall@budget0.04`, …); none when the split has no attack. */
export function budgetEventKeys(scores: Float64Array, labels: Uint8Array, budgets: number[]): MetricsRecord {
  if (!labels.some((v) => v === 1)) return {};
  const out: MetricsRecord = {};
  for (const b of budgets) {
    const e = eventMetrics(labels, scores, { budget: b });
    const put = (k: string, v: number | null) => {
      if (v !== null && Number.isFinite(v)) out[`${k}@budget${b}`] = v;
    };
    put('event_recall', e.eventRecall);
    put('event_precision', e.eventPrecision);
    put('event_f1', e.eventF1);
    put('ttd_median_steps', e.delayMedianSteps);
    put('ttd_p95_steps', e.delayP95Steps);
  }
  return out;
}
