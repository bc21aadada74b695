/**
 * Point-wise binary metrics at one threshold or from 0/1 predictions, scikit-learn-exact.
 * Convention: a sample is predicted positive when score ≥ threshold (sklearn's curve thresholds use ≥).
 * Zero division follows sklearn's `zero_division=0`: precision with no predicted positives, recall with
 * no actual positives, and F1 when precision + recall = 0 are all 0 (sklearn would also warn). So a single
 * class in the labels never throws here — the numbers are just 0 where undefined.
 */
import type { Numbers } from './validate';
import { checkBinaryInputs, checkBinaryLabels, checkBinaryMask, checkSameLength } from './validate';

/** Binary confusion counts (sklearn's confusion_matrix(...).ravel() order is tn, fp, fn, tp). */
export interface Confusion {
  tn: number;
  fp: number;
  fn: number;
  tp: number;
}

/** Precision, recall and F1 in [0, 1], zero-division → 0. */
export interface PrecisionRecallF1 {
  precision: number;
  recall: number;
  f1: number;
}

/** Throw unless `threshold` is a number other than NaN (±Infinity allowed: flag everything / nothing). */
function checkThreshold(fn: string, threshold: number): void {
  if (typeof threshold !== 'number' || Number.isNaN(threshold)) throw new Error(`${fn}: threshold must be a number, got ${threshold}`);
}

function confusionAtKernel(labels: Numbers, scores: Numbers, threshold: number): Confusion {
  let tp = 0;
  let fp = 0;
  let pos = 0;
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i];
    pos += y;
    if (scores[i] >= threshold) { if (y === 1) tp++; else fp++; }
  }
  return { tn: labels.length - pos - fp, fp, fn: pos - tp, tp };
}

/** Counts when flagging score ≥ threshold. Example: confusionAt([0,0,1,1],[0.1,0.4,0.35,0.8],0.4) → {tn:1,fp:1,fn:1,tp:1}. */
export function confusionAt(labels: Numbers, scores: Numbers, threshold: number): Confusion {
  checkBinaryInputs('confusionAt', labels, scores);
  checkThreshold('confusionAt', threshold);
  return confusionAtKernel(labels, scores, threshold);
}

/** sklearn confusion_matrix(labels, predictions, labels=[0,1]) as counts. Example: confusionMatrix([0,1,1],[1,1,0]) → {tn:0,fp:1,fn:1,tp:1}. */
export function confusionMatrix(labels: Numbers, predictions: Numbers): Confusion {
  checkSameLength('confusionMatrix', labels, predictions, ['labels', 'predictions']);
  checkBinaryLabels('confusionMatrix', labels);
  checkBinaryMask('confusionMatrix', predictions, 'predictions');
  return confusionAtKernel(labels, predictions, 1);
}

/** Precision/recall/F1 from counts, sklearn zero_division=0. Example: prf1FromConfusion({tn:5,fp:1,fn:2,tp:3}) → {precision:0.75,recall:0.6,f1:2/3}. */
export function prf1FromConfusion(c: Confusion): PrecisionRecallF1 {
  const precision = c.tp + c.fp === 0 ? 0 : c.tp / (c.tp + c.fp);
  const recall = c.tp + c.fn === 0 ? 0 : c.tp / (c.tp + c.fn);
  const denom = precision + recall;
  return { precision, recall, f1: denom === 0 ? 0 : (2 * precision * recall) / denom };
}

/** sklearn precision/recall/f1_score (zero_division=0) when flagging score ≥ threshold. Example: ([0,0,1,1],[0.1,0.4,0.35,0.8],0.35) → {precision:2/3,recall:1,f1:0.8}. */
export function precisionRecallF1(labels: Numbers, scores: Numbers, threshold: number): PrecisionRecallF1 {
  checkBinaryInputs('precisionRecallF1', labels, scores);
  checkThreshold('precisionRecallF1', threshold);
  return prf1FromConfusion(confusionAtKernel(labels, scores, threshold));
}

/** Matthews correlation from counts; 0 when any marginal is empty (sklearn). Example: mccFromConfusion({tn:1,fp:1,fn:1,tp:1}) → 0. */
export function mccFromConfusion(c: Confusion): number {
  const a = c.tp + c.fp;
  const b = c.tp + c.fn;
  const d = c.tn + c.fp;
  const e = c.tn + c.fn;
  if (a === 0 || b === 0 || d === 0 || e === 0) return 0;
  return (c.tp * c.tn - c.fp * c.fn) / (Math.sqrt(a * b) * Math.sqrt(d * e));
}

/** sklearn matthews_corrcoef for 0/1 predictions, in [−1, 1]; 0 when undefined (single class). Example: matthewsCorrcoef([0,0,1,1],[0,1,1,1]) → 0.5773…. */
export function matthewsCorrcoef(labels: Numbers, predictions: Numbers): number {
  checkSameLength('matthewsCorrcoef', labels, predictions, ['labels', 'predictions']);
  checkBinaryLabels('matthewsCorrcoef', labels);
  checkBinaryMask('matthewsCorrcoef', predictions, 'predictions');
  return mccFromConfusion(confusionAtKernel(labels, predictions, 1));
}
