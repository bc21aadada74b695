import { fastGru, tf, repeatVector, seededInitializers, quietOrthogonal, seededDropout } from '../engine';
import { deriveSeed } from '../random';

export interface GruSaeOptions {
  /** Features per time step (F). */
  inputDim: number;
  /** Time steps per window (T). */
  seqLen: number;
  /** Encoder GRU widths; the last one's final state is the latent vector. */
  encoderUnits: number[];
  /** Decoder GRU widths (each returns the whole sequence). */
  decoderUnits: number[];
  /** Dropout rate after each GRU layer that returns sequences, in [0, 1); 0 adds none. */
  dropout: number;
  /** Seeds every initialiser: same seed, same starting weights. */
  seed: number;
  /**
   * 'fast' (default): lib/engine FastGRU, Keras's reset_after GRU with a fused forward and a hand-written
   * backward pass, ~3× faster to train on WASM; 'tfjs': stock tf.layers.gru (reset_after=False form).
   */
  recurrentLayer?: 'fast' | 'tfjs';
  name?: string;
}

/** Name of the layer whose output is the latent vector `[batch, encoderUnits.at(-1)]`. */
export const LATENT_LAYER = 'latent';

/**
 * The GRU sequence autoencoder `[batch, seqLen, inputDim] → [batch, seqLen, inputDim]`:
 * GRU encoder stack (last layer → latent vector) → repeat seqLen times → GRU decoder stack →
 * a linear Dense on every step. Pure and silent.
 *
 * Choices, and why:
 * - Dropout is a separate layer between GRUs, not the GRU's own `dropout`: TF.js GRU cells keep
 *   their dropout masks alive between calls (tensors that outlive training), and a Dropout layer
 *   regularises the same connection.
 * - The GRU is lib/engine's FastGRU (Keras's default reset_after=True cell, fused, hand-written
 *   backward) unless `recurrentLayer: 'tfjs'`; the stock layer gets `recurrentActivation: 'sigmoid'`
 *   as in Keras 2+ (TF.js defaults to hard sigmoid) and, lacking `reset_after`, is the older GRU form.
 * - Dense on the 3-D tensor acts per time step (a matmul over the last axis); `timeDistributed`
 *   would loop over steps.
 */
export function buildGruSae(opts: GruSaeOptions): tf.LayersModel {
  checkOptions(opts);
  return quietOrthogonal(() => buildModel(opts));
}

function buildModel(opts: GruSaeOptions): tf.LayersModel {
  const init = seededInitializers(opts.seed);
  const gru = (units: number, returnSequences: boolean, name: string): tf.layers.Layer =>
    (opts.recurrentLayer ?? 'fast') === 'fast'
      ? fastGru({ units, returnSequences, name, kernelInitializer: init.glorotUniform(), recurrentInitializer: init.orthogonal() })
      : tf.layers.gru({
        units, returnSequences, name, recurrentActivation: 'sigmoid',
        kernelInitializer: init.glorotUniform(), recurrentInitializer: init.orthogonal(),
      });
  const drop = (h: tf.SymbolicTensor, name: string) =>
    opts.dropout > 0 ? (seededDropout({ rate: opts.dropout, seed: deriveSeed(opts.seed, name), name }).apply(h) as tf.SymbolicTensor) : h;

  const input = tf.input({ shape: [opts.seqLen, opts.inputDim], name: 'windows' });
  let h: tf.SymbolicTensor = input;
  const enc = opts.encoderUnits;
  enc.forEach((units, i) => {
    const last = i === enc.length - 1;
    h = gru(units, !last, last ? LATENT_LAYER : `enc_gru_${i + 1}`).apply(h) as tf.SymbolicTensor;
    if (!last) h = drop(h, `enc_dropout_${i + 1}`);
  });
  h = repeatVector({ n: opts.seqLen, name: 'repeat' }).apply(h) as tf.SymbolicTensor;
  opts.decoderUnits.forEach((units, i) => {
    h = gru(units, true, `dec_gru_${i + 1}`).apply(h) as tf.SymbolicTensor;
    h = drop(h, `dec_dropout_${i + 1}`);
  });
  const out = tf.layers.dense({ units: opts.inputDim, activation: 'linear', kernelInitializer: init.glorotUniform(), name: 'reconstruction' }).apply(h) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out, name: opts.name ?? 'gru_sae' });
}

/**
 * The encoder half: `[batch, seqLen, inputDim] → [batch, latent]`, sharing the model's weights
 * (for the 2-D latent map). Works on a loaded model too. Dispose the full model, not this one.
 */
export function latentModel(model: tf.LayersModel): tf.LayersModel {
  let layer: tf.layers.Layer;
  try {
    layer = model.getLayer(LATENT_LAYER);
  } catch {
    throw new Error(`latentModel: model "${model.name}" has no layer named "${LATENT_LAYER}" (was it built by buildGruSae?)`);
  }
  return tf.model({ inputs: model.inputs, outputs: layer.output as tf.SymbolicTensor, name: `${model.name}_latent` });
}

/** Total number of weights (trainable and not). */
export function parameterCount(model: tf.LayersModel): number {
  return model.countParams();
}

/** Per-layer name, class, output shape and parameter count (for metadata.json). */
export function architectureSummary(model: tf.LayersModel): { name: string; class: string; outputShape: (number | null)[]; params: number }[] {
  return model.layers.map((l) => ({
    name: l.name,
    class: l.getClassName(),
    outputShape: l.outputShape as (number | null)[],
    params: l.countParams(),
  }));
}

function checkOptions(o: GruSaeOptions): void {
  const posInt = (v: unknown) => Number.isInteger(v) && (v as number) >= 1;
  const bad = (key: string, want: string, got: unknown) => new Error(`buildGruSae: ${key} must be ${want}, got ${JSON.stringify(got)}`);
  if (!posInt(o.inputDim)) throw bad('inputDim', 'a positive integer', o.inputDim);
  if (!posInt(o.seqLen)) throw bad('seqLen', 'a positive integer', o.seqLen);
  for (const key of ['encoderUnits', 'decoderUnits'] as const) {
    const u = o[key];
    if (!Array.isArray(u) || u.length === 0 || !u.every(posInt)) throw bad(key, 'a non-empty list of positive integers', u);
  }
  if (!(typeof o.dropout === 'number' && o.dropout >= 0 && o.dropout < 1)) throw bad('dropout', 'a number in [0, 1)', o.dropout);
  if (!Number.isInteger(o.seed)) throw bad('seed', 'an integer', o.seed);
  if (o.recurrentLayer !== undefined && o.recurrentLayer !== 'fast' && o.recurrentLayer !== 'tfjs') throw bad('recurrentLayer', '"fast" or "tfjs"', o.recurrentLayer);
}
