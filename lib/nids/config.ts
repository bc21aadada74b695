import * as fs from 'node:fs';
import * as path from 'node:path';
import { resolveConfig, mergeStrict, coerceLike, type Resolved } from '../config';
import { readJson } from '../io/files';
import { fromRoot, resolveRawDir } from '../io/paths';
import { FLOW_DATASETS } from './01-prepare/datasets';
import { homeNetMatcher } from './01-prepare/home-net';
import { defaultRunDir } from '../run/paths';

/**
 * Settings of the GRU NIDS classifier (config section "nids"). Hyper-parameter names and defaults are
 * the original's (epochs 200, batch 32, AdamW lr 0.002, hidden 64, dropout 0.2, seq_len 1); the
 * built-in datasets lower `epochs` in `configs/nids/<dataset>.json` so a run fits on 2 CPU cores.
 */
export const NIDS_DEFAULTS = {
  /** Built-in raw dataset: demo-flows (synthetic, generated if missing), cicids2017, kdd99 (../shared/data). */
  dataset: 'demo-flows',
  /** Drives every random choice: split, training-row cap, initialisers, batch order. */
  seed: 42,
  /** Run folder; null = outputs/nids/<dataset> (or outputs/nids/prepared with --train-path). */
  output_dir: null as string | null,
  /** Prepared parquet in the original schema (scaled_features, label, weight) instead of a raw dataset. */
  train_path: null as string | null,
  /** Default: the stratified test split is cut from the training file when absent. */
  test_path: null as string | null,
  /** Default: `val_df.parquet` beside the training file; absent → cut from the training file. */
  val_path: null as string | null,
  /** Label indexer (label ↔ index): JSON, or a Spark StringIndexerModel folder; default `label_indexer.json` beside the training file, else names "0", "1", … */
  label_indexer_path: null as string | null,
  /**
   * The original's --mode: 'local' = the num_processes data-parallel shards of each step are computed in
   * this process, one after the other; 'cluster' = spread over worker processes (a job queue; not in this
   * build yet: an error that says what it needs).
   */
  mode: 'local',
  /**
   * The original's --num_processes / NUM_PROCESSES (TorchDistributor processes): each step takes one batch of
   * batch_size rows per process (a global batch of num_processes × batch_size), sums their gradients as an
   * all-reduce does and applies one update, as the original's data-parallel training; 1 = plain batches.
   */
  num_processes: 1,
  data: {
    /** 'auto' (the dataset's own: stratified for shuffled samples, time for time-ordered data), 'stratified', 'time'. */
    split: 'auto',
    train_fraction: 0.7,
    val_fraction: 0.15,
    /** Cap on training rows, sampled per class (seeded), classes below `min_rows_per_class` kept whole; null = all. */
    max_train_rows: null as number | null,
    min_rows_per_class: 1000,
    /**
     * Random oversampling of rare classes: a class with fewer training rows is repeated up to this many
     * (after max_train_rows; validation and test untouched; seq_len 1 only); null = off (the original).
     */
    oversample_to: null as number | null,
    /** Non-finite numeric cells: 'impute' (NaN → training median, ±Inf → training max/min), 'zero', 'drop' (the row). */
    nonfinite: 'impute',
    /** sign(x)·log1p(|x|) before standard scaling (flow counters span many orders of magnitude). */
    numeric_log: true,
    /** Scaled values are clipped to ±clip (an unseen extreme cannot saturate the network); 0 = no clipping. */
    clip: 10,
    /** Most frequent training values one-hot encoded per categorical column; the rest share an "other" column. */
    onehot_max_categories: 32,
    /** Extra columns to drop (besides the dataset's identifiers). */
    drop_columns: [] as string[],
    /** Categorical columns; null = the dataset's own list. Every other non-dropped column must be numeric. */
    categorical_columns: null as string[] | null,
    /** Keep the flow timestamp as hour-of-day features (hour_sin, hour_cos); default dropped like the identifiers. */
    keep_timestamp: false,
    /**
     * Networks (CIDR) of the monitored side, e.g. ["192.168.10.0/24"]: adds src_in_home_net and dst_in_home_net
     * (0/1) from the dataset's address columns, which stay dropped as identifiers; [] = none.
     */
    home_net: [] as string[],
    /** Sample weights: 'balanced' (n / (k · n_class), mean 1 over training rows) or 'none' (all 1). */
    weighting: 'balanced',
    /** Upper bound on a class weight (balanced weights of classes with a handful of rows explode); null = none. */
    max_weight: 50 as number | null,
    /** A validation/test label not seen in training: 'error' (default) or 'skip' (drop those rows, counted in the report). */
    unseen_labels: 'error',
    /** Label meaning benign traffic, for the attack-vs-benign view; null = the dataset's ("BENIGN", "normal."). */
    benign_label: null as string | null,
  },
  /** Consecutive flows per sequence; the sequence gets its last flow's label (1 = one flow, as the original). */
  seq_len: 1,
  epochs: 200,
  batch_size: 32,
  learning_rate: 0.002,
  hidden_size: 64,
  dropout: 0.2,
  /** AdamW decoupled weight decay (PyTorch's default 0.01). */
  weight_decay: 0.01,
  /** Clip the global gradient norm to this before each update; 0 = no clipping. */
  clipnorm: 1.0,
  /** Stop after this many epochs without a better validation accuracy; 0 = never stop early. */
  early_stopping_patience: 0,
  /** Flows per forward pass when scoring (validation, test, throughput). */
  eval_batch_size: 1024,
  /** Draw a progress bar on a terminal (the per-epoch block is printed either way). */
  progress: true,
  baselines: {
    /** Softmax regression (linear, weighted cross-entropy, Adam) on the last flow's features. */
    softmax_epochs: 10,
    softmax_batch_size: 256,
    softmax_learning_rate: 0.01,
  },
};
export type NidsConfig = typeof NIDS_DEFAULTS;

