import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import pl from 'nodejs-polars';
import { requireExists } from './files';

export interface ReadCsvOptions {
  /** Columns that must be present; a missing one is an error naming it. */
  columns?: string[];
  /** false for header-less files (the SMD and KDD'99 files); columns are then named column_1, column_2, … */
  hasHeader?: boolean;
  /** Read at most this many rows. */
  nRows?: number;
  /** Rows used to infer column types (null = all rows, slower but exact). */
  inferSchemaLength?: number | null;
}

/** Read a CSV (or `.csv.gz`) file into a polars DataFrame, naming the file in every error. */
export function readCsv(file: string, opts: ReadCsvOptions = {}): pl.DataFrame {
  requireExists(file, 'CSV file');
  // polars treats a string as a path only if it exists, otherwise as CSV text: always pass bytes.
  const raw = fs.readFileSync(file);
  const body = file.endsWith('.gz') ? zlib.gunzipSync(raw) : raw;
  let df: pl.DataFrame;
  try {
    df = pl.readCSV(body, {
      hasHeader: opts.hasHeader ?? true,
      // polars reads null as "infer from no rows" (every column text): all rows means a bound past any file here.
      inferSchemaLength: opts.inferSchemaLength === undefined ? 10000 : (opts.inferSchemaLength ?? 1e9),
      ...(opts.nRows ? { nRows: opts.nRows } : {}),
    });
  } catch (err) {
    throw new Error(`cannot parse CSV ${file}: ${(err as Error).message}`);
  }
  if (opts.columns) requireColumns(df, opts.columns, file);
  return df;
}

/** Throw when any of `columns` is missing from `df`, listing what it does have. */
export function requireColumns(df: pl.DataFrame, columns: string[], where: string): void {
  const have = new Set(df.columns);
  const missing = columns.filter((c) => !have.has(c));
  if (missing.length) {
    throw new Error(`${where}: missing column${missing.length > 1 ? 's' : ''} ${missing.map((c) => `"${c}"`).join(', ')} (columns present: ${df.columns.join(', ')})`);
  }
}

/** A column as Float64Array; nulls and unparsable strings become NaN (callers decide what NaN means). */
export function columnAsFloat64(df: pl.DataFrame, name: string): Float64Array {
  requireColumns(df, [name], 'table');
  const s = df.getColumn(name).cast(pl.Float64, false);
  if (s.nullCount() === 0) return Float64Array.from(s.toTypedArray() as Float64Array);
  return Float64Array.from(s.toArray(), (v) => (v == null ? NaN : (v as number)));
}

/** A column as strings ('' for null). */
export function columnAsStrings(df: pl.DataFrame, name: string): string[] {
  requireColumns(df, [name], 'table');
  return df.getColumn(name).cast(pl.Utf8).toArray().map((v) => (v == null ? '' : String(v)));
}

/** Row-major float32 matrix [rows, columns.length] from numeric columns, with the count of non-finite cells. */
export function numericMatrix(df: pl.DataFrame, columns: string[]): { data: Float32Array; shape: [number, number]; nonFinite: number } {
  requireColumns(df, columns, 'table');
  const n = df.height;
  const f = columns.length;
  const data = new Float32Array(n * f);
  let nonFinite = 0;
  columns.forEach((c, j) => {
    const col = columnAsFloat64(df, c);
    for (let i = 0; i < n; i++) {
      const v = col[i];
      if (!Number.isFinite(v)) nonFinite++;
      data[i * f + j] = v;
    }
  });
  return { data, shape: [n, f], nonFinite };
}
