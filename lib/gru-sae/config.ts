import * as fs from 'node:fs';
import * as path from 'node:path';
import { mergeStrict } from '../config/merge';
import { resolveConfig, type Resolved } from '../config';
import { readJson } from '../io/files';
import { fromRoot } from '../io/paths';
import { STOPPING_DEFAULTS } from '../train/stopping';
import { loadSchema, schemaPath } from './schema';

/** Settings of the GRU-SAE pipeline (config section "gru_sae"); every stage reads its part. */
export const GRU_SAE_DEFAULTS = {
  /** Dataset name and schema version: configs/schema-<dataset>-gru-sae-<version>.json. */
  dataset: 'demo-sysmon',
  version: 'v1',
  /** Encoding preset: configs/gru-sae/encoding-<name>.json, layered over `encoding`. */
  config_preset: 'extended',
  /** Run folder; null = outputs/gru-sae/<dataset>-<version>. */
  out: null as string | null,
  /** Drives every random choice: sampling, initialisers, baselines, the random control. */
  seed: 42,
  split: {
    /** 'campaign' (schema defines campaigns), 'time' (ordered fractions), or 'auto' (campaign if available). */
    strategy: 'auto',
    train_campaigns: ['APT1', 'APT2', 'APT3', 'APT4'],
    val_campaigns: ['APT5'],
    test_campaigns: ['APT6'],
    /** For 'time': leading fractions of the timeline; test is the rest. */
    train_fraction: 0.7,
    val_fraction: 0.15,
  },
  encoding: {
    use_text: true,
    use_categorical: true,
    use_numeric: true,
    /** Per text column vocabulary size (the schema may override per column with "tfidf_vocab"). */
    tfidf_max_vocab: 300,
    /** Token pattern for TF-IDF (JS regex source). */
    tfidf_token_pattern: '[A-Za-z0-9_.$-]{2,}',
    /** Most frequent categories kept per categorical column; the rest share an "unknown" bucket. */
    onehot_max_categories: 30,
    /** sign(x)·log1p(|x|) before scaling numeric columns. */
    numeric_log: true,
    /** Dimensions the sparse TF-IDF block is reduced to by randomized truncated SVD. */
    max_features: 32,
    svd_oversamples: 10,
    svd_power_iterations: 2,
    seq_len: 10,
    stride: 1,
    /**
     * Per text column `<col>.oov_share` (share of the row's tokens outside the training vocabulary) and
     * `<col>.svd_residual` (1 − ||SVD projection of the l2-normalised TF-IDF row||²): what the few SVD
     * directions fitted on training rows cannot represent, e.g. rare attacker tokens.
     */
    novelty_features: false,
    /** Standardise the novelty features with their training mean/scale (clipped to ±20); false = raw shares in [0, 1]. */
    novelty_scale: true,
    /**
     * Column tuples, e.g. [["EventID", "Image"], ["ParentImage", "Image"]]: one `<a>+<b>.log_count` feature each,
     * the standardised log1p count of the row's values among benign training rows (lib/gru-sae/encode-combos.ts).
     */
    combination_counts: [] as string[][],
    /** `hour_sin`, `hour_cos` of the UTC hour of `_time_ms` (meaningless when the data has no time column). */
    time_of_day: false,
    /** Windows are formed within each value of this column (e.g. "Hostname"); null = one global sequence. */
    group_by: null as string | null,
    /** Cap on rows per split before windowing (null = all); sampled as contiguous time blocks. */
    sample_size: null as number | null,
    /** Estimated window memory above this shrinks the sample, with a message. */
    memory_limit_gb: 2,
  },
  model: {
    encoder_units: [32, 16],
    decoder_units: [16, 32],
    dropout: 0.1,
    /** 'fast': lib/engine FastGRU (reset_after GRU, hand-written backward, ~3× faster); 'tfjs': stock tf.layers.gru. */
    recurrent_layer: 'fast' as 'fast' | 'tfjs',
  },
  train: {
    epochs: 20,
    batch_size: 256,
    learning_rate: 0.001,
    clipnorm: 1.0,
    /** Benign training / validation windows used per run (random sample, seeded); null = all. */
    max_train: 4096 as number | null,
    max_val: 2048 as number | null,
    /** Early stopping: strategy 'standard' | 'smart' | 'adaptive' | 'none' and its rules (lib/train/stopping.ts). */
    stopping: { ...STOPPING_DEFAULTS },
  },
  eval: {
    /** Threshold = this quantile of benign validation errors. */
    threshold_quantile: 0.99,
    budgets: [0.04],
    batch_size: 1024,
    vus_max_window: 100,
  },
  baselines: {
    pca_components: 8,
    iforest_trees: 100,
    iforest_sample_size: 256,
  },
  viz: {
    /** 2-D map of encoder latent vectors: 'pca' | 'tsne'. */
    latent_method: 'pca',
    latent_points: 2000,
  },
};
export type GruSaeConfig = typeof GRU_SAE_DEFAULTS;

/** The folder holding encoding presets (`encoding-<name>.json`). */
export const ENCODING_PRESET_DIR = fromRoot('configs', 'gru-sae');

/**
 * Resolve the pipeline config: defaults → the dataset schema's "encoding" block → encoding preset file
 * (into `encoding`) → global preset's "gru_sae" section → overrides (dotted keys, e.g. CLI flags).
 * Unknown keys name themselves. The dataset and presets named by the later layers decide the earlier ones.
 */
export function resolveGruSaeConfig(opts: { preset?: string; overrides?: Record<string, unknown> } = {}): Resolved<GruSaeConfig> {
  const build = (names: Pick<GruSaeConfig, 'dataset' | 'version' | 'config_preset'>) =>
    resolveConfig('gru_sae', applyEncodingPreset(applySchemaEncoding(GRU_SAE_DEFAULTS, names), names.config_preset), opts);
  let cfg = build(GRU_SAE_DEFAULTS);
  for (let i = 0; i < 2 && (cfg.dataset !== GRU_SAE_DEFAULTS.dataset || cfg.version !== GRU_SAE_DEFAULTS.version || cfg.config_preset !== GRU_SAE_DEFAULTS.config_preset); i++) {
    cfg = build(cfg);
  }
  return cfg;
}

/** A dataset's own encoding defaults (schema "encoding", e.g. per-host windows); none when the schema file is absent. */
function applySchemaEncoding(base: GruSaeConfig, names: Pick<GruSaeConfig, 'dataset' | 'version'>): GruSaeConfig {
  const file = schemaPath(names.dataset, names.version);
  if (!fs.existsSync(file)) return base; // stage 1 reports the missing schema, listing the available ones
  const patch = loadSchema(names.dataset, names.version).encoding;
  return patch ? { ...base, encoding: mergeStrict(base.encoding, patch, `schema ${file} "encoding"`) } : base;
}

function applyEncodingPreset(base: GruSaeConfig, name: string): GruSaeConfig {
  const file = path.join(ENCODING_PRESET_DIR, `encoding-${name}.json`);
  if (!/^[\w-]+$/.test(name)) throw new Error(`config_preset "${name}" is not a valid name`);
  const patch = readJson<Record<string, unknown>>(file, `encoding preset "${name}" (--config-preset; files are configs/gru-sae/encoding-<name>.json)`);
  return { ...base, config_preset: name, encoding: mergeStrict(base.encoding, patch, `encoding preset ${file}`) };
}

/** The run folder of a resolved config. */
export function runDir(cfg: GruSaeConfig): string {
  return fromRoot(cfg.out ?? path.join('outputs', 'gru-sae', `${cfg.dataset}-${cfg.version}`));
}
