/**
 * Stage 1 kernel (pure, polars): named raw text frames → the contract frame sorted by `_time_ms`.
 * Every polars call costs milliseconds of overhead, so the work runs column-wise on the
 * concatenated frame, a few calls per file at most.
 */
import pl from 'nodejs-polars';
import { schemaColumns } from './files';
import { parseTimeMs } from './time';
import { COLUMN_ROLES, type CampaignSpec, type ColumnRole, type DatasetSchema } from '../schema';

/** Columns stage 1 adds after the feature columns, in order. */
export const META_COLUMNS = ['_time_ms', '_label', '_label_raw', '_campaign', '_source_file'] as const;

/** One raw file: its name (becomes `_source_file`) and its all-text frame with the schema's columns. */
export interface RawFile {
  name: string;
  df: pl.DataFrame;
  /** Full path, for error messages (default: name). */
  path?: string;
}

/** What the metadata reports about the inputs. */
export interface AggregateStats {
  files: { file: string; rows: number; campaign: string | null }[];
  /** Empty or missing raw values per schema column (features, time, label), before any filling. */
  nulls: Record<string, number>;
  /** Numeric columns: non-empty values that are not numbers (they become null). */
  unparsable: Record<string, number>;
  /** Numeric columns: Infinity / NaN values (kept as they are). */
  non_finite: Record<string, number>;
}

/** Role of each feature column, in schema order (text, categorical, numeric). */
export function featureRoles(schema: DatasetSchema): Map<string, ColumnRole> {
  return new Map(COLUMN_ROLES.flatMap((r) => schema.columns[r].map((c) => [c, r] as [string, ColumnRole])));
}

/** Campaign of a file by the number `pattern` captures in its name; "" when none matches. */
export function campaignOfFile(fileName: string, spec: Extract<CampaignSpec, { from: 'file_number' }>): string {
  const m = new RegExp(spec.pattern).exec(fileName);
  if (!m) return '';
  const n = Number(m[1]);
  for (const [name, [a, b]] of Object.entries(spec.ranges)) if (a <= n && n <= b) return name;
  return '';
}

/**
 * Build the contract frame (feature columns in schema order, then META_COLUMNS) from raw files in
 * file order, sorted stably by `_time_ms`. Without a time column `_time_ms` is the running row
 * index over the files. Empty labels and unparsable timestamps are errors naming the file.
 */
export function buildAggregateFrame(files: RawFile[], schema: DatasetSchema): { frame: pl.DataFrame; stats: AggregateStats } {
  if (files.length === 0) throw new Error('buildAggregateFrame: no raw files');
  const cols = schemaColumns(schema);
  const tagged = files.map((f) => tagFile(f, schema, cols));
  const all = tagged.length === 1 ? tagged[0].df : pl.concat(tagged.map((t) => t.df), { how: 'vertical' });
  const rawNulls = all.nullCount().toRecords()[0] as Record<string, number>;
  if (rawNulls[schema.label_column] > 0) {
    const first = all.filter(pl.col(schema.label_column).isNull()).getColumn('_source_file').toArray()[0] as string;
    throw new Error(`${pathOf(files, first)}: rows with an empty label column "${schema.label_column}" (${rawNulls[schema.label_column]} in all files)`);
  }
  const time = schema.time_column
    ? parseTimeMs(all.getColumn(schema.time_column), schema.time_unit)
    : pl.Series('_time_ms', Float64Array.from({ length: all.height }, (_, i) => i));
  checkTime(all, time, schema, files);
  const features = [...featureRoles(schema).keys()];
  const { numeric } = schema.columns;
  const strings = [...schema.columns.text, ...schema.columns.categorical];
  // One multi-column expression per role: building expressions costs milliseconds each.
  const frame = all
    .select(
      ...(strings.length ? [pl.col(strings).fillNull(pl.lit(''))] : []),
      ...(numeric.length ? [pl.col(numeric).cast(pl.Float64, false)] : []),
      pl.col(schema.label_column).isIn(schema.benign_labels).not().cast(pl.Int32).alias('_label'),
      pl.col(schema.label_column).alias('_label_raw'),
      pl.col(['_campaign', '_source_file']),
    )
    .withColumn(time)
    .select(pl.col([...features, ...META_COLUMNS]))
    .sort({ by: '_time_ms', maintainOrder: true });
  const numNulls = numeric.length ? (frame.select(pl.col(numeric)).nullCount().toRecords()[0] as Record<string, number>) : {};
  const numNonFinite = numeric.length ? (frame.select(pl.col(numeric).isFinite().not().cast(pl.Int32).sum()).toRecords()[0] as Record<string, number>) : {};
  const statCols = [...features, schema.time_column, schema.label_column].filter((c): c is string => c !== null);
  const stats: AggregateStats = {
    files: tagged.map((t) => t.info),
    nulls: Object.fromEntries([...new Set(statCols)].map((c) => [c, rawNulls[c]])),
    unparsable: Object.fromEntries(numeric.map((c) => [c, numNulls[c] - rawNulls[c]])),
    non_finite: Object.fromEntries(numeric.map((c) => [c, Number(numNonFinite[c] ?? 0)])),
  };
  return { frame, stats };
}

