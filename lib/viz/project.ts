import { tsneKernel, TSNE_DEFAULTS, type TsneOptions } from './tsne';

/** Row-major matrix `[rows, cols]`, e.g. an `.npy` array of encoder vectors `[n, latent]`. */
export interface Matrix {
  data: ArrayLike<number>;
  shape: [number, number] | number[];
}

/** A 2-D map of n vectors: `x[i]`, `y[i]` for row i, plus a line saying how it was made (for a chart subtitle). */
export interface Projection2d {
  x: Float64Array;
  y: Float64Array;
  method: 'pca' | 'tsne';
  /** PCA: share of the total variance on each axis. */
  explained?: [number, number];
  /** e.g. "PCA (exact), 2 components explain 71.3% of variance" or "t-SNE (exact), perplexity 30, 750 iterations, seed 42". */
  description: string;
}

export interface ProjectOptions extends TsneOptions {
  /** 'pca' (default; exact, deterministic) or 'tsne' (exact O(n²), n ≤ maxTsnePoints). */
  method?: 'pca' | 'tsne';
  /** Largest n accepted by t-SNE (memory n², time n² per iteration). Default 2000. */
  maxTsnePoints?: number;
}

/** Principal components of centred data: `components[k]` is a unit vector of length cols, largest variance first. */
export interface Pca {
  mean: Float64Array;
  components: Float64Array[];
  /** Variance along each component. */
  variance: number[];
  /** Total variance (trace of the covariance). */
  totalVariance: number;
}

/**
 * 2-D projection of the rows of `m` (`[n, d]`): PCA by default, or exact t-SNE (`method: 'tsne'`,
 * seeded). Throws on non-finite values, n < 2 or (t-SNE) n > maxTsnePoints.
 */
export function project2d(m: Matrix | number[][], opts: ProjectOptions = {}): Projection2d {
  const { data, n, d } = checkMatrix('project2d', m);
  const method = opts.method ?? 'pca';
  if (method === 'pca') return pcaProjection(data, n, d);
  if (method !== 'tsne') throw new Error(`project2d: method must be 'pca' or 'tsne', got "${String(method)}"`);
  const maxN = opts.maxTsnePoints ?? 2000;
  if (n > maxN) throw new Error(`project2d: exact t-SNE is O(n²); ${n} points exceed the limit of ${maxN} (sample fewer points or use PCA)`);
  const o = { ...TSNE_DEFAULTS, ...opts };
  if (!(o.perplexity > 0 && o.perplexity < n)) throw new Error(`project2d: t-SNE perplexity must be in (0, n=${n}), got ${o.perplexity}`);
  if (!Number.isInteger(o.iterations) || o.iterations < 1) throw new Error(`project2d: t-SNE iterations must be a positive integer, got ${o.iterations}`);
  if (!Number.isInteger(o.seed)) throw new Error(`project2d: t-SNE seed must be an integer, got ${o.seed}`);
  // Standard practice: reduce wide inputs with PCA first (denoises, and makes distances cheaper).
  const reduced = d > 50 ? pcaScores(data, n, d, 50) : { data, d };
  const y = tsneKernel(reduced.data, n, reduced.d, o);
  const x0 = new Float64Array(n), y0 = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x0[i] = y[2 * i];
    y0[i] = y[2 * i + 1];
  }
  const pre = d > 50 ? ' on 50 principal components' : '';
  return { x: x0, y: y0, method: 'tsne', description: `t-SNE (exact${pre}), perplexity ${o.perplexity}, ${o.iterations} iterations, seed ${o.seed}` };
}

/** PCA of the rows of `m` (exact: covariance + Jacobi eigen-decomposition), `k` components (default all). */
export function pca(m: Matrix | number[][], k?: number): Pca {
  const { data, n, d } = checkMatrix('pca', m);
  const kk = k ?? d;
  if (!Number.isInteger(kk) || kk < 1) throw new Error(`pca: k must be a positive integer, got ${k}`);
  return pcaKernel(data, n, d, Math.min(kk, d));
}

function pcaProjection(data: ArrayLike<number>, n: number, d: number): Projection2d {
  const p = pcaKernel(data, n, d, Math.min(2, d));
  const x = new Float64Array(n), y = new Float64Array(n);
  const [c0, c1] = p.components;
  for (let i = 0; i < n; i++) {
    let a = 0, b = 0;
    for (let j = 0; j < d; j++) {
      const v = data[i * d + j] - p.mean[j];
      a += v * c0[j];
      if (c1) b += v * c1[j];
    }
    x[i] = a;
    y[i] = b;
  }
  const share = (k: number) => (p.totalVariance > 0 && p.variance[k] !== undefined ? p.variance[k] / p.totalVariance : 0);
  const explained: [number, number] = [share(0), share(1)];
  const pct = ((explained[0] + explained[1]) * 100).toFixed(1);
  return { x, y, method: 'pca', explained, description: `PCA (exact), 2 components explain ${pct}% of variance` };
}

