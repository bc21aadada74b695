/**
 * The fitted encoder: everything needed to turn rows into the feature vector
 * [svd(tfidf) | one-hot | scaled numerics] identically for training, validation, test and new data.
 * `fitEncoder` sees training rows only; `transformRows` never changes the state.
 */
import { fitStandardScaler, transformStandard, type StandardScaler } from '../preprocess/scaler';
import { prepareNumeric } from './encode-numeric';
import { fitOneHot, oneHotCodes, oneHotNames } from './onehot';
import { fitRandomizedSvd, svdTransform, type SvdModel } from './svd';
import { textBlock, type TextBlock } from './encode-text';
import { fitTfidf } from './tfidf';

/** Feature columns of some rows, one array per column (no per-row objects). */
export interface EncodeInput {
  n: number;
  text: Record<string, readonly string[]>;
  categorical: Record<string, readonly string[]>;
  numeric: Record<string, Float64Array>;
}

export const ENCODER_FORMAT = 'seqsentry.gru-sae.encoder/1';

export interface EncoderState {
  format: typeof ENCODER_FORMAT;
  token_pattern: string;
  text: { column: string; vocab: string[]; idf: number[]; n_docs: number }[];
  categorical: { column: string; categories: string[] }[];
  numeric: { columns: string[]; log: boolean; scaler: StandardScaler | null };
  /** Null when no text is encoded (or the training text has no token). */
  svd: SvdModel | null;
  feature_names: string[];
  windows: { seq_len: number; stride: number; group_by: string | null };
}

export interface FitEncoderOptions {
  text: string[];
  categorical: string[];
  numeric: string[];
  tokenPattern: string;
  /** Vocabulary size per text column. */
  maxVocab: Record<string, number>;
  maxCategories: number;
  numericLog: boolean;
  svd: { components: number; oversamples: number; powerIterations: number; seed: number };
  windows: EncoderState['windows'];
}

function column<T>(record: Record<string, T>, name: string, role: string): T {
  const v = record[name];
  if (v === undefined) throw new Error(`encoder: ${role} column "${name}" missing from the input (have: ${Object.keys(record).join(', ') || 'none'})`);
  return v;
}

/** Fit every encoder on the training rows. */
export function fitEncoder(train: EncodeInput, opts: FitEncoderOptions): EncoderState {
  if (train.n === 0) throw new Error('fitEncoder: no training rows');
  const text = opts.text.map((c) => {
    const maxVocab = opts.maxVocab[c];
    const m = fitTfidf(column(train.text, c, 'text'), { maxVocab, pattern: opts.tokenPattern });
    return { column: c, vocab: m.vocab, idf: m.idf, n_docs: m.nDocs };
  });
  const categorical = opts.categorical.map((c) => ({ column: c, categories: fitOneHot(column(train.categorical, c, 'categorical'), { maxCategories: opts.maxCategories }) }));
  const numericCols = opts.numeric.map((c) => column(train.numeric, c, 'numeric'));
  const scaler = numericCols.length ? fitStandardScaler(prepareNumeric(numericCols, { log: opts.numericLog, nRows: train.n }).data, numericCols.length) : null;
  const partial: EncoderState = {
    format: ENCODER_FORMAT,
    token_pattern: opts.tokenPattern,
    text,
    categorical,
    numeric: { columns: opts.numeric, log: opts.numericLog, scaler },
    svd: null,
    feature_names: [],
    windows: opts.windows,
  };
  const block = stateTextBlock(partial, train);
  if (block && block.unique.nCols > 0) {
    const { components, oversamples, powerIterations, seed } = opts.svd;
    partial.svd = fitRandomizedSvd(block.unique, { components, oversamples, powerIterations, seed, weights: block.counts });
  }
  partial.feature_names = featureNames(partial);
  return partial;
}

/** The deduplicated stacked TF-IDF block of the state's text columns, or null without text columns. */
export function stateTextBlock(state: EncoderState, input: EncodeInput): TextBlock | null {
  if (state.text.length === 0) return null;
  return textBlock(state.text, state.text.map((t) => column(input.text, t.column, 'text')), state.token_pattern, input.n);
}

/** Names of the features in order: svd_0…, `col=value`/`col=<unknown>`, numeric column names. */
export function featureNames(state: EncoderState): string[] {
  const svd = state.svd ? Array.from({ length: state.svd.k }, (_, c) => `svd_${c}`) : [];
  return [...svd, ...state.categorical.flatMap((c) => oneHotNames(c.column, c.categories)), ...state.numeric.columns];
}

/** Encode rows with a fitted state: row-major float32 [n, F] and the count of non-finite numeric cells set to 0. */
export function transformRows(state: EncoderState, input: EncodeInput): { features: Float32Array; nFeatures: number; nonFinite: number } {
  const n = input.n;
  const f = state.feature_names.length;
  const out = new Float32Array(n * f);
  let offset = 0;
  if (state.svd) {
    const block = stateTextBlock(state, input) as TextBlock;
    const z = svdTransform(block.unique, state.svd); // once per distinct text tuple
    const k = state.svd.k;
    for (let i = 0; i < n; i++) {
      const u = block.rowOf[i] * k;
      for (let c = 0; c < k; c++) out[i * f + c] = z[u + c];
    }
    offset = k;
  }
  for (const c of state.categorical) {
    const codes = oneHotCodes(column(input.categorical, c.column, 'categorical'), c.categories);
    for (let i = 0; i < n; i++) out[i * f + offset + codes[i]] = 1;
    offset += c.categories.length + 1;
  }
  let nonFinite = 0;
  const { columns, log, scaler } = state.numeric;
  if (columns.length && scaler) {
    const prepared = prepareNumeric(columns.map((c) => column(input.numeric, c, 'numeric')), { log, nRows: n });
    nonFinite = prepared.nonFinite;
    const z = transformStandard(prepared.data, scaler);
    const m = columns.length;
    for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) out[i * f + offset + j] = z[i * m + j];
    offset += m;
  }
  if (offset !== f) throw new Error(`encoder: built ${offset} features but the state names ${f}`);
  return { features: out, nFeatures: f, nonFinite };
}
