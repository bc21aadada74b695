import * as tf from '@tensorflow/tfjs';
import { fusedAdamStep, hasFusedAdam } from './fused';

type Grads = Parameters<tf.AdamOptimizer['applyGradients']>[0];

/**
 * Scale gradients so their global L2 norm is at most `maxNorm` (PyTorch's clip_grad_norm_,
 * Keras's global_clipnorm). Stays on the device: no dataSync. Returns new tensors; the caller disposes.
 */
export function clipByGlobalNorm(grads: tf.NamedTensorMap, maxNorm: number): tf.NamedTensorMap {
  if (!(maxNorm > 0)) throw new Error(`clipByGlobalNorm: maxNorm must be > 0, got ${maxNorm}`);
  return tf.tidy(() => {
    const names = Object.keys(grads);
    if (names.length === 0) return {};
    const sq = tf.addN(names.map((n) => tf.sum(tf.square(grads[n]))));
    const coef = tf.minimum(tf.div(maxNorm, tf.add(tf.sqrt(sq), 1e-6)), 1);
    const out: tf.NamedTensorMap = {};
    for (const n of names) out[n] = tf.mul(grads[n], coef);
    return out;
  });
}

/** Global L2 norm of a gradient map (a scalar tensor; for logging). */
export function globalNorm(grads: tf.NamedTensorMap): tf.Scalar {
  return tf.tidy(() => tf.sqrt(tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g))))) as tf.Scalar);
}

export interface AdamWOptions {
  learningRate?: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /** Decoupled weight decay λ: each step w ← w − lr·λ·w before the Adam update. 0 gives Adam. */
  weightDecay?: number;
  /** Clip the global gradient norm to this before each update; 0 or null: no clipping. */
  clipnorm?: number | null;
  /** Variables whose name contains any of these substrings are not decayed (e.g. `bias`, `gamma`). */
  excludeFromWeightDecay?: string[];
}

function toMap(grads: Grads): tf.NamedTensorMap {
  if (!Array.isArray(grads)) return grads as tf.NamedTensorMap;
  const map: tf.NamedTensorMap = {};
  for (const { name, tensor } of grads) map[name] = tensor;
  return map;
}

/** AdamOptimizer's private state, used by the fused step. */
interface AdamState {
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: { originalName: string; variable: tf.Variable }[];
  accumulatedSecondMoment: { originalName: string; variable: tf.Variable }[];
}

/**
 * Adam with decoupled weight decay (Loshchilov & Hutter; PyTorch's AdamW) and global-norm clipping.
 * Works with `model.fit`, which calls `applyGradients` through `minimize`.
 */
export class AdamW extends tf.AdamOptimizer {
  static override get className(): string {
    return 'SeqSentryAdamW';
  }
  readonly weightDecay: number;
  readonly clipnorm: number | null;
  readonly excludeFromWeightDecay: string[];

  constructor(opts: AdamWOptions = {}) {
    super(opts.learningRate ?? 1e-3, opts.beta1 ?? 0.9, opts.beta2 ?? 0.999, opts.epsilon ?? 1e-7);
    this.weightDecay = opts.weightDecay ?? 0.01;
    this.clipnorm = opts.clipnorm || null;
    this.excludeFromWeightDecay = opts.excludeFromWeightDecay ?? [];
    if (this.weightDecay < 0) throw new Error(`AdamW: weightDecay must be ≥ 0, got ${this.weightDecay}`);
  }

  get lr(): number {
    return this.learningRate;
  }

  /** Change the learning rate in place (used by reduce-on-plateau schedules). */
  setLearningRate(lr: number): void {
    if (!(lr > 0)) throw new Error(`learning rate must be > 0, got ${lr}`);
    this.learningRate = lr;
  }

