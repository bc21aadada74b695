/**
 * Every GRU-SAE config value checked before stage 1 runs (the CLI and runPipeline call
 * validateGruSaeConfig), so a bad value never fails a later stage after earlier ones wrote files.
 * Each message names the key, what it accepts and what it got.
 */
import { resolveStopping } from '../train/stopping';
import { stoppingConfig, type GruSaeConfig } from './config';
import { runSchema } from './run-schema';
import { COLUMN_ROLES } from './schema';

type Bad = (key: string, want: string, got: unknown) => Error;
const bad: Bad = (key, want, got) => new Error(`gru_sae config "${key}" must be ${want}, got ${JSON.stringify(got)}`);
const posInt = (v: unknown) => Number.isInteger(v) && (v as number) >= 1;
const share = (v: number) => v > 0 && v < 1;

/** All of the below, plus: the run's schema and encoding files exist and fit the encoding settings. */
export function validateGruSaeConfig(cfg: GruSaeConfig): void {
  if (!/^[\w.-]+$/.test(cfg.dataset)) throw bad('dataset', 'a dataset name (letters, digits, _ . -)', cfg.dataset);
  if (!/^[\w.-]+$/.test(cfg.version)) throw bad('version', 'a run label (letters, digits, _ . -)', cfg.version);
  for (const key of ['schema', 'encoding_config', 'subdir'] as const) {
    if (cfg[key] !== null && typeof cfg[key] !== 'string') throw bad(key, 'a path or null', cfg[key]);
  }
  if (!Number.isInteger(cfg.seed)) throw bad('seed', 'an integer', cfg.seed);
  checkSplitConfig(cfg);
  checkEncodingConfig(cfg);
  checkSchemaColumns(cfg);
  checkModelConfig(cfg);
  checkTrainConfig(cfg);
  checkEvalConfig(cfg);
  const b = cfg.baselines;
  if (!posInt(b.pca_components)) throw bad('baselines.pca_components', 'an integer ≥ 1', b.pca_components);
  if (!posInt(b.iforest_trees)) throw bad('baselines.iforest_trees', 'an integer ≥ 1', b.iforest_trees);
  if (!(Number.isInteger(b.iforest_sample_size) && b.iforest_sample_size >= 2)) throw bad('baselines.iforest_sample_size', 'an integer ≥ 2', b.iforest_sample_size);
  checkVizConfig(cfg);
}

/** The schema resolves, and the encoding settings name only its feature columns. */
function checkSchemaColumns(cfg: GruSaeConfig): void {
  const features = COLUMN_ROLES.flatMap((r) => runSchema(cfg).schema.columns[r]);
  const e = cfg.encoding;
  if (e.group_by !== null && !features.includes(e.group_by)) throw bad('encoding.group_by', `null or one of the schema's feature columns (${features.join(', ')})`, e.group_by);
  const missing = e.combination_counts.flat().find((c) => !features.includes(c));
  if (missing !== undefined) throw bad('encoding.combination_counts', `tuples of the schema's feature columns ("${missing}" is not one: ${features.join(', ')})`, e.combination_counts);
}

