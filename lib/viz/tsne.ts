import { createRng } from '../random';

/** Options of the exact t-SNE (van der Maaten & Hinton 2008; optimiser settings as scikit-learn's). */
export interface TsneOptions {
  /** Effective number of neighbours. Default 30 (must be < n). */
  perplexity?: number;
  /** Gradient steps in total, early exaggeration included. Default 750. */
  iterations?: number;
  /** Seeds the initial layout; same seed and input → same map. Default 0. */
  seed?: number;
  /** P is multiplied by this in the first phase, which pulls clusters apart early. Default 12. */
  earlyExaggeration?: number;
  /** Steps of the exaggerated phase (capped at a third of `iterations`). Default 250. */
  exaggerationIterations?: number;
  /** Step size; 'auto' = max(n / exaggeration / 4, 50) (scikit-learn ≥ 1.2). */
  learningRate?: number | 'auto';
}

export const TSNE_DEFAULTS = {
  perplexity: 30,
  iterations: 750,
  seed: 0,
  earlyExaggeration: 12,
  exaggerationIterations: 250,
  learningRate: 'auto' as number | 'auto',
};

/**
 * Exact t-SNE of validated rows `data` ([n, d], row-major) into 2-D: O(n²) memory and time per step,
 * meant for n ≤ a few thousand. Returns the layout row-major [n, 2], centred.
 */
export function tsneKernel(data: ArrayLike<number>, n: number, d: number, opts: typeof TSNE_DEFAULTS): Float64Array {
  const P = jointProbabilities(data, n, d, opts.perplexity);
  const rng = createRng(opts.seed);
  const Y = Float64Array.from({ length: 2 * n }, () => rng.normal(0, 1e-4));
  const update = new Float64Array(2 * n);
  const gains = new Float64Array(2 * n).fill(1);
  const grad = new Float64Array(2 * n);
  const rep = new Float64Array(2 * n);
  const exagSteps = Math.min(opts.exaggerationIterations, Math.floor(opts.iterations / 3));
  const lr = opts.learningRate === 'auto' ? Math.max(n / opts.earlyExaggeration / 4, 50) : opts.learningRate;
  for (let it = 0; it < opts.iterations; it++) {
    const exag = it < exagSteps ? opts.earlyExaggeration : 1;
    const momentum = it < exagSteps ? 0.5 : 0.8;
    gradient(P, Y, n, exag, rep, grad);
    for (let k = 0; k < 2 * n; k++) {
      // Delta-bar-delta gains: grow a step while its direction keeps, shrink it when it flips.
      gains[k] = Math.sign(grad[k]) !== Math.sign(update[k]) ? gains[k] + 0.2 : Math.max(0.01, gains[k] * 0.8);
      update[k] = momentum * update[k] - lr * gains[k] * grad[k];
      Y[k] += update[k];
    }
    centre(Y, n);
  }
  return Y;
}

/**
 * KL gradient 4 Σ_j (exag·p_ij − q_ij)·w_ij·(y_i − y_j), w_ij = (1 + |y_i − y_j|²)⁻¹, q_ij = w_ij / Z, into `grad`.
 * Split as 4·(exag·Σ p_ij w_ij Δ − Σ w_ij² Δ / Z) so one pass over the pairs suffices (Z is known only at the end).
 * `P` is the packed upper triangle (row i holds j = i+1..n-1).
 */
function gradient(P: Float64Array, Y: Float64Array, n: number, exag: number, rep: Float64Array, grad: Float64Array): void {
  grad.fill(0);
  rep.fill(0);
  let Z = 0;
  let k = 0;
  for (let i = 0; i < n; i++) {
    const xi = Y[2 * i], yi = Y[2 * i + 1];
    let ax = 0, ay = 0, rx = 0, ry = 0;
    for (let j = i + 1; j < n; j++, k++) {
      const dx = xi - Y[2 * j], dy = yi - Y[2 * j + 1];
      const w = 1 / (1 + dx * dx + dy * dy);
      Z += 2 * w;
      const a = P[k] * w, r = w * w;
      ax += a * dx;
      ay += a * dy;
      rx += r * dx;
      ry += r * dy;
      grad[2 * j] -= a * dx;
      grad[2 * j + 1] -= a * dy;
      rep[2 * j] -= r * dx;
      rep[2 * j + 1] -= r * dy;
    }
    grad[2 * i] += ax;
    grad[2 * i + 1] += ay;
    rep[2 * i] += rx;
    rep[2 * i + 1] += ry;
  }
  const invZ = 1 / Math.max(Z, 1e-300);
  for (let m = 0; m < 2 * n; m++) grad[m] = 4 * (exag * grad[m] - rep[m] * invZ);
}

function centre(Y: Float64Array, n: number): void {
  let mx = 0, my = 0;
  for (let i = 0; i < n; i++) {
    mx += Y[2 * i];
    my += Y[2 * i + 1];
  }
  mx /= n;
  my /= n;
  for (let i = 0; i < n; i++) {
    Y[2 * i] -= mx;
    Y[2 * i + 1] -= my;
  }
}

/**
 * Symmetric input affinities p_ij = (p_j|i + p_i|j) / 2n, where each row's Gaussian bandwidth is found by
 * bisection so that its entropy equals log(perplexity). Returns the packed upper triangle (n(n−1)/2 values, row by row).
 */
export function jointProbabilities(data: ArrayLike<number>, n: number, d: number, perplexity: number): Float64Array {
  const D = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
    let s = 0;
    for (let k = 0; k < d; k++) {
      const t = data[i * d + k] - data[j * d + k];
      s += t * t;
    }
    D[i * n + j] = s;
    D[j * n + i] = s;
  }
  const cond = new Float64Array(n * n);
  const target = Math.log(perplexity);
  for (let i = 0; i < n; i++) conditionalRow(D, cond, i, n, target);
  const P = new Float64Array((n * (n - 1)) / 2);
  let k = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) P[k++] = Math.max((cond[i * n + j] + cond[j * n + i]) / (2 * n), 1e-12);
  return P;
}

function conditionalRow(D: Float64Array, out: Float64Array, i: number, n: number, target: number): void {
  // Distances can be tiny or huge (latent scales vary): start from the row's mean distance.
  let mean = 0;
  for (let j = 0; j < n; j++) mean += D[i * n + j];
  mean /= Math.max(1, n - 1);
  let beta = mean > 0 ? 1 / mean : 1, lo = 0, hi = Infinity;
  for (let step = 0; step < 200; step++) {
    let sum = 0, dot = 0, dot2 = 0;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const dij = D[i * n + j];
      const p = Math.exp(-dij * beta);
      out[i * n + j] = p;
      sum += p;
      dot += dij * p;
      dot2 += dij * dij * p;
    }
    if (sum === 0) {
      hi = beta; // too narrow: every neighbour underflowed
      beta = (lo + hi) / 2;
      continue;
    }
    const m = dot / sum;
    const H = Math.log(sum) + beta * m;
    const diff = H - target;
    if (Math.abs(diff) < 1e-5 || step === 199) {
      for (let j = 0; j < n; j++) out[i * n + j] = j === i ? 0 : out[i * n + j] / sum;
      return;
    }
    // Entropy falls as beta grows: keep a bracket, take a Newton step (dH/dβ = −β·Var(D)) when it stays inside.
    if (diff > 0) lo = beta;
    else hi = beta;
    const variance = dot2 / sum - m * m;
    const newton = variance > 0 ? beta + diff / (beta * variance) : NaN;
    beta = newton > lo && newton < hi ? newton : Number.isFinite(hi) ? (lo + hi) / 2 : beta * 2;
  }
}
