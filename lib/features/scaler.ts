/**
 * Standard scaler: per-feature mean and population standard deviation fitted on training rows only,
 * then (x − mean) / scale, optionally clipped to ±clip. The fitted state is plain JSON-safe data.
 */
import { float64FromJSON, float64ToJSON, intFromJSON, objectFromJSON, type Float64Json } from './json';

/** Per-feature mean and scale fitted on training rows. */
export interface StandardScaler {
  mean: number[];
  scale: number[];
  /** Rows the statistics came from. */
  nSamples: number;
}

/** Constant features (sd ≤ this) get scale 1, as scikit-learn does, so they map to 0, not NaN. */
const MIN_SD = 1e-12;

/**
 * Fit a standard scaler on a row-major matrix [n, f] (training data only).
 * Constant features get scale 1 (as scikit-learn does) so they map to 0, not NaN.
 */
export function fitStandardScaler(data: Float32Array | Float64Array, nFeatures: number): StandardScaler {
  if (!(Number.isInteger(nFeatures) && nFeatures > 0)) throw new Error(`fitStandardScaler: nFeatures must be a positive integer, got ${nFeatures}`);
  if (data.length % nFeatures !== 0) throw new Error(`fitStandardScaler: ${data.length} values do not form rows of ${nFeatures}`);
  const n = data.length / nFeatures;
  if (n === 0) throw new Error('fitStandardScaler: no rows to fit on (is the training split empty?)');
  const sum = new Float64Array(nFeatures);
  const sumSq = new Float64Array(nFeatures);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < nFeatures; j++) {
      const v = data[i * nFeatures + j];
      if (!Number.isFinite(v)) throw new Error(`fitStandardScaler: non-finite value ${v} at row ${i}, feature ${j}; clean NaN/Infinity first`);
      sum[j] += v;
    }
  }
  const mean = Array.from(sum, (s) => s / n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < nFeatures; j++) {
      const d = data[i * nFeatures + j] - mean[j];
      sumSq[j] += d * d;
    }
  }
  const scale = Array.from(sumSq, (s) => {
    const sd = Math.sqrt(s / n);
    return sd > MIN_SD ? sd : 1;
  });
  return { mean, scale, nSamples: n };
}

/**
 * The same fit from one array per feature (training rows only, all of equal length): bit for bit
 * fitStandardScaler of the row-major matrix (same sums in the same order), without building it.
 */
export function fitStandardScalerColumns(columns: readonly ArrayLike<number>[]): StandardScaler {
  if (columns.length === 0) throw new Error('fitStandardScalerColumns: no columns');
  const n = columns[0].length;
  if (n === 0) throw new Error('fitStandardScalerColumns: no rows to fit on (is the training split empty?)');
  const mean: number[] = [];
  const scale: number[] = [];
  columns.forEach((col, j) => {
    if (col.length !== n) throw new Error(`fitStandardScalerColumns: column ${j} has ${col.length} values, column 0 has ${n}`);
    let s = 0;
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(col[i])) throw new Error(`fitStandardScalerColumns: non-finite value ${col[i]} at row ${i}, feature ${j}; clean NaN/Infinity first`);
      s += col[i];
    }
    const m = s / n;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      const d = col[i] - m;
      ss += d * d;
    }
    const sd = Math.sqrt(ss / n);
    mean.push(m);
    scale.push(sd > MIN_SD ? sd : 1);
  });
  return { mean, scale, nSamples: n };
}

/** (x − mean) / scale clipped to ±clip (Infinity = no clipping): the kernel of every standardisation. */
export function standardScore(x: number, mean: number, scale: number, clip: number): number {
  const z = (x - mean) / scale;
  return z > clip ? clip : z < -clip ? -clip : z;
}

/** (x − mean) / scale, optionally clipped to ±clip; returns a new Float32Array [n, f]. */
export function transformStandard(data: Float32Array | Float64Array, scaler: StandardScaler, opts: { clip?: number } = {}): Float32Array {
  const f = scaler.mean.length;
  if (data.length % f !== 0) throw new Error(`transformStandard: ${data.length} values do not form rows of ${f} features`);
  const clip = opts.clip ?? Infinity;
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const j = i % f;
    out[i] = standardScore(data[i], scaler.mean[j], scaler.scale[j], clip);
  }
  return out;
}

/** JSON form of a fitted scaler (exact: see lib/features/json). */
export interface StandardScalerJson {
  mean: Float64Json;
  scale: Float64Json;
  nSamples: number;
}

export function scalerToJSON(s: StandardScaler): StandardScalerJson {
  return { mean: float64ToJSON(s.mean, 'scaler.mean'), scale: float64ToJSON(s.scale, 'scaler.scale'), nSamples: s.nSamples };
}

/** A scaler from its JSON form; shape and types are checked and errors start with `where`. */
export function scalerFromJSON(json: unknown, where = 'scaler'): StandardScaler {
  const o = objectFromJSON(json, where, ['mean', 'scale', 'nSamples']);
  const mean = float64FromJSON(o.mean, `${where}.mean`);
  if (mean.length === 0) throw new Error(`${where}.mean: no features`);
  const scale = float64FromJSON(o.scale, `${where}.scale`, { length: mean.length, check: (v) => (v > 0 ? null : 'must be > 0') });
  return { mean: Array.from(mean), scale: Array.from(scale), nSamples: intFromJSON(o.nSamples, `${where}.nSamples`, 1) };
}
