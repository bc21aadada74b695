import { checkFiniteScores, type Numbers } from './validate';
import { sortAscending } from './sort';

/** numpy.quantile(sorted, q), default 'linear' method, bit-for-bit (numpy 1.24 `_lerp`). Example: quantileOfSorted([1,2,3,4], 0.75) → 3.25. */
export function quantileOfSorted(sorted: Numbers, q: number): number {
  const n = sorted.length;
  const virtual = (n - 1) * q;
  const lo = Math.floor(virtual);
  const hi = Math.min(lo + 1, n - 1);
  const t = virtual - lo;
  const a = sorted[lo];
  const b = sorted[hi];
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/** numpy.quantile(values, q) for unsorted finite values, q ∈ [0, 1]. Example: quantile([4, 1, 3, 2], 0.5) → 2.5. */
export function quantile(values: Numbers, q: number): number {
  if (!(q >= 0 && q <= 1)) throw new Error(`quantile: q must be in [0, 1], got ${q}`);
  if (values.length === 0) throw new Error('quantile: empty input (no values)');
  checkFiniteScores('quantile', values, 'values');
  return quantileOfSorted(sortAscending(Float64Array.from(values)), q);
}
