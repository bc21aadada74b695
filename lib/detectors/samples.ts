/**
 * What a detector fits on and scores: `n` samples of one shape (`[T, F]` windows or `[d]` rows), read
 * by index. Samples may be a materialised array or a view over a long series (L1 windows with stride
 * 1 are never materialised), so detectors read them in batches.
 */
import type { HostArray } from '../engine';
import { gatherWindows, seriesPrefix, seriesRows, summariseSeriesWindows, type Series, type SeriesPrefix } from '../features';

export type { Series } from '../features';

export interface Samples {
  /** Number of samples. */
  readonly n: number;
  /** Shape of one sample: `[T, F]` for windows, `[d]` for rows. */
  readonly shape: readonly number[];
  /** The samples at `indices`, copied into one row-major array `[indices.length, ...shape]`. */
  gather(indices: ArrayLike<number>): Float32Array;
  /** All samples as one array, when they are held as one already (no copy); absent for views. */
  readonly array?: HostArray;
  /**
   * Per-feature mean, population std and last value of the windows at `indices`: `[indices.length, 3F]`.
   * A series view computes them from prefix sums; absent elsewhere (then computed from the windows).
   */
  summaries?(indices: ArrayLike<number>): Float32Array;
  /** For a window view: the series and window length behind it (detectors that draw their own windows use it). */
  readonly series?: { series: Series; T: number };
}

/** Values per sample. */
export const sampleSize = (s: Pick<Samples, 'shape'>): number => s.shape.reduce((a, b) => a * b, 1);

/** Samples held as one array `[n, ...shape]`. */
export function samplesFromArray(a: HostArray): Samples {
  const [n, ...shape] = a.shape;
  const size = shape.reduce((x, y) => x * y, 1);
  if (!(Number.isInteger(n) && n >= 0 && shape.length >= 1 && size >= 1)) throw new Error(`samples: shape must be [n, …] with non-empty samples, got [${a.shape}]`);
  if (a.data.length !== n * size) throw new Error(`samples: ${a.data.length} values do not match shape [${a.shape}]`);
  return {
    n, shape, array: a,
    gather(indices) {
      const out = new Float32Array(indices.length * size);
      for (let k = 0; k < indices.length; k++) {
        const i = indices[k];
        if (!(Number.isInteger(i) && i >= 0 && i < n)) throw new Error(`samples: index ${i} out of range [0, ${n})`);
        out.set(a.data.subarray(i * size, (i + 1) * size), k * size);
      }
      return out;
    },
  };
}

/** Consecutive sample indices `[start, start + count)`. */
export function range(start: number, count: number): Int32Array {
  return Int32Array.from({ length: count }, (_, i) => start + i);
}

/** Samples `[start, start + count)` as a HostArray (the whole array without a copy when it is held as one). */
export function readRange(s: Samples, start: number, count: number): HostArray {
  if (s.array && start === 0 && count === s.n) return s.array;
  return { data: s.gather(range(start, count)), shape: [count, ...s.shape] };
}

/**
 * The stride-1 windows of T rows over a series, never materialised: window i holds rows i … i+T−1.
 * `gather` copies the requested windows; `summaries` uses prefix sums (O(F) per window).
 */
export function samplesFromSeries(series: Series, T: number): Samples {
  const n = Math.max(0, seriesRows(series) - T + 1);
  let prefix: SeriesPrefix | null = null;
  const check = (indices: ArrayLike<number>) => {
    for (let k = 0; k < indices.length; k++) {
      const s = indices[k];
      if (!(Number.isInteger(s) && s >= 0 && s < n)) throw new Error(`series windows: index ${s} out of range [0, ${n})`);
    }
    return indices;
  };
  return {
    n, shape: [T, series.F], series: { series, T },
    gather: (indices) => gatherWindows(series, T, check(indices)).data,
    summaries: (indices) => summariseSeriesWindows(series, T, check(indices), (prefix ??= seriesPrefix(series))),
  };
}

/** The samples of `s` at `indices` (in that order, repeats allowed) as samples of their own; nothing is copied. */
export function subset(s: Samples, indices: ArrayLike<number>): Samples {
  const at = (ks: ArrayLike<number>) => Int32Array.from({ length: ks.length }, (_, k) => {
    const i = ks[k];
    if (!(Number.isInteger(i) && i >= 0 && i < indices.length)) throw new Error(`samples subset: index ${i} out of range [0, ${indices.length})`);
    return indices[i];
  });
  return {
    n: indices.length, shape: s.shape,
    gather: (ks) => s.gather(at(ks)),
    ...(s.summaries ? { summaries: (ks: ArrayLike<number>) => s.summaries!(at(ks)) } : {}),
  };
}
