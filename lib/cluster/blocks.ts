/**
 * Leaf blocks of a kd-tree over the screen coordinates (the top principal axes, screen.ts): points
 * are reordered so that each block of ≤ leafSize consecutive positions is compact, and each block
 * keeps its bounding box. The squared distance from a point to a box never exceeds the screen
 * distance to any member (same float operations, and subtraction is monotone), so a box that clears
 * every member's threshold lets a kernel skip the whole block with the same outcome as checking each.
 */
import { SCREEN_AXES } from './screen';

const A = SCREEN_AXES; // module-level copy (an imported binding is a getter call under CommonJS)

export interface Blocks {
  nBlocks: number;
  /** Position → original point index. */
  order: Int32Array;
  /** Block b holds positions start[b] .. start[b + 1) − 1. */
  start: Int32Array;
  /** `[nBlocks, 4]` box corners in screen coordinates. */
  lo: Float64Array;
  hi: Float64Array;
}

/** Split `y` `[n, 4]` by the median of its widest axis until blocks have ≤ leafSize points. */
export function buildBlocks(y: Float64Array, n: number, leafSize: number): Blocks {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const starts: number[] = [];
  const split = (from: number, to: number): void => {
    if (to - from <= leafSize) {
      starts.push(from);
      return;
    }
    let axis = 0;
    let widest = -1;
    for (let c = 0; c < A; c++) {
      let lo = Infinity;
      let hi = -Infinity;
      for (let p = from; p < to; p++) {
        const v = y[A * order[p] + c];
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      if (hi - lo > widest) {
        widest = hi - lo;
        axis = c;
      }
    }
    order.subarray(from, to).sort((a, b) => y[A * a + axis] - y[A * b + axis] || a - b);
    const mid = (from + to) >> 1;
    split(from, mid);
    split(mid, to);
  };
  if (n > 0) split(0, n);
  const nBlocks = starts.length;
  const start = new Int32Array(nBlocks + 1);
  starts.forEach((s, b) => (start[b] = s));
  start[nBlocks] = n;
  const lo = new Float64Array(nBlocks * A).fill(Infinity);
  const hi = new Float64Array(nBlocks * A).fill(-Infinity);
  for (let b = 0; b < nBlocks; b++) {
    for (let p = start[b]; p < start[b + 1]; p++) {
      for (let c = 0; c < A; c++) {
        const v = y[A * order[p] + c];
        if (v < lo[A * b + c]) lo[A * b + c] = v;
        if (v > hi[A * b + c]) hi[A * b + c] = v;
      }
    }
  }
  return { nBlocks, order, start, lo, hi };
}

/** Rows of `x` `[n, w]` in `order`: out[p] = x[order[p]]. */
export function permuteRows(x: Float64Array, order: Int32Array, w: number): Float64Array {
  const out = new Float64Array(order.length * w);
  for (let p = 0; p < order.length; p++) out.set(x.subarray(order[p] * w, order[p] * w + w), p * w);
  return out;
}
