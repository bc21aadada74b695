import * as path from 'node:path';
import { mergeStrict } from '../config/merge';
import { resolveConfig, type Resolved } from '../config';
import { fromRoot } from '../io/paths';
import type { StoppingConfig } from '../train/stopping';
import { MissingSchemaFile, originalEncodingSwitches, runSchema, shortPath, type RunSchema, type SchemaNames } from './run-schema';

/** Settings of the GRU-SAE pipeline (config section "gru_sae"); every stage reads its part. */
export const GRU_SAE_DEFAULTS = {
  /** Dataset name: its schema is picked by the config preset (configs/schema-<dataset>-gru-sae-v1.json for the shipped presets). */
  dataset: 'demo-sysmon',
  /** Run label (the original's --version v3, v4, …): names the run folder and artefacts, never a file to read. */
  version: 'v1',
  /** Config preset configs/gru-sae/preset-<name>.json: the schema + encoding pair for the dataset (basic | extended | network). */
  config_preset: 'extended',
  /** Schema file instead of the preset's (ours or the original's format; the original stage 1's --schema); null = the preset's. */
  schema: null as string | null,
  /** Encoding file instead of the preset's (ours or the original's format; the original stage 2's --encoding_config); null = the preset's. */
  encoding_config: null as string | null,
  /** Subfolder of the dataset's raw folder holding the files (the original's --subdir network-flows); null = the raw folder itself. */
  subdir: null as string | null,
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
    text_svd_components: 32,
    /**
     * The original's MAX_FEATURES (--max-features): the final per-step width, a truncated SVD (fitted on
     * training rows) of the WHOLE encoded row [text SVD | novelty | combinations | one-hot | numeric | time];
     * null = no final reduction (every encoded feature is kept).
     */
    max_features: null as number | null,
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
    /** The model the pipeline builds (the original's --model gru-sae); only gru-sae is rebuilt here. */
    name: 'gru-sae',
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
    /**
     * Data-parallel replicas per batch (lib/train/data-parallel.ts): the main thread and workers − 1
     * worker_threads. 1 = off, the default: on 2 cores the threaded WASM build is as fast (README).
     */
    workers: 1,
    /**
     * Early stopping (lib/train/stopping.ts): strategy 'standard' | 'smart' | 'adaptive' | 'none'. The smart
     * strategy's shares are PERCENT, as the original's SmartEarlyStopping (min_improvement_pct=0.5,
     * min_window_improvement=2.0, min_improvement_rate=0.1); adaptive_factor is a ratio, as its
     * min_improvement_ratio.
     */
    stopping: {
      strategy: 'smart',
      /** Epochs without an improvement that counts before stopping. */
      patience: 5,
      /** smart: an improvement counts when it is at least this many percent of the reference loss (--min-improvement). */
      min_improvement_pct: 0.5,
      /** smart: epochs the window rules look back over (the original's improvement_window). */
      window: 10,
      /** smart: over the window the loss must fall by at least this many percent (min_window_improvement). */
      window_improvement_pct: 2.0,
      /** smart: mean improvement per epoch over the window, in percent (min_improvement_rate). */
      min_rate_pct: 0.1,
      /** adaptive: an improvement counts when it exceeds this ratio of the current loss (min_improvement_ratio). */
      adaptive_factor: 0.01,
      restore_best: true,
    },
    /** ReduceLROnPlateau: after `patience` epochs without a new best val_loss, lr ← max(lr · factor, min_lr). */
    reduce_lr: { enabled: true, factor: 0.5, patience: 2, min_lr: 0.00001 },
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
    /** 2-D map of encoder latent vectors: 'tsne' (exact; PCA above tsne_max_points, said in the log) | 'pca'. */
    latent_method: 'tsne',
    /** Test windows sampled (seeded) for the latent map and clusters. */
    latent_points: 2000,
    /** Largest sample exact t-SNE runs on (O(n²) time and memory); a larger one is drawn by PCA. */
    tsne_max_points: 2000,
    /** HDBSCAN clusters of the latent vectors (lib/cluster), with the attack rate per cluster. */
    clusters: {
      enabled: true,
      /** The latent vectors are reduced to this many principal components first (when wider). */
      pca_components: 16,
      min_cluster_size: 25,
      /** null = min_cluster_size. */
      min_samples: 10 as number | null,
    },
  },
};
export type GruSaeConfig = typeof GRU_SAE_DEFAULTS;

