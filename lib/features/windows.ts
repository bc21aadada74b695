/**
 * Sliding windows over time-ordered rows (positions 0..n-1, already in time order), for GRU-SAE
 * (seq_len, stride, segments) and SmartNetGuard L1 (stride 1, one sequence). A window never
 * crosses a segment boundary: segments are e.g. the values of GRU-SAE's `group_by` (one sequence
 * per host), crossed with sampled time blocks when rows were sampled. A plan says where windows
 * lie; `windowLabels` labels them; lib/features/windows-gather.ts copies them out.
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

/** Per window: the label of its last row (`end`) and whether any of its rows is an attack (`any`), uint8 0/1. */
export interface WindowLabels {
  end: Uint8Array;
  any: Uint8Array;
}

/**
 * Labels of the planned windows, and with `time` the time of each window's last row (`t`, e.g.
 * epoch ms): the one labelling GRU-SAE (y, y_any, t) and L1 (window-end and any-in-window labels)
 * share. `label` and `time` hold one value per row; a non-zero label is an attack.
 * `windowLabels(label, seqLen)` is short for the stride-1 windows of one sequence (L1):
 * `windowLabels(planWindows(label.length, { seqLen, stride: 1 }), label)`.
 */
export function windowLabels(label: ArrayLike<number>, seqLen: number): WindowLabels;
export function windowLabels(plan: WindowPlan, label: ArrayLike<number>): WindowLabels;
export function windowLabels(plan: WindowPlan, label: ArrayLike<number>, time: Float64Array): WindowLabels & { t: Float64Array };
export function windowLabels(planOrLabel: WindowPlan | ArrayLike<number>, labelOrSeqLen: ArrayLike<number> | number, time?: Float64Array): WindowLabels & { t?: Float64Array } {
  if (typeof labelOrSeqLen === 'number') {
    const label = planOrLabel as ArrayLike<number>;
    return windowLabels(planWindows(label.length, { seqLen: labelOrSeqLen, stride: 1 }), label);
  }
  const plan = planOrLabel as WindowPlan;
  const label = labelOrSeqLen;
  const { order, ends, seqLen } = plan;
  if (label.length !== order.length) throw new Error(`windowLabels: ${label.length} labels for ${order.length} rows`);
  if (time && time.length !== order.length) throw new Error(`windowLabels: ${time.length} times for ${order.length} rows`);
  // Prefix sums of attack rows along `order` make `any` O(1) per window.
  const prefix = new Int32Array(order.length + 1);
  for (let p = 0; p < order.length; p++) prefix[p + 1] = prefix[p] + (label[order[p]] ? 1 : 0);
  const end = new Uint8Array(ends.length);
  const any = new Uint8Array(ends.length);
  const t = time ? new Float64Array(ends.length) : undefined;
  ends.forEach((e, w) => {
    const last = order[e];
    end[w] = label[last] ? 1 : 0;
    any[w] = prefix[e + 1] - prefix[e + 1 - seqLen] > 0 ? 1 : 0;
    if (t) t[w] = (time as Float64Array)[last];
  });
  return t ? { end, any, t } : { end, any };
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

/** Windows of `seqLen` rows with stride 1 over `rows` rows: rows − seqLen + 1 (0 when there are fewer rows). */
export function windowCount(rows: number, seqLen: number): number {
  return Math.max(0, rows - seqLen + 1);
}

/** Window starts lo, lo+1, …, hi−1 (stride-1 windows over one sequence are named by their first row). */
export function startRange(lo: number, hi: number): Int32Array {
  return Int32Array.from({ length: Math.max(0, hi - lo) }, (_, i) => lo + i);
}

/** `count` random starts of `seqLen`-row windows inside rows [lo, hi) (each window fits entirely), drawn with replacement. */
export function randomStarts(lo: number, hi: number, seqLen: number, count: number, rng: Rng): Int32Array {
  const n = windowCount(hi - lo, seqLen);
  if (n < 1) throw new Error(`randomStarts: rows [${lo}, ${hi}) hold no window of ${seqLen} rows`);
  return Int32Array.from({ length: count }, () => rng.int(lo, lo + n - 1));
}
