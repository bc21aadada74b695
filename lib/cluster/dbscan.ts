/**
 * DBSCAN (Ester et al. 1996), the fallback when HDBSCAN is not wanted, with sklearn.cluster.DBSCAN's
 * semantics: the neighbourhood of a point is every point within distance ≤ eps, itself included; a
 * core point has ≥ minSamples of them; clusters grow from core points in index order, and a border
 * point joins the first cluster that reaches it. Brute force, O(n²·d) time, O(n) memory.
 */
import { squaredDistanceUpTo } from './distance';
import { asFloat64, checkInt, checkKeys, checkPoints, type Points } from './points';

const distUpTo = squaredDistanceUpTo; // local copy: an imported binding is a getter call under CommonJS

export interface DbscanOptions {
  /** Features per point; `points` is row-major `[n, dims]`. */
  dims: number;
  /** Neighbourhood radius (same units as the points), > 0. */
  eps: number;
  /** Neighbours within eps, the point itself included, that make a core point (≥ 1). Default 5. */
  minSamples?: number;
}

export interface DbscanResult {
  /** `[n]`: −1 = noise, clusters 0..k−1 in order of their first core point. */
  labels: Int32Array;
  /** `[n]`: 1 for core points. */
  core: Uint8Array;
  nClusters: number;
}

/** Cluster `points` `[n, dims]` with DBSCAN. */
export function dbscan(points: Points, opts: DbscanOptions): DbscanResult {
  const fn = 'dbscan';
  if (opts === null || typeof opts !== 'object') throw new Error(`${fn}: options object with dims and eps is required`);
  checkKeys(fn, opts, ['dims', 'eps', 'minSamples']);
  const n = checkPoints(fn, points, opts.dims);
  if (!(typeof opts.eps === 'number' && Number.isFinite(opts.eps) && opts.eps > 0)) throw new Error(`${fn}: eps must be a finite number > 0, got ${String(opts.eps)}`);
  const minSamples = checkInt(fn, 'minSamples', opts.minSamples ?? 5, 1);
  return dbscanKernel(asFloat64(points), n, opts.dims, opts.eps * opts.eps, minSamples);
}

function dbscanKernel(x: Float64Array, n: number, d: number, eps2: number, minSamples: number): DbscanResult {
  const count = new Int32Array(n).fill(1); // the point itself
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (distUpTo(x, i * d, j * d, d, eps2) <= eps2) {
        count[i]++;
        count[j]++;
      }
    }
  }
  const core = new Uint8Array(n);
  for (let i = 0; i < n; i++) core[i] = count[i] >= minSamples ? 1 : 0;
  const labels = new Int32Array(n).fill(-1);
  const stack = new Int32Array(n);
  const queued = new Uint8Array(n);
  let k = 0;
  for (let seed = 0; seed < n; seed++) {
    if (labels[seed] !== -1 || !core[seed]) continue;
    let top = 0;
    stack[top++] = seed;
    queued[seed] = 1;
    while (top > 0) {
      const v = stack[--top];
      labels[v] = k;
      if (!core[v]) continue;
      for (let j = 0; j < n; j++) {
        if (labels[j] !== -1 || queued[j]) continue;
        if (distUpTo(x, v * d, j * d, d, eps2) <= eps2) {
          stack[top++] = j;
          queued[j] = 1;
        }
      }
    }
    k++;
  }
  return { labels, core, nClusters: k };
}

export { estimateEps, kDistances, kneeIndex, type EpsOptions } from './eps';
