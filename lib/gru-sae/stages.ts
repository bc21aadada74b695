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

/** The files outside the run stage 1 reads: the schema (and the dataset schema under an original-format one), an original-format encoding file, the raw files. */
function aggregateInputs(cfg: GruSaeConfig): string[] {
  const r = runSchema(cfg);
  return [r.file, ...(r.base ? [r.base] : []), ...(r.encodingFormat === 'original' ? [r.encodingFile] : []), ...listRawFiles(r.schema, shortPath(r.file))];
}

/**
 * The five GRU-SAE stages in order; each reads the previous stage's artefacts from the run folder.
 * `keys`: the config values a stage's artefacts depend on (resumes refuse artefacts built with other
 * values); `inputs`: the files outside the run it reads (a changed raw file invalidates stage 1).
 */
export const GRU_SAE_STAGES: Stage[] = [
  { n: 1, name: 'aggregate', run: (cfg, log) => aggregate(cfg, { log }), keys: aggregateKeys, inputs: aggregateInputs },
  { n: 2, name: 'encode', run: (cfg, log) => encodeStage(cfg, runSchema(cfg).schema, { log }), keys: (cfg) => flattenKeys({ seed: cfg.seed, split: cfg.split, encoding: cfg.encoding }) },
  { n: 3, name: 'train', run: (cfg, log) => trainStage(cfg, { log }), keys: (cfg) => flattenKeys({ seed: cfg.seed, model: cfg.model, train: cfg.train }) },
  { n: 4, name: 'evaluate', run: (cfg, log) => evaluateStage(cfg, { log }), keys: (cfg) => flattenKeys({ seed: cfg.seed, eval: cfg.eval, baselines: cfg.baselines }) },
  { n: 5, name: 'visualise', run: (cfg, log) => visualiseStage(cfg, { log }), keys: (cfg) => flattenKeys({ viz: cfg.viz, 'eval.threshold_quantile': cfg.eval.threshold_quantile }) },
];
