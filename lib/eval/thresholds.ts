/**
 * Choosing a decision threshold. Every threshold is meant to be fitted on VALIDATION data and then
 * applied unchanged to test data, flagging score ≥ threshold. The one exception, `oracleBestF1`, picks
 * the threshold on the test labels themselves: an upper bound for context, never a result.
 */
import type { Numbers } from './validate';
import { quantileOfSorted } from './quantile';
import { checkFiniteScores, checkSameLength, checkBinaryLabels } from './validate';
import { checkRankingInputs, tieCurve } from './curve';
import { sortAscending } from './sort';

/** The best-F1 operating point on labelled validation data. */
export interface BestF1 {
  threshold: number;
  f1: number;
  precision: number;
  recall: number;
}

/** The best-F1 point chosen ON TEST LABELS: an optimistic upper bound, not a reportable score. */
export interface OracleBestF1 {
  oracleThreshold: number;
  oracleF1: number;
  oraclePrecision: number;
  oracleRecall: number;
}

/**
 * The q-quantile (numpy linear interpolation) of the BENIGN validation scores, so that a fraction ≈1−q of
 * benign samples score ≥ it (target false-positive rate 1−q). valLabels null = all validation is benign;
 * otherwise only label-0 scores count and at least one is needed. q ∈ [0, 1].
 * Example: thresholdAtBenignQuantile([1,2,3,4,100],[0,0,0,0,1],0.5) → 2.5.
 */
export function thresholdAtBenignQuantile(valScores: Numbers, valLabels: Numbers | null, q: number): number {
  const fn = 'thresholdAtBenignQuantile';
  if (typeof q !== 'number' || !(q >= 0 && q <= 1)) throw new Error(`${fn}: q must be in [0, 1], got ${q}`);
  if (valLabels !== null) {
    checkSameLength(fn, valLabels, valScores);
    checkBinaryLabels(fn, valLabels);
  } else if (valScores.length === 0) throw new Error(`${fn}: empty input (no scores)`);
  checkFiniteScores(fn, valScores);
  let benign: Float64Array;
  if (valLabels === null) benign = Float64Array.from(valScores);
  else {
    const keep: number[] = [];
    for (let i = 0; i < valScores.length; i++) if (valLabels[i] === 0) keep.push(valScores[i]);
    if (keep.length === 0) throw new Error(`${fn}: validation labels hold no benign (0) samples`);
    benign = Float64Array.from(keep);
  }
  return quantileOfSorted(sortAscending(benign), q);
}

function bestF1Kernel(labels: Numbers, scores: Numbers, nPos: number): BestF1 {
  const c = tieCurve(labels, scores, nPos);
  let best = 0;
  for (let i = 1; i < c.tps.length; i++) {
    // F1 = 2tp / (tp + fp + P); strict > keeps the highest threshold among ties (fewest alerts).
    if (2 * c.tps[i] * (c.tps[best] + c.fps[best] + nPos) > 2 * c.tps[best] * (c.tps[i] + c.fps[i] + nPos)) best = i;
  }
  const tp = c.tps[best];
  const precision = tp / (tp + c.fps[best]);
  const recall = tp / nPos;
  const denom = precision + recall;
  return { threshold: c.thresholds[best], f1: denom === 0 ? 0 : (2 * precision * recall) / denom, precision, recall };
}

/**
 * Threshold maximising F1 (flag score ≥ t) over every distinct score of LABELLED VALIDATION data; ties → highest
 * threshold. Needs ≥1 positive (throws). Example: thresholdBestF1([0,0,1,1],[0.1,0.4,0.35,0.8]) → {threshold:0.35, f1:0.8, precision:2/3, recall:1}.
 */
export function thresholdBestF1(valLabels: Numbers, valScores: Numbers): BestF1 {
  const nPos = checkRankingInputs('thresholdBestF1', valLabels, valScores, 'positives');
  return bestF1Kernel(valLabels, valScores, nPos);
}

/**
 * ORACLE: the same search as thresholdBestF1 but on TEST labels — an upper bound on F1, never a result to report as
 * performance. Example: oracleBestF1([0,1],[0.2,0.9]) → {oracleThreshold:0.9, oracleF1:1, oraclePrecision:1, oracleRecall:1}.
 */
export function oracleBestF1(testLabels: Numbers, testScores: Numbers): OracleBestF1 {
  const nPos = checkRankingInputs('oracleBestF1', testLabels, testScores, 'positives');
  const b = bestF1Kernel(testLabels, testScores, nPos);
  return { oracleThreshold: b.threshold, oracleF1: b.f1, oraclePrecision: b.precision, oracleRecall: b.recall };
}

/**
 * Alert budget: the k-th highest score with k = ceil(budget·N) (1e-9 relative slack, so 0.07·100 → 7, not 8);
 * flagging score ≥ it flags exactly k samples when scores are distinct, more when others tie with the k-th
 * (ties are never split). budget ∈ [0, 1]; budget·N < 1 still flags one (k ≥ 1 when budget > 0); 0 → +Infinity.
 * Example: thresholdForBudget([5,1,4,2,3],0.4) → 4 (flags 5 and 4).
 */
export function thresholdForBudget(scores: Numbers, budget: number): number {
  const fn = 'thresholdForBudget';
  if (typeof budget !== 'number' || !(budget >= 0 && budget <= 1)) throw new Error(`${fn}: budget must be in [0, 1], got ${budget}`);
  if (scores.length === 0) throw new Error(`${fn}: empty input (no scores)`);
  checkFiniteScores(fn, scores);
  if (budget === 0) return Infinity;
  const n = scores.length;
  const x = budget * n;
  const k = Math.min(n, Math.max(1, Math.ceil(x - 1e-9 * Math.max(1, x))));
  return sortAscending(Float64Array.from(scores))[n - k];
}

/**
 * The thresholds fitted on labelled validation scores, by name: `val_q<q>` (the q-quantile of benign
 * validation scores) when validation holds benign samples, `val_best_f1` when it holds both classes.
 * The one place these are computed (metricsRecord and evaluateDetectors use it).
 */
export function validationThresholds(valLabels: Numbers, valScores: Numbers, q: number): Record<string, number> {
  let positives = 0;
  for (let i = 0; i < valLabels.length; i++) positives += valLabels[i] ? 1 : 0;
  const out: Record<string, number> = {};
  if (positives < valLabels.length) out[`val_q${q}`] = thresholdAtBenignQuantile(valScores, valLabels, q);
  if (positives > 0 && positives < valLabels.length) out.val_best_f1 = thresholdBestF1(valLabels, valScores).threshold;
  return out;
}
