/**
 * Minimum spanning tree of the mutual-reachability graph by Prim's algorithm on the implicit complete
 * graph: O(n) memory (no distance matrix), O(n²) work at worst. Mutual reachability
 * mr(a, b) = max(core_a, core_b, d(a, b)) is compared squared, which orders edges exactly as the
 * distances do (sqrt is monotone), and converted once per tree edge at the end.
 *
 * Work is skipped without changing the tree: a vertex outside the tree is not re-examined when
 * max(core_cur, core_v) already reaches its best edge, or when the screen bound (screen.ts) shows the
 * current vertex is farther than that edge; and whole blocks (blocks.ts) of such vertices are passed
 * over when their box or their largest core-limited best rules every member out. Each block keeps the
 * minimum best of its outside vertices, so finding the next vertex costs one pass over blocks.
 */
import { buildBlocks, permuteRows } from './blocks';
import { squaredDistance } from './distance';
import { principalScreen, safeThreshold, SCREEN_AXES, type Screen } from './screen';

// Module-level copies: under the CommonJS transform an imported binding is a getter call at every use.
const A = SCREEN_AXES;
const dist2 = squaredDistance;
const safeOf = safeThreshold;
const LEAF = 32;

/** The n − 1 tree edges, in the order Prim added them. */
export interface SpanningTree {
  from: Int32Array;
  to: Int32Array;
  /** Mutual-reachability distance of each edge (not squared). */
  weight: Float64Array;
}

/**
 * MST of the mutual-reachability graph of `x` (row-major `[n, d]`) given squared core distances
 * `core2` `[n]`. Kernel: trusts n ≥ 1 and finite input.
 */
export function primMst(x: Float64Array, n: number, d: number, core2: Float64Array, screen: Screen | null = principalScreen(x, n, d)): SpanningTree {
  const edges = Math.max(n - 1, 0);
  const from = new Int32Array(edges);
  const to = new Int32Array(edges);
  const weight = new Float64Array(edges);
  // Without a screen, all-zero coordinates give bounds of 0 that never skip anything.
  const y0 = screen ? screen.y : new Float64Array(n * A);
  const slack = screen ? screen.slack : 0;
  const blk = buildBlocks(y0, n, LEAF);
  const { order, start, lo, hi, nBlocks } = blk;
  // Everything below is indexed by position in block order.
  const xs = permuteRows(x, order, d);
  const y = permuteRows(y0, order, A);
  const core = permuteRows(core2, order, 1);
  const outside = new Uint8Array(n).fill(1);
  const best = new Float64Array(n).fill(Infinity); // smallest squared mr from the tree
  const safe = new Float64Array(n).fill(Infinity); // screen value beyond which best cannot improve
  const bestFrom = new Int32Array(n);
  // Per block, over its outside vertices: max safe, max best, min best and where.
  const maxSafe = new Float64Array(nBlocks).fill(Infinity);
  const maxBest = new Float64Array(nBlocks).fill(Infinity);
  const minBest = new Float64Array(nBlocks).fill(Infinity);
  const argMin = new Int32Array(nBlocks);
  const blockOf = new Int32Array(n);
  for (let b = 0; b < nBlocks; b++) {
    argMin[b] = start[b];
    for (let p = start[b]; p < start[b + 1]; p++) blockOf[p] = b;
  }
  /** Recompute block b's summaries from its outside members. */
  const summarise = (b: number): void => {
    let ms = -Infinity;
    let mb = -Infinity;
    let mn = Infinity;
    let am = -1;
    for (let p = start[b]; p < start[b + 1]; p++) {
      if (!outside[p]) continue;
      if (safe[p] > ms) ms = safe[p];
      if (best[p] > mb) mb = best[p];
      if (best[p] < mn || am < 0) {
        mn = best[p];
        am = p;
      }
    }
    maxSafe[b] = ms;
    maxBest[b] = mb;
    minBest[b] = am < 0 ? Infinity : mn;
    argMin[b] = am;
  };

  let cur = 0;
  outside[0] = 0;
  summarise(blockOf[0]);
  for (let step = 0; step < edges; step++) {
    const bc = cur * d;
    const cc = core[cur];
    const c0 = y[A * cur];
    const c1 = y[A * cur + 1];
    const c2 = y[A * cur + 2];
    const c3 = y[A * cur + 3];
    let nextBlock = -1;
    let nextVal = Infinity;
    for (let b = 0; b < nBlocks; b++) {
      if (argMin[b] < 0) continue; // no outside vertex left
      // Every member has best ≤ core_cur ≤ mr: nothing can improve. Or the box is beyond every member's bound.
      let skip = cc >= maxBest[b];
      if (!skip) {
        const g0 = c0 < lo[A * b] ? lo[A * b] - c0 : c0 > hi[A * b] ? c0 - hi[A * b] : 0;
        const g1 = c1 < lo[A * b + 1] ? lo[A * b + 1] - c1 : c1 > hi[A * b + 1] ? c1 - hi[A * b + 1] : 0;
        const g2 = c2 < lo[A * b + 2] ? lo[A * b + 2] - c2 : c2 > hi[A * b + 2] ? c2 - hi[A * b + 2] : 0;
        const g3 = c3 < lo[A * b + 3] ? lo[A * b + 3] - c3 : c3 > hi[A * b + 3] ? c3 - hi[A * b + 3] : 0;
        skip = g0 * g0 + g1 * g1 + (g2 * g2 + g3 * g3) > maxSafe[b];
      }
      if (!skip) {
        let changed = false;
        for (let p = start[b]; p < start[b + 1]; p++) {
          if (!outside[p]) continue;
          const bb = best[p];
          const cp = core[p];
          // mr ≥ max(core_cur, core_p): when either already reaches best, no distance can improve it.
          if (!(cc < bb && cp < bb)) continue;
          const t0 = c0 - y[A * p];
          const t1 = c1 - y[A * p + 1];
          const t2 = c2 - y[A * p + 2];
          const t3 = c3 - y[A * p + 3];
          if (t0 * t0 + t1 * t1 + (t2 * t2 + t3 * t3) > safe[p]) continue;
          let s = dist2(xs, bc, p * d, d);
          if (s < cc) s = cc;
          if (s < cp) s = cp;
          if (s < bb) {
            best[p] = s;
            // A best at the vertex's own core distance is final: no later edge can be lighter.
            safe[p] = s <= cp ? -Infinity : safeOf(s, slack);
            bestFrom[p] = cur;
            changed = true;
          }
        }
        if (changed) summarise(b);
      }
      if (minBest[b] < nextVal) {
        nextVal = minBest[b];
        nextBlock = b;
      }
    }
    const next = argMin[nextBlock];
    from[step] = order[bestFrom[next]];
    to[step] = order[next];
    weight[step] = Math.sqrt(nextVal);
    outside[next] = 0;
    summarise(nextBlock);
    cur = next;
  }
  return { from, to, weight };
}
