import { aggregate } from './01-aggregate';
import { listRawFiles } from './01-aggregate/files';
import { encodeStage } from './02-encode';
import { evaluateStage } from './04-evaluate';
import { runSchema, shortPath } from './run-schema';
import { trainStage } from './03-train';
import { visualiseStage } from './05-visualise';
import { flattenKeys, type Stage } from './pipeline';
import type { GruSaeConfig } from './config';

/** What stage 1's artefacts depend on: the run label, and the schema in effect (file, subfolder, columns, label, time). */
function aggregateKeys(cfg: GruSaeConfig): Record<string, unknown> {
  const r = runSchema(cfg);
  const s = r.schema;
  return {
    dataset: cfg.dataset, version: cfg.version, subdir: cfg.subdir,
    ...flattenKeys({ schema: { file: shortPath(r.file), format: r.format, label_column: s.label_column, time_column: s.time_column, benign_labels: s.benign_labels, columns: s.columns } }),
  };
}

/** The files outside the run stage 1 reads: the schema (and the dataset schema under an original-format one) and the raw files. */
function aggregateInputs(cfg: GruSaeConfig): string[] {
  const r = runSchema(cfg);
  return [r.file, ...(r.base ? [r.base] : []), ...listRawFiles(r.schema, shortPath(r.file))];
}

/** What stage 2's artefacts depend on: the seed, split and encoding settings, and the per-column TF-IDF sizes in effect (schema or encoding file). */
function encodeKeys(cfg: GruSaeConfig): Record<string, unknown> {
  return { ...flattenKeys({ seed: cfg.seed, split: cfg.split, encoding: cfg.encoding }), 'schema.tfidf_vocab': runSchema(cfg).schema.tfidf_vocab };
}

/**
 * The config keys (top-level names) whose values each stage's artefacts are built from: a run that
 * reuses a stage takes the values it does not set itself from the run folder's config.json
 * (inheritedOverrides in pipeline.ts), as the original's stage scripts find earlier artefacts by name.
 */
export const STAGE_CONFIG_KEYS: Record<string, readonly string[]> = {
  aggregate: ['dataset', 'version', 'config_preset', 'schema', 'encoding_config', 'subdir'],
  encode: ['config_preset', 'schema', 'encoding_config', 'seed', 'split', 'encoding'],
  train: ['seed', 'model', 'train'],
  evaluate: ['seed', 'eval', 'baselines'],
  visualise: ['viz'],
};

/**
 * The five GRU-SAE stages in order; each reads the previous stage's artefacts from the run folder.
 * `keys`: the config values a stage's artefacts depend on (resumes refuse artefacts built with other
 * values); `inputs`: the files outside the run it reads (a changed raw file invalidates stage 1).
 */
export const GRU_SAE_STAGES: Stage[] = [
  { n: 1, name: 'aggregate', run: (cfg, log) => aggregate(cfg, { log }), keys: aggregateKeys, inputs: aggregateInputs },
  { n: 2, name: 'encode', run: (cfg, log) => encodeStage(cfg, runSchema(cfg).schema, { log }), keys: encodeKeys },
  { n: 3, name: 'train', run: (cfg, log) => trainStage(cfg, { log }), keys: (cfg) => flattenKeys({ seed: cfg.seed, model: cfg.model, train: cfg.train }) },
  { n: 4, name: 'evaluate', run: (cfg, log) => evaluateStage(cfg, { log }), keys: (cfg) => flattenKeys({ seed: cfg.seed, eval: cfg.eval, baselines: cfg.baselines }) },
  { n: 5, name: 'visualise', run: (cfg, log) => visualiseStage(cfg, { log }), keys: (cfg) => flattenKeys({ viz: cfg.viz, 'eval.threshold_quantile': cfg.eval.threshold_quantile }) },
];
