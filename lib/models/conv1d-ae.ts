import { tf, layerNorm, repeatVector, seededInitializers, seededDropout } from '../engine';
import { deriveSeed } from '../random';

/** Architecture settings of the SmartNetGuard L1 autoencoder (config `l1.model`). */
export interface L1ModelOptions {
  /** Encoder Conv1D widths; the decoder mirrors them. Default [256, 128, 64, 32]. */
  filters: number[];
  /** Temporal kernel of every encoder/decoder Conv1D ('same' padding, stride 1). Default 3. */
  kernel_size: number;
  /** Width of the bottleneck vector. Default 8. */
  bottleneck: number;
  /** 'layer' (default) or 'batch' normalisation after every conv and the bottleneck. */
  norm: 'layer' | 'batch';
  /** Dropout after every conv block, in [0, 1). */
  dropout: number;
  /** Negative slope of LeakyReLU. */
  leaky_alpha: number;
  /** Squeeze-and-excitation reduction ratio on the bottleneck vector (hidden = max(1, bottleneck / ratio)). */
  se_ratio: number;
  /** Skip connection from the En4 conv output through Conv1D(filters.at(-1), 1) into the first decoder block. */
  skip: boolean;
}

export const L1_MODEL_DEFAULTS: L1ModelOptions = {
  filters: [256, 128, 64, 32],
  kernel_size: 3,
  bottleneck: 8,
  norm: 'layer',
  dropout: 0.1,
  leaky_alpha: 0.2,
  se_ratio: 4,
  skip: true,
};

/** The layer whose output `[batch, filters.at(-1)]` is the window embedding (global average of the last encoder block). */
export const EMBEDDING_LAYER = 'En4';

export type BuildL1Options = { window: number; features: number; seed: number } & Partial<L1ModelOptions>;

/**
 * The SmartNetGuard L1 deep Conv1D autoencoder `[batch, T, F] → [batch, T, F]`. Pure and silent.
 *
 * Encoder: Conv1D blocks (norm + LeakyReLU + Dropout) 256 → 128 → 64 → 32; the last block's output
 * ("En4_conv") is averaged over time into the embedding "En4". Bottleneck: Dense(8) + norm + LeakyReLU,
 * gated by squeeze-and-excitation (Dense(8/r, relu) → Dense(8, sigmoid) → multiply). Decoder:
 * RepeatVector(T) → Conv1D blocks 32 → 64 → 128 → 256, with Conv1D(32, 1) of En4_conv added after the
 * first block, then Conv1D(F, 1) linear. Why the skip: it hands the decoder the time-local detail the
 * 8-number bottleneck cannot carry, so errors measure departures from the learnt local structure.
 */
