/**
 * Randomized truncated SVD (Halko, Martinsson & Tropp 2011, algorithms 4.4 + 5.1) of a sparse
 * matrix, as scikit-learn's TruncatedSVD(algorithm='randomized'): no centring, so sparsity is kept.
 * Only sparse × dense products touch A; the dense work is on [n, k+p] and [d, k+p] matrices.
 */
import { createRng } from '../random';
import { csrColumnMoments, csrMulDense, csrTMulDense, scaleRows, type Csr } from './encode-csr';
import { jacobiSvdColumns, orthonormalize, toColumns } from '../linalg';

export interface SvdOptions {
  /** Components wanted; capped at min(nRows, nCols). */
  components: number;
  /** Extra random directions p (Halko's oversampling), default 10. */
  oversamples?: number;
  /** Power (subspace) iterations q, default 2: sharpen a slowly decaying spectrum. */
  powerIterations?: number;
  seed: number;
  /**
   * Row weights: row r stands for weights[r] identical rows (deduplicated data). The fit equals
   * the fit on the expanded matrix, since diag(√w)·A has the same AᵀA.
   */
  weights?: Float64Array;
}

/** A fitted truncated SVD: transform = X·componentsᵀ. */
export interface SvdModel {
  /** Row-major [k, d] right singular vectors; each row's largest-magnitude entry is positive. */
  components: Float64Array;
  k: number;
  d: number;
  singularValues: number[];
  /** Variance of each transformed training column (as scikit-learn's explained_variance_). */
  explainedVariance: number[];
  /** explainedVariance / total variance of the training matrix. */
  explainedVarianceRatio: number[];
}

/** Fit on A [n, d] (training rows only). */
export function fitRandomizedSvd(input: Csr, opts: SvdOptions): SvdModel {
  if (opts.weights && opts.weights.length !== input.nRows) throw new Error(`fitRandomizedSvd: ${opts.weights.length} weights for ${input.nRows} rows`);
  const rootW = opts.weights ? opts.weights.map(Math.sqrt) : undefined;
  const a = rootW ? scaleRows(input, rootW) : input;
  if (!(Number.isInteger(opts.components) && opts.components > 0)) throw new Error(`fitRandomizedSvd: components must be a positive integer, got ${opts.components}`);
  if (a.nRows === 0 || a.nCols === 0) throw new Error(`fitRandomizedSvd: empty matrix ${a.nRows}×${a.nCols}`);
  const p = opts.oversamples ?? 10;
  const q = opts.powerIterations ?? 2;
  if (!(Number.isInteger(p) && p >= 0 && Number.isInteger(q) && q >= 0)) throw new Error(`fitRandomizedSvd: oversamples and powerIterations must be integers ≥ 0, got ${p}, ${q}`);
  const k = Math.min(opts.components, a.nRows, a.nCols);
  const l = Math.min(k + p, a.nRows, a.nCols);
  const rng = createRng(opts.seed);
  const omega = Float64Array.from({ length: a.nCols * l }, () => rng.normal());
  // Range finder with re-orthonormalisation between every product (keeps small directions alive).
  let y = orthonormalize(csrMulDense(a, omega, l), a.nRows, l);
  for (let it = 0; it < q; it++) {
    const z = orthonormalize(csrTMulDense(a, y, l), a.nCols, l);
    y = orthonormalize(csrMulDense(a, z, l), a.nRows, l);
  }
  // Bᵀ = Aᵀ·Q [d, l]; its SVD gives A's right singular vectors directly (its left vectors).
  const bt = csrTMulDense(a, y, l);
  const { values, vectors } = jacobiSvdColumns(toColumns(bt, a.nCols, l));
  const components = new Float64Array(k * a.nCols);
  for (let c = 0; c < k; c++) {
    const v = vectors[c];
    let big = 0;
    for (let j = 0; j < v.length; j++) if (Math.abs(v[j]) > Math.abs(big)) big = v[j];
    const sign = big < 0 ? -1 : 1; // deterministic sign (svd_flip-like)
    for (let j = 0; j < v.length; j++) components[c * a.nCols + j] = sign * v[j];
  }
  const model: SvdModel = { components, k, d: a.nCols, singularValues: values.slice(0, k), explainedVariance: [], explainedVarianceRatio: [] };
  const variance = explainedVariance(a, model, rootW);
  return { ...model, ...variance };
}

