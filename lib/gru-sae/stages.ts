import { aggregate } from './aggregate';
import { encodeStage } from './encode';
import { evaluateStage } from './evaluate';
import { loadSchema } from './schema';
import { trainStage } from './train';
import { visualiseStage } from './visualise';
import type { Stage } from './pipeline';

/** The five GRU-SAE stages in order; each reads the previous stage's artefacts from the run folder. */
export const GRU_SAE_STAGES: Stage[] = [
  { n: 1, name: 'aggregate', run: (cfg, log) => aggregate(cfg, { log }) },
  { n: 2, name: 'encode', run: (cfg, log) => encodeStage(cfg, loadSchema(cfg.dataset, cfg.version), { log }) },
  { n: 3, name: 'train', run: (cfg, log) => trainStage(cfg, { log }) },
  { n: 4, name: 'evaluate', run: (cfg, log) => evaluateStage(cfg, { log }) },
  { n: 5, name: 'visualise', run: (cfg, log) => visualiseStage(cfg, { log }) },
];
