import * as path from 'node:path';
import { resolveConfig, type Resolved } from '../config';
import { defaultRunDir } from '../run/paths';
import { L1_MODEL_DEFAULTS } from '../models/conv1d-ae';

/** Settings of SmartNetGuard L1 (config section "l1"); `npm run l1 -- --<dotted.key> VALUE` overrides any. */
export const L1_DEFAULTS = {
  /** 'smd' reads ../shared/data/smd/<entity>_{train,test,test_label}.csv.gz; null = the `data` paths. */
  dataset: null as string | null,
  /** SMD machine, e.g. machine-1-6. */
  entity: 'machine-1-6',
  data: {
    /** Training features (no labels): .parquet or .csv[.gz]. */
    train: null as string | null,
    test: null as string | null,
    /** One 0/1 label per test row: .parquet (one column) or .csv[.gz]. */
    labels: null as string | null,
    /** CSV header row: 'auto' (a first row with any non-numeric cell is a header), 'yes' or 'no'. */
    header: 'auto' as 'auto' | 'yes' | 'no',
  },
  /** Run folder; null = outputs/l1/<dataset>-<entity> (smd) or outputs/l1/<training file name>. */
  out: null as string | null,
  /** The original's SAVE_DIR: each run writes a new folder SAVE_DIR/run_DD_MM_YYYY_HH-MM-SS (instead of --out). */
  save_dir: null as string | null,
  /** Drives every random choice: window sampling, initialisers, baselines, cluster sample. */
  seed: 42,
  preprocess: {
    /** Rows per window (T). */
    window: 112,
    /** Standardised values are clipped to ±z_clip. */
    z_clip: 8,
  },
  model: { ...L1_MODEL_DEFAULTS },
  train: {
    epochs: 20,
    batch_size: 128,
    /** Random training windows per epoch = steps_per_epoch × batch_size, drawn afresh each epoch. */
    steps_per_epoch: 8,
    /** Random holdout windows for validation = val_steps × batch_size, drawn once. */
    val_steps: 4,
    /** Share of training rows (the tail, in time order) held out as the validation stream. */
    holdout_fraction: 0.05,
    learning_rate: 0.001,
    /** AdamW decoupled weight decay; 0 = Adam. */
    weight_decay: 0.0001,
    clipnorm: 1.0,
    huber_delta: 1.0,
    /** Early stopping on holdout loss: epochs without improvement (0 = off). */
    patience: 5,
    /** ReduceLROnPlateau: multiply the rate by `factor` after `patience` epochs without improvement, down to `min_lr`. */
    reduce_lr: { factor: 0.5, patience: 2, min_lr: 0.00001 },
  },
  eval: {
    /** The first share of test windows is the validation prefix (thresholds, fine-tuning); the rest is the final split. */
    validation_fraction: 0.3,
    /** Alert budgets (share of windows flagged) for event metrics. */
    event_budgets: [0.04],
    /** Windows per forward pass when scoring. */
    score_batch_size: 256,
    /**
     * A window's score: the per-feature squared error averaged over its last `score_rows` rows (the rows
     * its window-end label describes), then over features; 0 (or ≥ preprocess.window) is the
     * original's whole-window score (`--preset original`). 32 was chosen on the SMD validation prefixes (lib/detectors/conv1d-ae.ts).
     */
    score_rows: 32,
    /** Share trimmed from each tail of the errors for the trimmed attack ratio. */
    trim: 0.01,
    vus_max_window: 100,
    /** Per-feature histograms are drawn for this many features (largest final error first). */
    feature_histograms: 6,
    baselines: { enabled: true, fit_windows: 5000, pca_components: 8, iforest_trees: 100, iforest_sample_size: 256 },
  },
  finetune: {
    enabled: true,
    /** Validation-prefix windows within this many windows of an attack window are not "far" normals. */
    margin: 112,
    /** Share of the safe normals (highest error first) used. */
    top_share: 0.1,
    max_windows: 2048,
    epochs: 3,
    lr_factor: 0.1,
  },
  clusters: {
    enabled: true,
    /** Final windows sampled for embeddings (seeded). */
    sample: 3000,
    pca_components: 16,
    min_cluster_size: 25,
    /** null = min_cluster_size. */
    min_samples: 10 as number | null,
  },
};
export type L1Config = typeof L1_DEFAULTS;

