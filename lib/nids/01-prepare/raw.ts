/** Read a raw flow dataset into typed columns: numeric features parsed, categoricals as text, labels. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import pl from 'nodejs-polars';
import { columnAsStrings, dataRowRef, parseNumericSeries, readCsv, requireColumns } from '../../io/tables';
import { globToRegExp, naturalCompare, resolveRawDir } from '../../io/paths';
import type { FlowDatasetSpec } from './datasets';
import { HOME_NET_FEATURES, homeNetColumns, type HomeNet } from './home-net';
import { flowTime, hourOfDay } from './time';

/** A raw dataset as columns, in time order when the dataset has one. */
export interface RawFlows {
  dataset: string;
  files: string[];
  labels: string[];
  numericNames: string[];
  /** One Float64Array per numeric column; NaN for empty cells, ±Infinity kept (cleaned later, after the split). */
  numeric: Float64Array[];
  categoricalNames: string[];
  categorical: string[][];
  /** Epoch ms of each row when the dataset has a time column, else null. */
  timeMs: Float64Array | null;
  /** Columns never used as features (identifiers, label-derived, the timestamp unless kept). */
  dropped: string[];
  /** The home network the direction features (src_in_home_net, dst_in_home_net) were derived with; null = none. */
  homeNet: HomeNet | null;
}

export interface RawReadOptions {
  /** Extra columns to drop. */
  dropColumns?: string[];
  /** Override the dataset's categorical columns. */
  categorical?: string[] | null;
  /** Add hour_sin / hour_cos from the time column. */
  keepTimestamp?: boolean;
  /** Networks (CIDR) of the monitored side: adds src_in_home_net / dst_in_home_net from the address columns; empty = none. */
  homeNet?: string[];
}

/** Absolute paths of the dataset's files; a clear error when the folder or files are missing. */
export function listFlowFiles(spec: FlowDatasetSpec): string[] {
  const dir = resolveRawDir(spec.dir);
  if (!fs.existsSync(dir)) {
    const hint = spec.dir.startsWith('../shared/data')
      ? 'the real datasets live in ../shared/data beside the repository (or set SEQSENTRY_SHARED_DATA); without them use --dataset demo-flows'
      : 'generate the demo data with `npm run demo-data`';
    throw new Error(`raw data of dataset "${spec.name}" not found: ${dir} (${hint})`);
  }
  const re = globToRegExp(spec.files);
  const files = fs.readdirSync(dir).filter((f) => re.test(f)).sort(naturalCompare);
  if (!files.length) throw new Error(`no files matching "${spec.files}" in ${dir} for dataset "${spec.name}"`);
  return files.map((f) => path.join(dir, f));
}

/** The files a frame from readFlowFrame was read from, in order, with their row counts (for messages). */
const frameSources = new WeakMap<pl.DataFrame, { files: string[]; rows: number[]; hasHeader: boolean }>();

/**
 * Where row `row` (0-based, over the concatenated frame) came from, for messages:
 * "in FILE at data row N (line N+1 of the file)" when `df` came from readFlowFrame, else "at data row N".
 */
export function flowRowRef(df: pl.DataFrame, row: number): string {
  const src = frameSources.get(df);
  if (!src) return `at data row ${row + 1}`;
  let r = row;
  let k = 0;
  while (k < src.rows.length - 1 && r >= src.rows[k]) r -= src.rows[k++];
  return `in ${src.files[k]} at ${dataRowRef(r, src.hasHeader)}`;
}

/** Read every file of a dataset (all text), concatenated in file order. */
export function readFlowFrame(spec: FlowDatasetSpec, files = listFlowFiles(spec)): pl.DataFrame {
  const frames = files.map((file) => {
    let df = readCsv(file, { hasHeader: spec.hasHeader, inferSchemaLength: 0 });
    if (spec.columnNames) {
      if (df.width !== spec.columnNames.length) throw new Error(`${file}: ${df.width} columns, but dataset "${spec.name}" expects ${spec.columnNames.length}`);
      df = df.rename(Object.fromEntries(df.columns.map((c, i) => [c, spec.columnNames![i]])));
    }
    requireColumns(df, [spec.labelColumn], file);
    return df;
  });
  const first = frames[0].columns.join('\u0000');
  frames.forEach((df, i) => {
    if (df.columns.join('\u0000') !== first) throw new Error(`${files[i]}: its columns differ from ${files[0]}'s; every file of dataset "${spec.name}" must have the same header`);
  });
  const all = frames.length === 1 ? frames[0] : pl.concat(frames, { how: 'vertical' });
  // Kept beside the frame, not in it: a source column would cost a string per flow.
  frameSources.set(all, { files, rows: frames.map((df) => df.height), hasHeader: spec.hasHeader });
  return all;
}

/**
 * Split a text frame into labels, numeric and categorical columns (pure apart from polars). Every
 * column that is not the label, dropped or categorical must be numeric: a value that does not parse
 * is an error naming the column, the value and the fix. Empty cells become NaN (cleaned later).
 */
