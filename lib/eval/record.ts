import { createRng } from '../random';
import { averagePrecision, prAucTrapezoid, rocAuc } from './ranking';
import { confusionAt, mccFromConfusion, prf1FromConfusion } from './confusion';
import { oracleBestF1, validationThresholds } from './thresholds';
import { eventMetrics, eventMetricsAtThreshold, type EventMetrics } from './events';
import { rangePrecisionRecall } from './range';
import { affiliationMetrics } from './affiliation';
import { pointAdjustedF1 } from './point-adjust';
import { vusSurface } from './vus';
import { checkBinaryInputs, checkBothClasses, checkSameLength, countPositives, type Numbers } from './validate';

/** One flat object of numbers: keys `<metric>` or `<metric>@<parameter>`; undefined metrics are left out. */
export type MetricsRecord = Record<string, number>;

export interface RecordOptions {
  /** Epoch milliseconds per sample (non-decreasing), for time to detect in seconds. */
  timestampsMs?: Numbers;
  /** Labelled validation scores of the same detector: thresholds are fitted here, never on test. */
  val?: { labels: Numbers; scores: Numbers };
  /** Alert budgets (share of samples flagged) for event metrics. Default [0.04]. */
  budgets?: number[];
  /** Quantile of benign validation scores used as a threshold (target FPR 1 − q). Default 0.99. */
  valQuantile?: number;
  /** Largest VUS buffer (TSB-AD's slidingWindow). Default 100. */
  vusMaxWindow?: number;
  /** K (percent) for the PA%K point-adjusted F1, reported beside, never as a headline. Default 20. */
  paK?: number;
  /** Thresholds fixed elsewhere (e.g. by another tool on its validation data), by name: `f1@<name>`, … */
  thresholds?: Record<string, number>;
  /** Seed of the random-score control; null leaves the control out. Default 0. */
  randomSeed?: number | null;
}

export const RECORD_DEFAULTS = { budgets: [0.04], valQuantile: 0.99, vusMaxWindow: 100, paK: 20, randomSeed: 0 as number | null };

/**
 * The full metric record of one detector on one split (test), with thresholds from `val`:
 * threshold-free (roc_auc, average_precision, pr_auc_trapezoid, vus_roc, vus_pr), event metrics under
 * each budget (`event_f1@budget0.04`, `ttd_median_steps@budget0.04`, …), point/range/affiliation/event
 * metrics at validation thresholds (`f1@val_q0.99`, `range_f1@val_best_f1`, …), the oracle best F1 on
 * test (`oracle_best_f1`, an upper bound only) and the same for a seeded random score (`random.*`).
 */
export function metricsRecord(labels: Numbers, scores: Numbers, opts: RecordOptions = {}): MetricsRecord {
  const o = { ...RECORD_DEFAULTS, ...opts };
  checkBinaryInputs('metricsRecord', labels, scores);
  checkBothClasses('metricsRecord', labels);
  if (o.timestampsMs) checkSameLength('metricsRecord', labels, o.timestampsMs, ['labels', 'timestamps']);
  if (o.val) checkBinaryInputs('metricsRecord (validation)', o.val.labels, o.val.scores);
  for (const [name, t] of Object.entries(o.thresholds ?? {})) {
    if (!Number.isFinite(t)) throw new Error(`metricsRecord: threshold "${name}" must be a finite number, got ${t}`);
  }
  const record = detectorRecord(labels, scores, o);
  if (o.randomSeed === null) return record;
  const control = randomControl(labels.length, o.val?.labels.length ?? 0, o.randomSeed);
  const randomRecord = detectorRecord(labels, control.test, { ...o, val: o.val && { labels: o.val.labels, scores: control.val } });
  for (const [k, v] of Object.entries(randomRecord)) record[`random.${k}`] = v;
  return record;
}