/**
 * Defaults → configs/presets/<preset>.json "l1" → overrides (dotted keys, e.g. CLI flags). With
 * `save_dir` (the original's SAVE_DIR), `out` becomes a new run folder `save_dir/run_DD_MM_YYYY_HH-MM-SS`.
 */
export function resolveL1Config(opts: { preset?: string; overrides?: Record<string, unknown>; now?: Date } = {}): Resolved<L1Config> {
  const cfg = resolveConfig('l1', L1_DEFAULTS, opts);
  checkL1Config(cfg);
  if (cfg.save_dir !== null) {
    if (cfg.out !== null) throw new Error('l1 config: give the run folder (--out) or SAVE_DIR (--save-dir, a folder that gets one run_<time> folder per run), not both');
    cfg.out = path.join(cfg.save_dir, runFolderName(opts.now ?? new Date()));
  }
  return cfg;
}

/** The original's run folder name: run_DD_MM_YYYY_HH-MM-SS (local time). */
export function runFolderName(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `run_${p(d.getDate())}_${p(d.getMonth() + 1)}_${d.getFullYear()}_${p(d.getHours())}-${p(d.getMinutes())}-${p(d.getSeconds())}`;
}

/** Ranges the type check cannot see; each message names the key. */
export function checkL1Config(cfg: L1Config): void {
  const fail = (key: string, want: string, got: unknown) => {
    throw new Error(`l1 config: ${key} must be ${want}, got ${JSON.stringify(got)}`);
  };
  const posInt = (key: string, v: number) => (Number.isInteger(v) && v > 0) || fail(key, 'a positive integer', v);
  const share = (key: string, v: number, open = false) => (v > 0 && (open ? v < 1 : v <= 1)) || fail(key, open ? 'in (0, 1)' : 'in (0, 1]', v);
  posInt('preprocess.window', cfg.preprocess.window);
  if (!(Number.isInteger(cfg.eval.score_rows) && cfg.eval.score_rows >= 0)) fail('eval.score_rows', 'an integer ≥ 0 (0 = the whole window)', cfg.eval.score_rows);
  if (!(cfg.preprocess.z_clip > 0)) fail('preprocess.z_clip', '> 0', cfg.preprocess.z_clip);
  for (const k of ['epochs', 'batch_size', 'steps_per_epoch', 'val_steps'] as const) posInt(`train.${k}`, cfg.train[k]);
  share('train.holdout_fraction', cfg.train.holdout_fraction, true);
  share('eval.validation_fraction', cfg.eval.validation_fraction, true);
  if (!cfg.eval.event_budgets.length || cfg.eval.event_budgets.some((b) => !(b > 0 && b < 1))) fail('eval.event_budgets', 'a non-empty list of shares in (0, 1)', cfg.eval.event_budgets);
  share('finetune.top_share', cfg.finetune.top_share);
  if (!(cfg.finetune.lr_factor > 0)) fail('finetune.lr_factor', '> 0', cfg.finetune.lr_factor);
  if (cfg.dataset !== null && cfg.dataset !== 'smd') fail('dataset', '"smd" or null (then give --train/--test/--labels)', cfg.dataset);
  const given = (['train', 'test', 'labels'] as const).filter((k) => cfg.data[k] !== null);
  if (cfg.dataset === 'smd' && given.length) {
    throw new Error(`l1 config: --dataset smd reads the SMD files, so data.${given.join(', data.')} (--${given.join(', --')} / TRAIN_PATH, TEST_PATH, LABEL_PATH) would be ignored: give one or the other`);
  }
  if (!['auto', 'yes', 'no'].includes(cfg.data.header)) fail('data.header', '"auto", "yes" or "no"', cfg.data.header);
  if (!Number.isInteger(cfg.seed)) fail('seed', 'an integer', cfg.seed);
}

/** The run folder: `out`, else outputs/l1/smd-<entity> for SMD, else outputs/l1/<training file name>. */
export function l1RunDir(cfg: Pick<L1Config, 'out' | 'dataset' | 'entity' | 'data'>): string {
  const name = cfg.dataset === 'smd' ? `smd-${cfg.entity}` : path.basename(cfg.data.train ?? 'custom').replace(/\.(csv(\.gz)?|parquet)$/i, '');
  return defaultRunDir('l1', name, cfg.out);
}