/** Stage 5's settings. */
function checkVizConfig(cfg: GruSaeConfig): void {
  const v = cfg.viz;
  if (v.latent_method !== 'pca' && v.latent_method !== 'tsne') throw bad('viz.latent_method', '"pca" or "tsne"', v.latent_method);
  if (!posInt(v.latent_points)) throw bad('viz.latent_points', 'an integer ≥ 1', v.latent_points);
  if (!posInt(v.tsne_max_points)) throw bad('viz.tsne_max_points', 'an integer ≥ 1', v.tsne_max_points);
  const c = v.clusters;
  if (typeof c.enabled !== 'boolean') throw bad('viz.clusters.enabled', 'true or false', c.enabled);
  if (!posInt(c.pca_components)) throw bad('viz.clusters.pca_components', 'an integer ≥ 1', c.pca_components);
  if (!(Number.isInteger(c.min_cluster_size) && c.min_cluster_size >= 2)) throw bad('viz.clusters.min_cluster_size', 'an integer ≥ 2', c.min_cluster_size);
  if (c.min_samples !== null && !posInt(c.min_samples)) throw bad('viz.clusters.min_samples', 'an integer ≥ 1 or null', c.min_samples);
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
  for (const key of ['tfidf_max_vocab', 'onehot_max_categories', 'text_svd_components', 'seq_len', 'stride'] as const) {
    if (!posInt(e[key])) throw bad(`encoding.${key}`, 'an integer ≥ 1', e[key]);
  }
  if (e.max_features !== null && !posInt(e.max_features)) throw bad('encoding.max_features', 'an integer ≥ 1 (the final width after SVD) or null (no final SVD)', e.max_features);
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
  if (m.name !== 'gru-sae') throw bad('model.name (--model)', '"gru-sae" (the one model this pipeline builds; the original\'s LSTM-SAE is not rebuilt here)', m.name);
}

/** Stage 3's settings (also checked by the stage itself). */
export function checkTrainConfig(cfg: GruSaeConfig): void {
  const t = cfg.train;
  if (!posInt(t.epochs)) throw bad('train.epochs', 'an integer ≥ 1', t.epochs);
  if (!posInt(t.batch_size)) throw bad('train.batch_size', 'an integer ≥ 1', t.batch_size);
  if (!(t.learning_rate > 0)) throw bad('train.learning_rate', '> 0', t.learning_rate);
  if (!(t.clipnorm >= 0)) throw bad('train.clipnorm', '≥ 0 (0 = no clipping)', t.clipnorm);
  if (!posInt(t.workers) || t.workers > 64) throw bad('train.workers', 'an integer from 1 to 64 (1 = one process, no worker threads)', t.workers);
  for (const key of ['max_train', 'max_val'] as const) {
    const v = t[key];
    if (v !== null && !posInt(v)) throw bad(`train.${key}`, 'an integer ≥ 1 or null (all)', v);
  }
  if (!Number.isInteger(cfg.seed)) throw bad('seed', 'an integer', cfg.seed);
  for (const key of ['min_improvement_pct', 'window_improvement_pct', 'min_rate_pct'] as const) {
    const v = t.stopping[key];
    if (!(typeof v === 'number' && v >= 0 && v < 100)) throw bad(`train.stopping.${key}`, 'a percent in [0, 100) (0.5 = 0.5%)', v);
  }
  try {
    resolveStopping(stoppingConfig(t.stopping));
  } catch (err) {
    throw new Error(`gru_sae config train.${(err as Error).message}`);
  }
  const r = t.reduce_lr;
  if (typeof r.enabled !== 'boolean') throw bad('train.reduce_lr.enabled', 'true or false', r.enabled);
  if (!(r.factor > 0 && r.factor < 1)) throw bad('train.reduce_lr.factor', 'in (0, 1)', r.factor);
  if (!posInt(r.patience)) throw bad('train.reduce_lr.patience', 'an integer ≥ 1', r.patience);
  if (!(r.min_lr >= 0)) throw bad('train.reduce_lr.min_lr', '≥ 0', r.min_lr);
}

/** Stage 4's settings (also checked by the stage itself). */
export function checkEvalConfig(cfg: GruSaeConfig): void {
  const e = cfg.eval;
  if (!share(e.threshold_quantile)) throw bad('eval.threshold_quantile', 'in (0, 1)', e.threshold_quantile);
  if (!posInt(e.batch_size)) throw bad('eval.batch_size', 'an integer ≥ 1', e.batch_size);
  if (!(e.budgets.length > 0 && e.budgets.every((b) => b > 0 && b <= 1))) throw bad('eval.budgets', 'a list of shares in (0, 1]', e.budgets);
  if (!(Number.isInteger(e.vus_max_window) && e.vus_max_window >= 0)) throw bad('eval.vus_max_window', 'an integer ≥ 0', e.vus_max_window);
}
