/**
 * Stage-1 parquet columns → plain arrays (one typed or string array per column, never per-row
 * objects), and row gathering for splits and samples.
 */
import type pl from 'nodejs-polars';
import { columnAsFloat64, columnAsStrings, requireColumns } from '../../io/tables';
import type { EncodeInput } from './state';

/** The feature columns an encoding reads, by role. */
export interface EncodingColumns {
  text: string[];
  categorical: string[];
  numeric: string[];
  /** Per text column vocabulary size, overriding encoding.tfidf_max_vocab (schema "tfidf_vocab"). */
  tfidfVocab?: Record<string, number>;
  /** Same as tfidfVocab, spelled as in the schema JSON, so `schema.columns` can be passed as is. */
  tfidf_vocab?: Record<string, number>;
}

/** A dataset schema's parts that name the feature columns (lib/gru-sae/schema.ts DatasetSchema fits). */
export interface SchemaColumns {
  columns: { text?: string[]; categorical?: string[]; numeric?: string[] };
  tfidf_vocab?: Record<string, number>;
}

/** Accept either EncodingColumns or a whole schema (`tfidf_vocab` is top-level there). */
export function toEncodingColumns(x: EncodingColumns | SchemaColumns): EncodingColumns {
  if ('columns' in x && x.columns && !Array.isArray(x.columns)) {
    const c = x.columns;
    return { text: c.text ?? [], categorical: c.categorical ?? [], numeric: c.numeric ?? [], tfidfVocab: x.tfidf_vocab ?? {} };
  }
  const e = x as EncodingColumns;
  for (const role of ['text', 'categorical', 'numeric'] as const) {
    if (!Array.isArray(e[role])) throw new Error(`encode: columns.${role} must be a list of column names, got ${JSON.stringify(e[role])}`);
  }
  return e;
}

/** The bookkeeping columns of the stage-1 layout. */
export interface StageColumns {
  time: Float64Array;
  /** 1 = attack, 0 = benign. */
  label: Uint8Array;
  campaign: string[];
}

/** Read the feature columns by role from a frame (text/categorical as strings, numeric as float64, null → NaN). */
export function readEncodeInput(df: pl.DataFrame, cols: Pick<EncodingColumns, 'text' | 'categorical' | 'numeric'> & { strings?: string[] }): EncodeInput {
  const roles = new Set([...cols.text, ...cols.categorical]);
  const extra = [...new Set(cols.strings ?? [])].filter((c) => !roles.has(c));
  requireColumns(df, [...cols.text, ...cols.categorical, ...cols.numeric, ...extra], 'stage-1 table');
  const strings = (names: string[]) => Object.fromEntries(names.map((c) => [c, columnAsStrings(df, c)]));
  return {
    n: df.height,
    text: strings(cols.text),
    categorical: strings(cols.categorical),
    numeric: Object.fromEntries(cols.numeric.map((c) => [c, columnAsFloat64(df, c)])),
    ...(df.columns.includes('_time_ms') ? { time: columnAsFloat64(df, '_time_ms') } : {}),
    ...(extra.length ? { strings: strings(extra) } : {}),
  };
}

/** `_time_ms`, `_label` (missing label column = all benign, e.g. new unlabelled data) and `_campaign`. */
export function readStageColumns(df: pl.DataFrame, opts: { requireLabel?: boolean } = {}): StageColumns {
  requireColumns(df, ['_time_ms', ...(opts.requireLabel === false ? [] : ['_label', '_campaign'])], 'stage-1 table');
  const time = columnAsFloat64(df, '_time_ms');
  const has = new Set(df.columns);
  const raw = has.has('_label') ? columnAsFloat64(df, '_label') : new Float64Array(df.height);
  const label = Uint8Array.from(raw, (v) => (Number.isFinite(v) && v !== 0 ? 1 : 0));
  const campaign = has.has('_campaign') ? columnAsStrings(df, '_campaign') : new Array<string>(df.height).fill('');
  return { time, label, campaign };
}

/** Integer id per row for the values of a string column (first-seen order). */
export function groupIds(values: readonly string[]): Int32Array {
  const ids = new Map<string, number>();
  return Int32Array.from(values, (v) => {
    let id = ids.get(v);
    if (id === undefined) ids.set(v, (id = ids.size));
    return id;
  });
}

function gather<T>(values: ArrayLike<T>, idx: Int32Array): T[] {
  return Array.from(idx, (i) => values[i]);
}

/** The rows `idx` (in that order) of an input. */
export function gatherInput(input: EncodeInput, idx: Int32Array): EncodeInput {
  const map = <T>(r: Record<string, T>, f: (v: T) => T) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, f(v)]));
  return {
    n: idx.length,
    text: map(input.text, (v) => gather(v, idx)),
    categorical: map(input.categorical, (v) => gather(v, idx)),
    numeric: map(input.numeric, (v) => Float64Array.from(idx, (i) => v[i])),
    ...(input.time ? { time: Float64Array.from(idx, (i) => (input.time as Float64Array)[i]) } : {}),
    ...(input.strings ? { strings: map(input.strings, (v) => gather(v, idx)) } : {}),
    ...(input.benign ? { benign: Uint8Array.from(idx, (i) => (input.benign as Uint8Array)[i]) } : {}),
  };
}

/** The rows `idx` of the stage columns. */
export function gatherStage(s: StageColumns, idx: Int32Array): StageColumns {
  return { time: Float64Array.from(idx, (i) => s.time[i]), label: Uint8Array.from(idx, (i) => s.label[i]), campaign: gather(s.campaign, idx) };
}
