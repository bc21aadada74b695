/**
 * Incremental PCA equal to sklearn.decomposition.IncrementalPCA (Ross et al. 2008), for embeddings
 * too many to hold at once: each batch updates the mean and variance (Chan et al.'s pairwise update,
 * as sklearn's `_incremental_mean_and_var`) and re-decomposes the stacked matrix
 *   [ S·V (previous k components scaled by their singular values) ; batch − batch mean ;
 *     √(n_seen·b / n_total) · (previous mean − batch mean) ]
 * (the first batch is just itself minus the mean). The SVD of that (k + b + 1) × d matrix goes
 * through the eigen-decomposition of its d × d Gram matrix (lib/linalg: V = eigenvectors,
 * S = √eigenvalues), accurate to ~1e-12 relative for the kept components. Signs follow sklearn's
 * svd_flip(u_based_decision=False): each component's largest-|·| entry is positive.
 * Numbers are Float64Array throughout; no whitening.
 */
import { flipRowSigns, gram, symmetricEigen } from '../linalg';
import { checkInt, checkKeys, checkPoints, type Points } from './points';

export interface IpcaOptions {
  /** Features per row; optional here, else taken from the first fit / partialFit (as sklearn infers it). */
  dims?: number;
  /** Components kept (≤ dims, ≤ every batch's rows). Default: min(rows of the first batch, dims), as sklearn. */
  nComponents?: number;
  /** Rows per batch in `fit` (a tail shorter than nComponents joins the last batch). Default 5·dims, as sklearn. */
  batchSize?: number;
}

/** Everything a fitted model holds; each step returns a new one. */
export interface IpcaState {
  nComponents: number;
  nSamplesSeen: number;
  /** `[d]` per-feature mean of every row seen. */
  mean: Float64Array;
  /** `[d]` per-feature variance (÷ n) of every row seen. */
  variance: Float64Array;
  /** `[k, d]` unit principal axes, by descending variance. */
  components: Float64Array;
  /** `[k]`. */
  singularValues: Float64Array;
  /** `[k]` variance along each axis (÷ (n − 1)). */
  explainedVariance: Float64Array;
  /** `[k]` explainedVariance / total variance. */
  explainedVarianceRatio: Float64Array;
  /** Mean variance of the dropped directions at the last step (sklearn's noise_variance_). */
  noiseVariance: number;
}

/**
 * sklearn's IncrementalPCA: `fit(x, dims)` (resets, then batches), `partialFit(batch, dims)`,
 * `transform(x, dims)`; rows are row-major `[n, dims]` Float32Array/Float64Array.
 */
export class IncrementalPCA {
  /** Width fixed by the constructor, and width of the current fit. */
  private readonly fixedDims: number | undefined;
  private d: number | undefined;
  private readonly k: number | undefined;
  private readonly batchSize: number | undefined;
  private s: IpcaState | null = null;

  constructor(opts: IpcaOptions = {}) {
    const fn = 'IncrementalPCA';
    if (opts === null || typeof opts !== 'object') throw new Error(`${fn}: options must be an object`);
    checkKeys(fn, opts, ['dims', 'nComponents', 'batchSize']);
    this.fixedDims = opts.dims === undefined ? undefined : checkInt(fn, 'dims', opts.dims, 1);
    this.k = opts.nComponents === undefined ? undefined : checkInt(fn, 'nComponents', opts.nComponents, 1);
    if (this.k !== undefined && this.fixedDims !== undefined && this.k > this.fixedDims) throw new Error(`${fn}: nComponents (${this.k}) must be at most dims (${this.fixedDims})`);
    this.batchSize = opts.batchSize === undefined ? undefined : checkInt(fn, 'batchSize', opts.batchSize, 1);
  }

