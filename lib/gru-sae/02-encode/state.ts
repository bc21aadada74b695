/**
 * The fitted encoder: everything needed to turn rows into the feature vector
 * [svd(tfidf) | text novelty | combination counts | one-hot | scaled numerics | time of day] identically for training,
 * validation, test and new data.
 *
 * Text novelty (state.novelty), per text column, both from the same pass over the column's tokens:
 * `<col>.oov_share` = share of the row's tokens outside the column's fitted (training) vocabulary,
 * 0 for empty text; `<col>.svd_residual` = 1 − ||projection of the column's l2-normalised TF-IDF row
 * onto the training SVD span (restricted to the column)||², in [0, 1], 0 for a row without a known
 * term. Rare tokens that the few SVD directions cannot represent show up here instead of vanishing.
 * Combination counts (state.combinations, encode-combos.ts): `<a>+<b>.log_count` per configured column
 * tuple, the standardised log1p count of the row's values among benign training rows.
 * Time of day (state.time_of_day): `hour_sin`, `hour_cos` of the UTC hour of `_time_ms`.
 * `fitEncoder` sees training rows only; `transformRows` never changes the state.
 */
import { fitOneHot, fitRandomizedSvd, fitStandardScaler, fitTfidf, oneHotCodes, oneHotNames, prepareNumeric, spanBasis, spanResidual, svdTransform, transformStandard, type Csr, type SpanBasis, type StandardScaler, type SvdModel } from '../../features';
import { combinationNames, fitCombinationCounts, transformCombinationCounts, type CombinationCounts } from './combos';
import { textBlock, type TextBlock } from './text';

/** Feature columns of some rows, one array per column (no per-row objects). */
export interface EncodeInput {
  n: number;
  text: Record<string, readonly string[]>;
  categorical: Record<string, readonly string[]>;
  numeric: Record<string, Float64Array>;
  /** `_time_ms` per row; needed only by a state with time_of_day. */
  time?: Float64Array;
  /** Columns read only as strings for combination counts (those not already text or categorical). */
  strings?: Record<string, readonly string[]>;
  /** 1 = benign row; fitEncoder counts combinations over these rows only (absent = every row). */
  benign?: Uint8Array;
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
  /** Text novelty features per text column (absent in states written before they existed = false). */
  novelty?: boolean;
  /**
   * Standardisation of the novelty features (training mean/scale, as the numeric columns), so that a
   * share that is ~0 on benign rows weighs in the reconstruction error; null = raw shares in [0, 1].
   */
  novelty_scaler?: StandardScaler | null;
  /** hour_sin / hour_cos features (absent = false). */
  time_of_day?: boolean;
  /** Combination-count features (absent or null = none). */
  combinations?: CombinationCounts | null;
  /**
   * The final truncated SVD of the whole encoded row (encoding.max_features, the original's MAX_FEATURES):
   * `input_names` are the encoded features it reduces, `feature_names` are then `component_0…`. Absent or null = none.
   */
  final_svd?: { input_names: string[]; model: SvdModel } | null;
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
  /** Add `<col>.oov_share` and `<col>.svd_residual` per text column (default false here; stage 2 passes encoding.novelty_features). */
  novelty?: boolean;
  /** Standardise the novelty features with training mean/scale (encoding.novelty_scale). */
  noveltyScale?: boolean;
  /** Add `hour_sin`, `hour_cos` from the input's time (default false; encoding.time_of_day). */
  timeOfDay?: boolean;
  /** Column tuples for `<a>+<b>.log_count` features (encoding.combination_counts; default none). */
  combinations?: string[][];
  /** Final width: a truncated SVD of the whole encoded row to this many components (encoding.max_features); null/absent or ≥ the encoded width = none. */
  finalComponents?: number | null;
}

function column<T>(record: Record<string, T>, name: string, role: string): T {
  const v = record[name];
  if (v === undefined) throw new Error(`encoder: ${role} column "${name}" missing from the input (have: ${Object.keys(record).join(', ') || 'none'})`);
  return v;
}

