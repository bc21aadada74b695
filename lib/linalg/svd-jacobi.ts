/**
 * SVD of a matrix with few columns by one-sided Jacobi (Hestenes): more accurate than the
 * eigenvalues of BBᵀ, which square the condition number. Used by the randomized SVD's last step.
 */
import { dot } from './dense';

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
