/**
 * Small dense linear algebra for the randomized SVD, pure TS: orthonormalising a tall matrix's
 * few columns (modified Gram–Schmidt, applied twice for stability) and the SVD of a matrix with
 * few columns (one-sided Jacobi: more accurate than the eigenvalues of BBᵀ, which square the
 * condition number).
 */

/** Row-major [n, m] → column-major (each column contiguous). */
export function toColumns(a: Float64Array, n: number, m: number): Float64Array[] {
  const cols = Array.from({ length: m }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) cols[j][i] = a[i * m + j];
  return cols;
}

/** Column-major → row-major [n, m]. */
export function fromColumns(cols: readonly Float64Array[], n: number): Float64Array {
  const m = cols.length;
  const a = new Float64Array(n * m);
  for (let j = 0; j < m; j++) {
    const c = cols[j];
    for (let i = 0; i < n; i++) a[i * m + j] = c[i];
  }
  return a;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/**
 * Orthonormal basis Q [n, m] (row-major) of the columns of A [n, m] (row-major), n ≥ m: modified
 * Gram–Schmidt, twice ("twice is enough"). A column that vanishes (dependent input) becomes zero.
 */
export function orthonormalize(a: Float64Array, n: number, m: number): Float64Array {
  if (a.length !== n * m) throw new Error(`orthonormalize: ${a.length} values are not ${n}×${m}`);
  const q = toColumns(a, n, m);
  for (let j = 0; j < m; j++) {
    const v = q[j];
    const before = Math.sqrt(dot(v, v));
    for (let pass = 0; pass < 2; pass++) {
      for (let k = 0; k < j; k++) {
        const qk = q[k];
        const r = dot(qk, v);
        if (r !== 0) for (let i = 0; i < n; i++) v[i] -= r * qk[i];
      }
    }
    const norm = Math.sqrt(dot(v, v));
    // Below this the column is rounding noise of a dependent input: drop it rather than amplify it.
    if (norm <= 1e-13 * before || norm === 0) v.fill(0);
    else for (let i = 0; i < n; i++) v[i] /= norm;
  }
  return fromColumns(q, n);
}

/**
 * SVD of M [d, m] given as m columns of length d, by one-sided Jacobi (Hestenes): rotate column
 * pairs until all are orthogonal. Returns singular values (descending) and the matching unit
 * left vectors (columns of length d); zero singular values get zero vectors.
 */
export function jacobiSvdColumns(columns: readonly Float64Array[], opts: { tol?: number; maxSweeps?: number } = {}): { values: number[]; vectors: Float64Array[] } {
  const tol = opts.tol ?? 1e-15;
  const maxSweeps = opts.maxSweeps ?? 60;
  const w = columns.map((c) => Float64Array.from(c));
  const m = w.length;
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let rotated = false;
    for (let i = 0; i < m - 1; i++) {
      for (let j = i + 1; j < m; j++) {
        const a = w[i];
        const b = w[j];
        const alpha = dot(a, a);
        const beta = dot(b, b);
        const gamma = dot(a, b);
        if (gamma === 0 || Math.abs(gamma) <= tol * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        for (let k = 0; k < a.length; k++) {
          const x = a[k];
          const y = b[k];
          a[k] = c * x - s * y;
          b[k] = s * x + c * y;
        }
      }
    }
    if (!rotated) break;
  }
  const norms = w.map((c) => Math.sqrt(dot(c, c)));
  const order = norms.map((_, j) => j).sort((x, y) => norms[y] - norms[x] || x - y);
  const scaleMax = norms[order[0]] ?? 0;
  return {
    values: order.map((j) => norms[j]),
    vectors: order.map((j) => {
      const v = w[j];
      const s = norms[j];
      return s > 1e-14 * scaleMax && s > 0 ? v.map((x) => x / s) : new Float64Array(v.length);
    }),
  };
}
