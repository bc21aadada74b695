/** Per-feature mean and scale fitted on training rows; serialisable as JSON. */
export interface StandardScaler {
  mean: number[];
  scale: number[];
  /** Rows the statistics came from. */
  nSamples: number;
}

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
    return sd > 1e-12 ? sd : 1;
  });
  return { mean, scale, nSamples: n };
}

/** (x − mean) / scale, optionally clipped to ±clip; returns a new Float32Array [n, f]. */
export function transformStandard(data: Float32Array | Float64Array, scaler: StandardScaler, opts: { clip?: number } = {}): Float32Array {
  const f = scaler.mean.length;
  if (data.length % f !== 0) throw new Error(`transformStandard: ${data.length} values do not form rows of ${f} features`);
  const clip = opts.clip ?? Infinity;
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const j = i % f;
    const z = (data[i] - scaler.mean[j]) / scaler.scale[j];
    out[i] = z > clip ? clip : z < -clip ? -clip : z;
  }
  return out;
}