/** Keep the schema's columns of one file and add `_campaign` and `_source_file`. */
function tagFile(f: RawFile, schema: DatasetSchema, cols: string[]): { df: pl.DataFrame; info: AggregateStats['files'][number] } {
  const { expr, campaign } = campaignExpr(f, schema.campaign);
  const df = f.df.select(pl.col(cols), expr.alias('_campaign'), pl.lit(f.name).alias('_source_file'));
  return { df, info: { file: f.name, rows: f.df.height, campaign } };
}

function campaignExpr(f: RawFile, spec: CampaignSpec): { expr: pl.Expr; campaign: string | null } {
  if (spec === null) return { expr: pl.lit(''), campaign: null };
  if (spec.from === 'file_number') {
    const name = campaignOfFile(f.name, spec);
    return { expr: pl.lit(name), campaign: name || null };
  }
  const col = pl.col(spec.column).fillNull(pl.lit(''));
  if (!spec.fill_by_file) return { expr: col, campaign: null };
  const seen = (f.df.getColumn(spec.column).dropNulls().unique().toArray() as string[]).filter((v) => v !== '');
  if (seen.length !== 1) return { expr: col, campaign: null }; // none or several: empty values stay empty
  return { expr: pl.when(col.eq(pl.lit(''))).then(pl.lit(seen[0])).otherwise(col), campaign: seen[0] };
}

/** Every `_time_ms` must be finite; otherwise name the first file, the count and an example. */
function checkTime(all: pl.DataFrame, time: pl.Series, schema: DatasetSchema, files: RawFile[]): void {
  const bad = all.height - time.isFinite().cast(pl.Int32).sum();
  if (bad === 0) return;
  const rows = all
    .select(pl.col('_source_file'), pl.col(schema.time_column!).alias('_raw'))
    .withColumn(time)
    .filter(pl.col('_time_ms').isNull().or(pl.col('_time_ms').isFinite().not()))
    .head(1)
    .toRecords()[0] as { _source_file: string; _raw: string | null };
  throw new Error(`${pathOf(files, rows._source_file)}: ${bad} value${bad > 1 ? 's' : ''} of the time column "${schema.time_column}" (all files) ${bad > 1 ? 'are' : 'is'} not a timestamp ` +
    `(first: ${rows._raw == null ? 'empty' : JSON.stringify(rows._raw)}); expected ISO-8601, 'YYYY-MM-DD HH:MM:SS.fff' (UTC) or a numeric epoch in ${schema.time_unit} (time_unit)`);
}

function pathOf(files: RawFile[], name: string): string {
  const f = files.find((x) => x.name === name);
  return f?.path ?? name;
}
