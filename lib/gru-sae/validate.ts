/**
 * Every GRU-SAE config value checked before stage 1 runs (the CLI and runPipeline call
 * validateGruSaeConfig), so a bad value never fails a later stage after earlier ones wrote files.
 * Each message names the key, what it accepts and what it got.
 */
import * as fs from 'node:fs';
import { resolveStopping } from '../train/stopping';
import type { GruSaeConfig } from './config';
import { schemaPath } from './schema';

type Bad = (key: string, want: string, got: unknown) => Error;
const bad: Bad = (key, want, got) => new Error(`gru_sae config "${key}" must be ${want}, got ${JSON.stringify(got)}`);
const posInt = (v: unknown) => Number.isInteger(v) && (v as number) >= 1;
const share = (v: number) => v > 0 && v < 1;

/** All of the below, plus: the dataset's schema file exists. */
export function validateGruSaeConfig(cfg: GruSaeConfig): void {
  if (!/^[\w.-]+$/.test(cfg.dataset)) throw bad('dataset', 'a dataset name (letters, digits, _ . -)', cfg.dataset);
  if (!/^[\w.-]+$/.test(cfg.version)) throw bad('version', 'a version label (letters, digits, _ . -)', cfg.version);
  const schema = schemaPath(cfg.dataset, cfg.version);
  if (!fs.existsSync(schema)) throw new Error(`no schema for dataset "${cfg.dataset}" version "${cfg.version}": ${schema} is missing`);
  if (!Number.isInteger(cfg.seed)) throw bad('seed', 'an integer', cfg.seed);
  checkSplitConfig(cfg);
  checkEncodingConfig(cfg);
  checkModelConfig(cfg);
  checkTrainConfig(cfg);
  checkEvalConfig(cfg);
  const b = cfg.baselines;
  if (!posInt(b.pca_components)) throw bad('baselines.pca_components', 'an integer ≥ 1', b.pca_components);
  if (!posInt(b.iforest_trees)) throw bad('baselines.iforest_trees', 'an integer ≥ 1', b.iforest_trees);
  if (!(Number.isInteger(b.iforest_sample_size) && b.iforest_sample_size >= 2)) throw bad('baselines.iforest_sample_size', 'an integer ≥ 2', b.iforest_sample_size);
  if (cfg.viz.latent_method !== 'pca' && cfg.viz.latent_method !== 'tsne') throw bad('viz.latent_method', '"pca" or "tsne"', cfg.viz.latent_method);
  if (!posInt(cfg.viz.latent_points)) throw bad('viz.latent_points', 'an integer ≥ 1', cfg.viz.latent_points);
}

function checkSplitConfig(cfg: GruSaeConfig): void {
  const s = cfg.split;
  if (!['auto', 'campaign', 'time'].includes(s.strategy)) throw bad('split.strategy', '"auto", "campaign" or "time"', s.strategy);
  if (!(share(s.train_fraction) && share(s.val_fraction) && s.train_fraction + s.val_fraction < 1)) {
    throw bad('split.train_fraction + split.val_fraction', 'fractions in (0, 1) summing to < 1', [s.train_fraction, s.val_fraction]);
  }
}

function checkEncodingConfig(cfg: GruSaeConfig): void {
  const e = cfg.encoding;
  for (const key of ['tfidf_max_vocab', 'onehot_max_categories', 'max_features', 'seq_len', 'stride'] as const) {
    if (!posInt(e[key])) throw bad(`encoding.${key}`, 'an integer ≥ 1', e[key]);
  }
  for (const key of ['svd_oversamples', 'svd_power_iterations'] as const) {
    if (!(Number.isInteger(e[key]) && e[key] >= 0)) throw bad(`encoding.${key}`, 'an integer ≥ 0', e[key]);
  }
  if (e.sample_size !== null && !(Number.isInteger(e.sample_size) && e.sample_size >= e.seq_len)) throw bad('encoding.sample_size', `an integer ≥ seq_len (${e.seq_len}) or null`, e.sample_size);
  if (!(e.memory_limit_gb > 0)) throw bad('encoding.memory_limit_gb', '> 0', e.memory_limit_gb);
  try {
    new RegExp(e.tfidf_token_pattern, 'g');
  } catch {
    throw bad('encoding.tfidf_token_pattern', 'a regular expression', e.tfidf_token_pattern);
  }
}

function checkModelConfig(cfg: GruSaeConfig): void {
  const m = cfg.model;
  for (const key of ['encoder_units', 'decoder_units'] as const) {
    if (!(m[key].length > 0 && m[key].every(posInt))) throw bad(`model.${key}`, 'a non-empty list of integers ≥ 1', m[key]);
  }
  if (!(m.dropout >= 0 && m.dropout < 1)) throw bad('model.dropout', 'in [0, 1)', m.dropout);
  if (m.recurrent_layer !== 'fast' && m.recurrent_layer !== 'tfjs') throw bad('model.recurrent_layer', '"fast" or "tfjs"', m.recurrent_layer);
}

/** Stage 3's settings (also checked by the stage itself). */
export function checkTrainConfig(cfg: GruSaeConfig): void {
  const t = cfg.train;
  if (!posInt(t.epochs)) throw bad('train.epochs', 'an integer ≥ 1', t.epochs);
  if (!posInt(t.batch_size)) throw bad('train.batch_size', 'an integer ≥ 1', t.batch_size);
  if (!(t.learning_rate > 0)) throw bad('train.learning_rate', '> 0', t.learning_rate);
  if (!(t.clipnorm >= 0)) throw bad('train.clipnorm', '≥ 0 (0 = no clipping)', t.clipnorm);
  for (const key of ['max_train', 'max_val'] as const) {
    const v = t[key];
    if (v !== null && !posInt(v)) throw bad(`train.${key}`, 'an integer ≥ 1 or null (all)', v);
  }
  if (!Number.isInteger(cfg.seed)) throw bad('seed', 'an integer', cfg.seed);
  try {
    resolveStopping(t.stopping);
  } catch (err) {
    throw new Error(`gru_sae config train.${(err as Error).message}`);
  }
}

/** Stage 4's settings (also checked by the stage itself). */
export function checkEvalConfig(cfg: GruSaeConfig): void {
  const e = cfg.eval;
  if (!share(e.threshold_quantile)) throw bad('eval.threshold_quantile', 'in (0, 1)', e.threshold_quantile);
  if (!posInt(e.batch_size)) throw bad('eval.batch_size', 'an integer ≥ 1', e.batch_size);
  if (!(e.budgets.length > 0 && e.budgets.every((b) => b > 0 && b <= 1))) throw bad('eval.budgets', 'a list of shares in (0, 1]', e.budgets);
  if (!(Number.isInteger(e.vus_max_window) && e.vus_max_window >= 0)) throw bad('eval.vus_max_window', 'an integer ≥ 0', e.vus_max_window);
}
