/**
 * Windows over a standardised series `[rows, F]` (row-major Float32Array): window s holds rows
 * s … s+T−1, so it is one contiguous slice and never materialised for the whole series.
 */
import type { Rows } from '../baselines';
import type { HostArray } from '../engine';
import type { Rng } from '../random';

/** A standardised series: `rows × F` values, row-major. */
export interface Series {
  data: Float32Array;
  F: number;
}

export const seriesRows = (s: Series): number => s.data.length / s.F;

/** Windows of T rows with stride 1: rows − T + 1 (0 when the series is shorter than T). */
export function windowCount(rows: number, T: number): number {
  return Math.max(0, rows - T + 1);
}

/** `count` random window starts inside rows [lo, hi) (each window fits entirely), drawn with replacement. */
export function randomStarts(lo: number, hi: number, T: number, count: number, rng: Rng): Int32Array {
  const n = windowCount(hi - lo, T);
  if (n < 1) throw new Error(`randomStarts: rows [${lo}, ${hi}) hold no window of ${T} rows`);
  return Int32Array.from({ length: count }, () => rng.int(lo, lo + n - 1));
}

/** The windows starting at `starts`, copied into `[starts.length, T, F]`. */
export function gatherWindows(series: Series, T: number, starts: ArrayLike<number>): HostArray {
  const { data, F } = series;
  const size = T * F;
  const out = new Float32Array(starts.length * size);
  for (let k = 0; k < starts.length; k++) out.set(data.subarray(starts[k] * F, starts[k] * F + size), k * size);
  return { data: out, shape: [starts.length, T, F] };
}

/** Per window (stride 1): the label of its last row (`end`) and whether any row is an attack (`any`). */
export function windowLabels(labels: Uint8Array, T: number): { end: Uint8Array; any: Uint8Array } {
  const n = windowCount(labels.length, T);
  const end = labels.slice(T - 1, T - 1 + n);
  const any = new Uint8Array(n);
  let inWindow = 0;
  for (let i = 0; i < labels.length; i++) {
    inWindow += labels[i];
    if (i >= T) inWindow -= labels[i - T];
    if (i >= T - 1) any[i - T + 1] = inWindow > 0 ? 1 : 0;
  }
  return { end, any };
}

/**
 * Per-feature mean, standard deviation and last value of each window at `starts`: `[n, 3F]`, the rows the
 * PCA and isolation-forest baselines see (lib/baselines summariseWindows, computed from prefix sums in O(F) per window).
 */
export function summariseAt(series: Series, T: number, starts: ArrayLike<number>): Rows {
  const { data, F } = series;
  const rows = seriesRows(series);
  const sum = new Float64Array((rows + 1) * F);
  const sq = new Float64Array((rows + 1) * F);
  for (let i = 0; i < rows; i++) {
    for (let f = 0; f < F; f++) {
      const v = data[i * F + f];
      sum[(i + 1) * F + f] = sum[i * F + f] + v;
      sq[(i + 1) * F + f] = sq[i * F + f] + v * v;
    }
  }
  const out = new Float32Array(starts.length * 3 * F);
  for (let k = 0; k < starts.length; k++) {
    const s = starts[k];
    const o = k * 3 * F;
    for (let f = 0; f < F; f++) {
      const mean = (sum[(s + T) * F + f] - sum[s * F + f]) / T;
      const variance = Math.max(0, (sq[(s + T) * F + f] - sq[s * F + f]) / T - mean * mean);
      out[o + f] = mean;
      out[o + F + f] = Math.sqrt(variance);
      out[o + 2 * F + f] = data[(s + T - 1) * F + f];
    }
  }
  return { data: out, shape: [starts.length, 3 * F] };
}

/** Starts lo, lo+1, …, hi−1. */
export function startRange(lo: number, hi: number): Int32Array {
  return Int32Array.from({ length: Math.max(0, hi - lo) }, (_, i) => lo + i);
}
