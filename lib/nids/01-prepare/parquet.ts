/**
 * Prepared tables in the original's schema: `scaled_features` (vector), `label` (index), `weight`
 * (sample weight). Written as parquet with `scaled_features` a list<double> column (what Spark's
 * `vector_to_array` gives and pandas/pyarrow read as arrays); read from that, from a fixed-size array,
 * or from Spark ML's VectorUDT struct (type, size, indices, values: dense and sparse rows).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import pl from 'nodejs-polars';
import { naturalCompare } from '../../io/paths';
import { readParquet, writeParquet } from '../../io/tables';

/** A prepared table as typed arrays; `label` either indices or names (text labels mapped later by the indexer). */
export interface PreparedTable {
  x: Float32Array;
  n: number;
  nFeatures: number;
  labelIndex: Int32Array | null;
  labelNames: string[] | null;
  /** null when the file has no `weight` column. */
  weight: Float32Array | null;
}

/** Write one split (features [n, f] row-major, label indices, weights) as parquet, atomically. */
export function writePreparedParquet(file: string, s: { x: Float32Array; y: Int32Array; w: Float32Array; n: number }, nFeatures: number): void {
  const x64 = Float64Array.from(s.x);
  const rows = Array.from({ length: s.n }, (_, i) => x64.subarray(i * nFeatures, (i + 1) * nFeatures));
  const df = pl.DataFrame([
    pl.Series('scaled_features', rows as unknown as number[][]),
    pl.Series('label', Int32Array.from(s.y)),
    pl.Series('weight', Float64Array.from(s.w)),
  ]);
  writeParquet(file, df);
}

/**
 * A parquet file, or a folder of parquet parts as Spark writes `df.write.parquet("train_df.parquet")`
 * (`part-*.parquet`, read in name order and concatenated).
 */
export function readParquetOrParts(file: string, what: string): pl.DataFrame {
  if (!fs.existsSync(file) || !fs.statSync(file).isDirectory()) return readParquet(file, what);
  const parts = fs.readdirSync(file).filter((f) => f.endsWith('.parquet') && !f.startsWith('.') && !f.startsWith('_')).sort(naturalCompare);
  if (!parts.length) throw new Error(`${what} ${file} is a folder without parquet parts (*.parquet)`);
  const frames = parts.map((f) => readParquet(path.join(file, f), what));
  return frames.length === 1 ? frames[0] : pl.concat(frames, { how: 'vertical' });
}

/** Read a prepared parquet file (or Spark's folder of parts); every problem names the file, the column and what is expected. */
export function readPreparedParquet(file: string, what = 'prepared parquet file'): PreparedTable {
  const df = readParquetOrParts(file, what);
  const schemaHint = 'expected columns scaled_features (vector of numbers), label (class index) and optionally weight';
  for (const c of ['scaled_features', 'label']) {
    if (!df.columns.includes(c)) throw new Error(`${file}: no column "${c}" (${schemaHint}; columns present: ${df.columns.join(', ')})`);
  }
  if (df.height === 0) throw new Error(`${file}: no rows`);
  const { x, nFeatures } = readVectors(df.getColumn('scaled_features'), file);
  const label = readLabel(df.getColumn('label'), file);
  const weight = df.columns.includes('weight') ? readWeight(df.getColumn('weight'), file) : null;
  return { x, n: df.height, nFeatures, ...label, weight };
}

const NUMERIC = new Set(['Float64', 'Float32', 'Int8', 'Int16', 'Int32', 'Int64', 'UInt8', 'UInt16', 'UInt32', 'UInt64']);

