/**
 * Compressed sparse rows (CSR) and the two sparse × dense products the randomized SVD needs.
 * The TF-IDF block is only ever held in this form: nothing here densifies it.
 */
export interface Csr {
  /** Row r's entries are indices/values[indptr[r] .. indptr[r + 1]). Length nRows + 1. */
  indptr: Int32Array;
  /** Column of each stored entry (sorted within a row). */
  indices: Int32Array;
  values: Float64Array;
  nRows: number;
  nCols: number;
}

/** Check the invariants of a CSR matrix, naming `where` in the error. */
export function validateCsr(a: Csr, where = 'csr'): void {
  if (a.indptr.length !== a.nRows + 1) throw new Error(`${where}: indptr has ${a.indptr.length} entries, need nRows + 1 = ${a.nRows + 1}`);
  const nnz = a.indptr[a.nRows];
  if (a.indices.length !== nnz || a.values.length !== nnz) throw new Error(`${where}: indptr says ${nnz} stored entries, indices/values hold ${a.indices.length}/${a.values.length}`);
  for (let k = 0; k < nnz; k++) {
    if (a.indices[k] < 0 || a.indices[k] >= a.nCols) throw new Error(`${where}: column index ${a.indices[k]} outside [0, ${a.nCols})`);
  }
}

/**
 * Horizontally concatenate CSR blocks: [A | B | …]. With `rowMaps`, output row r takes row
 * rowMaps[b][r] of block b (gather and stack in one pass); without, blocks need equal row counts.
 */
export function hstackCsr(blocks: Csr[], rowMaps?: Int32Array[]): Csr {
  if (blocks.length === 0) throw new Error('hstackCsr: no blocks');
  if (rowMaps && rowMaps.length !== blocks.length) throw new Error(`hstackCsr: ${rowMaps.length} row maps for ${blocks.length} blocks`);
  const nRows = rowMaps ? rowMaps[0].length : blocks[0].nRows;
  blocks.forEach((b, i) => {
    if (rowMaps ? rowMaps[i].length !== nRows : b.nRows !== nRows) throw new Error(`hstackCsr: row counts differ (${nRows} vs ${rowMaps ? rowMaps[i].length : b.nRows})`);
  });
  const src = (b: number, r: number) => (rowMaps ? rowMaps[b][r] : r);
  let nnz = 0;
  for (let r = 0; r < nRows; r++) blocks.forEach((b, i) => (nnz += b.indptr[src(i, r) + 1] - b.indptr[src(i, r)]));
  const indptr = new Int32Array(nRows + 1);
  const indices = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  let k = 0;
  for (let r = 0; r < nRows; r++) {
    let offset = 0;
    for (let i = 0; i < blocks.length; i++) {
      const b = blocks[i];
      const row = src(i, r);
      for (let p = b.indptr[row]; p < b.indptr[row + 1]; p++, k++) {
        indices[k] = b.indices[p] + offset;
        values[k] = b.values[p];
      }
      offset += b.nCols;
    }
    indptr[r + 1] = k;
  }
  return { indptr, indices, values, nRows, nCols: blocks.reduce((s, b) => s + b.nCols, 0) };
}

/** The same matrix with row r multiplied by scale[r]. */
export function scaleRows(a: Csr, scale: Float64Array): Csr {
  if (scale.length !== a.nRows) throw new Error(`scaleRows: ${scale.length} factors for ${a.nRows} rows`);
  const values = new Float64Array(a.values.length);
  for (let r = 0; r < a.nRows; r++) for (let p = a.indptr[r]; p < a.indptr[r + 1]; p++) values[p] = a.values[p] * scale[r];
  return { ...a, values };
}

/** A·B for CSR A [n, d] and row-major dense B [d, m]; returns row-major [n, m]. */
export function csrMulDense(a: Csr, b: Float64Array, m: number): Float64Array {
  if (b.length !== a.nCols * m) throw new Error(`csrMulDense: dense operand has ${b.length} values, need ${a.nCols}×${m}`);
  const out = new Float64Array(a.nRows * m);
  for (let r = 0; r < a.nRows; r++) {
    const o = r * m;
    for (let p = a.indptr[r]; p < a.indptr[r + 1]; p++) {
      const v = a.values[p];
      const base = a.indices[p] * m;
      for (let c = 0; c < m; c++) out[o + c] += v * b[base + c];
    }
  }
  return out;
}

/** Aᵀ·Y for CSR A [n, d] and row-major dense Y [n, m]; returns row-major [d, m]. */
export function csrTMulDense(a: Csr, y: Float64Array, m: number): Float64Array {
  if (y.length !== a.nRows * m) throw new Error(`csrTMulDense: dense operand has ${y.length} values, need ${a.nRows}×${m}`);
  const out = new Float64Array(a.nCols * m);
  for (let r = 0; r < a.nRows; r++) {
    const o = r * m;
    for (let p = a.indptr[r]; p < a.indptr[r + 1]; p++) {
      const v = a.values[p];
      const base = a.indices[p] * m;
      for (let c = 0; c < m; c++) out[base + c] += v * y[o + c];
    }
  }
  return out;
}

/** Per-column Σ f_r·a_rj and Σ a_rj² over stored entries (f = rowFactor, default 1): variance without densifying. */
export function csrColumnMoments(a: Csr, rowFactor?: Float64Array): { sum: Float64Array; sumSq: Float64Array } {
  const sum = new Float64Array(a.nCols);
  const sumSq = new Float64Array(a.nCols);
  for (let r = 0; r < a.nRows; r++) {
    const f = rowFactor ? rowFactor[r] : 1;
    for (let p = a.indptr[r]; p < a.indptr[r + 1]; p++) {
      sum[a.indices[p]] += f * a.values[p];
      sumSq[a.indices[p]] += a.values[p] * a.values[p];
    }
  }
  return { sum, sumSq };
}
