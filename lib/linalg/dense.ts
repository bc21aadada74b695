/**
 * Small dense kernels, pure TS, row-major Float64Array unless a name says columns: layout changes,
 * dot products, orthonormalising a tall matrix's few columns (modified Gram–Schmidt, applied twice
 * for stability), the Gram matrix MᵀM and svd_flip's sign rule. Kernels trust their input.
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

/** Σ a[i]·b[i] over a's length, left to right. */
export function dot(a: Float64Array, b: Float64Array): number {
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

/** Mᵀ M `[d, d]` of a row-major `[rows, d]` matrix, exactly symmetric (upper triangle computed, then mirrored). */
export function gram(m: Float64Array, rows: number, d: number): Float64Array {
  const g = new Float64Array(d * d);
  for (let r = 0; r < rows; r++) {
    const o = r * d;
    for (let a = 0; a < d; a++) {
      const va = m[o + a];
      if (va === 0) continue;
      for (let c = a; c < d; c++) g[a * d + c] += va * m[o + c];
    }
  }
  for (let a = 0; a < d; a++) for (let c = 0; c < a; c++) g[a * d + c] = g[c * d + a];
  return g;
}

/** svd_flip(u_based_decision=False) on the k rows of V `[k, d]`, in place: each row's largest-|·| entry (first on ties) made positive. */
export function flipRowSigns(v: Float64Array, k: number, d: number): void {
  for (let c = 0; c < k; c++) {
    let arg = 0;
    for (let f = 1; f < d; f++) if (Math.abs(v[c * d + f]) > Math.abs(v[c * d + arg])) arg = f;
    if (v[c * d + arg] < 0) for (let f = 0; f < d; f++) v[c * d + f] = -v[c * d + f];
  }
}
