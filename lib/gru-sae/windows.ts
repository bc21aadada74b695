/**
 * Sliding windows over the time-ordered rows of one split. Rows are positions 0..n-1 of the split
 * (already in time order). A window never crosses a segment boundary: segments are the values of
 * `group_by` (e.g. one sequence per host), crossed with sampled time blocks when rows were sampled.
 */
import type { Rng } from '../random';

/** Where each window lies: rows order[end - seqLen + 1 .. end] (time order within its segment). */
export interface WindowPlan {
  /** Row positions sorted by (segment, position). */
  order: Int32Array;
  /** Position in `order` of each window's last row; windows sorted by that row's position (time). */
  ends: Int32Array;
  seqLen: number;
}

export interface WindowOptions {
  seqLen: number;
  stride: number;
  /** Segment id per row (windows stay within one); omitted = one sequence. */
  segments?: Int32Array;
}

/** Plan the windows of n rows: per segment, ends at seqLen-1, seqLen-1+stride, …; shorter segments give none. */
export function planWindows(n: number, opts: WindowOptions): WindowPlan {
  const { seqLen, stride, segments } = opts;
  if (!(Number.isInteger(seqLen) && seqLen > 0)) throw new Error(`windows: seq_len must be a positive integer, got ${seqLen}`);
  if (!(Number.isInteger(stride) && stride > 0)) throw new Error(`windows: stride must be a positive integer, got ${stride}`);
  if (segments && segments.length !== n) throw new Error(`windows: ${segments.length} segment ids for ${n} rows`);
  const positions = Int32Array.from({ length: n }, (_, i) => i);
  const order = segments ? Int32Array.from(Array.from(positions).sort((a, b) => segments[a] - segments[b] || a - b)) : positions;
  const ends: number[] = [];
  let start = 0;
  while (start < n) {
    let stop = start + 1;
    while (stop < n && (!segments || segments[order[stop]] === segments[order[start]])) stop++;
    for (let e = start + seqLen - 1; e < stop; e += stride) ends.push(e);
    start = stop;
  }
  if (segments) ends.sort((a, b) => order[a] - order[b]);
  return { order, ends: Int32Array.from(ends), seqLen };
}

/** Window-end label y, any-attack-in-window y_any (uint8) and window-end time t (epoch ms). */
export function windowTargets(plan: WindowPlan, label: ArrayLike<number>, time: Float64Array): { y: Uint8Array; yAny: Uint8Array; t: Float64Array } {
  const { order, ends, seqLen } = plan;
  // Prefix sums of attack rows along `order` make y_any O(1) per window.
  const prefix = new Int32Array(order.length + 1);
  for (let p = 0; p < order.length; p++) prefix[p + 1] = prefix[p] + (label[order[p]] ? 1 : 0);
  const y = new Uint8Array(ends.length);
  const yAny = new Uint8Array(ends.length);
  const t = new Float64Array(ends.length);
  ends.forEach((e, w) => {
    const last = order[e];
    y[w] = label[last] ? 1 : 0;
    yAny[w] = prefix[e + 1] - prefix[e + 1 - seqLen] > 0 ? 1 : 0;
    t[w] = time[last];
  });
  return { y, yAny, t };
}

/** Materialise windows [n_windows, seqLen, F] (float32) from row-major features [n, F]. */
export function materializeWindows(plan: WindowPlan, features: Float32Array, nFeatures: number): Float32Array {
  const { order, ends, seqLen } = plan;
  if (features.length !== order.length * nFeatures) throw new Error(`windows: ${features.length} feature values are not ${order.length} rows × ${nFeatures}`);
  const out = new Float32Array(ends.length * seqLen * nFeatures);
  let o = 0;
  for (const e of ends) {
    for (let p = e - seqLen + 1; p <= e; p++, o += nFeatures) {
      const r = order[p] * nFeatures;
      out.set(features.subarray(r, r + nFeatures), o);
    }
  }
  return out;
}

/** Bytes of float32 windows: n_windows × seq_len × F × 4. */
export function windowBytes(nWindows: number, seqLen: number, nFeatures: number): number {
  return nWindows * seqLen * nFeatures * 4;
}

/** Keep only the listed windows (sorted positions into plan.ends). */
export function selectWindows(plan: WindowPlan, keep: Int32Array): WindowPlan {
  return { ...plan, ends: Int32Array.from(keep, (w) => plan.ends[w]) };
}

/**
 * Sorted indices of `keep` of `n` items, taken as about `blocks` contiguous runs at seeded random
 * places: sampling blocks, not single items, keeps local time structure (and attack episodes)
 * intact. keep ≥ n returns everything.
 */
export function sampleBlocks(n: number, keep: number, rng: Rng, blocks = 20): Int32Array {
  if (keep >= n) return Int32Array.from({ length: n }, (_, i) => i);
  if (keep <= 0) return new Int32Array(0);
  const size = Math.ceil(keep / blocks);
  const available = Math.floor(n / size);
  const picked = rng.shuffle(Array.from({ length: available }, (_, b) => b)).slice(0, Math.ceil(keep / size)).sort((a, b) => a - b);
  const out: number[] = [];
  for (const b of picked) for (let i = b * size; i < (b + 1) * size && out.length < keep; i++) out.push(i);
  return Int32Array.from(out);
}
