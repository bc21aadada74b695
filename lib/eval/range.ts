/**
 * Range-based precision and recall for time series (Tatbul, Lee, Zdonik, Alam, Gottschlich,
 * "Precision and Recall for Time Series", NeurIPS 2018, arXiv:1803.03639).
 *
 * Ported from the authors' reference implementation, IntelLabs/TSAD-Evaluator
 * `src/evaluator.cpp` (compute_precision, compute_recall, compute_omega_reward, omega_function,
 * gamma_select, delta_select) and `src/evaluator.h` (compute_fscore), with the same operation
 * order so the numbers agree to the last bit. Differences, all documented below: the per-index
 * positional-weight loop is replaced by closed-form prefix sums of the same integers; F1 is 0
 * (not NaN) when precision and recall are both 0; all-0 labels are an error.
 *
 * Worked example (also a unit test): labels [0,0,1,1,1,1,1,0,1,1,1] (real ranges [2,6], [8,10]),
 * predictions [0,1,1,1,0,1,1,1,0,0,0] (predicted ranges [1,3], [5,7]), flat bias, cardinality 'one':
 * precision = mean(2/3, 2/3) = 2/3; recall = mean(2/5 + 2/5, 0) = 0.4; with the default
 * 'reciprocal' cardinality the first real range is hit by 2 predictions, so recall = mean(0.8/2, 0) = 0.2.
 */
import { checkBinaryLabels, checkBinaryMask, checkSameLength, type Numbers } from './validate';
import { runsOf, type Run } from './runs';

/** Positional bias δ: which positions of a range matter most (TSAD-Evaluator `positional_bias`). */
export type PositionalBias = 'flat' | 'front' | 'back' | 'middle';
/** Overlap-cardinality factor γ: 'reciprocal' = 1/x for x > 1 overlapping ranges, 'one' = 1. */
export type Cardinality = 'reciprocal' | 'one';

export interface RangeOptions {
  /** Weight of the existence reward in recall, in [0, 1]. Default 0. Precision never has one (α_P = 0). */
  alpha?: number;
  /** Positional bias for both precision and recall. Default 'flat'. */
  bias?: PositionalBias;
  /** Overlap-cardinality factor for both. Default 'reciprocal' (TSAD-Evaluator's CLI default is 'one'). */
  cardinality?: Cardinality;
  /** Overrides `bias` for recall. */
  recallBias?: PositionalBias;
  /** Overrides `bias` for precision. */
  precisionBias?: PositionalBias;
}

export interface RangePrecisionRecall {
  precision: number;
  recall: number;
  /** 2PR/(P+R), and 0 when P = R = 0 (TSAD-Evaluator would give NaN there; prts/aeon give 0). */
  f1: number;
}

const FN = 'rangePrecisionRecall';
const BIASES: readonly PositionalBias[] = ['flat', 'front', 'back', 'middle'];
const CARDINALITIES: readonly Cardinality[] = ['reciprocal', 'one'];
const OPTION_KEYS = ['alpha', 'bias', 'cardinality', 'recallBias', 'precisionBias'];

/**
 * Range-based precision, recall and F1 of a 0/1 prediction sequence against 0/1 labels, both of
 * shape [time]. Ranges are the maximal runs of 1s. Edge cases: labels with no 1 throw (recall is
 * undefined: no real range); predictions with no 1 give precision 0 and recall α·0 + 0 = 0 (as the
 * reference's `compute_precision` returns 0.0 for an empty prediction set), so f1 0.
 */
export function rangePrecisionRecall(labels: Numbers, predictions: Numbers, options: RangeOptions = {}): RangePrecisionRecall {
  checkSameLength(FN, labels, predictions, ['labels', 'predictions']);
  checkBinaryLabels(FN, labels);
  checkBinaryMask(FN, predictions, 'predictions');
  const o = resolveOptions(options);
  const real = runsOf(labels);
  if (real.length === 0) throw new Error(`${FN}: labels hold no anomalous range (all 0); range-based recall is undefined`);
  return rangeScores(real, runsOf(predictions), o);
}

interface Resolved {
  alpha: number;
  cardinality: Cardinality;
  recallBias: PositionalBias;
  precisionBias: PositionalBias;
}

