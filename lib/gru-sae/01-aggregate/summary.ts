/** Stage 1 summaries (pure): the metadata record and the label distribution table. */
import pl from 'nodejs-polars';
import { featureRoles, type AggregateStats } from './frame';
import type { DatasetSchema } from '../schema';

/** Contents of `metadata/gru_sae-<dataset>-<version>.json`. */
export interface AggregateMetadata {
  stage: 'aggregate';
  dataset: string;
  /** The schema file's own version (the run label is run.version). */
  version: string;
  schema_file: string;
  /** The run's label, model name, raw subfolder, config preset and the formats of its schema and encoding files. */
  run?: { version: string; model: string; subdir: string | null; config_preset: string; schema_format: string; encoding_file: string | null; encoding_format: string };
  schema: DatasetSchema;
  raw_dir: string;
  /** Parquet path relative to the run folder. */
  parquet: string;
  rows: number;
  files: { file: string; rows: number; campaign: string | null }[];
  /** Parquet columns in order: role ("text" | "categorical" | "numeric" | "meta") and polars dtype. */
  columns: { name: string; role: string; dtype: string }[];
  dtypes: Record<string, string>;
  /** Empty or missing raw values per schema column (features, time, label), before filling. */
  nulls: Record<string, number>;
  /** Numeric columns: non-empty raw values that are not numbers (null in the parquet). */
  numeric_unparsable: Record<string, number>;
  /** Numeric columns: Infinity / NaN values (kept in the parquet). */
  numeric_non_finite: Record<string, number>;
  time: { column: string | null; source: 'column' | 'row_order'; unit: string | null; min_ms: number | null; max_ms: number | null; min_iso: string | null; max_iso: string | null };
  labels: { column: string; benign_labels: string[]; counts: Record<string, number>; benign: number; attack: number; attack_share: number };
  /** Rows and attack rows per `_campaign` value ("" = no campaign); null when the schema has no campaigns. */
  campaigns: { from: 'file_number' | 'column'; rows: Record<string, number>; attacks: Record<string, number> } | null;
}

function dtypeName(d: unknown): string {
  return (d as { variant: string }).variant;
}

/** Counts of `_label_raw` × `_label` × `_campaign` (a small frame). */
function labelCampaignCounts(df: pl.DataFrame): { raw: string; label: number; campaign: string; n: number }[] {
  const g = df.groupBy(['_label_raw', '_label', '_campaign']).agg(pl.col('_time_ms').count().alias('n'));
  const raw = g.getColumn('_label_raw').toArray() as string[];
  const label = g.getColumn('_label').toArray() as number[];
  const campaign = g.getColumn('_campaign').toArray() as string[];
  const n = g.getColumn('n').toArray() as number[];
  return raw.map((r, i) => ({ raw: r, label: label[i], campaign: campaign[i], n: Number(n[i]) }));
}

/** The metadata record of a sorted contract frame and the stats of its build. */
export function buildMetadata(df: pl.DataFrame, stats: AggregateStats, schema: DatasetSchema, where: { schemaFile: string; parquet: string }): AggregateMetadata {
  const roles = featureRoles(schema);
  const counts = labelCampaignCounts(df);
  const labelCounts: Record<string, number> = {};
  let attack = 0;
  for (const c of counts) {
    labelCounts[c.raw] = (labelCounts[c.raw] ?? 0) + c.n;
    if (c.label === 1) attack += c.n;
  }
  const t = df.getColumn('_time_ms');
  const [min, max] = df.height ? [t.min() as number, t.max() as number] : [null, null];
  const iso = (v: number | null) => (v === null || !schema.time_column ? null : new Date(v).toISOString());
  let campaigns: AggregateMetadata['campaigns'] = null;
  if (schema.campaign) {
    const rows: Record<string, number> = {};
    const attacks: Record<string, number> = {};
    for (const c of counts) {
      rows[c.campaign] = (rows[c.campaign] ?? 0) + c.n;
      attacks[c.campaign] = (attacks[c.campaign] ?? 0) + (c.label === 1 ? c.n : 0);
    }
    campaigns = { from: schema.campaign.from, rows: sortKeys(rows), attacks: sortKeys(attacks) };
  }
  const columns = df.columns.map((name, i) => ({ name, role: roles.get(name) ?? 'meta', dtype: dtypeName(df.dtypes[i]) }));
  return {
    stage: 'aggregate',
    dataset: schema.dataset,
    version: schema.version,
    schema_file: where.schemaFile,
    schema,
    raw_dir: schema.raw_dir,
    parquet: where.parquet,
    rows: df.height,
    files: stats.files,
    columns,
    dtypes: Object.fromEntries(columns.map((c) => [c.name, c.dtype])),
    nulls: stats.nulls,
    numeric_unparsable: stats.unparsable,
    numeric_non_finite: stats.non_finite,
    time: { column: schema.time_column, source: schema.time_column ? 'column' : 'row_order', unit: schema.time_column ? 'ms' : null, min_ms: min, max_ms: max, min_iso: iso(min), max_iso: iso(max) },
    labels: { column: schema.label_column, benign_labels: schema.benign_labels, counts: sortKeys(labelCounts), benign: df.height - attack, attack, attack_share: df.height ? attack / df.height : 0 },
    campaigns,
  };
}

function sortKeys(o: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true })));
}

/**
 * Label distribution table: `label_raw,label,count,share`, plus `count_<campaign>` per campaign
 * (`count_none` for rows without one) when the schema has campaigns. Most frequent label first.
 */
export function labelDistribution(df: pl.DataFrame, withCampaigns: boolean): pl.DataFrame {
  const counts = labelCampaignCounts(df);
  const byLabel = new Map<string, { label: number; n: number; per: Map<string, number> }>();
  for (const c of counts) {
    const e = byLabel.get(c.raw) ?? { label: c.label, n: 0, per: new Map<string, number>() };
    e.n += c.n;
    e.per.set(c.campaign, (e.per.get(c.campaign) ?? 0) + c.n);
    byLabel.set(c.raw, e);
  }
  const rows = [...byLabel.entries()].sort(([a, x], [b, y]) => y.n - x.n || a.localeCompare(b));
  const series: pl.Series[] = [
    pl.Series('label_raw', rows.map(([r]) => r), pl.Utf8),
    pl.Series('label', Int32Array.from(rows, ([, e]) => e.label)),
    pl.Series('count', Int32Array.from(rows, ([, e]) => e.n)),
    pl.Series('share', Float64Array.from(rows, ([, e]) => (df.height ? Math.round((e.n / df.height) * 1e6) / 1e6 : 0))),
  ];
  if (withCampaigns) {
    const names = [...new Set(counts.map((c) => c.campaign))].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    for (const name of names) series.push(pl.Series(`count_${name || 'none'}`, Int32Array.from(rows, ([, e]) => e.per.get(name) ?? 0)));
  }
  return pl.DataFrame(series);
}