/** Scores on the first k components, row-major [n, k]. */
function pcaScores(data: ArrayLike<number>, n: number, d: number, k: number): { data: Float64Array; d: number } {
  const p = pcaKernel(data, n, d, k);
  const out = new Float64Array(n * k);
  for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += (data[i * d + j] - p.mean[j]) * p.components[c][j];
    out[i * k + c] = s;
  }
  return { data: out, d: k };
}

function pcaKernel(data: ArrayLike<number>, n: number, d: number, k: number): Pca {
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += data[i * d + j];
  for (let j = 0; j < d; j++) mean[j] /= n;
  const cov = new Float64Array(d * d);
  const row = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) row[j] = data[i * d + j] - mean[j];
    for (let a = 0; a < d; a++) {
      const ra = row[a];
      if (ra === 0) continue;
      for (let b = a; b < d; b++) cov[a * d + b] += ra * row[b];
    }
  }
  const denom = Math.max(1, n - 1);
  for (let a = 0; a < d; a++) for (let b = a; b < d; b++) {
    cov[a * d + b] /= denom;
    cov[b * d + a] = cov[a * d + b];
  }
  let totalVariance = 0;
  for (let a = 0; a < d; a++) totalVariance += cov[a * d + a];
  const { values, vectors } = jacobiEigen(cov, d);
  const order = Array.from({ length: d }, (_, i) => i).sort((a, b) => values[b] - values[a]);
  const components = order.slice(0, k).map((c) => {
    const v = Float64Array.from({ length: d }, (_, j) => vectors[j * d + c]);
    // Eigenvectors have no sign: make the largest-magnitude entry positive so results are reproducible.
    let big = 0;
    for (let j = 1; j < d; j++) if (Math.abs(v[j]) > Math.abs(v[big]) + 1e-12) big = j;
    if (v[big] < 0) for (let j = 0; j < d; j++) v[j] = -v[j];
    return v;
  });
  return { mean, components, variance: order.slice(0, k).map((c) => Math.max(0, values[c])), totalVariance };
}

/** Eigen-decomposition of a symmetric d×d matrix (cyclic Jacobi); columns of `vectors` are eigenvectors. */
function jacobiEigen(matrix: Float64Array, d: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(d * d);
  for (let i = 0; i < d; i++) v[i * d + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0, scale = 0;
    for (let p = 0; p < d; p++) for (let q = 0; q < d; q++) {
      if (p !== q) off += a[p * d + q] ** 2;
      scale += a[p * d + q] ** 2;
    }
    if (off <= 1e-24 * Math.max(scale, 1e-300)) break;
    for (let p = 0; p < d - 1; p++) for (let q = p + 1; q < d; q++) {
      const apq = a[p * d + q];
      if (Math.abs(apq) < 1e-300) continue;
      const theta = (a[q * d + q] - a[p * d + p]) / (2 * apq);
      const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
      const c = 1 / Math.sqrt(t * t + 1), s = t * c;
      for (let r = 0; r < d; r++) {
        const arp = a[r * d + p], arq = a[r * d + q];
        a[r * d + p] = c * arp - s * arq;
        a[r * d + q] = s * arp + c * arq;
      }
      for (let r = 0; r < d; r++) {
        const apr = a[p * d + r], aqr = a[q * d + r];
        a[p * d + r] = c * apr - s * aqr;
        a[q * d + r] = s * apr + c * aqr;
      }
      for (let r = 0; r < d; r++) {
        const vrp = v[r * d + p], vrq = v[r * d + q];
        v[r * d + p] = c * vrp - s * vrq;
        v[r * d + q] = s * vrp + c * vrq;
      }
    }
  }
  return { values: Float64Array.from({ length: d }, (_, i) => a[i * d + i]), vectors: v };
}

function checkMatrix(fn: string, m: Matrix | number[][]): { data: ArrayLike<number>; n: number; d: number } {
  let data: ArrayLike<number>, n: number, d: number;
  if (Array.isArray(m)) {
    n = m.length;
    d = n ? m[0].length : 0;
    m.forEach((r, i) => {
      if (!r || r.length !== d) throw new Error(`${fn}: row ${i} has ${r?.length} values but row 0 has ${d}`);
    });
    data = m.flat();
  } else {
    if (!m || m.shape.length !== 2) throw new Error(`${fn}: expected a 2-D matrix [rows, cols], got shape [${m?.shape}]`);
    [n, d] = m.shape;
    data = m.data;
    if (data.length !== n * d) throw new Error(`${fn}: shape [${n}, ${d}] needs ${n * d} values but the data has ${data.length}`);
  }
  if (n < 2) throw new Error(`${fn}: need at least 2 rows, got ${n}`);
  if (d < 1) throw new Error(`${fn}: rows have no columns`);
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) throw new Error(`${fn}: value at row ${Math.floor(i / d)}, column ${i % d} is not finite (${data[i]})`);
  }
  return { data, n, d };
}
