/**
 * Windows `[n, T, F]` → rows `[n, d]` for detectors that see one vector per sample. Flattening keeps
 * the order inside the window (d = T·F); summarising keeps per-feature mean, standard deviation and
 * last value (d = 3F), which stays small when T·F is large. `windowRows` picks one by `maxFlat`.
 */
import type { Rows, Windows } from './detector';

/** Above this many values per window, `windowRows` summarises instead of flattening. */
export const MAX_FLAT_DEFAULT = 512;

export type WindowRepresentation = 'flatten' | 'summarise';

function dims(fn: string, w: Windows): [number, number, number] {
  const [n, T, F] = w.shape;
  if (w.shape.length !== 3 || ![n, T, F].every((v) => Number.isInteger(v) && v >= 0) || T === 0 || F === 0) {
    throw new Error(`${fn}: windows must have shape [n, T, F] with T, F ≥ 1, got [${w.shape}]`);
  }
  if (w.data.length !== n * T * F) throw new Error(`${fn}: data length ${w.data.length} does not match shape [${w.shape}]`);
  return [n, T, F];
}

/** `[n, T, F]` → `[n, T·F]` (a view on the same data, no copy). */
export function flattenWindows(w: Windows): Rows {
  const [n, T, F] = dims('flattenWindows', w);
  return { data: w.data, shape: [n, T * F] };
}

/** `[n, T, F]` → `[n, 3F]`: per feature the mean over time, the (population) std over time, the last value. */
export function summariseWindows(w: Windows): Rows {
  const [n, T, F] = dims('summariseWindows', w);
  const out = new Float32Array(n * 3 * F);
  for (let i = 0; i < n; i++) {
    const base = i * T * F;
    const o = i * 3 * F;
    for (let f = 0; f < F; f++) {
      let s = 0, ss = 0;
      for (let t = 0; t < T; t++) s += w.data[base + t * F + f];
      const mean = s / T;
      for (let t = 0; t < T; t++) {
        const d = w.data[base + t * F + f] - mean;
        ss += d * d;
      }
      out[o + f] = mean;
      out[o + F + f] = Math.sqrt(ss / T);
      out[o + 2 * F + f] = w.data[base + (T - 1) * F + f];
    }
  }
  return { data: out, shape: [n, 3 * F] };
}

/** Which representation `windowRows` uses for windows of T steps and F features. */
export function windowRepresentation(T: number, F: number, maxFlat = MAX_FLAT_DEFAULT): WindowRepresentation {
  return T * F <= maxFlat ? 'flatten' : 'summarise';
}

/** Flatten when T·F ≤ maxFlat (default 512), otherwise summarise: the rows every baseline is fitted and scored on. */
export function windowRows(w: Windows, opts: { maxFlat?: number } = {}): Rows {
  const [, T, F] = dims('windowRows', w);
  return windowRepresentation(T, F, opts.maxFlat) === 'flatten' ? flattenWindows(w) : summariseWindows(w);
}

/** The windows at `indices` (in that order), copied: `[indices.length, T, F]`. */
export function takeWindows(w: Windows, indices: ArrayLike<number>): Windows {
  const [n, T, F] = dims('takeWindows', w);
  const size = T * F;
  const out = new Float32Array(indices.length * size);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    if (!(Number.isInteger(i) && i >= 0 && i < n)) throw new Error(`takeWindows: index ${i} out of range [0, ${n})`);
    out.set(w.data.subarray(i * size, (i + 1) * size), k * size);
  }
  return { data: out, shape: [indices.length, T, F] };
}
