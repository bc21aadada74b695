import { columnAsFloat64, columnAsStrings, dataRowRef, readCsv, requireColumns } from './tables';

export interface ScoreColumns {
  labelCol?: string;
  scoreCol?: string;
  /** Optional time column: numbers (epoch, unit `timeUnit`) or date strings (ISO-8601). */
  timeCol?: string;
  timeUnit?: 'ms' | 's';
}

export interface LoadedScores {
  labels: Uint8Array;
  scores: Float64Array;
  timestampsMs?: Float64Array;
}

/**
 * Read labels, scores and optional timestamps from a CSV with a header, naming the file, column and
 * 1-based data row (and file line) of any bad value.
 */
export function loadScoresCsv(file: string, opts: ScoreColumns = {}): LoadedScores {
  const labelCol = opts.labelCol ?? 'label';
  const scoreCol = opts.scoreCol ?? 'score';
  const df = readCsv(file, { inferSchemaLength: null });
  requireColumns(df, [labelCol, scoreCol, ...(opts.timeCol ? [opts.timeCol] : [])], file);
  if (df.height === 0) throw new Error(`${file}: no rows`);
  const rawLabels = columnAsFloat64(df, labelCol);
  const labels = new Uint8Array(rawLabels.length);
  rawLabels.forEach((v, i) => {
    if (v !== 0 && v !== 1) throw new Error(`${file}: column "${labelCol}" must hold 0 or 1, got ${columnAsStrings(df, labelCol)[i] || 'an empty cell'} on ${dataRowRef(i, true)}`);
    labels[i] = v;
  });
  const scores = columnAsFloat64(df, scoreCol);
  const bad = scores.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new Error(`${file}: column "${scoreCol}" must hold finite numbers, got ${columnAsStrings(df, scoreCol)[bad] || 'an empty cell'} on ${dataRowRef(bad, true)}`);
  if (!opts.timeCol) return { labels, scores };
  return { labels, scores, timestampsMs: timestamps(df, file, opts.timeCol, opts.timeUnit ?? 'ms') };
}

function timestamps(df: ReturnType<typeof readCsv>, file: string, col: string, unit: 'ms' | 's'): Float64Array {
  const asNumbers = columnAsFloat64(df, col);
  const text = columnAsStrings(df, col);
  const numeric = asNumbers.every(Number.isFinite);
  const ms = numeric ? asNumbers.map((v) => (unit === 's' ? v * 1000 : v)) : Float64Array.from(text, (t) => Date.parse(t));
  const bad = ms.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new Error(`${file}: column "${col}" holds "${text[bad]}" on ${dataRowRef(bad, true)}, neither a number nor a date`);
  return ms;
}
