/**
 * Threshold-free ranking metrics, numerically scikit-learn's (`metrics/_ranking.py`).
 * Higher score = more anomalous = predicted positive; a threshold t flags score ≥ t.
 * All are O(n log n): two radix sorts (one per class) and one merge walk (see curve.ts).
 * Headline threshold-free numbers: `rocAuc` and `averagePrecision`. `prAucTrapezoid` is a
 * secondary, optimistic number (linear interpolation between PR points is not achievable by
 * any classifier); report it only next to AP, never instead of it.
 */
import type { Numbers } from './validate';
import { checkRankingInputs, tieCurve } from './curve';

/** ROC curve points: fpr/tpr ascending, thresholds descending; thresholds[0] = +Infinity. */
export interface RocCurve {
  fpr: Float64Array;
  tpr: Float64Array;
  thresholds: Float64Array;
}

/** Precision–recall points as scikit-learn orders them: thresholds ascending, then a final (recall 0, precision 1) point. */
export interface PrCurve {
  precision: Float64Array;
  recall: Float64Array;
  thresholds: Float64Array;
}

/**
 * sklearn `roc_curve(..., drop_intermediate=False)`: one point per distinct score plus a leading (0,0)
 * whose threshold is +Infinity (sklearn ≥1.3; sklearn 1.2 writes max+1 there). Both classes required (throws).
 * Example: rocCurve([0,0,1,1],[0.1,0.4,0.35,0.8]) → fpr [0,0,0.5,0.5,1], tpr [0,0.5,0.5,1,1], thresholds [Inf,0.8,0.4,0.35,0.1].
 */
export function rocCurve(labels: Numbers, scores: Numbers): RocCurve {
  const nPos = checkRankingInputs('rocCurve', labels, scores, 'both');
  const c = tieCurve(labels, scores, nPos);
  const m = c.thresholds.length + 1;
  const fpr = new Float64Array(m);
  const tpr = new Float64Array(m);
  const thresholds = new Float64Array(m);
  thresholds[0] = Infinity;
  for (let i = 1; i < m; i++) {
    fpr[i] = c.fps[i - 1] / c.nNeg;
    tpr[i] = c.tps[i - 1] / c.nPos;
    thresholds[i] = c.thresholds[i - 1];
  }
  return { fpr, tpr, thresholds };
}

/**
 * sklearn `roc_auc_score`: trapezoid area under the tie-collapsed ROC curve (ties count ½, = Mann–Whitney U / (P·N)).
 * Throws on a single class, as sklearn raises. Example: rocAuc([0,0,1,1],[0.1,0.4,0.35,0.8]) → 0.75.
 */
export function rocAuc(labels: Numbers, scores: Numbers): number {
  const nPos = checkRankingInputs('rocAuc', labels, scores, 'both');
  const c = tieCurve(labels, scores, nPos);
  // Integer arithmetic on counts (exact below 2^53), one division at the end.
  let twiceArea = 0;
  let prevTp = 0;
  let prevFp = 0;
  for (let i = 0; i < c.tps.length; i++) {
    const tp = c.tps[i];
    const fp = c.fps[i];
    twiceArea += (fp - prevFp) * (tp + prevTp);
    prevTp = tp;
    prevFp = fp;
  }
  return twiceArea / 2 / c.nPos / c.nNeg;
}

/**
 * sklearn `precision_recall_curve` (1.2 semantics: every distinct threshold kept, ascending; precision
 * gets a final 1 and recall a final 0). Needs ≥1 positive (throws otherwise; sklearn warns and sets recall 1);
 * all-positive labels are fine. Example: prCurve([0,0,1,1],[0.1,0.4,0.35,0.8]) →
 * precision [0.5,2/3,0.5,1,1], recall [1,1,0.5,0.5,0], thresholds [0.1,0.35,0.4,0.8].
 */
export function prCurve(labels: Numbers, scores: Numbers): PrCurve {
  const nPos = checkRankingInputs('prCurve', labels, scores, 'positives');
  const c = tieCurve(labels, scores, nPos);
  const k = c.thresholds.length;
  const precision = new Float64Array(k + 1);
  const recall = new Float64Array(k + 1);
  const thresholds = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    const j = k - 1 - i; // reverse: sklearn lists thresholds ascending
    precision[i] = c.tps[j] / (c.tps[j] + c.fps[j]);
    recall[i] = c.tps[j] / nPos;
    thresholds[i] = c.thresholds[j];
  }
  precision[k] = 1;
  recall[k] = 0;
  return { precision, recall, thresholds };
}

/**
 * sklearn `average_precision_score`: Σₙ (Rₙ − Rₙ₋₁)·Pₙ over distinct thresholds, no interpolation (headline PR number).
 * Needs ≥1 positive (throws otherwise); all positives → 1. Example: averagePrecision([0,0,1,1],[0.1,0.4,0.35,0.8]) → 0.8333….
 */
export function averagePrecision(labels: Numbers, scores: Numbers): number {
  const nPos = checkRankingInputs('averagePrecision', labels, scores, 'positives');
  const c = tieCurve(labels, scores, nPos);
  let sum = 0;
  let prevTp = 0;
  for (let i = 0; i < c.tps.length; i++) {
    const tp = c.tps[i];
    if (tp !== prevTp) sum += ((tp - prevTp) / nPos) * (tp / (tp + c.fps[i]));
    prevTp = tp;
  }
  return sum;
}

/**
 * sklearn `auc(recall, precision)` over `prCurve`: trapezoids between PR points, starting at (recall 0, precision 1).
 * NOT average precision — linear PR interpolation is optimistic; AP is the headline. Needs ≥1 positive (throws).
 * Example: prAucTrapezoid([0,0,1,1],[0.1,0.4,0.35,0.8]) → 0.7916….
 */
export function prAucTrapezoid(labels: Numbers, scores: Numbers): number {
  const nPos = checkRankingInputs('prAucTrapezoid', labels, scores, 'positives');
  const c = tieCurve(labels, scores, nPos);
  let area = 0;
  let prevR = 0;
  let prevP = 1;
  for (let i = 0; i < c.tps.length; i++) {
    const r = c.tps[i] / nPos;
    const p = c.tps[i] / (c.tps[i] + c.fps[i]);
    area += ((r - prevR) * (p + prevP)) / 2;
    prevR = r;
    prevP = p;
  }
  return area;
}
