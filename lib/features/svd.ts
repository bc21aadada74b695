/**
 * Randomized truncated SVD (Halko, Martinsson & Tropp 2011, algorithms 4.4 + 5.1) of a sparse
 * matrix, as scikit-learn's TruncatedSVD(algorithm='randomized'): no centring, so sparsity is kept.
 * Only sparse × dense products touch A; the dense work is on [n, k+p] and [d, k+p] matrices.
 */
import { createRng } from '../random';
import { csrColumnMoments, csrMulDense, csrTMulDense, scaleRows, type Csr } from './csr';
import { float64FromJSON, float64ToJSON, intFromJSON, objectFromJSON, type Float64Json } from './json';
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

/** JSON form of a fitted SVD (exact: see lib/features/json); components row-major [k, d]. */
export interface SvdModelJson {
  k: number;
  d: number;
  components: Float64Json;
  singularValues: Float64Json;
  explainedVariance: Float64Json;
  explainedVarianceRatio: Float64Json;
}

export function svdToJSON(m: SvdModel): SvdModelJson {
  return {
    k: m.k, d: m.d, components: float64ToJSON(m.components, 'svd.components'), singularValues: float64ToJSON(m.singularValues, 'svd.singularValues'),
    explainedVariance: float64ToJSON(m.explainedVariance, 'svd.explainedVariance'), explainedVarianceRatio: float64ToJSON(m.explainedVarianceRatio, 'svd.explainedVarianceRatio'),
  };
}

/** A fitted SVD from its JSON form: k·d components, k non-negative singular values and variances. */
export function svdFromJSON(json: unknown, where = 'svd'): SvdModel {
  const o = objectFromJSON(json, where, ['k', 'd', 'components', 'singularValues', 'explainedVariance', 'explainedVarianceRatio']);
  const k = intFromJSON(o.k, `${where}.k`, 1);
  const d = intFromJSON(o.d, `${where}.d`, 1);
  const nonNegative = (v: number) => (v >= 0 ? null : 'must be ≥ 0');
  const perComponent = (key: string) => Array.from(float64FromJSON(o[key], `${where}.${key}`, { length: k, check: nonNegative }));
  return {
    components: float64FromJSON(o.components, `${where}.components`, { length: k * d }), k, d,
    singularValues: perComponent('singularValues'), explainedVariance: perComponent('explainedVariance'), explainedVarianceRatio: perComponent('explainedVarianceRatio'),
  };
}
