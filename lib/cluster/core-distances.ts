/**
 * Core distances for HDBSCAN and k-distances for DBSCAN's eps: the distance from each point to its
 * k-th nearest neighbour, COUNTING THE POINT ITSELF (scikit-learn's convention: k = 1 gives 0, k = 2
 * the nearest other point). Exact brute force over each pair once (O(n²·d) at worst, O(n·k) memory);
 * most work is skipped without changing the result: every point starts from an upper bound on its
 * k-distance (the k-th nearest among its neighbours in block order, blocks.ts), and a pair, or a
 * whole block, is passed over when the screen bound (screen.ts) or a partial sum already puts it
 * beyond both points' bounds.
 */
import { buildBlocks, permuteRows } from './blocks';
import { squaredDistance, squaredDistanceUpTo } from './distance';
import { principalScreen, safeThreshold, SCREEN_AXES, type Screen } from './screen';

// Module-level copies: under the CommonJS transform an imported binding is a getter call at every
// use, which costs more than the distance itself in the hot loop.
const A = SCREEN_AXES;
const distUpTo = squaredDistanceUpTo;
const safeOf = safeThreshold;
const LEAF = 64;

/**
 * Squared distance `[n]` from each row of `x` (row-major `[n, d]`) to its k-th nearest neighbour,
 * the point itself included. Kernel: trusts 1 ≤ k ≤ n and finite input.
 */
export function kthNeighbourSquared(x: Float64Array, n: number, d: number, k: number, screen: Screen | null = principalScreen(x, n, d)): Float64Array {
  const m = k - 1; // neighbours other than the point itself
  if (m === 0) return new Float64Array(n);
  // Without a screen, all-zero coordinates give bounds of 0 that never skip anything.
  const y0 = screen ? screen.y : new Float64Array(n * A);
  const slack = screen ? screen.slack : 0;
  const blk = buildBlocks(y0, n, LEAF);
  const xs = permuteRows(x, blk.order, d);
  const y = permuteRows(y0, blk.order, A);
  const { lo, hi, start, nBlocks } = blk;
  // Running lists of the m smallest squared distances seen, per position: best[p*m .. p*m+m), ascending.
  const best = new Float64Array(n * m).fill(Infinity);
  const bound = candidateBounds(xs, n, d, m); // min(list's m-th, an upper bound on the final one)
  const safe = bound.map((b) => safeOf(b, slack)); // screen value beyond which a pair is not needed
  const maxSafe = new Float64Array(nBlocks); // per block: ≥ every member's safe (they only decrease)
  const insert = (p: number, s: number): void => {
    const o = p * m;
    let pos = m - 1;
    while (pos > 0 && best[o + pos - 1] > s) {
      best[o + pos] = best[o + pos - 1];
      pos--;
    }
    best[o + pos] = s;
    if (best[o + m - 1] < bound[p]) {
      bound[p] = best[o + m - 1];
      safe[p] = safeOf(bound[p], slack);
    }
  };
  let own = -1;
  for (let p = 0; p < n; p++) {
    if (own < 0 || start[own + 1] <= p) {
      own++;
      for (let b = own; b < nBlocks; b++) {
        let mx = -Infinity;
        for (let q = start[b]; q < start[b + 1]; q++) if (safe[q] > mx) mx = safe[q];
        maxSafe[b] = mx;
      }
    }
    const bp = p * d;
    const p0 = y[A * p];
    const p1 = y[A * p + 1];
    const p2 = y[A * p + 2];
    const p3 = y[A * p + 3];
    // Each pair once: later members of the own block, then later blocks.
    for (let b = own; b < nBlocks; b++) {
      const g0 = p0 < lo[A * b] ? lo[A * b] - p0 : p0 > hi[A * b] ? p0 - hi[A * b] : 0;
      const g1 = p1 < lo[A * b + 1] ? lo[A * b + 1] - p1 : p1 > hi[A * b + 1] ? p1 - hi[A * b + 1] : 0;
      const g2 = p2 < lo[A * b + 2] ? lo[A * b + 2] - p2 : p2 > hi[A * b + 2] ? p2 - hi[A * b + 2] : 0;
      const g3 = p3 < lo[A * b + 3] ? lo[A * b + 3] - p3 : p3 > hi[A * b + 3] ? p3 - hi[A * b + 3] : 0;
      const box = g0 * g0 + g1 * g1 + (g2 * g2 + g3 * g3);
      if (box > safe[p] && box > maxSafe[b]) continue;
      for (let q = b === own ? p + 1 : start[b]; q < start[b + 1]; q++) {
        const t0 = p0 - y[A * q];
        const t1 = p1 - y[A * q + 1];
        const t2 = p2 - y[A * q + 2];
        const t3 = p3 - y[A * q + 3];
        const lb = t0 * t0 + t1 * t1 + (t2 * t2 + t3 * t3);
        if (lb > safe[p] && lb > safe[q]) continue;
        // A pair beyond both points' bounds is among neither's k − 1 nearest.
        const limit = bound[p] > bound[q] ? bound[p] : bound[q];
        const s = distUpTo(xs, bp, q * d, d, limit);
        if (s > limit) continue;
        if (s < best[p * m + m - 1]) insert(p, s);
        if (s < best[q * m + m - 1]) insert(q, s);
      }
    }
  }
  const out = new Float64Array(n);
  for (let p = 0; p < n; p++) out[blk.order[p]] = best[p * m + m - 1];
  return out;
}

/**
 * An upper bound `[n]` on each point's squared k-distance (positions in block order): the m-th
 * smallest distance to its 2m + 8 neighbours in that order (real distances to real points, so the
 * true m-th nearest is at least as close).
 */
function candidateBounds(xs: Float64Array, n: number, d: number, m: number): Float64Array {
  const half = m + 4;
  const out = new Float64Array(n).fill(Infinity);
  const cand = new Float64Array(2 * half);
  for (let p = 0; p < n; p++) {
    const from = Math.max(0, Math.min(p - half, n - 1 - 2 * half));
    const to = Math.min(n - 1, from + 2 * half);
    let c = 0;
    for (let q = from; q <= to; q++) if (q !== p) cand[c++] = squaredDistance(xs, p * d, q * d, d);
    if (c >= m) out[p] = cand.subarray(0, c).sort()[m - 1];
  }
  return out;
}
