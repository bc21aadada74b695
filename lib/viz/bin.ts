import type { Numbers } from './validate';

/** Equal-width bins over [lo, hi]: `edges` has bins+1 entries; `counts[b]` counts lo<=v<hi, the last bin includes hi. */
export interface Binned {
  edges: number[];
  counts: number[];
  /** Values outside [lo, hi], not counted. */
  outside: number;
}

/** Bin edges for `bins` equal bins over [lo, hi]; a zero-width range is widened by 0.5 each side. */
export function binEdges(lo: number, hi: number, bins: number): number[] {
  if (hi < lo) throw new Error(`histogram extent [${lo}, ${hi}] is reversed`);
  if (hi === lo) {
    lo -= 0.5;
    hi += 0.5;
  }
  const w = (hi - lo) / bins;
  return Array.from({ length: bins + 1 }, (_, i) => (i === bins ? hi : lo + i * w));
}

/** Count `values` into the bins given by `edges` (from binEdges). */
export function binCounts(values: Numbers, edges: number[]): Binned {
  const bins = edges.length - 1;
  const lo = edges[0], hi = edges[bins];
  const counts = new Array<number>(bins).fill(0);
  let outside = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < lo || v > hi) {
      outside++;
      continue;
    }
    counts[Math.min(bins - 1, Math.floor(((v - lo) / (hi - lo)) * bins))]++;
  }
  return { edges, counts, outside };
}

/** Min and max over several arrays (assumed finite and not all empty). */
export function extentOf(arrays: Numbers[]): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (const a of arrays) {
    for (let i = 0; i < a.length; i++) {
      if (a[i] < lo) lo = a[i];
      if (a[i] > hi) hi = a[i];
    }
  }
  return [lo, hi];
}