function readVectors(s: pl.Series, file: string): { x: Float32Array; nFeatures: number } {
  const kind = s.dtype.variant;
  if (s.nullCount() > 0) throw new Error(`${file}: column "scaled_features" has ${s.nullCount()} empty rows; every row needs a feature vector`);
  if (kind === 'Struct') return readSparkVectors(s, file);
  if (kind !== 'List' && kind !== 'FixedSizeList' && kind !== 'Array') {
    throw new Error(`${file}: column "scaled_features" is ${s.dtype.variant}, not a vector of numbers; features must be prepared (scaled, categoricals encoded) into one numeric vector per row`);
  }
  const lengths = s.lst.lengths();
  const f = Number(lengths.min());
  if (f !== Number(lengths.max())) throw new Error(`${file}: "scaled_features" vectors differ in length (${lengths.min()}…${lengths.max()}); every row needs the same number of features`);
  if (f < 1) throw new Error(`${file}: "scaled_features" vectors are empty`);
  const flat = pl.DataFrame([s]).select(pl.col('scaled_features').explode()).getColumn('scaled_features');
  if (!NUMERIC.has(flat.dtype.variant)) throw new Error(`${file}: "scaled_features" holds ${flat.dtype.variant} values, not numbers (non-numeric features: encode them before writing the prepared table)`);
  if (flat.nullCount() > 0) throw new Error(`${file}: "scaled_features" holds ${flat.nullCount()} null values; clean them first`);
  return { x: Float32Array.from(flat.cast(pl.Float64).toTypedArray() as Float64Array), nFeatures: f };
}

/** Spark ML VectorUDT as stored in parquet: struct<type: 0 sparse | 1 dense, size, indices, values>. */
function readSparkVectors(s: pl.Series, file: string): { x: Float32Array; nFeatures: number } {
  const u = pl.DataFrame([s]).unnest('scaled_features');
  for (const c of ['type', 'values']) if (!u.columns.includes(c)) throw new Error(`${file}: "scaled_features" is a struct without "${c}"; expected Spark's vector struct (type, size, indices, values)`);
  const rows = u.toRecords() as unknown as { type: number; size: number | null; indices: number[] | null; values: number[] }[];
  const f = rows[0].type === 1 ? rows[0].values.length : Number(rows[0].size);
  const x = new Float32Array(rows.length * f);
  rows.forEach((r, i) => {
    const size = r.type === 1 ? r.values.length : Number(r.size);
    if (size !== f) throw new Error(`${file}: vector at row ${i} has size ${size}, the first has ${f}`);
    if (r.type === 1) x.set(r.values, i * f);
    else (r.indices ?? []).forEach((j, k) => (x[i * f + j] = r.values[k]));
  });
  return { x, nFeatures: f };
}

function readLabel(s: pl.Series, file: string): { labelIndex: Int32Array | null; labelNames: string[] | null } {
  if (s.nullCount() > 0) throw new Error(`${file}: column "label" has ${s.nullCount()} empty rows`);
  if (s.dtype.variant === 'String' || s.dtype.variant === 'Utf8') return { labelIndex: null, labelNames: (s.toArray() as string[]).map(String) };
  if (!NUMERIC.has(s.dtype.variant)) throw new Error(`${file}: column "label" is ${s.dtype.variant}; expected class indices (0, 1, …) or label names`);
  const v = s.cast(pl.Float64).toTypedArray() as Float64Array;
  const bad = v.findIndex((c) => !(Number.isInteger(c) && c >= 0));
  if (bad >= 0) throw new Error(`${file}: label ${v[bad]} at row ${bad} is not a class index (integers ≥ 0)`);
  return { labelIndex: Int32Array.from(v), labelNames: null };
}

function readWeight(s: pl.Series, file: string): Float32Array {
  if (!NUMERIC.has(s.dtype.variant)) throw new Error(`${file}: column "weight" is ${s.dtype.variant}; expected numbers ≥ 0`);
  if (s.nullCount() > 0) throw new Error(`${file}: column "weight" has ${s.nullCount()} empty rows`);
  const w = s.cast(pl.Float64).toTypedArray() as Float64Array;
  const bad = w.findIndex((v) => !(Number.isFinite(v) && v >= 0));
  if (bad >= 0) throw new Error(`${file}: weight ${w[bad]} at row ${bad} must be a finite number ≥ 0`);
  return Float32Array.from(w);
}