export function frameToRawFlows(df: pl.DataFrame, spec: FlowDatasetSpec, opts: RawReadOptions = {}, files: string[] = []): RawFlows {
  if (opts.homeNet?.length && !spec.addressColumns) throw new Error(`data.home_net: dataset "${spec.name}" has no source/destination address columns; leave nids.data.home_net empty`);
  const categoricalNames = opts.categorical ?? spec.categorical;
  const drop = new Set([...spec.dropColumns, ...(opts.dropColumns ?? [])]);
  if (spec.timeColumn) drop.add(spec.timeColumn);
  requireColumns(df, [...categoricalNames, ...(opts.dropColumns ?? [])], `dataset "${spec.name}"`);
  const labels = columnAsStrings(df, spec.labelColumn).map((v) => v.trim());
  const emptyAt = labels.indexOf('');
  if (emptyAt >= 0) throw new Error(`dataset "${spec.name}": ${labels.filter((l) => l === '').length} rows have an empty label in column "${spec.labelColumn}" (first ${flowRowRef(df, emptyAt)}); remove them from the raw file`);
  const numericNames = df.columns.filter((c) => c !== spec.labelColumn && !drop.has(c) && !categoricalNames.includes(c));
  const numeric = numericNames.map((c) => parseNumericColumn(df.getColumn(c), `dataset "${spec.name}"`, (row) => flowRowRef(df, row)));
  const categorical = categoricalNames.map((c) => columnAsStrings(df, c));
  let timeMs: Float64Array | null = null;
  if (spec.timeColumn && df.columns.includes(spec.timeColumn)) timeMs = parseTimes(df.getColumn(spec.timeColumn).toArray() as (string | null)[], spec, (row) => flowRowRef(df, row));
  if (opts.keepTimestamp) {
    if (!timeMs) throw new Error(`data.keep_timestamp: dataset "${spec.name}" has no time column`);
    const hours = Array.from(timeMs, hourOfDay);
    numericNames.push('hour_sin', 'hour_cos');
    numeric.push(Float64Array.from(hours, (h) => h[0]), Float64Array.from(hours, (h) => h[1]));
  }
  let homeNet: HomeNet | null = null;
  if (opts.homeNet?.length) {
    homeNet = { networks: opts.homeNet.slice(), srcColumn: spec.addressColumns!.src, dstColumn: spec.addressColumns!.dst };
    requireColumns(df, [homeNet.srcColumn, homeNet.dstColumn], `dataset "${spec.name}" (data.home_net)`);
    numericNames.push(...HOME_NET_FEATURES);
    numeric.push(...homeNetColumns(columnAsStrings(df, homeNet.srcColumn), columnAsStrings(df, homeNet.dstColumn), homeNet.networks));
  }
  return { dataset: spec.name, files, labels, numericNames, numeric, categoricalNames, categorical, timeMs, dropped: [...drop].filter((c) => df.columns.includes(c)), homeNet };
}

/**
 * A text column as numbers (lib/io/numbers: NaN for empty and missing cells, `Infinity`/`NaN` kept); a
 * non-numeric value is an error with the fix, placing the first one by `rowRef` (0-based row → "at data row N").
 */
export function parseNumericColumn(s: pl.Series, where: string, rowRef: (row: number) => string = (row) => `at data row ${row + 1}`): Float64Array {
  const { values, bad, firstBad } = parseNumericSeries(s);
  if (bad) {
    throw new Error(
      `${where}: column "${s.name}" is not numeric (${bad} values such as "${s.get(firstBad)}" ${rowRef(firstBad)}); ` +
        `list it in nids.data.categorical_columns to one-hot encode it, or in nids.data.drop_columns to leave it out`,
    );
  }
  return values;
}

/** Parse ISO-like timestamps ("2017-07-07 13:39:36.26", "2024-03-04T00:05:00Z"); no zone means UTC. */
function parseTimes(values: (string | null)[], spec: FlowDatasetSpec, rowRef: (row: number) => string): Float64Array {
  return Float64Array.from(values, (v, i) => {
    const t = flowTime(v ?? '');
    if (!Number.isFinite(t)) throw new Error(`dataset "${spec.name}": cannot parse time "${v}" in column "${spec.timeColumn}" ${rowRef(i)}`);
    return t;
  });
}

/** Rows reordered by `order` (a permutation or subset of row indices). */
export function takeRows(raw: RawFlows, order: ArrayLike<number>): RawFlows {
  const pick = <T>(a: T[]) => Array.from(order, (i) => a[i]);
  const pickF = (a: Float64Array) => Float64Array.from(order, (i) => a[i]);
  return { ...raw, labels: pick(raw.labels), numeric: raw.numeric.map(pickF), categorical: raw.categorical.map(pick), timeMs: raw.timeMs && pickF(raw.timeMs) };
}

/** Stable time order of the rows (identity when there is no time column). */
export function timeOrder(raw: RawFlows): Int32Array {
  const n = raw.labels.length;
  const idx = Int32Array.from({ length: n }, (_, i) => i);
  if (!raw.timeMs) return idx;
  const t = raw.timeMs;
  return idx.sort((a, b) => t[a] - t[b] || a - b);
}
