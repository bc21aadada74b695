/**
 * Stratified random split (rows in no meaningful order, e.g. a sampled flow table) and a per-class
 * cap on training rows; seeded through the caller's Rng. Used by NIDS.
 */
import type { Rng } from '../random';
import { checkFractions, checkNonEmpty, type SplitCheckOptions, type SplitFractions, type SplitIndices } from './split';

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
export function stratifiedSplit(labels: ArrayLike<string | number>, fractions: SplitFractions, rng: Rng, opts: SplitCheckOptions = {}): SplitIndices {
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
  checkNonEmpty({ train: train.length, val: val.length, test: test.length }, labels.length, opts);
  return { train, val, test };
}

function classCuts(n: number, f: SplitFractions): [number, number] {
  if (n === 1) return [1, 0];
  if (n === 2) return [1, 0];
  let nVa = Math.max(1, Math.round(n * f.val));
  let nTe = Math.max(1, n - Math.round(n * f.train) - nVa);
  if (nVa + nTe >= n) [nVa, nTe] = [1, 1];
  return [n - nVa - nTe, nVa];
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

/**
 * Random oversampling of the training rows: a class with fewer than `minRows` rows is repeated up to
 * `minRows` (each row ⌊minRows / count⌋ times, the remainder drawn without replacement, seeded); larger
 * classes are unchanged. Result ascending, so a row's copies sit beside it (time order is kept).
 */
export function oversamplePerClass(rows: Int32Array, labels: ArrayLike<string | number>, minRows: number, rng: Rng): Int32Array {
  const by = rowsByClass(Array.from(rows, (i) => labels[i]));
  const out: number[] = [];
  for (const [, local] of [...by.entries()].sort((a, b) => String(a[0]).localeCompare(String(b[0])))) {
    const copies = Math.max(1, Math.floor(minRows / local.length));
    for (const j of local) for (let k = 0; k < copies; k++) out.push(rows[j]);
    const rest = minRows - copies * local.length;
    if (rest > 0) for (const j of rng.shuffle(local).slice(0, rest)) out.push(rows[j]);
  }
  return Int32Array.from(out).sort();
}
