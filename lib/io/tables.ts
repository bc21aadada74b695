import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import pl from 'nodejs-polars';
import { requireExists, writeFileWith } from './files';
import { firstLineIsHeader } from './header';
import { parseNumberToken } from './numbers';

/** Whether a CSV file starts with a header row: 'auto' decides from the first line (lib/io/header). */
export type HeaderMode = 'auto' | 'yes' | 'no';

export interface ReadTableOptions {
  /** CSV header row: 'auto' (a first row with a cell that is not a number is a header), 'yes' or 'no'. Default 'auto'; parquet ignores it. */
  header?: HeaderMode;
  /** What the file holds, for messages ("training features"). Default 'table'. */
  what?: string;
  /** Added to the not-found message, e.g. which flags take the file. */
  hint?: string;
}

/**
 * A `.parquet`, `.csv` or `.csv.gz` table; CSV columns are all read as text (cells are parsed by the
 * rule of lib/io/numbers). `headerRow`: a CSV header line preceded the data (data row N is then line
 * N + 1 of the file). Another extension is an error naming the file.
 */
export function readTable(file: string, opts: ReadTableOptions = {}): { df: pl.DataFrame; headerRow: boolean } {
  const what = opts.what ?? 'table';
  const header = opts.header ?? 'auto';
  if (/\.parquet$/i.test(file)) return { df: readParquet(file, what, opts.hint), headerRow: false };
  requireExists(file, what, opts.hint);
  if (!/\.csv(\.gz)?$/i.test(file)) throw new Error(`${what} ${file}: unsupported file type; use .parquet, .csv or .csv.gz`);
  const hasHeader = header === 'yes' || (header === 'auto' && firstLineIsHeader(file));
  return { df: readCsv(file, { hasHeader, inferSchemaLength: 0 }), headerRow: hasHeader };
}

/** A parquet file; a missing or unreadable file is an error naming `what` and the file (and `hint` when missing). */
export function readParquet(file: string, what = 'parquet file', hint?: string): pl.DataFrame {
  requireExists(file, what, hint);
  try {
    return pl.readParquet(file);
  } catch (err) {
    throw new Error(`cannot read ${what} ${file} as parquet: ${(err as Error).message.split('\n')[0]}`);
  }
}

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

/** Parquet writer options (polars' WriteParquetOptions). */
export interface ParquetWriteOptions {
  compression?: 'uncompressed' | 'snappy' | 'gzip' | 'lzo' | 'brotli' | 'lz4' | 'zstd';
}

/** Write a frame as parquet, atomically (writeFileWith): readers never see half a file. */
export function writeParquet(file: string, df: pl.DataFrame, opts?: ParquetWriteOptions): void {
  writeFileWith(file, (tmp) => (opts ? df.writeParquet(tmp, opts) : df.writeParquet(tmp)));
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

/**
 * A column as Float64Array; nulls and unparsable strings become NaN (callers decide what NaN means).
 * Text cells are read by the rule of lib/io/numbers (`Infinity`, ` 2 `, `NA` parse; `abc` is NaN).
 */
export function columnAsFloat64(df: pl.DataFrame, name: string): Float64Array {
  requireColumns(df, [name], 'table');
  const s = df.getColumn(name);
  return isText(s) ? parseTextNumbers(s).values : floatValues(s.cast(pl.Float64, false));
}

/** A column read as numbers, with the cells that are not numbers (counted, the first by 0-based row). */
export interface ParsedNumbers {
  /** NaN for empty and missing cells and for cells that are not numbers. */
  values: Float64Array;
  /** Non-empty cells that are not numbers (text like `abc`, or any value of a date or list column). */
  bad: number;
  /** 0-based row of the first such cell; -1 when there is none. */
  firstBad: number;
}

/** Numbers of a series: numeric and boolean columns as they are, text by the rule of lib/io/numbers. */
export function parseNumericSeries(s: pl.Series): ParsedNumbers {
  if (isText(s)) return parseTextNumbers(s);
  if (s.isNumeric() || s.dtype.variant === 'Bool') return { values: floatValues(s.cast(pl.Float64, false)), bad: 0, firstBad: -1 };
  const present = s.isNotNull().toArray() as boolean[];
  return { values: new Float64Array(s.length).fill(NaN), bad: s.length - s.nullCount(), firstBad: present.indexOf(true) };
}

/**
 * "data row N" for messages: N is 1-based and counts data rows only (the first row after any
 * header is data row 1); with a header row it adds the file line, N + 1 (exact unless a quoted
 * cell spans lines).
 */
export function dataRowRef(row: number, hasHeader: boolean): string {
  return `data row ${row + 1}${hasHeader ? ` (line ${row + 2} of the file)` : ''}`;
}

/** A cell's text for messages: JSON-quoted, or "an empty cell" for null / blank. */
export function cellText(value: unknown): string {
  return value == null || String(value).trim() === '' ? 'an empty cell' : JSON.stringify(String(value));
}

const isText = (s: pl.Series) => ['String', 'Utf8', 'Categorical'].includes(s.dtype.variant);

function floatValues(f: pl.Series): Float64Array {
  if (f.nullCount() === 0) return Float64Array.from(f.toTypedArray() as Float64Array);
  return Float64Array.from(f.toArray(), (v) => (v == null ? NaN : (v as number)));
}

/** polars parses the usual cells fast; only the cells it leaves null go through parseNumberToken. */
function parseTextNumbers(s: pl.Series): ParsedNumbers {
  const text = s.cast(pl.String);
  const f = text.cast(pl.Float64, false);
  const values = floatValues(f);
  if (f.nullCount() === text.nullCount()) return { values, bad: 0, firstBad: -1 };
  const cells = text.toArray() as (string | null)[];
  const nums = f.toArray() as (number | null)[];
  let bad = 0;
  let firstBad = -1;
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i];
    if (nums[i] != null || cell == null) continue;
    const v = parseNumberToken(cell);
    if (v !== null) values[i] = v;
    else if (bad++ === 0) firstBad = i;
  }
  return { values, bad, firstBad };
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
