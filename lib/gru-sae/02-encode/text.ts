/**
 * The stacked TF-IDF block of all text columns, deduplicated: event logs repeat the same tuple of
 * (command line, image, parent, …) many times (APT29: 80k rows, 24k distinct tuples; the demo:
 * 200k rows, 28k), so the SVD is fitted on distinct tuples with their counts as weights and each
 * distinct tuple is projected once. The result is identical to working on every row.
 */
import { hstackCsr, tfidfDistinct, type Csr } from '../../features';

export interface TextColumnModel {
  column: string;
  vocab: string[];
  idf: number[];
  n_docs: number;
}

/** One text column on its own: distinct l2-normalised TF-IDF rows, each input row's distinct row, oov share per distinct row. */
export interface TextColumnPart {
  distinct: Csr;
  rowOf: Int32Array;
  oovShare: Float64Array;
  /** First column of this text column in the stacked block. */
  offset: number;
}

/** Distinct stacked rows [m, Σ vocab], each input row's distinct row, and each distinct row's count. */
export interface TextBlock {
  unique: Csr;
  rowOf: Int32Array;
  counts: Float64Array;
  /** The per-column pieces the block was stacked from (novelty features read them). */
  columns: TextColumnPart[];
}

/** Build the deduplicated block for rows given as one string array per text column. */
export function textBlock(models: readonly TextColumnModel[], docs: readonly (readonly string[])[], pattern: string, nRows: number): TextBlock {
  if (models.length === 0) throw new Error('textBlock: no text columns');
  const parts = models.map((m, c) => tfidfDistinct(docs[c], { vocab: m.vocab, idf: m.idf, nDocs: m.n_docs }, pattern));
  for (const p of parts) if (p.rowOf.length !== nRows) throw new Error(`textBlock: a text column has ${p.rowOf.length} rows, expected ${nRows}`);
  const tuples = new Map<string, number>();
  const rowOf = new Int32Array(nRows);
  const firstRow: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < nRows; i++) {
    let key = '';
    for (const p of parts) key += `${p.rowOf[i]},`;
    let u = tuples.get(key);
    if (u === undefined) {
      u = firstRow.length;
      tuples.set(key, u);
      firstRow.push(i);
      counts.push(0);
    }
    counts[u]++;
    rowOf[i] = u;
  }
  const maps = parts.map((p) => Int32Array.from(firstRow, (i) => p.rowOf[i]));
  let offset = 0;
  const columns = parts.map((p) => {
    const part = { distinct: p.distinct, rowOf: p.rowOf, oovShare: p.oovShare, offset };
    offset += p.distinct.nCols;
    return part;
  });
  return { unique: hstackCsr(parts.map((p) => p.distinct), maps), rowOf, counts: Float64Array.from(counts), columns };
}
