import { checkBinaryLabels, checkSameLength, type Numbers } from './validate';
import { runsOf } from './runs';

/**
 * PA%K point adjustment (Kim, Choi, Choi, Lee, Yoon: "Towards a Rigorous Evaluation of
 * Time-Series Anomaly Detection", AAAI 2022): an event whose flagged share exceeds K% counts as
 * wholly flagged. Same rule as the authors' tuslkkk/tadpak `tadpak/pak.py`
 * (`predicts[seg].sum() > k / 100 * len(seg)`): K = 0 is the classic point adjust (any hit),
 * K = 100 leaves the predictions as they are.
 *
 * NEVER a headline number: point adjustment rewards a single lucky hit inside a long event (even
 * random scores reach a high PA-F1 at K = 0). Report it only next to event and range metrics.
 *
 * Worked example (test/eval-events.test.ts): labels [0,1,1,1,1,0,1,1,0,0],
 * predictions [0,0,1,0,0,0,1,1,0,1], K = 20: event 1 has 1/4 flagged (> 20%) → adjusted,
 * event 2 2/2 → TP 6, FP 1, FN 0, F1 = 12/13.
 */
export interface PointAdjustOptions {
  /** K in [0, 100], in percent. */
  k: number;
}

/** Predictions after PA%K adjustment, as a new 0/1 mask. */
export function pointAdjust(labels: Numbers, predictions: Numbers, options: PointAdjustOptions): Uint8Array {
  checkPointAdjustInputs('pointAdjust', labels, predictions, options);
  return adjust(labels, predictions, options.k);
}

/** Point-wise F1 in [0, 1] of the PA%K-adjusted predictions (a diagnostic, never a headline). */
export function pointAdjustedF1(labels: Numbers, predictions: Numbers, options: PointAdjustOptions): number {
  checkPointAdjustInputs('pointAdjustedF1', labels, predictions, options);
  const adjusted = adjust(labels, predictions, options.k);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < labels.length; i++) {
    if (adjusted[i] === 1) {
      if (labels[i] === 1) tp++;
      else fp++;
    } else if (labels[i] === 1) fn++;
  }
  return (2 * tp) / (2 * tp + fp + fn); // fn ≥ 1 whenever tp = 0, as labels hold an event
}

function adjust(labels: Numbers, predictions: Numbers, k: number): Uint8Array {
  const out = Uint8Array.from(predictions as ArrayLike<number>);
  for (const { start, end } of runsOf(labels)) {
    let hits = 0;
    for (let i = start; i < end; i++) hits += out[i];
    if (hits > (k / 100) * (end - start)) out.fill(1, start, end);
  }
  return out;
}

function checkPointAdjustInputs(fn: string, labels: Numbers, predictions: Numbers, options: PointAdjustOptions): void {
  checkSameLength(fn, labels, predictions, ['labels', 'predictions']);
  checkBinaryLabels(fn, labels);
  for (let i = 0; i < predictions.length; i++) {
    if (predictions[i] !== 0 && predictions[i] !== 1) throw new Error(`${fn}: predictions must be 0 or 1, got ${predictions[i]} at index ${i}`);
  }
  const k = options?.k;
  if (typeof k !== 'number' || !(k >= 0 && k <= 100)) throw new Error(`${fn}: k must be a percentage in [0, 100], got ${k}`);
  if (runsOf(labels).length === 0) throw new Error(`${fn}: labels hold no event (no 1s); F1 is undefined`);
}