  /** Forget any previous fit and fit `x` `[n, dims]` in batches of batchSize. */
  fit(x: Points, dims?: number): this {
    const d = this.resolveDims('IncrementalPCA.fit', dims, true);
    const n = checkPoints('IncrementalPCA.fit', x, d);
    if (n === 0) throw new Error('IncrementalPCA.fit: no rows to fit');
    this.s = null;
    this.d = undefined;
    for (const [start, end] of genBatches(n, this.batchSize ?? 5 * d, this.k ?? 0)) this.partialFit(x.subarray(start * d, end * d), d);
    return this;
  }

  /** Update the model with one batch `[b, dims]` (b ≥ nComponents). */
  partialFit(batch: Points, dims?: number): this {
    const fn = 'IncrementalPCA.partialFit';
    const d = this.resolveDims(fn, dims);
    const b = checkPoints(fn, batch, d);
    if (this.k !== undefined && this.k > d) throw new Error(`${fn}: nComponents (${this.k}) must be at most dims (${d})`);
    const k = this.s ? this.s.nComponents : (this.k ?? Math.min(b, d));
    if (b < k || b === 0) throw new Error(`${fn}: a batch needs at least nComponents (${k}) rows, got ${b}`);
    this.s = ipcaStep(this.s, batch, b, d, k);
    this.d = d;
    return this;
  }

  /** Projections `[n, k]` of `x` `[n, dims]`: (x − mean) · componentsᵀ. */
  transform(x: Points, dims?: number): Float64Array {
    const s = this.state;
    const d = this.resolveDims('IncrementalPCA.transform', dims);
    const n = checkPoints('IncrementalPCA.transform', x, d);
    const k = s.nComponents;
    const out = new Float64Array(n * k);
    const z = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      for (let f = 0; f < d; f++) z[f] = x[i * d + f] - s.mean[f];
      for (let c = 0; c < k; c++) {
        let acc = 0;
        for (let f = 0; f < d; f++) acc += z[f] * s.components[c * d + f];
        out[i * k + c] = acc;
      }
    }
    return out;
  }

  /** The fitted state (throws before the first fit / partialFit). */
  get state(): IpcaState {
    if (!this.s) throw new Error('IncrementalPCA: call fit() or partialFit() first');
    return this.s;
  }
  /** `[k, dims]` principal axes, rows by descending variance. */
  get components(): Float64Array {
    return this.state.components;
  }
  /** `[k]`. */
  get explainedVarianceRatio(): Float64Array {
    return this.state.explainedVarianceRatio;
  }
  /** `[k]` (÷ (n − 1)). */
  get explainedVariance(): Float64Array {
    return this.state.explainedVariance;
  }
  /** `[dims]`. */
  get mean(): Float64Array {
    return this.state.mean;
  }
  /** `[k]`. */
  get singularValues(): Float64Array {
    return this.state.singularValues;
  }
  get nSamplesSeen(): number {
    return this.state.nSamplesSeen;
  }

  /** The width to use: the argument, else the constructor's, else the current fit's; they must agree. */
  private resolveDims(fn: string, dims: number | undefined, resetting = false): number {
    if (dims !== undefined) checkInt(fn, 'dims', dims, 1);
    const d = dims ?? this.fixedDims ?? (resetting ? undefined : this.d);
    if (d === undefined) throw new Error(`${fn}: dims is unknown (pass it here or to the constructor)`);
    if (this.fixedDims !== undefined && d !== this.fixedDims) throw new Error(`${fn}: dims ${d} differs from the constructor's ${this.fixedDims}`);
    if (!resetting && this.s !== null && d !== this.d) throw new Error(`${fn}: rows have ${d} features but the model was fitted on ${this.d}`);
    return d;
  }
}

/** sklearn.utils.gen_batches: [start, end) row ranges; a tail shorter than minBatch joins the last batch. */
export function genBatches(n: number, batchSize: number, minBatch: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = 0;
  for (let t = 0; t < Math.floor(n / batchSize); t++) {
    const end = start + batchSize;
    if (end + minBatch > n) continue;
    out.push([start, end]);
    start = end;
  }
  if (start < n) out.push([start, n]);
  return out;
}

