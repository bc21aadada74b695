import type { Numbers } from './validate';
import { runsOf } from './runs';

/**
 * Kernel of Range-AUC / VUS (Paparrizos et al., VLDB 2022), ported from
 * TheDatumOrg/TSB-AD `TSB_AD/evaluation/basic_metrics.py` (basic_metricor.RangeAUC_volume_opt,
 * sequencing, new_sequence; commit 4361675e) and TheDatumOrg/VUS `vus/utils/metrics.py`
 * (metricor.RangeAUC_volume_opt; commit 36538871). Inputs are trusted: callers validate.
 *
 * The reference loops over every buffer width ℓ and every threshold and re-scans the labels
 * (O(L·T·n)). Here each sample gets the index of the first threshold that flags it, so at a
 * given ℓ the per-threshold sums are cumulative histograms: O(n log T + L·(P + E·ℓ + T)) for
 * P anomalous samples and E events.
 */

/** 'tsb-ad': TSB-AD's version (its get_metrics VUS-ROC/VUS-PR); 'vus-2022': the original VUS repo. */
export type VusVariant = 'tsb-ad' | 'vus-2022';

/**
 * Threshold positions in the descending score order: numpy's
 * `np.linspace(0, n - 1, T).astype(int)` (k·step truncated, the last one exactly n − 1).
 */
export function thresholdPositions(n: number, count: number): Int32Array {
  const pos = new Int32Array(count);
  const step = (n - 1) / (count - 1);
  for (let k = 0; k < count; k++) pos[k] = k === count - 1 ? n - 1 : Math.trunc(k * step);
  return pos;
}

/** Everything about (labels, scores) that does not depend on the buffer width ℓ. */
export interface RangeAucPrep {
  n: number;
  count: number;
  labels: Numbers;
  /** Inclusive [start, end] of each anomaly event, as the reference's range_convers_new. */
  starts: Int32Array;
  ends: Int32Array;
  /** First threshold index k that flags sample i (score_i ≥ thr_k), or `count` if none. */
  firstFlag: Int32Array;
  /** Flagged samples at threshold k (N_pred). */
  flagged: Float64Array;
  /** Flagged anomalous samples at threshold k. */
  flaggedPositives: Float64Array;
  positives: number;
}

/** Sort once, place the thresholds, and rank every sample by its first flagging threshold. */
export function prepareRangeAuc(labels: Numbers, scores: Numbers, count: number): RangeAucPrep {
  const n = labels.length;
  const asc = Float64Array.from(scores).sort();
  const pos = thresholdPositions(n, count);
  const thr = new Float64Array(count);
  for (let k = 0; k < count; k++) thr[k] = asc[n - 1 - pos[k]]; // descending order, as -np.sort(-score)
  const firstFlag = new Int32Array(n);
  const flagged = new Float64Array(count);
  const flaggedPositives = new Float64Array(count);
  let positives = 0;
  for (let i = 0; i < n; i++) {
    const s = scores[i];
    // thr is non-increasing: binary search for the first k with s >= thr[k]
    let lo = 0;
    let hi = count;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (s >= thr[mid]) hi = mid;
      else lo = mid + 1;
    }
    firstFlag[i] = lo;
    if (lo < count) {
      flagged[lo]++;
      if (labels[i] === 1) flaggedPositives[lo]++;
    }
    if (labels[i] === 1) positives++;
  }
  cumsum(flagged);
  cumsum(flaggedPositives);
  const runs = runsOf(labels);
  const starts = Int32Array.from(runs, (r) => r.start);
  const ends = Int32Array.from(runs, (r) => r.end - 1);
  return { n, count, labels, starts, ends, firstFlag, flagged, flaggedPositives, positives };
}

function cumsum(a: Float64Array): void {
  for (let k = 1; k < a.length; k++) a[k] += a[k - 1];
}

/** The merged buffered ranges of new_sequence(…, window): inclusive [a, b] pairs, flattened. */
export function mergedRanges(starts: Int32Array, ends: Int32Array, n: number, window: number): number[] {
  const h = Math.floor(window / 2);
  const out: number[] = [];
  let a = Math.max(starts[0] - h, 0);
  for (let i = 0; i < starts.length - 1; i++) {
    if (ends[i] + h < starts[i + 1] - h) {
      out.push(a, ends[i] + h);
      a = starts[i + 1] - h;
    }
  }
  out.push(a, Math.min(ends[ends.length - 1] + h, n - 1));
  return out;
}

/** R-AUC-ROC and R-AUC-PR at one buffer width ℓ (`window`), as one row of the reference's surface. */
export function rangeAucAt(prep: RangeAucPrep, window: number, variant: VusVariant, scratch: Float64Array): { roc: number; pr: number } {
  const { n, count, labels, starts, ends, firstFlag, flagged, flaggedPositives, positives: P } = prep;
  const h = Math.floor(window / 2);
  // sequencing(): sqrt-ramp weights on h samples each side, summed over events, clipped at 1
  for (let e = 0; e < starts.length; e++) {
    const s = starts[e];
    const t = ends[e];
    for (let x = t + 1; x < Math.min(t + h + 1, n); x++) scratch[x] += Math.sqrt(1 - (x - t) / window);
    for (let x = Math.max(s - h, 0); x < s; x++) scratch[x] += Math.sqrt(1 - (s - x) / window);
  }
  const ranges = mergedRanges(starts, ends, n, window);
  const bufferHits = new Float64Array(count); // Σ weight of flagged buffer samples, by first threshold
  const rangeHits = new Float64Array(count); // ranges holding ≥ 1 flagged sample, by first threshold
  let bufferTotal = 0;
  for (let r = 0; r < ranges.length; r += 2) {
    let first = count;
    for (let x = ranges[r]; x <= ranges[r + 1]; x++) {
      const k = firstFlag[x];
      if (k < first) first = k;
      if (labels[x] !== 1) {
        const w = Math.min(1, scratch[x]);
        bufferTotal += w;
        if (k < count) bufferHits[k] += w;
      }
      scratch[x] = 0;
    }
    if (first < count) rangeHits[first]++;
  }
  cumsum(bufferHits);
  cumsum(rangeHits);
  const nRanges = ranges.length / 2;
  let roc = 0;
  let pr = 0;
  let prevTpr = 0;
  let prevFpr = 0;
  let prevPrec = 1;
  for (let k = 0; k < count; k++) {
    const tp = flaggedPositives[k] + bufferHits[k];
    // TSB-AD counts only the flagged part of the buffer as positives; the VUS repo counts all of it
    const nLabels = variant === 'tsb-ad' ? P + bufferHits[k] : P + bufferTotal;
    const pNew = (P + nLabels) / 2;
    const recall = Math.min(tp / pNew, 1);
    const tpr = recall * (rangeHits[k] / nRanges);
    const fpr = (flagged[k] - tp) / (n - pNew);
    const prec = tp / flagged[k];
    roc += (fpr - prevFpr) * ((tpr + prevTpr) / 2);
    pr += (tpr - prevTpr) * (variant === 'tsb-ad' ? prec : (prec + prevPrec) / 2);
    prevTpr = tpr;
    prevFpr = fpr;
    prevPrec = prec;
  }
  roc += (1 - prevFpr) * ((1 + prevTpr) / 2); // the reference closes the ROC curve at (1, 1)
  return { roc, pr };
}