type Names = SchemaNames & Pick<GruSaeConfig, 'version'>;
const NAME_KEYS = ['dataset', 'version', 'config_preset', 'schema', 'encoding_config', 'subdir'] as const;
const namesOf = (c: Names): Names => Object.fromEntries(NAME_KEYS.map((k) => [k, c[k]])) as unknown as Names;
const sameNames = (a: Names, b: Names) => NAME_KEYS.every((k) => a[k] === b[k]);

/**
 * Resolve the pipeline config: defaults → the dataset schema's "encoding" block → the config preset's
 * split → the encoding file (the preset's or --encoding_config) → global preset's "gru_sae" section →
 * overrides (dotted keys, e.g. CLI flags). Unknown keys name themselves. The dataset, preset and files
 * named by the later layers decide the earlier ones.
 */
export function resolveGruSaeConfig(opts: { preset?: string; overrides?: Record<string, unknown> } = {}): Resolved<GruSaeConfig> {
  const build = (names: Names, o: typeof opts) => resolveConfig('gru_sae', layerFiles({ ...GRU_SAE_DEFAULTS, ...names }), o);
  // The names (dataset, schema, files) are settled first, from the name flags alone: the other flags are
  // checked against the layers those names select, not against the default dataset's.
  const nameOpts = { ...opts, overrides: Object.fromEntries(Object.entries(opts.overrides ?? {}).filter(([k]) => (NAME_KEYS as readonly string[]).includes(k))) };
  let names = namesOf(GRU_SAE_DEFAULTS);
  let cfg = build(names, nameOpts);
  for (let i = 0; i < 3 && !sameNames(namesOf(cfg), names); i++) {
    names = namesOf(cfg);
    cfg = build(names, nameOpts);
  }
  return build(names, opts);
}

/** The schema's encoding block, the preset's split and the encoding file, over `base`. */
function layerFiles(base: GruSaeConfig): GruSaeConfig {
  let r: RunSchema;
  try {
    r = runSchema(base);
  } catch (err) {
    // A missing schema or encoding file is reported by validateGruSaeConfig, before any stage runs.
    if (err instanceof MissingSchemaFile) return base;
    throw err;
  }
  let cfg = base;
  const where = shortPath(r.file);
  if (r.schema.encoding) cfg = { ...cfg, encoding: mergeStrict(cfg.encoding, r.schema.encoding, `schema ${where} "encoding"`) };
  if (r.preset.split) cfg = { ...cfg, split: mergeStrict(cfg.split, r.preset.split, `config preset "${r.preset.name}" "split"`) };
  const patch = r.encodingPatch ?? originalEncodingSwitches(r);
  if (patch) cfg = { ...cfg, encoding: mergeStrict(cfg.encoding, patch, `encoding file ${shortPath(r.encodingFile)}`) };
  return cfg;
}

/** lib/train's stopping settings (fractions) from the pipeline's (percent). */
export function stoppingConfig(s: GruSaeConfig['train']['stopping']): StoppingConfig {
  return {
    strategy: s.strategy, patience: s.patience, min_improvement: s.min_improvement_pct / 100, window: s.window,
    window_improvement: s.window_improvement_pct / 100, min_rate: s.min_rate_pct / 100, adaptive_factor: s.adaptive_factor, restore_best: s.restore_best,
  };
}

/** The run folder of a resolved config. */
export function runDir(cfg: GruSaeConfig): string {
  return fromRoot(cfg.out ?? path.join('outputs', 'gru-sae', `${cfg.dataset}-${cfg.version}`));
}
