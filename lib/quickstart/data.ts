import * as path from 'node:path';
import pl from 'nodejs-polars';
import { fromRoot } from '../io/paths';
import { readCsv, numericMatrix, columnAsStrings } from '../io/tables';
import { fitStandardScaler, signedLog1p, timeSplit, transformStandard, type StandardScaler, type TimeSplit } from '../features';

/** Load the demo flow table (time-ordered CICFlowMeter-like records). */
export function loadFlows(dir = 'data/demo'): pl.DataFrame {
  return readCsv(path.join(fromRoot(dir), 'flows', 'flows.csv'), { columns: ['Timestamp', 'Label'] });
}

/** Rows per class, most frequent first: the data for a label-distribution bar chart. */
export function labelCounts(df: pl.DataFrame, column = 'Label'): { category: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const v of columnAsStrings(df, column)) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].map(([category, count]) => ({ category, count })).sort((a, b) => b.count - a.count);
}

/** Columns that are identifiers, time or categorical codes, not flow statistics. */
const NOT_FEATURES = new Set(['Timestamp', 'Src IP', 'Dst IP', 'Src Port', 'Dst Port', 'Protocol', 'Label']);

/** Flow-statistic columns of the table (everything but identifiers, time, ports, protocol and label). */
export function flowFeatureColumns(df: pl.DataFrame): string[] {
  return df.columns.filter((c) => !NOT_FEATURES.has(c));
}

export interface PreparedFlows {
  columns: string[];
  split: TimeSplit;
  scaler: StandardScaler;
  /** Benign training rows only, scaled: [n, f] row-major. */
  train: { data: Float32Array; shape: [number, number] };
  /** Validation and test keep every row, with its label and time (epoch ms). */
  val: { data: Float32Array; shape: [number, number]; attack: Uint8Array; timeMs: Float64Array };
  test: { data: Float32Array; shape: [number, number]; attack: Uint8Array; timeMs: Float64Array };
  /** Cells that were Infinity/NaN before cleaning. */
  nonFinite: number;
}

/** sign(x)·log1p(|x|) (lib/features): tames the heavy tails of byte and packet counts; non-finite cells become 0. */
function signedLog(data: Float32Array): Float32Array {
  return data.map((v) => (Number.isFinite(v) ? signedLog1p(v) : 0));
}

function rows(data: Float32Array, f: number, [start, end]: [number, number], keep?: (i: number) => boolean) {
  const idx: number[] = [];
  for (let i = start; i < end; i++) if (!keep || keep(i)) idx.push(i);
  const out = new Float32Array(idx.length * f);
  idx.forEach((i, k) => out.set(data.subarray(i * f, (i + 1) * f), k * f));
  return { data: out, shape: [idx.length, f] as [number, number], idx };
}

/**
 * Time-ordered split first, then a scaler fitted on benign training rows only, applied to all splits.
 * Validation and test keep their attacks (for thresholds and evaluation); training holds none.
 */
export function prepareFlows(df: pl.DataFrame, opts: { train: number; val: number }): PreparedFlows {
  const columns = flowFeatureColumns(df);
  const { data, shape, nonFinite } = numericMatrix(df, columns);
  const f = shape[1];
  const attack = Uint8Array.from(columnAsStrings(df, 'Label'), (l) => (l === 'BENIGN' ? 0 : 1));
  const timeMs = Float64Array.from(columnAsStrings(df, 'Timestamp'), (t) => Date.parse(t));
  const split = timeSplit(shape[0], opts);
  const logged = signedLog(data);
  const trainRows = rows(logged, f, split.train, (i) => attack[i] === 0);
  if (trainRows.idx.length === 0) throw new Error('prepareFlows: the training split holds no benign rows to fit on');
  const scaler = fitStandardScaler(trainRows.data, f);
  const scaled = (r: ReturnType<typeof rows>) => ({ data: transformStandard(r.data, scaler, { clip: 8 }), shape: r.shape });
  const withLabels = (range: [number, number]) => {
    const r = rows(logged, f, range);
    return { ...scaled(r), attack: attack.slice(range[0], range[1]), timeMs: timeMs.slice(range[0], range[1]) };
  };
  return { columns, split, scaler, train: scaled(trainRows), val: withLabels(split.val), test: withLabels(split.test), nonFinite };
}
