/**
 * Choosing DBSCAN's eps from the k-distance curve (Ester et al. 1996, §4.2): sort every point's
 * distance to its k-th nearest neighbour, k = minSamples with the point itself counted (so at
 * eps = a point's k-distance that point is exactly a core point), and take
 * - 'knee' (default): the Kneedle knee (Satopää et al. 2011) of the ascending curve, i.e. the index
 *   maximising x − y once both axes are scaled to [0, 1] (first index on ties; the first value when
 *   the curve is flat). Points right of the knee are the sparse ones: noise at that eps.
 * - 'quantile': numpy.quantile (linear) of the k-distances at `quantile` (default 0.9): about that
 *   share of points is core.
 * The result is never 0 (DBSCAN needs eps > 0): a choice that lands on zero k-distances (k or more
 * duplicate points) moves up to the smallest positive k-distance, or to Number.MIN_VALUE when all
 * are 0 (every point has k − 1 exact duplicates; then only identical points are neighbours).
 */
import { quantileOfSorted } from '../eval/quantile';
import { kthNeighbourSquared } from './core-distances';
import { asFloat64, checkInt, checkKeys, checkPoints, type Points } from './points';

export interface EpsOptions {
  /** Features per point; `points` is row-major `[n, dims]`. */
  dims: number;
  /** DBSCAN's minSamples = the k of the k-distance, the point itself counted; 2 ≤ k ≤ n. Default 5. */
  minSamples?: number;
  method?: 'knee' | 'quantile';
  /** For 'quantile', in [0, 1]. Default 0.9. */
  quantile?: number;
}

/** Suggested eps (same units as the points) for DBSCAN on `points` `[n, dims]`. */
export function estimateEps(points: Points, opts: EpsOptions): number {
  const fn = 'estimateEps';
  if (opts === null || typeof opts !== 'object') throw new Error(`${fn}: options object with dims is required`);
  checkKeys(fn, opts, ['dims', 'minSamples', 'method', 'quantile']);
  const method = opts.method ?? 'knee';
  if (method !== 'knee' && method !== 'quantile') throw new Error(`${fn}: method must be 'knee' or 'quantile', got ${String(method)}`);
  const q = opts.quantile ?? 0.9;
  if (!(typeof q === 'number' && q >= 0 && q <= 1)) throw new Error(`${fn}: quantile must be in [0, 1], got ${String(q)}`);
  const curve = kDistances(points, { dims: opts.dims, k: opts.minSamples ?? 5 }, fn);
  const eps = method === 'quantile' ? quantileOfSorted(curve, q) : curve[kneeIndex(curve)];
  if (eps > 0) return eps;
  const positive = curve.find((v) => v > 0);
  return positive ?? Number.MIN_VALUE;
}

/** The k-distance curve `[n]`, ascending: each point's distance to its k-th nearest neighbour, itself counted. */
export function kDistances(points: Points, opts: { dims: number; k: number }, fn = 'kDistances'): Float64Array {
  const n = checkPoints(fn, points, opts.dims);
  const k = checkInt(fn, 'minSamples (k)', opts.k, 2);
  if (k > n) throw new Error(`${fn}: minSamples (k = ${k}) must be at most the number of points (${n})`);
  return kthNeighbourSquared(asFloat64(points), n, opts.dims, k).map(Math.sqrt).sort();
}

/** Kneedle knee of an ascending curve: argmax of i / (n − 1) − (v_i − v_0) / (v_max − v_0). Example: [1, 1, 1, 1, 9] → 3. */
export function kneeIndex(sorted: Float64Array): number {
  const n = sorted.length;
  const lo = sorted[0];
  const span = sorted[n - 1] - lo;
  if (n < 3 || !(span > 0)) return 0;
  let best = 0;
  let bestGap = -Infinity;
  for (let i = 0; i < n; i++) {
    const gap = i / (n - 1) - (sorted[i] - lo) / span;
    if (gap > bestGap) {
      bestGap = gap;
      best = i;
    }
  }
  return best;
}
