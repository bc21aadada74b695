/**
 * Splits are made before anything is fitted, so no statistic of validation or test rows leaks into
 * training. This file: the time-ordered split (leading fractions of rows already in time order)
 * and the checks every split shares; split-campaign.ts (GRU-SAE's campaign lists) and
 * split-stratified.ts (per-class random split, NIDS) build on them.
 */

/** Leading fractions: train, then val; test is the rest. */
export interface SplitFractions {
  train: number;
  val: number;
}

/** Half-open index ranges [start, end) of a time-ordered train / validation / test split. */
export interface TimeSplit {
  train: [number, number];
  val: [number, number];
  test: [number, number];
}

/** Row indices of each split, ascending (so time order, or file order, is kept within a split). */
export interface SplitIndices {
  train: Int32Array;
  val: Int32Array;
  test: Int32Array;
}

export interface SplitCheckOptions {
  /** Where the fractions are set, added to the empty-split message (e.g. "nids.data.train_fraction / val_fraction"). */
  hint?: string;
}

/**
 * Split n time-ordered rows into consecutive train / val / test blocks (e.g. 0.7 / 0.15 / rest).
 * Fractions must be > 0 with train + val < 1, and no block may be empty.
 */
export function timeSplit(n: number, fractions: SplitFractions, opts: SplitCheckOptions = {}): TimeSplit {
  checkFractions(fractions);
  const [a, b] = fractionCuts(n, fractions);
  checkNonEmpty({ train: a, val: b - a, test: n - b }, n, opts);
  return { train: [0, a], val: [a, b], test: [b, n] };
}

/** A time split's ranges as index arrays (start, start+1, …, end−1 of each). */
export function timeSplitIndices(s: TimeSplit): SplitIndices {
  const range = ([start, end]: [number, number]) => Int32Array.from({ length: end - start }, (_, i) => start + i);
  return { train: range(s.train), val: range(s.val), test: range(s.test) };
}

/** Where leading fractions cut n ordered items: train is [0, a), val [a, b), test [b, n). No checks. */
export function fractionCuts(n: number, fractions: SplitFractions): [number, number] {
  return [Math.floor(n * fractions.train), Math.floor(n * (fractions.train + fractions.val))];
}

/** train > 0, val > 0 and train + val < 1, else an error giving both. */
export function checkFractions(f: SplitFractions): void {
  if (!(f.train > 0 && f.val > 0 && f.train + f.val < 1)) throw new Error(`split fractions need train > 0, val > 0, train + val < 1; got train ${f.train}, val ${f.val}`);
}

/** An error naming the first empty split and every split's size. */
export function checkNonEmpty(sizes: Record<'train' | 'val' | 'test', number>, n: number, opts: SplitCheckOptions = {}): void {
  for (const name of ['train', 'val', 'test'] as const) {
    if (sizes[name] === 0) throw new Error(`the ${name} split is empty (${n} rows: train ${sizes.train}, val ${sizes.val}, test ${sizes.test}); use more data or other fractions${opts.hint ? ` (${opts.hint})` : ''}`);
  }
}