function resolveOptions(options: RangeOptions): Resolved {
  for (const k of Object.keys(options)) {
    if (!OPTION_KEYS.includes(k)) throw new Error(`${FN}: unknown option "${k}" (known: ${OPTION_KEYS.join(', ')})`);
  }
  const alpha = options.alpha ?? 0;
  if (typeof alpha !== 'number' || !(alpha >= 0 && alpha <= 1)) throw new Error(`${FN}: alpha must be a number in [0, 1], got ${alpha}`);
  const bias = checkChoice('bias', options.bias ?? 'flat', BIASES);
  const cardinality = checkChoice('cardinality', options.cardinality ?? 'reciprocal', CARDINALITIES);
  return {
    alpha,
    cardinality,
    recallBias: checkChoice('recallBias', options.recallBias ?? bias, BIASES),
    precisionBias: checkChoice('precisionBias', options.precisionBias ?? bias, BIASES),
  };
}

function checkChoice<T extends string>(name: string, value: T, allowed: readonly T[]): T {
  if (!allowed.includes(value)) throw new Error(`${FN}: ${name} must be one of ${allowed.join(', ')}, got ${String(value)}`);
  return value;
}

/** Kernel: trusts that `real` is non-empty and both lists are sorted, disjoint half-open runs. */
function rangeScores(real: readonly Run[], predicted: readonly Run[], o: Resolved): RangePrecisionRecall {
  // The reference's compute_precision returns 0.0 when there is no predicted range.
  const precision = predicted.length === 0 ? 0 : meanReward(predicted, real, 0, o.precisionBias, o.cardinality);
  const recall = meanReward(real, predicted, o.alpha, o.recallBias, o.cardinality);
  const f1 = precision + recall === 0 ? 0 : (2 * (precision * recall)) / (precision + recall);
  return { precision, recall, f1 };
}

/**
 * Mean over `targets` of α·Existence + (1−α)·γ(x)·Σ_j ω(target, target ∩ other_j), x = number of
 * `others` overlapping the target. Both lists are sorted, so one sweep finds the overlaps: O(T + O).
 */
function meanReward(targets: readonly Run[], others: readonly Run[], alpha: number, bias: PositionalBias, cardinality: Cardinality): number {
  let total = 0;
  let first = 0; // first other that can still overlap the current or a later target
  for (const t of targets) {
    while (first < others.length && others[first].end <= t.start) first++;
    let omegaReward = 0;
    let overlapCount = 0;
    for (let k = first; k < others.length && others[k].start < t.end; k++) {
      overlapCount++;
      omegaReward += omega(t, Math.max(t.start, others[k].start), Math.min(t.end, others[k].end), bias);
    }
    const gamma = cardinality === 'one' || overlapCount <= 1 ? 1 : 1 / overlapCount;
    const overlapReward = gamma * omegaReward;
    const existenceReward = overlapCount > 0 ? 1 : 0;
    total += alpha * existenceReward + (1 - alpha) * overlapReward;
  }
  return total / targets.length;
}

/**
 * ω: share of the range's positional weight that falls in the overlap [from, to) (half-open).
 * Position t = 1..ℓ inside the range weighs δ(t, ℓ); sums of δ are integers, so the closed form
 * equals the reference's per-index loop exactly.
 */
function omega(range: Run, from: number, to: number, bias: PositionalBias): number {
  const len = range.end - range.start;
  const a = from - range.start; // positions a+1 .. b overlap
  const b = to - range.start;
  return (biasPrefix(b, len, bias) - biasPrefix(a, len, bias)) / biasPrefix(len, len, bias);
}

/**
 * S(k) = Σ_{t=1..k} δ(t, ℓ) with TSAD-Evaluator's `delta_select`: flat 1; front ℓ − t + 1;
 * back t; middle t for t ≤ ⌊ℓ/2⌋ (C++ integer division), else ℓ − t + 1.
 */
function biasPrefix(k: number, len: number, bias: PositionalBias): number {
  switch (bias) {
    case 'flat':
      return k;
    case 'front':
      return k * (len + 1) - (k * (k + 1)) / 2;
    case 'back':
      return (k * (k + 1)) / 2;
    case 'middle': {
      const h = Math.floor(len / 2);
      if (k <= h) return (k * (k + 1)) / 2;
      return (h * (h + 1)) / 2 + (k - h) * (len + 1) - ((k * (k + 1)) / 2 - (h * (h + 1)) / 2);
    }
  }
}