/** Environment variables of the original (paths and hyper-parameters) → config keys (layered over the preset, under flags). */
export const NIDS_ENV_VARS: Record<string, keyof NidsConfig> = {
  TRAIN_PATH: 'train_path',
  TEST_PATH: 'test_path',
  LABEL_INDEXER_PATH: 'label_indexer_path',
  OUTPUT_DIR: 'output_dir',
  NUM_PROCESSES: 'num_processes',
  EPOCHS: 'epochs',
  BATCH_SIZE: 'batch_size',
  LEARNING_RATE: 'learning_rate',
  HIDDEN_SIZE: 'hidden_size',
  DROPOUT: 'dropout',
};

/** The config keys that hold paths, with the flag and environment variable that set each. */
export const NIDS_PATH_KEYS = {
  train_path: { flag: '--train-path', env: 'TRAIN_PATH', what: 'training file' },
  val_path: { flag: '--val-path', env: null, what: 'validation file' },
  test_path: { flag: '--test-path', env: 'TEST_PATH', what: 'test file' },
  label_indexer_path: { flag: '--label-indexer-path', env: 'LABEL_INDEXER_PATH', what: 'label indexer' },
  output_dir: { flag: '--out', env: 'OUTPUT_DIR', what: 'output folder' },
} as const;
export type NidsPathKey = keyof typeof NIDS_PATH_KEYS;

/** Where each path setting came from: 'flag', 'env' (its variable) or 'config' (a preset or the defaults). */
export type NidsPathSources = Partial<Record<NidsPathKey, 'flag' | 'env'>>;

/** Which path settings the flags and the environment set (flags win), for messages naming what the user typed. */
export function nidsPathSources(overrides: Record<string, unknown>, env: Record<string, string | undefined> = process.env): NidsPathSources {
  const out: NidsPathSources = {};
  for (const [key, spec] of Object.entries(NIDS_PATH_KEYS) as [NidsPathKey, (typeof NIDS_PATH_KEYS)[NidsPathKey]][]) {
    if (key in overrides) out[key] = 'flag';
    else if (spec.env && env[spec.env]) out[key] = 'env';
  }
  return out;
}

/** How the user set a path setting, for messages: `TRAIN_PATH=/x`, `--train-path /x`, or the key. */
export function pathSetting(key: NidsPathKey, value: string, sources: NidsPathSources = {}): string {
  const spec = NIDS_PATH_KEYS[key];
  if (sources[key] === 'env' && spec.env) return `${spec.env}=${value} (environment variable)`;
  if (sources[key] === 'flag') return `${spec.flag} ${value}`;
  return `${spec.what} (${spec.flag}${spec.env ? ` / ${spec.env}` : ''}) ${value}`;
}

/** Per-dataset defaults: configs/nids/<dataset>.json (layered over NIDS_DEFAULTS, under the preset). */
export const NIDS_DATASET_CONFIG_DIR = fromRoot('configs', 'nids');

