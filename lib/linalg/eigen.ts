/**
 * Eigen-decomposition of a real symmetric matrix, exact to rounding for every eigenpair. Two methods:
 * Householder + implicit QL (default; ≈1 s at d = 512) and cyclic Jacobi (Numerical Recipes' `jacobi`
 * with its threshold strategy; O(d³) per sweep, 6–10 sweeps, ≈10 s at d = 512), kept as an
 * independent slow reference that the tests hold the fast method to.
 */
import { householderQl } from './eigen-ql';

export interface SymmetricEigen {
  /** Eigenvalues, descending. */
  values: Float64Array;
  /** Eigenvectors as rows, row i (unit length) belonging to values[i]: `[d, d]` row-major. */
  vectors: Float64Array;
  /** Jacobi sweeps used (0 for QL). */
  sweeps: number;
}

const MAX_SWEEPS = 60;

export type EigenMethod = 'ql' | 'jacobi';

/** Eigenpairs of a symmetric `[d, d]` row-major matrix; throws when it is not symmetric (relative 1e-10) or not finite. */
export function symmetricEigen(matrix: ArrayLike<number>, d: number, opts: { method?: EigenMethod } = {}): SymmetricEigen {
  const fn = 'symmetricEigen';
  if (!(Number.isInteger(d) && d > 0)) throw new Error(`${fn}: d must be a positive integer, got ${d}`);
  if (matrix.length !== d * d) throw new Error(`${fn}: ${matrix.length} values do not form a ${d}×${d} matrix`);
  let scale = 0;
  for (let i = 0; i < matrix.length; i++) {
    if (!Number.isFinite(matrix[i])) throw new Error(`${fn}: non-finite entry ${matrix[i]} at (${Math.floor(i / d)}, ${i % d})`);
    scale = Math.max(scale, Math.abs(matrix[i]));
  }
  for (let i = 0; i < d; i++) {
    for (let j = i + 1; j < d; j++) {
      if (Math.abs(matrix[i * d + j] - matrix[j * d + i]) > 1e-10 * scale) throw new Error(`${fn}: matrix is not symmetric at (${i}, ${j})`);
    }
  }
  const method = opts.method ?? 'ql';
  if (method === 'ql') return sortDescending({ ...householderQl(Float64Array.from(matrix), d), sweeps: 0 }, d);
  if (method === 'jacobi') return sortDescending(jacobiKernel(Float64Array.from(matrix), d), d);
  throw new Error(`${fn}: unknown method "${method}" (use 'ql' or 'jacobi')`);
}

/** In-place cyclic Jacobi on `a` (destroyed). vt holds the eigenvectors as rows so rotations touch contiguous memory. */
function jacobiKernel(a: Float64Array, n: number): { values: Float64Array; vectors: Float64Array; sweeps: number } {
  const vt = new Float64Array(n * n);
  for (let i = 0; i < n; i++) vt[i * n + i] = 1;
  const dg = new Float64Array(n);
  const b = new Float64Array(n);
  const z = new Float64Array(n);
  let scale = 0;
  for (let i = 0; i < n; i++) {
    dg[i] = b[i] = a[i * n + i];
    for (let j = i; j < n; j++) scale += Math.abs(a[i * n + j]);
  }
  for (let sweep = 1; sweep <= MAX_SWEEPS; sweep++) {
    let sm = 0;
    for (let p = 0; p < n - 1; p++) for (let q = p + 1; q < n; q++) sm += Math.abs(a[p * n + q]);
    if (sm === 0 || sm <= 1e-15 * scale) return { values: dg, vectors: vt, sweeps: sweep - 1 };
    const tresh = sweep < 4 ? (0.2 * sm) / (n * n) : 0;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        const g = 100 * Math.abs(apq);
        if (sweep > 4 && Math.abs(dg[p]) + g === Math.abs(dg[p]) && Math.abs(dg[q]) + g === Math.abs(dg[q])) {
          a[p * n + q] = 0;
        } else if (Math.abs(apq) > tresh) {
          let h = dg[q] - dg[p];
          let t: number;
          if (Math.abs(h) + g === Math.abs(h)) t = apq / h;
          else {
            const theta = (0.5 * h) / apq;
            t = 1 / (Math.abs(theta) + Math.sqrt(1 + theta * theta));
            if (theta < 0) t = -t;
          }
          const c = 1 / Math.sqrt(1 + t * t);
          const s = t * c;
          const tau = s / (1 + c);
          h = t * apq;
          z[p] -= h; z[q] += h; dg[p] -= h; dg[q] += h;
          a[p * n + q] = 0;
          for (let j = 0; j < p; j++) rotate(a, j * n + p, j * n + q, s, tau);
          for (let j = p + 1; j < q; j++) rotate(a, p * n + j, j * n + q, s, tau);
          for (let j = q + 1; j < n; j++) rotate(a, p * n + j, q * n + j, s, tau);
          for (let j = 0; j < n; j++) rotate(vt, p * n + j, q * n + j, s, tau);
        }
      }
    }
    for (let p = 0; p < n; p++) {
      b[p] += z[p];
      dg[p] = b[p];
      z[p] = 0;
    }
  }
  throw new Error(`symmetricEigen: Jacobi did not converge in ${MAX_SWEEPS} sweeps (d = ${n})`);
}

function rotate(m: Float64Array, ij: number, kl: number, s: number, tau: number): void {
  const g = m[ij];
  const h = m[kl];
  m[ij] = g - s * (h + g * tau);
  m[kl] = h + s * (g - h * tau);
}

function sortDescending(r: { values: Float64Array; vectors: Float64Array; sweeps: number }, n: number): SymmetricEigen {
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => r.values[j] - r.values[i] || i - j);
  const values = Float64Array.from(order, (i) => r.values[i]);
  const vectors = new Float64Array(n * n);
  order.forEach((src, dst) => vectors.set(r.vectors.subarray(src * n, (src + 1) * n), dst * n));
  return { values, vectors, sweeps: r.sweeps };
}
