import { tf, layerNorm, seededInitializers } from '../engine';

export interface DenseAutoencoderOptions {
  /** Units of the encoder layers; the last is the bottleneck. The decoder mirrors them. */
  units?: number[];
  /** Slope of LeakyReLU below zero. */
  alpha?: number;
  /** Put a LayerNorm after each hidden layer. */
  norm?: boolean;
  seed?: number;
  name?: string;
}

/** A symmetric dense autoencoder [batch, inputDim] → [batch, inputDim] with a linear output. Pure and silent. */
export function buildDenseAutoencoder(inputDim: number, opts: DenseAutoencoderOptions = {}): tf.LayersModel {
  const units = opts.units ?? [16, 8];
  if (!(Number.isInteger(inputDim) && inputDim > 0)) throw new Error(`buildDenseAutoencoder: inputDim must be a positive integer, got ${inputDim}`);
  if (!units.length || units.some((u) => !(Number.isInteger(u) && u > 0))) throw new Error(`buildDenseAutoencoder: units must be positive integers, got [${units}]`);
  const init = seededInitializers(opts.seed ?? 0);
  const input = tf.input({ shape: [inputDim], name: 'features' });
  let h: tf.SymbolicTensor = input;
  const hidden = [...units, ...units.slice(0, -1).reverse()];
  hidden.forEach((u, i) => {
    const role = i < units.length ? `enc${i + 1}` : `dec${i - units.length + 1}`;
    h = tf.layers.dense({ units: u, kernelInitializer: init.heNormal(), name: role }).apply(h) as tf.SymbolicTensor;
    if (opts.norm ?? true) h = layerNorm({ name: `${role}_norm` }).apply(h) as tf.SymbolicTensor;
    h = tf.layers.leakyReLU({ alpha: opts.alpha ?? 0.1, name: `${role}_act` }).apply(h) as tf.SymbolicTensor;
  });
  const out = tf.layers.dense({ units: inputDim, kernelInitializer: init.glorotUniform(), name: 'reconstruction' }).apply(h) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out, name: opts.name ?? 'dense_autoencoder' });
}