/** A column as strings, whatever role it was read in (combination counts may use any of them). */
function stringColumn(input: EncodeInput, name: string): readonly string[] {
  return input.text[name] ?? input.categorical[name] ?? column(input.strings ?? {}, name, 'combination-count');
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
    novelty: Boolean(opts.novelty) && text.length > 0,
    time_of_day: Boolean(opts.timeOfDay),
    combinations: opts.combinations?.length ? fitCombinationCounts(opts.combinations, (c) => stringColumn(train, c), train.n, train.benign) : null,
  };
  const block = stateTextBlock(partial, train);
  if (block && block.unique.nCols > 0) {
    const { components, oversamples, powerIterations, seed } = opts.svd;
    partial.svd = fitRandomizedSvd(block.unique, { components, oversamples, powerIterations, seed, weights: block.counts });
  }
  partial.feature_names = featureNames(partial);
  if (partial.novelty && opts.noveltyScale) {
    const raw = noveltyRaw(partial, block as TextBlock, train.n);
    partial.novelty_scaler = fitStandardScaler(raw, 2 * partial.text.length);
  }
  const k = opts.finalComponents ?? null;
  const width = partial.feature_names.length;
  if (k !== null && k < width) {
    // As the original's TruncatedSVD(n_components=MAX_FEATURES) of the encoded matrix: no centring, training rows only.
    const encoded = transformRows(partial, train).features;
    const model = fitRandomizedSvd(denseToCsr(encoded, train.n, width), { components: k, oversamples: opts.svd.oversamples, powerIterations: opts.svd.powerIterations, seed: opts.svd.seed + 1 });
    partial.final_svd = { input_names: partial.feature_names, model };
    partial.feature_names = featureNames(partial);
  }
  return partial;
}

/** Row-major dense [n, d] → CSR without its zeros. */
function denseToCsr(x: Float32Array, n: number, d: number): Csr {
  let nnz = 0;
  for (let i = 0; i < x.length; i++) if (x[i] !== 0) nnz++;
  const indptr = new Int32Array(n + 1);
  const indices = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  let p = 0;
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < d; j++) {
      const v = x[r * d + j];
      if (v !== 0) {
        indices[p] = j;
        values[p++] = v;
      }
    }
    indptr[r + 1] = p;
  }
  return { indptr, indices, values, nRows: n, nCols: d };
}

/** The deduplicated stacked TF-IDF block of the state's text columns, or null without text columns. */
export function stateTextBlock(state: EncoderState, input: EncodeInput): TextBlock | null {
  if (state.text.length === 0) return null;
  return textBlock(state.text, state.text.map((t) => column(input.text, t.column, 'text')), state.token_pattern, input.n);
}

/**
 * Names of the features in order: svd_0…, `col.oov_share`/`col.svd_residual`, `a+b.log_count`, `col=value`/`col=<unknown>`,
 * numeric column names, hour_sin/hour_cos; with a final SVD, `component_0…` instead (encodedNames has the ones it reduces).
 */
export function featureNames(state: EncoderState): string[] {
  if (state.final_svd) return Array.from({ length: state.final_svd.model.k }, (_, c) => `component_${c}`);
  return encodedNames(state);
}

/** The encoded features before the final SVD (the same as featureNames without one). */
export function encodedNames(state: EncoderState): string[] {
  const svd = state.svd ? Array.from({ length: state.svd.k }, (_, c) => `svd_${c}`) : [];
  const novelty = state.novelty ? state.text.flatMap((t) => [`${t.column}.oov_share`, `${t.column}.svd_residual`]) : [];
  const time = state.time_of_day ? ['hour_sin', 'hour_cos'] : [];
  const combos = state.combinations ? combinationNames(state.combinations.tuples) : [];
  return [...svd, ...novelty, ...combos, ...state.categorical.flatMap((c) => oneHotNames(c.column, c.categories)), ...state.numeric.columns, ...time];
}

const DAY_MS = 86_400_000;
/** Standardised novelty features are clipped to ±this (a share that never varied in training would otherwise explode). */
const NOVELTY_CLIP = 20;

/**
 * The span basis of a text column's slice of the SVD: it depends on the fitted SVD alone, so it is
 * computed once per state and column, not per encoded chunk (scoring encodes many small chunks).
 */
const spanCache = new WeakMap<SvdModel, Map<string, SpanBasis>>();
function columnSpan(svd: SvdModel, offset: number, len: number): SpanBasis {
  let byColumn = spanCache.get(svd);
  if (!byColumn) spanCache.set(svd, (byColumn = new Map()));
  const key = `${offset}:${len}`;
  let span = byColumn.get(key);
  if (!span) byColumn.set(key, (span = spanBasis(svd, offset, len)));
  return span;
}