/** One partial_fit step from `prev` (null on the first batch) with `batch` `[b, d]`. Kernel: trusts its input. */
export function ipcaStep(prev: IpcaState | null, batch: Points, b: number, d: number, k: number): IpcaState {
  const seen = prev ? prev.nSamplesSeen : 0;
  const total = seen + b;
  const batchMean = new Float64Array(d);
  for (let i = 0; i < b; i++) for (let f = 0; f < d; f++) batchMean[f] += batch[i * d + f];
  for (let f = 0; f < d; f++) batchMean[f] /= b;
  const { mean, variance } = updateMeanVariance(prev, batch, b, d, batchMean);

  // Rows of the matrix to decompose.
  const rows = prev ? prev.nComponents + b + 1 : b;
  const m = new Float64Array(rows * d);
  let r = 0;
  if (prev) {
    for (let c = 0; c < prev.nComponents; c++, r++) {
      for (let f = 0; f < d; f++) m[r * d + f] = prev.singularValues[c] * prev.components[c * d + f];
    }
  }
  const centre = prev ? batchMean : mean;
  for (let i = 0; i < b; i++, r++) for (let f = 0; f < d; f++) m[r * d + f] = batch[i * d + f] - centre[f];
  if (prev) {
    const scale = Math.sqrt((seen / total) * b);
    for (let f = 0; f < d; f++) m[r * d + f] = scale * (prev.mean[f] - batchMean[f]);
  }

  const { values, vectors } = symmetricEigen(gram(m, rows, d), d);
  const nS = Math.min(rows, d);
  const s2 = values.slice(0, nS).map((v) => Math.max(v, 0));
  let totalVar = 0;
  for (let f = 0; f < d; f++) totalVar += variance[f] * total;
  const components = vectors.slice(0, k * d);
  flipRowSigns(components, k, d);
  let noiseVariance = 0;
  if (k !== b && k !== d && nS > k) {
    for (let i = k; i < nS; i++) noiseVariance += s2[i] / (total - 1);
    noiseVariance /= nS - k;
  }
  return {
    nComponents: k,
    nSamplesSeen: total,
    mean,
    variance,
    components,
    singularValues: s2.slice(0, k).map(Math.sqrt),
    explainedVariance: s2.slice(0, k).map((v) => v / (total - 1)),
    explainedVarianceRatio: s2.slice(0, k).map((v) => v / totalVar),
    noiseVariance,
  };
}

/** sklearn's `_incremental_mean_and_var` (no NaN, no weights): corrected two-pass batch sums + Chan's merge. */
function updateMeanVariance(prev: IpcaState | null, batch: Points, b: number, d: number, batchMean: Float64Array): { mean: Float64Array; variance: Float64Array } {
  const seen = prev ? prev.nSamplesSeen : 0;
  const total = seen + b;
  const mean = new Float64Array(d);
  const variance = new Float64Array(d);
  for (let f = 0; f < d; f++) {
    let newSum = 0;
    for (let i = 0; i < b; i++) newSum += batch[i * d + f];
    let correction = 0;
    let sq = 0;
    for (let i = 0; i < b; i++) {
      const t = batch[i * d + f] - batchMean[f];
      correction += t;
      sq += t * t;
    }
    const newUnnormalised = sq - (correction * correction) / b;
    const lastSum = prev ? prev.mean[f] * seen : 0;
    mean[f] = (lastSum + newSum) / total;
    if (seen === 0) {
      variance[f] = newUnnormalised / total;
    } else {
      const lastOverNew = seen / b;
      const lastUnnormalised = (prev as IpcaState).variance[f] * seen;
      const diff = lastSum / lastOverNew - newSum;
      variance[f] = (lastUnnormalised + newUnnormalised + (lastOverNew / total) * diff * diff) / total;
    }
  }
  return { mean, variance };
}
