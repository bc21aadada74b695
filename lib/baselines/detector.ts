/**
 * The one detector contract (STYLE 6) for the classical baselines: fit on benign training rows, score
 * any rows with higher = more anomalous. Thresholds are not the detector's business: the caller fits
 * them on validation scores (lib/eval thresholdAtBenignQuantile / thresholdBestF1), never on test.
 */

/** A dense row-major float32 matrix `[n, d]`. */
export interface Rows {
  data: Float32Array;
  shape: [number, number];
}

/** Windows `[n, T, F]`, as stage 2 writes them. */
export interface Windows {
  data: Float32Array;
  shape: number[];
}

export interface Detector {
  readonly name: string;
  /** Learn from training rows `[n, d]` (benign only, by convention of the pipeline). */
  fit(train: Rows): void;
  /** One score per row, finite, higher = more anomalous; rows must have the fitted width d. */
  score(rows: Rows): Float64Array;
}

/** Throw unless `rows` is a well-formed `[n, d]` matrix of finite values with n ≥ minRows (and width `d` if given). */
export function checkRows(fn: string, rows: Rows, opts: { minRows?: number; d?: number } = {}): void {
  const [n, d] = rows.shape ?? [];
  if (!(Number.isInteger(n) && n >= 0 && Number.isInteger(d) && d > 0)) throw new Error(`${fn}: rows must have shape [n, d] with d ≥ 1, got [${rows.shape}]`);
  if (rows.data.length !== n * d) throw new Error(`${fn}: data length ${rows.data.length} does not match shape [${n}, ${d}]`);
  if (n < (opts.minRows ?? 0)) throw new Error(`${fn}: needs at least ${opts.minRows} rows, got ${n}`);
  if (opts.d !== undefined && d !== opts.d) throw new Error(`${fn}: rows have ${d} features but the detector was fitted on ${opts.d}`);
  for (let i = 0; i < rows.data.length; i++) {
    if (!Number.isFinite(rows.data[i])) throw new Error(`${fn}: non-finite value ${rows.data[i]} at row ${Math.floor(i / d)}, feature ${i % d}`);
  }
}