export function buildL1Model(opts: BuildL1Options): tf.LayersModel {
  const o = { ...L1_MODEL_DEFAULTS, ...opts };
  checkOptions(o);
  const init = seededInitializers(o.seed);
  const conv = (filters: number, kernel: number, name: string) =>
    tf.layers.conv1d({ filters, kernelSize: kernel, padding: 'same', kernelInitializer: init.glorotUniform(), name });
  const norm = (name: string) => (o.norm === 'layer' ? layerNorm({ name }) : tf.layers.batchNormalization({ name }));
  const act = (name: string) => tf.layers.leakyReLU({ alpha: o.leaky_alpha, name });
  const block = (x: tf.SymbolicTensor, filters: number, name: string): { conv: tf.SymbolicTensor; out: tf.SymbolicTensor } => {
    const c = conv(filters, o.kernel_size, `${name}_conv`).apply(x) as tf.SymbolicTensor;
    let h = act(`${name}_act`).apply(norm(`${name}_norm`).apply(c)) as tf.SymbolicTensor;
    if (o.dropout > 0) h = seededDropout({ rate: o.dropout, seed: deriveSeed(o.seed, `${name}_drop`), name: `${name}_drop` }).apply(h) as tf.SymbolicTensor;
    return { conv: c, out: h };
  };

  const input = tf.input({ shape: [o.window, o.features], name: 'windows' });
  let h: tf.SymbolicTensor = input;
  let lastConv: tf.SymbolicTensor = input;
  o.filters.forEach((f, i) => {
    const b = block(h, f, `En${i + 1}`);
    h = b.out;
    lastConv = b.conv;
  });
  const embedding = tf.layers.globalAveragePooling1d({ name: EMBEDDING_LAYER }).apply(h) as tf.SymbolicTensor;

  let z = tf.layers.dense({ units: o.bottleneck, kernelInitializer: init.glorotUniform(), name: 'bottleneck' }).apply(embedding) as tf.SymbolicTensor;
  z = act('bottleneck_act').apply(norm('bottleneck_norm').apply(z)) as tf.SymbolicTensor;
  const seHidden = Math.max(1, Math.floor(o.bottleneck / o.se_ratio));
  let gate = tf.layers.dense({ units: seHidden, activation: 'relu', kernelInitializer: init.heNormal(), name: 'se_squeeze' }).apply(z) as tf.SymbolicTensor;
  gate = tf.layers.dense({ units: o.bottleneck, activation: 'sigmoid', kernelInitializer: init.glorotUniform(), name: 'se_excite' }).apply(gate) as tf.SymbolicTensor;
  z = tf.layers.multiply({ name: 'se_scale' }).apply([z, gate]) as tf.SymbolicTensor;

  h = repeatVector({ n: o.window, name: 'repeat' }).apply(z) as tf.SymbolicTensor;
  const decoder = [...o.filters].reverse();
  decoder.forEach((f, i) => {
    const b = block(h, f, `De${i + 1}`);
    h = b.out;
    if (i === 0 && o.skip) {
      const skip = conv(f, 1, 'skip_conv').apply(lastConv) as tf.SymbolicTensor; // from En4_conv, before its norm
      h = tf.layers.add({ name: 'skip_add' }).apply([h, skip]) as tf.SymbolicTensor;
    }
  });
  const out = conv(o.features, 1, 'reconstruction').apply(h) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out, name: 'smartnetguard_l1' });
}

/** `[batch, T, F] → [batch, filters.at(-1)]`: the En4 embedding, sharing the model's weights (works on a loaded model). */
export function embeddingModel(model: tf.LayersModel): tf.LayersModel {
  const layer = model.layers.find((l) => l.name === EMBEDDING_LAYER);
  if (!layer) throw new Error(`embeddingModel: the model has no layer "${EMBEDDING_LAYER}"; is it a SmartNetGuard L1 model?`);
  return tf.model({ inputs: model.inputs, outputs: layer.output as tf.SymbolicTensor });
}

function checkOptions(o: BuildL1Options & L1ModelOptions): void {
  const posInt = (v: unknown) => Number.isInteger(v) && (v as number) > 0;
  for (const k of ['window', 'features', 'kernel_size', 'bottleneck', 'se_ratio'] as const) {
    if (!posInt(o[k])) throw new Error(`buildL1Model: ${k} must be a positive integer, got ${o[k]}`);
  }
  if (!Array.isArray(o.filters) || o.filters.length === 0 || !o.filters.every(posInt)) {
    throw new Error(`buildL1Model: filters must be a non-empty list of positive integers, got ${JSON.stringify(o.filters)}`);
  }
  if (o.norm !== 'layer' && o.norm !== 'batch') throw new Error(`buildL1Model: norm must be "layer" or "batch", got "${o.norm}"`);
  if (!(o.dropout >= 0 && o.dropout < 1)) throw new Error(`buildL1Model: dropout must be in [0, 1), got ${o.dropout}`);
  if (!(o.leaky_alpha >= 0)) throw new Error(`buildL1Model: leaky_alpha must be ≥ 0, got ${o.leaky_alpha}`);
}
