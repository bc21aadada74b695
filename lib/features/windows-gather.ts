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
