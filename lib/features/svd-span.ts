/**
 * The part of a row a fitted truncated SVD cannot explain (GRU-SAE's `<col>.svd_residual` novelty
 * feature): an orthonormal basis of the SVD span restricted to some input columns, and each sparse
 * row's squared residual against it.
 */
import type { Csr } from './csr';
import type { SvdModel } from './svd';

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
