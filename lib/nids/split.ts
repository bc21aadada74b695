/** Splits before anything is fitted: stratified (random samples) or time-ordered (data in time order); seeded. */
import { fractionCuts } from '../preprocess/split';
import type { Rng } from '../random';

/** Row indices of each split, ascending (so time order, or file order, is kept within a split). */
export interface SplitIndices {
  train: Int32Array;
  val: Int32Array;
  test: Int32Array;
}

export interface SplitFractions {
  train: number;
  val: number;
}

/** Rows grouped by class value, in row order. */
export function rowsByClass(labels: ArrayLike<string | number>): Map<string | number, number[]> {
  const by = new Map<string | number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const list = by.get(labels[i]);
    if (list) list.push(i);
    else by.set(labels[i], [i]);
  }
  return by;
}

/**
 * Stratified random split: each class is shuffled and cut at the fractions, so every split has each
 * class's share. A class of 1 row goes to train; of 2 rows, one to train and one to test; of ≥ 3
 * rows, at least one to each split (rare attacks then appear in validation and test too).
 */
export function stratifiedSplit(labels: ArrayLike<string | number>, fractions: SplitFractions, rng: Rng): SplitIndices {
  checkFractions(fractions);
  const parts: number[][] = [[], [], []];
  const classes = [...rowsByClass(labels).entries()].sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  for (const [, rows] of classes) {
    const shuffled = rng.shuffle(rows);
    const [nTr, nVa] = classCuts(rows.length, fractions);
    // A loop, not push(...spread): a class of 280k rows would overflow the call stack.
    shuffled.forEach((row, j) => parts[j < nTr ? 0 : j < nTr + nVa ? 1 : 2].push(row));
  }
  const [train, val, test] = parts.map((p) => Int32Array.from(p).sort());
  return checkNonEmpty({ train, val, test }, labels.length);
}

function classCuts(n: number, f: SplitFractions): [number, number] {
  if (n === 1) return [1, 0];
  if (n === 2) return [1, 0];
  let nVa = Math.max(1, Math.round(n * f.val));
  let nTe = Math.max(1, n - Math.round(n * f.train) - nVa);
  if (nVa + nTe >= n) [nVa, nTe] = [1, 1];
  return [n - nVa - nTe, nVa];
}

/** Leading fractions of the rows in their (time) order: train, then val, then test. */
export function timeSplit(n: number, fractions: SplitFractions): SplitIndices {
  checkFractions(fractions);
  const [a, b] = fractionCuts(n, fractions);
  const range = (s: number, e: number) => Int32Array.from({ length: e - s }, (_, i) => s + i);
  return checkNonEmpty({ train: range(0, a), val: range(a, b), test: range(b, n) }, n);
}

/**
 * Cap the training rows at about `cap`, per class: every class keeps the overall sampling rate, but
 * at least `minPerClass` rows (all of a smaller class), so rare attacks are kept whole. Seeded; result ascending.
 */
export function capPerClass(rows: Int32Array, labels: ArrayLike<string | number>, cap: number, minPerClass: number, rng: Rng): Int32Array {
  if (rows.length <= cap) return rows.slice();
  const rate = cap / rows.length;
  const by = rowsByClass(Array.from(rows, (i) => labels[i]));
  const keep: number[] = [];
  for (const [, local] of [...by.entries()].sort((a, b) => String(a[0]).localeCompare(String(b[0])))) {
    const k = Math.min(local.length, Math.max(Math.round(rate * local.length), minPerClass));
    const chosen = k >= local.length ? local : rng.shuffle(local).slice(0, k);
    for (const j of chosen) keep.push(rows[j]);
  }
  return Int32Array.from(keep).sort();
}

function checkFractions(f: SplitFractions): void {
  if (!(f.train > 0 && f.val > 0 && f.train + f.val < 1)) throw new Error(`split fractions need train > 0, val > 0, train + val < 1; got train ${f.train}, val ${f.val}`);
}

function checkNonEmpty(s: SplitIndices, n: number): SplitIndices {
  for (const name of ['train', 'val', 'test'] as const) {
    if (s[name].length === 0) throw new Error(`the ${name} split is empty (${n} rows: train ${s.train.length}, val ${s.val.length}, test ${s.test.length}); use more data or other fractions (nids.data.train_fraction / val_fraction)`);
  }
  return s;
}