/** Config overrides from the environment (`EPOCHS=5` → `{ epochs: 5 }`); a malformed value names its variable. */
export function envOverrides(env: Record<string, string | undefined> = process.env): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, key] of Object.entries(NIDS_ENV_VARS)) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    if (NIDS_DEFAULTS[key] === null) {
      out[key] = raw; // a path, taken as written
      continue;
    }
    try {
      out[key] = coerceLike(NIDS_DEFAULTS[key], raw, key);
    } catch {
      throw new Error(`environment variable ${name}="${raw}" must be a number (it sets nids.${key})`);
    }
  }
  return out;
}

export interface ResolveNidsOptions {
  preset?: string;
  /** Last layer, e.g. parsed flags: dotted keys or nested objects. */
  overrides?: Record<string, unknown>;
  /** Default process.env; pass {} to ignore the environment. */
  env?: Record<string, string | undefined>;
  presetDir?: string;
}

/**
 * Resolve the NIDS config: NIDS_DEFAULTS → configs/nids/<dataset>.json (raw datasets only) → preset
 * "nids" → environment (EPOCHS, …) → overrides. Unknown keys and wrong types are errors naming them.
 */
export function resolveNidsConfig(opts: ResolveNidsOptions = {}): Resolved<NidsConfig> {
  const overrides = { ...envOverrides(opts.env ?? process.env), ...(opts.overrides ?? {}) };
  const layered = (base: NidsConfig) => resolveConfig('nids', base, { preset: opts.preset, overrides, presetDir: opts.presetDir });
  const first = layered(NIDS_DEFAULTS);
  const base = first.train_path ? NIDS_DEFAULTS : applyDatasetDefaults(NIDS_DEFAULTS, first.dataset);
  const cfg = base === NIDS_DEFAULTS ? first : layered(base);
  validateNidsConfig(cfg);
  return cfg;
}

function applyDatasetDefaults(base: NidsConfig, dataset: string): NidsConfig {
  if (!/^[\w-]+$/.test(dataset)) throw new Error(`nids.dataset "${dataset}" is not a valid name`);
  const file = path.join(NIDS_DATASET_CONFIG_DIR, `${dataset}.json`);
  if (!fs.existsSync(file)) return base; // an unknown dataset is reported by the loader, with the list of known ones
  return mergeStrict(base, readJson(file, `NIDS dataset defaults for "${dataset}"`), `dataset defaults ${file}`);
}

/** Check ranges and enumerations; every message names the key and what it accepts. */
export function validateNidsConfig(cfg: NidsConfig): void {
  const bad = (key: string, want: string, got: unknown) => new Error(`nids config: ${key} must be ${want}, got ${JSON.stringify(got)}`);
  const posInt = (v: number) => Number.isInteger(v) && v >= 1;
  for (const key of ['epochs', 'batch_size', 'hidden_size', 'seq_len', 'eval_batch_size'] as const) {
    if (!posInt(cfg[key])) throw bad(key, 'a positive integer', cfg[key]);
  }
  if (!Number.isInteger(cfg.seed)) throw bad('seed', 'an integer', cfg.seed);
  if (!(cfg.learning_rate > 0)) throw bad('learning_rate', '> 0', cfg.learning_rate);
  if (!(cfg.dropout >= 0 && cfg.dropout < 1)) throw bad('dropout', 'in [0, 1)', cfg.dropout);
  if (!(cfg.weight_decay >= 0)) throw bad('weight_decay', '≥ 0', cfg.weight_decay);
  if (!(cfg.clipnorm >= 0)) throw bad('clipnorm', '≥ 0 (0 = no clipping)', cfg.clipnorm);
  if (!(Number.isInteger(cfg.early_stopping_patience) && cfg.early_stopping_patience >= 0)) throw bad('early_stopping_patience', 'an integer ≥ 0 (0 = off)', cfg.early_stopping_patience);
  if (cfg.mode !== 'local' && cfg.mode !== 'cluster') throw bad('mode (--mode)', '"local" or "cluster"', cfg.mode);
  if (!posInt(cfg.num_processes)) throw bad('num_processes (--num_processes / NUM_PROCESSES)', 'a positive integer', cfg.num_processes);
  for (const key of Object.keys(NIDS_PATH_KEYS) as NidsPathKey[]) {
    const v = cfg[key];
    if (v !== null && (typeof v !== 'string' || v === '')) throw bad(key, 'a path', v);
  }
  const d = cfg.data;
  const oneOf = (key: string, v: string, allowed: string[]) => {
    if (!allowed.includes(v)) throw bad(`data.${key}`, `one of ${allowed.join(', ')}`, v);
  };
  oneOf('split', d.split, ['auto', 'stratified', 'time']);
  oneOf('nonfinite', d.nonfinite, ['impute', 'zero', 'drop']);
  oneOf('weighting', d.weighting, ['balanced', 'none']);
  oneOf('unseen_labels', d.unseen_labels, ['error', 'skip']);
  if (!(d.train_fraction > 0 && d.val_fraction > 0 && d.train_fraction + d.val_fraction < 1)) {
    throw bad('data.train_fraction + data.val_fraction', 'fractions > 0 summing to < 1', [d.train_fraction, d.val_fraction]);
  }
  if (d.max_train_rows !== null && !posInt(d.max_train_rows)) throw bad('data.max_train_rows', 'a positive integer or null', d.max_train_rows);
  if (d.oversample_to !== null && !posInt(d.oversample_to)) throw bad('data.oversample_to', 'a positive integer or null', d.oversample_to);
  if (d.oversample_to !== null && cfg.seq_len !== 1) throw bad('data.oversample_to', 'null when seq_len > 1 (a repeated flow would sit in another flow\'s sequence)', d.oversample_to);
  if (!(Number.isInteger(d.min_rows_per_class) && d.min_rows_per_class >= 0)) throw bad('data.min_rows_per_class', 'an integer ≥ 0', d.min_rows_per_class);
  if (!(d.clip >= 0)) throw bad('data.clip', '≥ 0 (0 = no clipping)', d.clip);
  if (!posInt(d.onehot_max_categories)) throw bad('data.onehot_max_categories', 'a positive integer', d.onehot_max_categories);
  if (d.max_weight !== null && !(typeof d.max_weight === 'number' && d.max_weight > 0)) throw bad('data.max_weight', '> 0 or null', d.max_weight);
  if (!Array.isArray(d.home_net) || !d.home_net.every((n) => typeof n === 'string')) throw bad('data.home_net', 'a list of networks such as ["192.168.10.0/24"]', d.home_net);
  homeNetMatcher(d.home_net, 'nids config: data.home_net');
  const b = cfg.baselines;
  if (!posInt(b.softmax_epochs) || !posInt(b.softmax_batch_size) || !(b.softmax_learning_rate > 0)) throw bad('baselines', 'positive epochs, batch size and learning rate', b);
}

