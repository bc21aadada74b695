/**
 * DBSCAN (Ester et al. 1996), the fallback when HDBSCAN is not wanted, with sklearn.cluster.DBSCAN's
 * semantics: the neighbourhood of a point is every point within distance ≤ eps, itself included; a
 * core point has ≥ minSamples of them; clusters grow from core points in index order, and a border
 * point joins the first cluster that reaches it. Exact brute force, O(n²·d) time at worst, O(n)
 * memory; blocks and the principal-axes screen (blocks.ts, screen.ts) skip pairs that are provably
 * farther than eps.
 */
import { buildBlocks, type Blocks } from './blocks';
import { squaredDistanceUpTo } from './distance';
import { asFloat64, checkInt, checkKeys, checkPoints, type Points } from './points';
import { principalScreen, safeThreshold, SCREEN_AXES } from './screen';

// Module-level copies: under the CommonJS transform an imported binding is a getter call at every use.
const distUpTo = squaredDistanceUpTo;
const A = SCREEN_AXES;

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
  const screen = principalScreen(x, n, d);
  const y = screen ? screen.y : new Float64Array(n * A);
  const safe = screen ? safeThreshold(eps2, screen.slack) : Infinity;
  const blk = buildBlocks(y, n, 64);
  const count = neighbourCounts(x, y, blk, d, eps2, safe);
  const core = new Uint8Array(n);
  for (let i = 0; i < n; i++) core[i] = count[i] >= minSamples ? 1 : 0;
  const buf = new Int32Array(n);
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
      // Every labelled point was queued, so `queued` alone says who is settled.
      const m = neighbours(x, y, blk, d, eps2, safe, v, queued, buf);
      for (let t = 0; t < m; t++) {
        stack[top++] = buf[t];
        queued[buf[t]] = 1;
      }
    }
    k++;
  }
  return { labels, core, nClusters: k };
}

/** Points within eps of each point `[n]`, itself included; each pair is examined once (block order). */
function neighbourCounts(x: Float64Array, y: Float64Array, blk: Blocks, d: number, eps2: number, safe: number): Int32Array {
  const { order, start, lo, hi, nBlocks } = blk;
  const count = new Int32Array(order.length).fill(1);
  for (let own = 0; own < nBlocks; own++) {
    for (let r = start[own]; r < start[own + 1]; r++) {
      const p = order[r];
      const p0 = y[A * p];
      const p1 = y[A * p + 1];
      const p2 = y[A * p + 2];
      const p3 = y[A * p + 3];
      for (let b = own; b < nBlocks; b++) {
        const g0 = p0 < lo[A * b] ? lo[A * b] - p0 : p0 > hi[A * b] ? p0 - hi[A * b] : 0;
        const g1 = p1 < lo[A * b + 1] ? lo[A * b + 1] - p1 : p1 > hi[A * b + 1] ? p1 - hi[A * b + 1] : 0;
        const g2 = p2 < lo[A * b + 2] ? lo[A * b + 2] - p2 : p2 > hi[A * b + 2] ? p2 - hi[A * b + 2] : 0;
        const g3 = p3 < lo[A * b + 3] ? lo[A * b + 3] - p3 : p3 > hi[A * b + 3] ? p3 - hi[A * b + 3] : 0;
        if (g0 * g0 + g1 * g1 + (g2 * g2 + g3 * g3) > safe) continue;
        for (let t = b === own ? r + 1 : start[b]; t < start[b + 1]; t++) {
          const j = order[t];
          const t0 = p0 - y[A * j];
          const t1 = p1 - y[A * j + 1];
          const t2 = p2 - y[A * j + 2];
          const t3 = p3 - y[A * j + 3];
          if (t0 * t0 + t1 * t1 + (t2 * t2 + t3 * t3) > safe) continue;
          if (distUpTo(x, p * d, j * d, d, eps2) <= eps2) {
            count[p]++;
            count[j]++;
          }
        }
      }
    }
  }
  return count;
}

/** Original indices of the points within eps of point p, other than those flagged in `settled`, into `out`; returns how many. */
function neighbours(x: Float64Array, y: Float64Array, blk: Blocks, d: number, eps2: number, safe: number, p: number, settled: Uint8Array, out: Int32Array): number {
  const { order, start, lo, hi, nBlocks } = blk;
  const p0 = y[A * p];
  const p1 = y[A * p + 1];
  const p2 = y[A * p + 2];
  const p3 = y[A * p + 3];
  let m = 0;
  for (let b = 0; b < nBlocks; b++) {
    const g0 = p0 < lo[A * b] ? lo[A * b] - p0 : p0 > hi[A * b] ? p0 - hi[A * b] : 0;
    const g1 = p1 < lo[A * b + 1] ? lo[A * b + 1] - p1 : p1 > hi[A * b + 1] ? p1 - hi[A * b + 1] : 0;
    const g2 = p2 < lo[A * b + 2] ? lo[A * b + 2] - p2 : p2 > hi[A * b + 2] ? p2 - hi[A * b + 2] : 0;
    const g3 = p3 < lo[A * b + 3] ? lo[A * b + 3] - p3 : p3 > hi[A * b + 3] ? p3 - hi[A * b + 3] : 0;
    if (g0 * g0 + g1 * g1 + (g2 * g2 + g3 * g3) > safe) continue;
    for (let r = start[b]; r < start[b + 1]; r++) {
      const j = order[r];
      if (settled[j]) continue;
      const t0 = p0 - y[A * j];
      const t1 = p1 - y[A * j + 1];
      const t2 = p2 - y[A * j + 2];
      const t3 = p3 - y[A * j + 3];
      if (t0 * t0 + t1 * t1 + (t2 * t2 + t3 * t3) > safe) continue;
      if (distUpTo(x, p * d, j * d, d, eps2) <= eps2) out[m++] = j;
    }
  }
  return m;
}
