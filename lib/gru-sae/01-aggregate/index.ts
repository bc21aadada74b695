/**
 * GRU-SAE stage 1 (aggregate): the dataset's raw CSV files → one time-sorted parquet with the
 * contract columns, a metadata JSON and a label distribution CSV under the run folder (README.md).
 */
import * as path from 'node:path';
import type pl from 'nodejs-polars';
import { writeFileWith, writeJson } from '../../io/files';
import { writeParquet } from '../../io/tables';
import { REPO_ROOT } from '../../io/paths';
import { listRawFiles, readRawFile } from './files';
import { buildAggregateFrame, type AggregateStats } from './frame';
import { buildMetadata, labelDistribution, type AggregateMetadata } from './summary';
import { runDir, type GruSaeConfig } from '../config';
import { loadSchema, schemaPath, SCHEMA_DIR, type DatasetSchema } from '../schema';

export { buildAggregateFrame, campaignOfFile, featureRoles, META_COLUMNS, type AggregateStats, type RawFile } from './frame';
export { buildMetadata, labelDistribution, type AggregateMetadata } from './summary';
export { listRawFiles, readRawFile } from './files';
export { resolveRawDir, globToRegExp } from '../../io/paths';
export { parseTimeMs } from './time';

export interface AggregateOptions {
  log?: (line: string) => void;
  /** Use this schema instead of loading configs/schema-<dataset>-gru-sae-<version>.json (tests, notebooks). */
  schema?: DatasetSchema;
  /** Folder the schema file is loaded from (default `configs/`). */
  schemaDir?: string;
}

/** The three stage-1 artefacts of a run (absolute paths). */
export function aggregatePaths(cfg: GruSaeConfig): { parquet: string; metadata: string; labelDist: string } {
  const dir = runDir(cfg);
  const base = `gru_sae-${cfg.dataset}-${cfg.version}`;
  return {
    parquet: path.join(dir, 'processed', `${base}.parquet`),
    metadata: path.join(dir, 'metadata', `${base}.json`),
    labelDist: path.join(dir, 'label_dist', `${base}.csv`),
  };
}

export interface AggregateResult {
  paths: ReturnType<typeof aggregatePaths>;
  metadata: AggregateMetadata;
  /** The sorted contract frame that was written. */
  frame: pl.DataFrame;
  seconds: number;
}

/** Read every raw file of a schema and build the sorted contract frame (no writing). */
export function aggregateFrame(schema: DatasetSchema, opts: { where: string; log?: (line: string) => void }): { frame: pl.DataFrame; stats: AggregateStats } {
  const t0 = Date.now();
  const files = listRawFiles(schema, opts.where);
  const raws = files.map((file) => ({ name: path.basename(file), path: file, df: readRawFile(file, schema) }));
  const rows = raws.reduce((a, r) => a + r.df.height, 0);
  opts.log?.(`aggregate: read ${rows} rows from ${files.length} file${files.length > 1 ? 's' : ''} in ${path.dirname(files[0])} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  return buildAggregateFrame(raws, schema);
}

/**
 * Run stage 1 for a resolved config: write the parquet, metadata and label distribution under
 * runDir(cfg), each file atomically (the run layer records the stage and its artefacts).
 */
export async function aggregate(cfg: GruSaeConfig, opts: AggregateOptions = {}): Promise<AggregateResult> {
  const started = Date.now();
  const log = opts.log ?? (() => {});
  const schema = opts.schema ?? loadSchema(cfg.dataset, cfg.version, { dir: opts.schemaDir });
  if (schema.dataset !== cfg.dataset || schema.version !== cfg.version) {
    throw new Error(`aggregate: schema is for "${schema.dataset}" "${schema.version}", but the config asks for "${cfg.dataset}" "${cfg.version}"`);
  }
  const schemaFile = opts.schema ? '(given in code)' : path.relative(REPO_ROOT, schemaPath(cfg.dataset, cfg.version, opts.schemaDir ?? SCHEMA_DIR));
  const { frame, stats } = aggregateFrame(schema, { where: schemaFile, log });
  const paths = aggregatePaths(cfg);
  const dir = runDir(cfg);
  const metadata = buildMetadata(frame, stats, schema, { schemaFile, parquet: path.relative(dir, paths.parquet) });
  const dist = labelDistribution(frame, schema.campaign !== null);
  // The metadata is the stage's last file: its presence says the parquet beside it is complete.
  writeParquet(paths.parquet, frame, { compression: 'zstd' });
  writeFileWith(paths.labelDist, (f) => dist.writeCSV(f));
  writeJson(paths.metadata, metadata);
  const seconds = (Date.now() - started) / 1000;
  const t = metadata.time;
  log(`aggregate: ${frame.height} rows × ${frame.width} columns, ${metadata.labels.attack} attack (${(100 * metadata.labels.attack_share).toFixed(2)}%)` +
    `${t.min_iso ? `, ${t.min_iso} … ${t.max_iso}` : ''} in ${seconds.toFixed(1)} s → ${paths.parquet}`);
  return { paths, metadata, frame, seconds };
}