/** Raw novelty features [n, 2·text columns] row-major: per column oov_share, svd_residual. */
function noveltyRaw(state: EncoderState, block: TextBlock, n: number): Float64Array {
  const m = 2 * block.columns.length;
  const out = new Float64Array(n * m);
  block.columns.forEach((part, c) => {
    // Once per distinct document of the column; no SVD (no training token) = nothing explained.
    const len = part.distinct.nCols;
    const span = state.svd ? columnSpan(state.svd, part.offset, len) : { basis: new Float64Array(0), rank: 0, len };
    const residual = spanResidual(part.distinct, span);
    for (let i = 0; i < n; i++) {
      const u = part.rowOf[i];
      out[i * m + 2 * c] = part.oovShare[u];
      out[i * m + 2 * c + 1] = residual[u];
    }
  });
  return out;
}

/** Encode rows with a fitted state: row-major float32 [n, F] and the count of non-finite numeric cells set to 0. */
export function transformRows(state: EncoderState, input: EncodeInput): { features: Float32Array; nFeatures: number; nonFinite: number } {
  const encoded = encodeBlocks(state, input);
  if (!state.final_svd) return encoded;
  return { features: projectRows(encoded.features, input.n, state.final_svd.model), nFeatures: state.final_svd.model.k, nonFinite: encoded.nonFinite };
}

/** Dense rows [n, d] times componentsᵀ → [n, k] float32 (float64 sums). */
function projectRows(x: Float32Array, n: number, m: SvdModel): Float32Array {
  const { k, d, components } = m;
  const out = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    const row = i * d;
    for (let c = 0; c < k; c++) {
      let sum = 0;
      const comp = c * d;
      for (let j = 0; j < d; j++) sum += x[row + j] * components[comp + j];
      out[i * k + c] = sum;
    }
  }
  return out;
}

/** The encoded row blocks before any final SVD. */
function encodeBlocks(state: EncoderState, input: EncodeInput): { features: Float32Array; nFeatures: number; nonFinite: number } {
  const n = input.n;
  const f = state.final_svd ? state.final_svd.input_names.length : state.feature_names.length;
  const out = new Float32Array(n * f);
  let offset = 0;
  const block = state.svd || state.novelty ? stateTextBlock(state, input) : null;
  if (state.svd && block) {
    const z = svdTransform(block.unique, state.svd); // once per distinct text tuple
    const k = state.svd.k;
    for (let i = 0; i < n; i++) {
      const u = block.rowOf[i] * k;
      for (let c = 0; c < k; c++) out[i * f + c] = z[u + c];
    }
    offset = k;
  }
  if (state.novelty && block) {
    const m = 2 * state.text.length;
    const raw = noveltyRaw(state, block, n);
    const z = state.novelty_scaler ? transformStandard(raw, state.novelty_scaler, { clip: NOVELTY_CLIP }) : raw;
    for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) out[i * f + offset + j] = z[i * m + j];
    offset += m;
  }
  if (state.combinations) {
    const m = state.combinations.tuples.length;
    const z = transformCombinationCounts(state.combinations, (c) => stringColumn(input, c), n);
    for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) out[i * f + offset + j] = z[i * m + j];
    offset += m;
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
  if (state.time_of_day) {
    const time = input.time;
    if (!time || time.length !== n) throw new Error('encoder: time_of_day needs the rows\' _time_ms (EncodeInput.time)');
    for (let i = 0; i < n; i++) {
      const t = time[i];
      // Fraction of the UTC day; a non-finite time encodes as the origin (0, 0).
      const a = Number.isFinite(t) ? (2 * Math.PI * (((t % DAY_MS) + DAY_MS) % DAY_MS)) / DAY_MS : NaN;
      out[i * f + offset] = Number.isFinite(a) ? Math.sin(a) : 0;
      out[i * f + offset + 1] = Number.isFinite(a) ? Math.cos(a) : 0;
    }
    offset += 2;
  }
  if (offset !== f) throw new Error(`encoder: built ${offset} features but the state names ${f}`);
  return { features: out, nFeatures: f, nonFinite };
}
