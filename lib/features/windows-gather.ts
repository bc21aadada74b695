/**
 * Copying windows out of row-major feature rows: a planned window set (GRU-SAE: rows in segment
 * order, any stride) or stride-1 windows of one standardised series (L1: window s = rows s…s+T−1,
 * one contiguous slice, so the whole window tensor is never built for the series).
 */
import type { WindowPlan } from './windows';

/** A row-major series `[rows, F]`. */
export interface Series {
  data: Float32Array;
  F: number;
}

export const seriesRows = (s: Series): number => s.data.length / s.F;

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

/** The windows of `T` rows starting at `starts`, copied into `[starts.length, T, F]`. */
export function gatherWindows(series: Series, T: number, starts: ArrayLike<number>): { data: Float32Array; shape: [number, number, number] } {
  const { data, F } = series;
  const size = T * F;
  const out = new Float32Array(starts.length * size);
  for (let k = 0; k < starts.length; k++) out.set(data.subarray(starts[k] * F, starts[k] * F + size), k * size);
  return { data: out, shape: [starts.length, T, F] };
}

/** Prefix sums of a series and of its squares, per feature: `[(rows + 1) · F]` each. */
export interface SeriesPrefix {
  sum: Float64Array;
  sq: Float64Array;
}

export function seriesPrefix({ data, F }: Series): SeriesPrefix {
  const rows = data.length / F;
  const sum = new Float64Array((rows + 1) * F);
  const sq = new Float64Array((rows + 1) * F);
  for (let i = 0; i < rows; i++) {
    for (let f = 0; f < F; f++) {
      const v = data[i * F + f];
      sum[(i + 1) * F + f] = sum[i * F + f] + v;
      sq[(i + 1) * F + f] = sq[i * F + f] + v * v;
    }
  }
  return { sum, sq };
}

/**
 * Per-feature mean, population standard deviation and last value of the stride-1 windows at `starts`:
 * `[starts.length, 3F]` (what lib/baselines summariseWindows computes, from prefix sums in O(F) per window).
 */
export function summariseSeriesWindows(series: Series, T: number, starts: ArrayLike<number>, prefix: SeriesPrefix = seriesPrefix(series)): Float32Array {
  const { data, F } = series;
  const { sum, sq } = prefix;
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
  return out;
}