  override applyGradients(variableGradients: Grads): void {
    const grads = toMap(variableGradients);
    if (hasFusedAdam()) return this.fusedStep(grads);
    const clipped = this.clipnorm ? clipByGlobalNorm(grads, this.clipnorm) : grads;
    if (this.weightDecay > 0) this.decay(Object.keys(grads));
    super.applyGradients(clipped as Grads);
    if (clipped !== grads) tf.dispose(clipped);
  }

  /**
   * The same update (clip, decay, Adam) as one fused WASM kernel over all variables (fused.ts):
   * bit-identical to the path above, which costs ~12 kernel calls per variable. The optimizer state
   * lives where TF.js's AdamOptimizer keeps it (moments by variable position, accBeta1/2), so either
   * path can take over from the other.
   */
  private fusedStep(grads: tf.NamedTensorMap): void {
    const self = this as unknown as AdamState;
    const vars = tf.engine().registeredVariables;
    tf.tidy(() => {
      const picked: { value: tf.Variable; grad: tf.Tensor; m: tf.Variable; v: tf.Variable; decayed: boolean }[] = [];
      Object.keys(grads).forEach((name, i) => {
        const value = vars[name];
        self.accumulatedFirstMoment[i] ??= { originalName: `${name}/m`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        self.accumulatedSecondMoment[i] ??= { originalName: `${name}/v`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        const grad = grads[name];
        if (grad == null) return;
        const decayed = this.weightDecay > 0 && this.decays(name, value);
        picked.push({ value, grad, m: self.accumulatedFirstMoment[i].variable, v: self.accumulatedSecondMoment[i].variable, decayed });
      });
      if (picked.length > 0) {
        const outs = fusedAdamStep({
          values: picked.map((p) => p.value), grads: picked.map((p) => p.grad), m: picked.map((p) => p.m), v: picked.map((p) => p.v),
          accBeta1: self.accBeta1, accBeta2: self.accBeta2, decayed: picked.map((p) => p.decayed),
          clipnorm: this.clipnorm ?? 0, decay: this.weightDecay, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon, learningRate: this.learningRate,
        });
        picked.forEach((p, i) => {
          p.m.assign(outs[i][1]);
          p.v.assign(outs[i][2]);
          p.value.assign(outs[i][0]);
        });
      }
      self.accBeta1.assign(tf.mul(self.accBeta1, this.beta1));
      self.accBeta2.assign(tf.mul(self.accBeta2, this.beta2));
    });
    this.incrementIterations();
  }

  /** Whether weight decay applies to this variable (trainable, name not excluded). */
  private decays(name: string, v: tf.Variable): boolean {
    return v.trainable && !this.excludeFromWeightDecay.some((s) => name.includes(s));
  }

  private decay(names: string[]): void {
    const factor = 1 - this.learningRate * this.weightDecay;
    const vars = tf.engine().registeredVariables;
    tf.tidy(() => {
      for (const name of names) {
        const v = vars[name];
        if (!v || !this.decays(name, v)) continue;
        v.assign(tf.mul(v, factor));
      }
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), weightDecay: this.weightDecay, clipnorm: this.clipnorm, excludeFromWeightDecay: this.excludeFromWeightDecay };
  }

  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    return new (cls as unknown as new (o: AdamWOptions) => T)({
      learningRate: config.learningRate as number,
      beta1: config.beta1 as number,
      beta2: config.beta2 as number,
      epsilon: config.epsilon as number,
      weightDecay: config.weightDecay as number,
      clipnorm: config.clipnorm as number | null,
      excludeFromWeightDecay: config.excludeFromWeightDecay as string[],
    });
  }
}
tf.serialization.registerClass(AdamW);

/** Adam with global-norm clipping (`clipnorm`), i.e. AdamW without decay. */
export function adam(opts: Omit<AdamWOptions, 'weightDecay' | 'excludeFromWeightDecay'> = {}): AdamW {
  return new AdamW({ ...opts, weightDecay: 0 });
}

/** AdamW with decoupled weight decay and optional global-norm clipping. */
export function adamw(opts: AdamWOptions = {}): AdamW {
  return new AdamW(opts);
}
