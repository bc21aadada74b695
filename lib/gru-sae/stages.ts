import { aggregate } from './01-aggregate';
import { listRawFiles } from './01-aggregate/files';
import { encodeStage } from './02-encode';
import { evaluateStage } from './04-evaluate';
import { loadSchema, schemaPath } from './schema';
import { trainStage } from './03-train';
import { visualiseStage } from './05-visualise';
import { flattenKeys, type Stage } from './pipeline';

/**
 * The five GRU-SAE stages in order; each reads the previous stage's artefacts from the run folder.
 * `keys`: the config values a stage's artefacts depend on (resumes refuse artefacts built with other
 * values); `inputs`: the files outside the run it reads (a changed raw file invalidates stage 1).
 */
export const GRU_SAE_STAGES: Stage[] = [
  {
    n: 1, name: 'aggregate', run: (cfg, log) => aggregate(cfg, { log }),
    keys: (cfg) => ({ dataset: cfg.dataset, version: cfg.version }),
    inputs: (cfg) => [schemaPath(cfg.dataset, cfg.version), ...listRawFiles(loadSchema(cfg.dataset, cfg.version), schemaPath(cfg.dataset, cfg.version))],
  },
  { n: 2, name: 'encode', run: (cfg, log) => encodeStage(cfg, loadSchema(cfg.dataset, cfg.version), { log }), keys: (cfg) => flattenKeys({ seed: cfg.seed, split: cfg.split, encoding: cfg.encoding }) },
  { n: 3, name: 'train', run: (cfg, log) => trainStage(cfg, { log }), keys: (cfg) => flattenKeys({ seed: cfg.seed, model: cfg.model, train: cfg.train }) },
  { n: 4, name: 'evaluate', run: (cfg, log) => evaluateStage(cfg, { log }), keys: (cfg) => flattenKeys({ seed: cfg.seed, eval: cfg.eval, baselines: cfg.baselines }) },
  { n: 5, name: 'visualise', run: (cfg, log) => visualiseStage(cfg, { log }), keys: (cfg) => flattenKeys({ viz: cfg.viz, 'eval.threshold_quantile': cfg.eval.threshold_quantile }) },
];