/** The run folder of a resolved config. */
export function nidsRunDir(cfg: NidsConfig): string {
  return defaultRunDir('nids', cfg.train_path ? 'prepared' : cfg.dataset, cfg.output_dir);
}

/** The files or folders a NIDS run reads: the prepared parquet files given, or the raw dataset's folder. */
export function nidsInputs(cfg: NidsConfig): string[] {
  if (cfg.train_path) return [cfg.train_path, cfg.val_path, cfg.test_path, cfg.label_indexer_path].filter((p): p is string => p !== null).map((p) => fromRoot(p));
  const spec = FLOW_DATASETS[cfg.dataset];
  return spec ? [resolveRawDir(spec.dir)] : [];
}

/**
 * Check the inputs a config names before anything runs: a known dataset, or local files that exist (a
 * URL such as hdfs://… is refused: copy the data locally), Errors name
 * the setting as the user gave it (`sources`: flag or environment variable).
 */
export function checkNidsInputs(cfg: NidsConfig, sources: NidsPathSources = {}): void {
  if (!cfg.train_path && !FLOW_DATASETS[cfg.dataset]) throw new Error(`unknown dataset "${cfg.dataset}" (--dataset); known: ${Object.keys(FLOW_DATASETS).join(', ')}`);
  for (const key of ['train_path', 'val_path', 'test_path', 'label_indexer_path', 'output_dir'] as const) {
    const p = cfg[key];
    if (p === null) continue;
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(p)) throw new Error(`${pathSetting(key, p, sources)}: only local paths are read here; copy the data locally first (e.g. hdfs dfs -get …) and give that path`);
    if (key === 'output_dir' || fs.existsSync(fromRoot(p))) continue;
    const spec = NIDS_PATH_KEYS[key];
    throw new Error(sources[key] ? `${pathSetting(key, p, sources)}: ${spec.what} not found (${fromRoot(p)})` : `${spec.what} (${spec.flag}) not found: ${fromRoot(p)}`);
  }
  for (const key of ['val_path', 'test_path', 'label_indexer_path'] as const) {
    const p = cfg[key];
    if (p !== null && !cfg.train_path) throw new Error(`${pathSetting(key, p, sources)} needs the training file too (--train-path / TRAIN_PATH): prepared parquet replaces the raw dataset as a whole`);
  }
}

