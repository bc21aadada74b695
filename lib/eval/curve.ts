/**
 * The tie-collapsed cumulative counts behind every ranking metric (scikit-learn's
 * `_binary_clf_curve`): one entry per distinct score, scores descending, with the number of
 * positives (tps) and negatives (fps) whose score is ≥ that threshold.
 * Kernels here trust their input; the public functions in ranking.ts / thresholds.ts validate.
 */
import type { Numbers } from './validate';
import { checkBinaryInputs, countPositives } from './validate';
import { sortAscending } from './sort';

/** Distinct thresholds (descending) and cumulative counts at each; all arrays have `length` entries. */
export interface TieCurve {
  thresholds: Float64Array;
  tps: Float64Array;
  fps: Float64Array;
  nPos: number;
  nNeg: number;
}

/** Validate binary (labels, scores); require the classes `need` asks for; return the positive count. */
export function checkRankingInputs(fn: string, labels: Numbers, scores: Numbers, need: 'both' | 'positives'): number {
  checkBinaryInputs(fn, labels, scores);
  const p = countPositives(labels);
  if (p === 0) throw new Error(`${fn}: labels hold only class 0 (${labels.length} samples); the metric needs at least one positive (1)`);
  if (need === 'both' && p === labels.length) {
    throw new Error(`${fn}: labels hold only class 1 (${labels.length} samples); the metric needs both 0 and 1`);
  }
  return p;
}

/** Split scores by label into two ascending-sorted Float64Arrays (two sorts, no index permutation). */
export function sortedByClass(labels: Numbers, scores: Numbers, nPos: number): { pos: Float64Array; neg: Float64Array } {
  let pos: Float64Array = new Float64Array(nPos);
  let neg: Float64Array = new Float64Array(labels.length - nPos);
  let ip = 0;
  let ineg = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] === 1) pos[ip++] = scores[i];
    else neg[ineg++] = scores[i];
  }
  pos = sortAscending(pos);
  neg = sortAscending(neg);
  return { pos, neg };
}

/** Tie-collapsed curve of validated input with `nPos` positives, O(n log n). Example: tieCurve([0,1,1],[0.2,0.5,0.5],2) → thresholds [0.5,0.2], tps [2,2], fps [0,1]. */
export function tieCurve(labels: Numbers, scores: Numbers, nPos: number): TieCurve {
  const { pos, neg } = sortedByClass(labels, scores, nPos);
  const n = labels.length;
  const thresholds = new Float64Array(n);
  const tps = new Float64Array(n);
  const fps = new Float64Array(n);
  let a = pos.length - 1;
  let b = neg.length - 1;
  let tp = 0;
  let fp = 0;
  let k = 0;
  // Merge the two sorted arrays from the top; every distinct value closes one group.
  while (a >= 0 || b >= 0) {
    const v = a < 0 ? neg[b] : b < 0 ? pos[a] : pos[a] > neg[b] ? pos[a] : neg[b];
    while (a >= 0 && pos[a] === v) { tp++; a--; }
    while (b >= 0 && neg[b] === v) { fp++; b--; }
    thresholds[k] = v;
    tps[k] = tp;
    fps[k] = fp;
    k++;
  }
  return { thresholds: thresholds.subarray(0, k), tps: tps.subarray(0, k), fps: fps.subarray(0, k), nPos, nNeg: n - nPos };
}