/** `{a: 1}` → `{"gru_sae.test.a": 1}`. */
export function prefixRecord(record: MetricsRecord, prefix: string): MetricsRecord {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [`${prefix}.${k}`, v]));
}

/** Seeded uniform scores in [0, 1): what chance gets. */
export function randomScores(n: number, seed: number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: n }, () => rng.next());
}

function randomControl(nTest: number, nVal: number, seed: number) {
  return { test: randomScores(nTest, seed), val: randomScores(nVal, seed + 1) };
}

type Resolved = typeof RECORD_DEFAULTS & RecordOptions;

function detectorRecord(labels: Numbers, scores: Numbers, o: Resolved): MetricsRecord {
  const out: MetricsRecord = {};
  const put = (key: string, v: number | null | undefined) => {
    if (typeof v === 'number' && Number.isFinite(v)) out[key] = v;
  };
  const positives = countPositives(labels);
  put('n', labels.length);
  put('positive_rate', positives / labels.length);
  put('roc_auc', rocAuc(labels, scores));
  put('average_precision', averagePrecision(labels, scores));
  put('pr_auc_trapezoid', prAucTrapezoid(labels, scores));
  const vus = vusSurface(labels, scores, { maxWindow: o.vusMaxWindow });
  put('vus_roc', vus.vusRoc);
  put('vus_pr', vus.vusPr);
  const oracle = oracleBestF1(labels, scores);
  put('oracle_best_f1', oracle.oracleF1);
  for (const b of o.budgets) putEvents(put, `budget${b}`, eventMetrics(labels, scores, { budget: b, timestampsMs: o.timestampsMs }));
  const fitted = o.val ? Object.entries(validationThresholds(o.val.labels, o.val.scores, o.valQuantile)) : [];
  for (const [name, t] of [...fitted, ...Object.entries(o.thresholds ?? {})]) {
    put(`threshold@${name}`, t);
    atThreshold(put, name, labels, scores, t, o);
  }
  return out;
}

type Put = (key: string, v: number | null | undefined) => void;

function atThreshold(put: Put, name: string, labels: Numbers, scores: Numbers, t: number, o: Resolved): void {
  const c = confusionAt(labels, scores, t);
  const prf = prf1FromConfusion(c);
  put(`precision@${name}`, prf.precision);
  put(`recall@${name}`, prf.recall);
  put(`f1@${name}`, prf.f1);
  put(`mcc@${name}`, mccFromConfusion(c));
  put(`fpr@${name}`, c.fp / (c.fp + c.tn));
  const pred = Uint8Array.from(scores as ArrayLike<number>, (s) => (s >= t ? 1 : 0));
  const range = rangePrecisionRecall(labels, pred);
  put(`range_precision@${name}`, range.precision);
  put(`range_recall@${name}`, range.recall);
  put(`range_f1@${name}`, range.f1);
  const aff = affiliationMetrics(labels, pred);
  put(`affiliation_precision@${name}`, aff.precision);
  put(`affiliation_recall@${name}`, aff.recall);
  put(`pa${o.paK}_f1@${name}`, pointAdjustedF1(labels, pred, { k: o.paK }));
  putEvents(put, name, eventMetricsAtThreshold(labels, scores, t, { timestampsMs: o.timestampsMs }));
}

function putEvents(put: Put, name: string, e: EventMetrics): void {
  put(`events`, e.events);
  put(`event_recall@${name}`, e.eventRecall);
  put(`event_precision@${name}`, e.eventPrecision);
  put(`event_f1@${name}`, e.eventF1);
  put(`events_missed@${name}`, e.missed);
  put(`false_clusters@${name}`, e.falseClusters);
  put(`ttd_median_steps@${name}`, e.delayMedianSteps);
  put(`ttd_p95_steps@${name}`, e.delayP95Steps);
  put(`ttd_median_s@${name}`, e.delayMedianSeconds);
  put(`ttd_p95_s@${name}`, e.delayP95Seconds);
}
