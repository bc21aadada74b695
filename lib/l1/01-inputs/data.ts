/**
 * L1 inputs: training features (no labels), test features and one 0/1 label per test row, as parquet
 * (the original's interface) or CSV with or without a header row (the SMD files have none).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { sharedDataDir } from '../../io/paths';
import { cellText, dataRowRef, parseNumericSeries, readTable, type HeaderMode, type ParsedNumbers } from '../../io/tables';
import type { L1Config } from '../config';

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

/**
 * A feature file as a float32 matrix. A text cell that is not a number, and a missing or
 * non-finite value, are errors naming the file, the 1-based data row, the column and the cell.
 */
export function readFeatures(file: string, header: HeaderMode, what: string): FeatureTable {
  const { df, headerRow } = readTable(file, { header, what, hint: INPUT_HINT });
  if (df.height === 0) throw new Error(`${what} ${file} has no rows`);
  const names = header === 'no' || isGeneratedNames(df.columns) ? df.columns.map((_, j) => `f${j}`) : df.columns;
  const cols = df.columns.map((c) => parseNumericSeries(df.getColumn(c)));
  const where = (row: number, j: number) => `${what} ${file}: ${dataRowRef(row, headerRow)}, column ${j + 1} ("${names[j]}") holds ${cellText(df.getColumn(df.columns[j]).get(row))}`;
  const text = cols.flatMap((c, j) => (c.bad ? [j] : []));
  if (text.length) {
    const j = firstInFileOrder(text.map((k) => [cols[k].firstBad, k]));
    throw new Error(`${where(cols[j].firstBad, j)}, not a number: non-numeric column${text.length > 1 ? 's' : ''} ${text.map((k) => `"${names[k]}"`).join(', ')}; L1 takes numeric features only (drop or encode them first)`);
  }
  const bad = nonFinite(cols);
  if (bad) {
    const [row, j] = bad.first;
    const raw = df.getColumn(df.columns[j]).get(row);
    const kind = Number.isNaN(cols[j].values[row]) && !/nan/i.test(String(raw ?? '')) ? 'a missing value' : 'a non-finite value';
    throw new Error(`${where(row, j)}, ${kind} (${bad.count} missing or non-finite value${bad.count > 1 ? 's' : ''} in the file); L1 needs finite numbers: clean them before L1`);
  }
  return { data: rowMajor(cols, df.height), rows: df.height, names, file };
}

/** The column of the first cell in file order (lowest row, then leftmost column) among [row, column] pairs. */
function firstInFileOrder(cells: [number, number][]): number {
  return cells.reduce((a, b) => (b[0] < a[0] || (b[0] === a[0] && b[1] < a[1]) ? b : a))[1];
}

/** How many values are missing or non-finite, and the first in file order as [row, column]; null when all are finite. */
function nonFinite(cols: ParsedNumbers[]): { count: number; first: [number, number] } | null {
  let count = 0;
  let row = Infinity;
  let col = -1;
  for (let j = 0; j < cols.length; j++) {
    const v = cols[j].values;
    for (let i = 0; i < v.length; i++) {
      if (Number.isFinite(v[i])) continue;
      count++;
      if (i < row) [row, col] = [i, j]; // columns run left to right: a tie keeps the leftmost
    }
  }
  return count ? { count, first: [row, col] } : null;
}

function rowMajor(cols: ParsedNumbers[], rows: number): Float32Array {
  const f = cols.length;
  const data = new Float32Array(rows * f);
  cols.forEach((c, j) => {
    for (let i = 0; i < rows; i++) data[i * f + j] = c.values[i];
  });
  return data;
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

/** One 0/1 label per test row, from a one-column file (or a column named label / y / is_anomaly); `true`/`false` read as 1/0. */
export function readLabels(file: string, header: HeaderMode, expectedRows: number): Uint8Array {
  const { df, headerRow } = readTable(file, { header, what: 'test labels', hint: INPUT_HINT });
  const pick = df.columns.length === 1 ? df.columns[0] : df.columns.find((c) => /^(label|labels|y|is_anomaly|attack)$/i.test(c));
  if (!pick) throw new Error(`test labels ${file}: expected one column (or one named label/y), found ${df.columns.join(', ')}`);
  if (df.height !== expectedRows) {
    throw new Error(`test labels ${file} has ${df.height} rows but the test features have ${expectedRows}; one label per test row is needed`);
  }
  const col = df.getColumn(pick);
  const values = parseNumericSeries(col).values;
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const raw = col.get(i);
    const v = typeof raw === 'string' && /^\s*(true|false)\s*$/i.test(raw) ? Number(raw.trim().toLowerCase() === 'true') : values[i];
    if (v !== 0 && v !== 1) {
      const column = isGeneratedNames(df.columns) ? `column ${df.columns.indexOf(pick) + 1}` : `column "${pick}"`;
      throw new Error(`test labels ${file}: ${dataRowRef(i, headerRow)}, ${column} holds ${cellText(raw)}; labels must be 0 (normal) or 1 (attack)`);
    }
    out[i] = v;
  }
  return out;
}

/** Added to a missing input's message (the tables themselves are read by lib/io readTable). */
const INPUT_HINT = 'check the path; --train, --test and --labels take .parquet or .csv[.gz] files';

const isGeneratedNames = (names: string[]) => names.every((n, j) => n === `column_${j + 1}`);
