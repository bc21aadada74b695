/**
 * TF-IDF of one text column, as scikit-learn's TfidfVectorizer(lowercase=True, smooth_idf=True,
 * norm='l2', sublinear_tf=False) computes it, except that the vocabulary cap keeps the terms with
 * the highest DOCUMENT frequency (ties by term) where scikit-learn's max_features ranks by total
 * term count. Fitted on training rows only; output is sparse (CSR), never dense.
 */
import { hstackCsr, type Csr } from './csr';
import { float64FromJSON, float64ToJSON, intFromJSON, objectFromJSON, stringsFromJSON, type Float64Json } from './json';

/** A fitted vocabulary: terms in column order (alphabetical, as scikit-learn) and their idf. */
export interface TfidfModel {
  vocab: string[];
  idf: number[];
  /** Training documents the idf came from. */
  nDocs: number;
}

export interface TfidfFitOptions {
  /** Keep at most this many terms (top by document frequency, ties by term). */
  maxVocab: number;
  /** Token regex source (JS syntax), applied to the lowercased text. */
  pattern: string;
}

/** Compile a token pattern once (global flag added); a bad pattern is an error naming it. */
export function tokenRegex(pattern: string): RegExp {
  try {
    return new RegExp(pattern, 'g');
  } catch (err) {
    throw new Error(`tfidf_token_pattern "${pattern}" is not a valid regular expression: ${(err as Error).message}`);
  }
}

/** Tokens of a text: the regex's matches in the lowercased text, in order, repeats kept. */
export function tokenize(text: string, re: RegExp): string[] {
  if (!re.global) throw new Error('tokenize: the regex needs the global flag (use tokenRegex)');
  return text.toLowerCase().match(re) ?? [];
}

/** Count how often each distinct document occurs (documents repeat a lot in event logs). */
function distinctCounts(docs: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const d of docs) counts.set(d, (counts.get(d) ?? 0) + 1);
  return counts;
}

/** Fit vocabulary and idf = ln((1 + n) / (1 + df)) + 1 on the training documents. */
export function fitTfidf(docs: readonly string[], opts: TfidfFitOptions): TfidfModel {
  if (!(Number.isInteger(opts.maxVocab) && opts.maxVocab > 0)) throw new Error(`fitTfidf: maxVocab must be a positive integer, got ${opts.maxVocab}`);
  if (docs.length === 0) throw new Error('fitTfidf: no training documents');
  const re = tokenRegex(opts.pattern);
  const df = new Map<string, number>();
  for (const [doc, count] of distinctCounts(docs)) {
    for (const term of new Set(tokenize(doc, re))) df.set(term, (df.get(term) ?? 0) + count);
  }
  const ranked = [...df.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const vocab = ranked.slice(0, opts.maxVocab).map(([t]) => t).sort();
  const n = docs.length;
  const idf = vocab.map((t) => Math.log((1 + n) / (1 + (df.get(t) as number))) + 1);
  return { vocab, idf, nDocs: n };
}

/**
 * One document's sparse l2-normalised tf·idf row (sorted column indices and values) and its
 * out-of-vocabulary share: tokens not in the fitted vocabulary / all tokens (0 for a document
 * without tokens), counted in the same pass.
 */
function documentRow(doc: string, re: RegExp, index: Map<string, number>, idf: readonly number[]): { cols: Int32Array; vals: Float64Array; oov: number } {
  const tf = new Map<number, number>();
  const tokens = tokenize(doc, re);
  let unknown = 0;
  for (const term of tokens) {
    const j = index.get(term);
    if (j !== undefined) tf.set(j, (tf.get(j) ?? 0) + 1);
    else unknown++;
  }
  const cols = Int32Array.from(tf.keys()).sort();
  const vals = Float64Array.from(cols, (j) => (tf.get(j) as number) * idf[j]);
  let norm = 0;
  for (const v of vals) norm += v * v;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let k = 0; k < vals.length; k++) vals[k] /= norm;
  return { cols, vals, oov: tokens.length ? unknown / tokens.length : 0 };
}

/**
 * TF-IDF of the DISTINCT documents (event logs repeat the same command lines a lot): a CSR with one
 * row per distinct document (first-seen order), per input row the index of its distinct row, and per
 * distinct row the share of its tokens outside the vocabulary (`oovShare`, 0 for empty text).
 */
export function tfidfDistinct(docs: readonly string[], model: TfidfModel, pattern: string): { distinct: Csr; rowOf: Int32Array; oovShare: Float64Array } {
  if (model.vocab.length !== model.idf.length) throw new Error(`tfidf: vocab has ${model.vocab.length} terms but idf has ${model.idf.length}`);
  const re = tokenRegex(pattern);
  const index = new Map(model.vocab.map((t, j) => [t, j]));
  const ids = new Map<string, number>();
  const rows: { cols: Int32Array; vals: Float64Array; oov: number }[] = [];
  const rowOf = new Int32Array(docs.length);
  for (let i = 0; i < docs.length; i++) {
    let id = ids.get(docs[i]);
    if (id === undefined) {
      id = rows.length;
      ids.set(docs[i], id);
      rows.push(documentRow(docs[i], re, index, model.idf));
    }
    rowOf[i] = id;
  }
  const indptr = new Int32Array(rows.length + 1);
  for (let r = 0; r < rows.length; r++) indptr[r + 1] = indptr[r] + rows[r].cols.length;
  const indices = new Int32Array(indptr[rows.length]);
  const values = new Float64Array(indptr[rows.length]);
  rows.forEach((row, r) => {
    indices.set(row.cols, indptr[r]);
    values.set(row.vals, indptr[r]);
  });
  return { distinct: { indptr, indices, values, nRows: rows.length, nCols: model.vocab.length }, rowOf, oovShare: Float64Array.from(rows, (r) => r.oov) };
}

/** TF-IDF matrix [docs.length, vocab.length] as CSR; rows with no known term are empty. */
export function transformTfidf(docs: readonly string[], model: TfidfModel, pattern: string): Csr {
  const { distinct, rowOf } = tfidfDistinct(docs, model, pattern);
  return hstackCsr([distinct], [rowOf]);
}

/** JSON form of a fitted vocabulary (exact: see lib/features/json). */
export interface TfidfModelJson {
  vocab: string[];
  idf: Float64Json;
  nDocs: number;
}

export function tfidfToJSON(m: TfidfModel): TfidfModelJson {
  return { vocab: m.vocab.slice(), idf: float64ToJSON(m.idf, 'tfidf.idf'), nDocs: m.nDocs };
}

/** A fitted vocabulary from its JSON form: distinct terms, one idf ≥ 1 per term, nDocs ≥ 1. */
export function tfidfFromJSON(json: unknown, where = 'tfidf'): TfidfModel {
  const o = objectFromJSON(json, where, ['vocab', 'idf', 'nDocs']);
  const vocab = stringsFromJSON(o.vocab, `${where}.vocab`, { distinct: true });
  // idf = ln((1 + n) / (1 + df)) + 1 with df ≤ n is never below 1.
  const idf = float64FromJSON(o.idf, `${where}.idf`, { length: vocab.length, check: (v) => (v >= 1 ? null : 'is not an idf (≥ 1)') });
  return { vocab, idf: Array.from(idf), nDocs: intFromJSON(o.nDocs, `${where}.nDocs`, 1) };
}
