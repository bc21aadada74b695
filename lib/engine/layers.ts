import * as tf from '@tensorflow/tfjs';
import { fusedLayerNorm, hasFusedLayerNorm } from './fused';

/*
 * Drop-in layers that avoid `tile` in the gradient path. TF.js's own LayerNormalization and
 * RepeatVector tile their operands, and tile's gradient issues one Slice + Add per repeat
 * (thousands of kernel calls a step on WASM); broadcasting arithmetic has a one-Sum gradient.
 */

type Kwargs = tf.serialization.ConfigDict;

export interface LayerNormArgs {
  /** Added to the variance; Keras's default. */
  epsilon?: number;
  center?: boolean;
  scale?: boolean;
  name?: string;
  trainable?: boolean;
}

/** Layer normalisation over the last axis: (x − mean) / sqrt(var + ε) · γ + β, γ and β broadcast. */
export class LayerNorm extends tf.layers.Layer {
  static readonly className = 'SeqSentryLayerNorm';
  private readonly epsilon: number;
  private readonly center: boolean;
  private readonly scale: boolean;
  private gamma: tf.LayerVariable | null = null;
  private beta: tf.LayerVariable | null = null;

  constructor(args: LayerNormArgs = {}) {
    super(args);
    this.epsilon = args.epsilon ?? 1e-3;
    this.center = args.center ?? true;
    this.scale = args.scale ?? true;
    this.supportsMasking = true;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const dim = shape[shape.length - 1];
    if (dim == null) throw new Error(`${this.name}: the last input dimension must be known`);
    if (this.scale) this.gamma = this.addWeight('gamma', [dim], 'float32', tf.initializers.ones());
    if (this.center) this.beta = this.addWeight('beta', [dim], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      if (this.gamma && this.beta && x.dtype === 'float32' && hasFusedLayerNorm()) return fusedLayerNorm(x, this.gamma.read(), this.beta.read(), this.epsilon);
      const { mean, variance } = tf.moments(x, -1, true);
      let y = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, this.epsilon)));
      if (this.gamma) y = tf.mul(y, this.gamma.read());
      if (this.beta) y = tf.add(y, this.beta.read());
      return y;
    });
  }

  override getConfig(): Kwargs {
    return { ...super.getConfig(), epsilon: this.epsilon, center: this.center, scale: this.scale };
  }
}

/** [batch, features] → [batch, n, features] by broadcasting (Keras RepeatVector without tile). */
export class RepeatVector extends tf.layers.Layer {
  static readonly className = 'SeqSentryRepeatVector';
  private readonly n: number;

  constructor(args: { n: number; name?: string }) {
    super(args);
    if (!Number.isInteger(args.n) || args.n < 1) throw new Error(`RepeatVector: n must be a positive integer, got ${args.n}`);
    this.n = args.n;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [s[0], this.n, s[1]];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      return tf.add(tf.expandDims(x, 1), tf.zeros([1, this.n, 1]));
    });
  }

  override getConfig(): Kwargs {
    return { ...super.getConfig(), n: this.n };
  }
}

/**
 * Dropout whose masks are seeded yet fresh every step: the i-th training call draws its mask with seed
 * hash(seed, i). TF.js's own Dropout either draws from Math.random (training is then not repeatable)
 * or, given a seed, repeats one mask every step. Inference (training false) is the identity.
 */
export class SeededDropout extends tf.layers.Layer {
  static readonly className = 'SeqSentryDropout';
  private readonly rate: number;
  private readonly seed: number;
  private calls = 0;

  constructor(args: { rate: number; seed: number; name?: string }) {
    super(args);
    if (!(args.rate >= 0 && args.rate < 1)) throw new Error(`SeededDropout: rate must be in [0, 1), got ${args.rate}`);
    if (!Number.isInteger(args.seed)) throw new Error(`SeededDropout: seed must be an integer, got ${args.seed}`);
    this.rate = args.rate;
    this.seed = args.seed;
    this.supportsMasking = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    if (!kwargs?.training || this.rate === 0) return x;
    const seed = (Math.imul(this.seed ^ 0x9e3779b9, 0x85ebca6b) + this.calls++ * 0x27d4eb2d) >>> 0;
    return tf.tidy(() => tf.dropout(x, this.rate, undefined, seed));
  }

  override getConfig(): Kwargs {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed };
  }
}

tf.serialization.registerClass(LayerNorm);
tf.serialization.registerClass(RepeatVector);
tf.serialization.registerClass(SeededDropout);

/** Factory functions in the style of `tf.layers.*`. */
export const layerNorm = (args?: LayerNormArgs): LayerNorm => new LayerNorm(args);
export const repeatVector = (args: { n: number; name?: string }): RepeatVector => new RepeatVector(args);
export const seededDropout = (args: { rate: number; seed: number; name?: string }): SeededDropout => new SeededDropout(args);
