/**
 * L1 inputs: training features (no labels), test features and one 0/1 label per test row, as parquet
 * (the original's interface) or CSV with or without a header row (the SMD files have none).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import pl from 'nodejs-polars';
import { requireExists } from '../io/files';
import { sharedDataDir } from '../io/paths';
import { numericMatrix, readCsv } from '../io/tables';
import type { L1Config } from './config';

/** A row-major float32 matrix `[rows, features]` with its column names. */
export interface FeatureTable {
  data: Float32Array;
  rows: number;
  names: string[];
  file: string;
}

export interface L1Data {
  train: FeatureTable;
  test: FeatureTable;
  /** One 0/1 label per test row. */
  labels: Uint8Array;
  /** Where each input came from. */
  sources: { train: string; test: string; labels: string };
}

export type HeaderMode = 'auto' | 'yes' | 'no';

/** The three input paths: the SMD files of `entity` when dataset = 'smd', else `data.*` (all three required). */
export function l1InputPaths(cfg: Pick<L1Config, 'dataset' | 'entity' | 'data'>): { train: string; test: string; labels: string } {
  if (cfg.dataset === 'smd') {
    const shared = sharedDataDir();
    if (!shared) throw new Error('dataset "smd" needs ../shared/data/smd beside the repository (not found); pass --train/--test/--labels paths instead');
    const dir = path.join(shared, 'smd');
    if (!/^machine-\d+-\d+$/.test(cfg.entity)) throw new Error(`entity must look like machine-1-6, got "${cfg.entity}"`);
    const file = (suffix: string) => path.join(dir, `${cfg.entity}_${suffix}.csv.gz`);
    if (!fs.existsSync(file('train'))) {
      const known = fs.existsSync(dir) ? [...new Set(fs.readdirSync(dir).map((f) => f.replace(/_(train|test|test_label)\.csv\.gz$/, '')))].sort() : [];
      throw new Error(`no SMD files for entity "${cfg.entity}" in ${dir}; entities present: ${known.join(', ') || 'none'}`);
    }
    return { train: file('train'), test: file('test'), labels: file('test_label') };
  }
  const missing = (['train', 'test', 'labels'] as const).filter((k) => !cfg.data[k]);
  if (missing.length) {
    throw new Error(`l1 needs input files: missing ${missing.map((k) => `--${k}`).join(', ')} (or use --dataset smd --entity machine-1-6)`);
  }
  return { train: cfg.data.train!, test: cfg.data.test!, labels: cfg.data.labels! };
}

/** Read and check the three inputs: same features in train and test, finite values, one 0/1 label per test row. */
export function loadL1Data(paths: { train: string; test: string; labels: string }, opts: { header?: HeaderMode } = {}): L1Data {
  const header = opts.header ?? 'auto';
  const train = readFeatures(paths.train, header, 'training features');
  const test = readFeatures(paths.test, header, 'test features');
  checkSameFeatures(train, test);
  const labels = readLabels(paths.labels, header, test.rows);
  return { train, test, labels, sources: { ...paths } };
}

/** A feature file as a float32 matrix; NaN/Inf and non-numeric columns are errors naming the file, row and column. */
export function readFeatures(file: string, header: HeaderMode, what: string): FeatureTable {
  const df = readTable(file, header, what);
  if (df.height === 0) throw new Error(`${what} ${file} has no rows`);
  const nonNumeric = df.columns.filter((c) => !df.getColumn(c).isNumeric());
  if (nonNumeric.length) {
    throw new Error(`${what} ${file}: non-numeric column${nonNumeric.length > 1 ? 's' : ''} ${nonNumeric.map((c) => `"${c}"`).join(', ')}; L1 takes numeric features only (drop or encode them first)`);
  }
  const m = numericMatrix(df, df.columns);
  if (m.nonFinite > 0) {
    const i = m.data.findIndex((v) => !Number.isFinite(v));
    const f = df.columns.length;
    throw new Error(`${what} ${file}: ${m.nonFinite} missing or non-finite value(s), first at row ${Math.floor(i / f)}, column "${df.columns[i % f]}"; clean them before L1`);
  }
  const names = header === 'no' || isGeneratedNames(df.columns) ? df.columns.map((_, j) => `f${j}`) : df.columns;
  return { data: m.data, rows: df.height, names, file };
}

function checkSameFeatures(train: FeatureTable, test: FeatureTable): void {
  if (train.names.length !== test.names.length) {
    throw new Error(`feature count mismatch: training file ${train.file} has ${train.names.length} columns, test file ${test.file} has ${test.names.length}; both need the same features in the same order`);
  }
  const differ = train.names.map((n, j) => [n, test.names[j]]).filter(([a, b]) => a !== b);
  if (differ.length && !train.names.every((n, j) => n === `f${j}`)) {
    throw new Error(`feature names differ between ${train.file} and ${test.file}: ${differ.slice(0, 5).map(([a, b]) => `"${a}" vs "${b}"`).join(', ')}${differ.length > 5 ? ', …' : ''}`);
  }
}

/** One 0/1 label per test row, from a one-column file (or a column named label / y / is_anomaly). */
export function readLabels(file: string, header: HeaderMode, expectedRows: number): Uint8Array {
  const df = readTable(file, header, 'test labels');
  const pick = df.columns.length === 1 ? df.columns[0] : df.columns.find((c) => /^(label|labels|y|is_anomaly|attack)$/i.test(c));
  if (!pick) throw new Error(`test labels ${file}: expected one column (or one named label/y), found ${df.columns.join(', ')}`);
  if (df.height !== expectedRows) {
    throw new Error(`test labels ${file} has ${df.height} rows but the test features have ${expectedRows}; one label per test row is needed`);
  }
  const values = df.getColumn(pick).cast(pl.Float64, false).toArray() as (number | null)[];
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== 0 && v !== 1) throw new Error(`test labels ${file}: row ${i} is ${v}; labels must be 0 (normal) or 1 (attack)`);
    out[i] = v;
  }
  return out;
}

function readTable(file: string, header: HeaderMode, what: string): pl.DataFrame {
  requireExists(file, what, '(check the path; --train, --test and --labels take .parquet or .csv[.gz] files)');
  if (/\.parquet$/i.test(file)) {
    try {
      return pl.readParquet(file);
    } catch (err) {
      throw new Error(`cannot read ${what} parquet ${file}: ${(err as Error).message}`);
    }
  }
  if (!/\.csv(\.gz)?$/i.test(file)) throw new Error(`${what} ${file}: unsupported file type; use .parquet, .csv or .csv.gz`);
  const hasHeader = header === 'yes' || (header === 'auto' && firstLineIsHeader(file));
  return readCsv(file, { hasHeader, inferSchemaLength: null });
}

/** True when the first line has a cell that is not a number (then it names the columns). */
export function firstLineIsHeader(file: string): boolean {
  const raw = fs.readFileSync(file);
  const text = (file.endsWith('.gz') ? zlib.gunzipSync(raw) : raw).subarray(0, 65536).toString('utf8');
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  return first.split(',').some((cell) => cell.trim() !== '' && !Number.isFinite(Number(cell.trim())));
}

const isGeneratedNames = (names: string[]) => names.every((n, j) => n === `column_${j + 1}`);
