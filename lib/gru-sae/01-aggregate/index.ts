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
import { runSchema, shortPath } from '../run-schema';

export { buildAggregateFrame, campaignOfFile, featureRoles, META_COLUMNS, type AggregateStats, type RawFile } from './frame';
export { buildMetadata, labelDistribution, type AggregateMetadata } from './summary';
export { listRawFiles, readRawFile } from './files';
export { resolveRawDir, globToRegExp } from '../../io/paths';
export { parseTimeMs } from './time';

export interface AggregateOptions {
  log?: (line: string) => void;
  /** Use this schema instead of the run's (the config preset's or --schema file; tests, notebooks). */
  schema?: DatasetSchema;
  /** Load `schema-<dataset>-gru-sae-v1.json` from this folder instead of the run's schema (tests). */
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
  const run = opts.schema || opts.schemaDir ? null : runSchema(cfg);
  const schema = opts.schema ?? run?.schema ?? loadSchema(cfg.dataset, 'v1', { dir: opts.schemaDir });
  if (schema.dataset !== cfg.dataset) throw new Error(`aggregate: schema is for "${schema.dataset}", but the config asks for dataset "${cfg.dataset}"`);
  const schemaFile = opts.schema ? '(given in code)' : run ? shortPath(run.file) : path.relative(REPO_ROOT, schemaPath(cfg.dataset, 'v1', opts.schemaDir ?? SCHEMA_DIR));
  const { frame, stats } = aggregateFrame(schema, { where: schemaFile, log });
  const paths = aggregatePaths(cfg);
  const dir = runDir(cfg);
  const metadata = buildMetadata(frame, stats, schema, { schemaFile, parquet: path.relative(dir, paths.parquet) });
  metadata.run = { version: cfg.version, model: cfg.model.name, subdir: cfg.subdir, config_preset: cfg.config_preset, schema_format: run?.format ?? 'seqsentry', encoding_file: run ? shortPath(run.encodingFile) : null, encoding_format: run?.encodingFormat ?? 'seqsentry' };
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