/** As scikit-learn: variance of each transformed column over variance of the input, both over the (weighted) rows. */
function explainedVariance(a: Csr, model: SvdModel, rootW?: Float64Array): { explainedVariance: number[]; explainedVarianceRatio: number[] } {
  // Rows of `a` are already scaled by √w: Σ_rows z = Σ √w·(√w z), Σ_rows z² = Σ (√w z)².
  let n = 0;
  for (let r = 0; r < a.nRows; r++) n += rootW ? rootW[r] * rootW[r] : 1;
  const z = svdTransform(a, model);
  const ev = Array.from({ length: model.k }, (_, c) => {
    let s = 0;
    let ss = 0;
    for (let i = 0; i < a.nRows; i++) {
      const v = z[i * model.k + c];
      s += (rootW ? rootW[i] : 1) * v;
      ss += v * v;
    }
    return Math.max(0, ss / n - (s / n) ** 2);
  });
  const { sum, sumSq } = csrColumnMoments(a, rootW);
  let total = 0;
  for (let j = 0; j < a.nCols; j++) total += Math.max(0, sumSq[j] / n - (sum[j] / n) ** 2);
  return { explainedVariance: ev, explainedVarianceRatio: ev.map((v) => (total > 0 ? v / total : 0)) };
}

/** X·componentsᵀ for sparse X [n, d]: row-major [n, k] float64. */
export function svdTransform(x: Csr, model: Pick<SvdModel, 'components' | 'k' | 'd'>): Float64Array {
  if (x.nCols !== model.d) throw new Error(`svdTransform: matrix has ${x.nCols} columns, the SVD was fitted on ${model.d}`);
  // componentsᵀ is [d, k] row-major: the product is then a plain CSR × dense.
  const ct = new Float64Array(model.d * model.k);
  for (let c = 0; c < model.k; c++) for (let j = 0; j < model.d; j++) ct[j * model.k + c] = model.components[c * model.d + j];
  return csrMulDense(x, ct, model.k);
}

/** An orthonormal basis (row-major [r, len]) of the SVD span restricted to the input columns [offset, offset + len). */
export interface SpanBasis {
  basis: Float64Array;
  rank: number;
  len: number;
}

/**
 * Orthonormal basis of span{components[c, offset:offset+len]} (modified Gram–Schmidt, twice, in
 * component order; near-dependent directions, norm < 1e-10 of the original, are dropped). If a
 * stacked row lies in the SVD span, its slice lies in this span, so a one-column residual against
 * it is 0 for such rows. Deterministic: the same components always give the same basis.
 */
export function spanBasis(model: Pick<SvdModel, 'components' | 'k' | 'd'>, offset = 0, len = model.d): SpanBasis {
  if (!(offset >= 0 && len >= 0 && offset + len <= model.d)) throw new Error(`spanBasis: columns [${offset}, ${offset + len}) outside the SVD's ${model.d}`);
  const rows: Float64Array[] = [];
  for (let c = 0; c < model.k; c++) {
    const v = model.components.slice(c * model.d + offset, c * model.d + offset + len);
    let n0 = 0;
    for (const x of v) n0 += x * x;
    n0 = Math.sqrt(n0);
    if (!(n0 > 0)) continue;
    for (let pass = 0; pass < 2; pass++) {
      for (const q of rows) {
        let dot = 0;
        for (let j = 0; j < len; j++) dot += q[j] * v[j];
        for (let j = 0; j < len; j++) v[j] -= dot * q[j];
      }
    }
    let n = 0;
    for (const x of v) n += x * x;
    n = Math.sqrt(n);
    if (n <= 1e-10 * n0) continue;
    for (let j = 0; j < len; j++) v[j] /= n;
    rows.push(v);
  }
  const basis = new Float64Array(rows.length * len);
  rows.forEach((r, i) => basis.set(r, i * len));
  return { basis, rank: rows.length, len };
}

/**
 * Per row of x [n, len]: ||x||² − ||projection onto the basis||², clipped to [0, 1]. For
 * l2-normalised rows this is 1 − ||P x||², the share of the row the span cannot explain (0 for an
 * empty row: there is nothing to explain).
 */
export function spanResidual(x: Csr, span: SpanBasis): Float64Array {
  if (x.nCols !== span.len) throw new Error(`spanResidual: matrix has ${x.nCols} columns, the basis ${span.len}`);
  const out = new Float64Array(x.nRows);
  for (let r = 0; r < x.nRows; r++) {
    let sq = 0;
    for (let p = x.indptr[r]; p < x.indptr[r + 1]; p++) sq += x.values[p] * x.values[p];
    let proj = 0;
    for (let c = 0; c < span.rank; c++) {
      let dot = 0;
      const base = c * span.len;
      for (let p = x.indptr[r]; p < x.indptr[r + 1]; p++) dot += span.basis[base + x.indices[p]] * x.values[p];
      proj += dot * dot;
    }
    out[r] = Math.min(1, Math.max(0, sq - proj));
  }
  return out;
}
