/**
 * SmartNetGuard's attack ratio: how much larger the reconstruction error is on attack samples than on
 * benign ones. Callers choose the labelling: window-end labels give AR, any-attack-in-window labels give
 * AR_any. Errors must be finite and ≥ 0 (per-sample reconstruction errors); both classes are required and
 * the benign mean must be > 0, otherwise the ratio is undefined and these functions throw.
 */
import type { Numbers } from './validate';
import { checkBinaryInputs, checkBothClasses } from './validate';
import { sortAscending } from './sort';

function checkErrors(fn: string, errors: Numbers, labels: Numbers): void {
  checkBinaryInputs(fn, labels, errors);
  checkBothClasses(fn, labels);
  for (let i = 0; i < errors.length; i++) {
    if (errors[i] < 0) throw new Error(`${fn}: errors must be ≥ 0, got ${errors[i]} at index ${i}`);
  }
}

function ratio(fn: string, attackMean: number, benignMean: number): number {
  if (benignMean === 0) throw new Error(`${fn}: mean benign error is 0, the ratio is undefined`);
  return attackMean / benignMean;
}

/** mean(error | label 1) / mean(error | label 0). Example: attackRatio([1,3,4,8],[0,0,1,1]) → 3. */
export function attackRatio(errors: Numbers, labels: Numbers): number {
  checkErrors('attackRatio', errors, labels);
  let s1 = 0, n1 = 0, s0 = 0, n0 = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] === 1) { s1 += errors[i]; n1++; } else { s0 += errors[i]; n0++; }
  }
  return ratio('attackRatio', s1 / n1, s0 / n0);
}

/** scipy.stats.trim_mean: drop floor(trim·n) values (int() in floating point) from each end of the sorted values. */
function trimmedMean(values: Float64Array, trim: number): number {
  const sorted = sortAscending(values);
  const n = sorted.length;
  const cut = Math.floor(trim * n);
  let s = 0;
  for (let i = cut; i < n - cut; i++) s += sorted[i];
  return s / (n - 2 * cut);
}

/**
 * attackRatio with each class's errors trimmed like scipy.stats.trim_mean: cut = floor(trim·n_class) lowest and as
 * many highest values (floor, so fewer than 1/trim samples cut nothing); trim ∈ [0, 0.5).
 * Example: trimmedAttackRatio([1,2,3,100, 4,6,8,1000],[0,0,0,0,1,1,1,1],0.25) → 7/2.5 = 2.8.
 */
export function trimmedAttackRatio(errors: Numbers, labels: Numbers, trim = 0.01): number {
  const fn = 'trimmedAttackRatio';
  if (typeof trim !== 'number' || !(trim >= 0 && trim < 0.5)) throw new Error(`${fn}: trim must be in [0, 0.5), got ${trim}`);
  checkErrors(fn, errors, labels);
  let n1 = 0;
  for (let i = 0; i < labels.length; i++) n1 += labels[i];
  const attack = new Float64Array(n1);
  const benign = new Float64Array(labels.length - n1);
  let a = 0, b = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] === 1) attack[a++] = errors[i];
    else benign[b++] = errors[i];
  }
  return ratio(fn, trimmedMean(attack, trim), trimmedMean(benign, trim));
}
