import type { Numbers } from './validate';

/**
 * Indices to draw a line of `y` with at most `maxPoints` points. Keeps the first and last point and,
 * in each of ~maxPoints/2 equal index buckets, the minimum and the maximum (in index order), so
 * spikes (anomaly scores!) survive, unlike striding or averaging. Identity when already small.
 */
export function minMaxIndices(y: Numbers, maxPoints: number): number[] {
  const n = y.length;
  if (n <= maxPoints) return Array.from({ length: n }, (_, i) => i);
  const buckets = Math.max(1, Math.floor((maxPoints - 2) / 2));
  const out = [0];
  const inner = n - 2;
  for (let b = 0; b < buckets; b++) {
    const lo = 1 + Math.floor((b * inner) / buckets);
    const hi = 1 + Math.floor(((b + 1) * inner) / buckets);
    if (hi <= lo) continue;
    let iMin = lo, iMax = lo;
    for (let i = lo + 1; i < hi; i++) {
      if (y[i] < y[iMin]) iMin = i;
      if (y[i] > y[iMax]) iMax = i;
    }
    if (iMin === iMax) out.push(iMin);
    else out.push(Math.min(iMin, iMax), Math.max(iMin, iMax));
  }
  out.push(n - 1);
  return out;
}

/**
 * Indices to draw a curve (ROC, PR) with about `maxPoints` points: keep a point once the path has
 * moved a fixed L1 distance since the last kept one, so corners stay and dense flat runs thin out.
 */
export function pathIndices(x: Numbers, y: Numbers, maxPoints: number): number[] {
  const n = x.length;
  if (n <= maxPoints) return Array.from({ length: n }, (_, i) => i);
  let total = 0;
  for (let i = 1; i < n; i++) total += Math.abs(x[i] - x[i - 1]) + Math.abs(y[i] - y[i - 1]);
  const step = total / (maxPoints - 2);
  const out = [0];
  let acc = 0;
  for (let i = 1; i < n - 1; i++) {
    acc += Math.abs(x[i] - x[i - 1]) + Math.abs(y[i] - y[i - 1]);
    if (acc >= step) {
      out.push(i);
      acc = 0;
    }
  }
  out.push(n - 1);
  return out;
}

/** Evenly spread indices, at most `maxPoints` of them (for scatter plots: keeps group proportions of sorted data). */
export function strideIndices(n: number, maxPoints: number): number[] {
  if (n <= maxPoints) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: maxPoints }, (_, k) => Math.floor((k * n) / maxPoints));
}
