import { tf, adam, adamw, type AdamW, type HostArray } from '../engine';
import { createRng } from '../random';
import { gather, range, shuffledBatches, type HostBatch } from './host-batches';
import { perSampleError, type AutoencoderLoss, type PerSampleError } from './loss';
import { trainModel, type TrainModelResult } from './loop';
import { DataParallel } from './data-parallel';
import { resolveStopping, type StoppingConfig } from './stopping';
import type { BatchInfo, EpochInfo, EpochRecord, ReduceLrConfig, StepSums } from './types';
import { disposeWeights } from './weights';

/**
 * The autoencoders' use of the one training loop (loop.ts), shared by GRU-SAE, the Conv1D AE and the
 * dense AE: a model builder supplies the model, `lossFn` the per-sample error; this file supplies the
 * batch source (shuffled rows of a host array, no dataset-sized tensor), the step (mean error of the
 * batch, one optimizer update) and the validation pass (mean error over `val`).
 */

export type { EpochRecord, EpochInfo, BatchInfo };
export { disposeWeights };

export interface TrainAutoencoderOptions {
  /** Training samples `[n, …]` (for a sequence AE `[n, time, features]`). */
  train: HostArray;
  /** Validation samples with the same per-sample shape; drives stopping and the best checkpoint. */
  val: HostArray;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Clip the global gradient norm to this; 0 or null: no clipping. */
  clipnorm?: number | null;
  /** Decoupled weight decay (AdamW; biases and norm parameters exempt); 0 or absent: Adam. */
  weightDecay?: number;
  stopping: StoppingConfig;
  /** Drives the per-epoch shuffles (initialisers are the model builder's business). */
  seed: number;
  /** Per-sample error; default 'mse'. */
  lossFn?: AutoencoderLoss;
  /** Samples per validation forward pass; default max(batchSize, 1024). */
  valBatchSize?: number;
  /**
   * Return copies of the weights the model does not hold at the end: `finalWeights` when the best
   * were restored, else `bestWeights`. The caller disposes them (`disposeWeights`). Default false.
   */
  keepWeights?: boolean;
  /**
   * Draw each epoch's training samples afresh (e.g. random windows of a long series, as SmartNetGuard L1
   * does); epoch 1 uses `train`, which also fixes the sample shape. Called with epoch ≥ 2.
   */
  resample?: (epoch: number) => HostArray;
  /** Reduce-LR-on-plateau: after `patience` epochs without a new best val_loss, lr ← max(lr · factor, minLr). */
  reduceLr?: ReduceLrConfig;
  /** How a user lowers the learning rate, named in the divergence error (e.g. '--train.learning_rate'). */
  learningRateFlag?: string;
  onEpoch?: (row: EpochRecord, info: EpochInfo) => void | Promise<void>;
  onBatch?: (info: BatchInfo) => void;
  /**
   * Data parallelism: split every batch over this many model replicas (the main thread and N − 1
   * worker_threads, data-parallel.ts) and apply one update from their summed gradients. Default 1.
   * Needs a named lossFn and no `resample`.
   */
  workers?: number;
}

/** trainModel's result with the monitored value named for what it is here (the lowest val_loss). */
export type TrainAutoencoderResult = Omit<TrainModelResult, 'monitor' | 'bestValue'> & {
  /** 1-based epoch with the lowest val_loss (bestEpoch), and that loss. */
  bestValLoss: number;
};

/**
 * Train `model` to reconstruct its input. The model must map `[batch, …]` to the same shape.
 * Leaves no tensors behind except the model's own (and the returned weight copies, if asked for).
 */
export async function trainAutoencoder(model: tf.LayersModel, opts: TrainAutoencoderOptions): Promise<TrainAutoencoderResult> {
  checkOptions(model, opts);
  const errFn = perSampleError(opts.lossFn);
  const optimizer = makeOptimizer(opts);
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const rng = createRng(opts.seed);
  const valBatchSize = opts.valBatchSize ?? Math.max(opts.batchSize, 1024);
  const workers = opts.workers ?? 1;
  const dp = workers > 1 ? await DataParallel.start(model, { workers, loss: opts.lossFn ?? 'mse', data: opts.train, maxBatch: opts.batchSize }) : null;
  try {
    const r = await trainModel<HostBatch>(model, {
      epochs: opts.epochs,
      optimizer,
      batches: (epoch) => {
        const train = epoch > 1 && opts.resample ? checkedResample(opts, epoch) : opts.train;
        const items = shuffledBatches(train, opts.batchSize, rng);
        return { steps: items.length, items };
      },
      step: (b) => (dp ? parallelStep(dp, b, errFn, optimizer, vars) : reconstructionStep(model, b, errFn, optimizer, vars)),
      validate: async () => ({ val_loss: await validationLoss(model, opts.val, errFn, valBatchSize) }),
      stopping: opts.stopping,
      reduceLr: opts.reduceLr,
      keepWeights: opts.keepWeights,
      learningRateFlag: opts.learningRateFlag,
      onBatch: opts.onBatch,
      onEpoch: opts.onEpoch,
    });
    return autoencoderResult(r);
  } finally {
    await dp?.close();
  }
}

/** One step: mean per-sample error of the batch, one optimizer update; the batch's error sum for the epoch mean. */
function reconstructionStep(model: tf.LayersModel, b: HostBatch, errFn: PerSampleError, optimizer: AdamW, vars: tf.Variable[]): StepSums {
  const x = gather(b.data, b.idx);
  const cost = optimizer.minimize(() => tf.mean(errFn(x, model.apply(x, { training: true }) as tf.Tensor)) as tf.Scalar, true, vars) as tf.Scalar;
  return { lossSum: tf.mul(cost, b.idx.length) as tf.Scalar, samples: b.idx.length };
}

/** The same step over the data-parallel replicas: their summed gradients, one update here. */
function parallelStep(dp: DataParallel, b: HostBatch, errFn: PerSampleError, optimizer: AdamW, vars: tf.Variable[]): StepSums {
  const { grads, lossSum } = dp.step(b.idx, errFn);
  optimizer.applyGradients(vars.map((v, j) => ({ name: v.name, tensor: grads[j] })));
  tf.dispose(grads);
  return { lossSum: tf.scalar(lossSum), samples: b.idx.length };
}

/** Mean per-sample error over `val`, in inference mode, batched; one device read. */
async function validationLoss(model: tf.LayersModel, val: HostArray, errFn: PerSampleError, batchSize: number): Promise<number> {
  const n = val.shape[0];
  let total: tf.Scalar = tf.scalar(0);
  for (let start = 0; start < n; start += batchSize) {
    const idx = range(start, Math.min(n, start + batchSize));
    const next = tf.tidy(() => {
      const x = gather(val, idx);
      return tf.add(total, tf.sum(errFn(x, model.apply(x, { training: false }) as tf.Tensor))) as tf.Scalar;
    });
    total.dispose();
    total = next;
  }
  const value = (await total.data())[0] / n;
  total.dispose();
  return value;
}

function autoencoderResult(r: TrainModelResult): TrainAutoencoderResult {
  const { monitor, bestValue, ...rest } = r;
  void monitor;
  return { ...rest, bestValLoss: bestValue };
}

function checkedResample(opts: TrainAutoencoderOptions, epoch: number): HostArray {
  const a = opts.resample!(epoch);
  const want = opts.train.shape.slice(1).join();
  if (!(a?.data instanceof Float32Array) || a.shape.slice(1).join() !== want || a.shape[0] < 1 || a.data.length !== a.shape.reduce((p, d) => p * d, 1)) {
    throw new Error(`trainAutoencoder: resample(${epoch}) must return { data: Float32Array, shape: [n ≥ 1, ${want}] }, got shape [${a?.shape}]`);
  }
  return a;
}

function makeOptimizer(opts: TrainAutoencoderOptions): AdamW {
  const clipnorm = opts.clipnorm || null;
  if (opts.weightDecay && opts.weightDecay > 0) {
    // Decay weights only: shrinking biases or norm gains towards 0 is not regularisation.
    return adamw({ learningRate: opts.learningRate, clipnorm, weightDecay: opts.weightDecay, excludeFromWeightDecay: ['bias', 'gamma', 'beta'] });
  }
  return adam({ learningRate: opts.learningRate, clipnorm });
}

function checkOptions(model: tf.LayersModel, opts: TrainAutoencoderOptions): void {
  const bad = (what: string) => new Error(`trainAutoencoder: ${what}`);
  for (const key of ['epochs', 'batchSize', 'seed'] as const) {
    const v = opts[key];
    if (!(Number.isInteger(v) && (key === 'seed' || v >= 1))) throw bad(`${key} must be ${key === 'seed' ? 'an integer' : 'an integer ≥ 1'}, got ${v}`);
  }
  if (opts.valBatchSize !== undefined && !(Number.isInteger(opts.valBatchSize) && opts.valBatchSize >= 1)) throw bad(`valBatchSize must be an integer ≥ 1, got ${opts.valBatchSize}`);
  if (!(opts.learningRate > 0)) throw bad(`learningRate must be > 0, got ${opts.learningRate}`);
  if (opts.clipnorm != null && !(opts.clipnorm >= 0)) throw bad(`clipnorm must be ≥ 0 (0 = no clipping), got ${opts.clipnorm}`);
  if (opts.weightDecay != null && !(opts.weightDecay >= 0)) throw bad(`weightDecay must be ≥ 0, got ${opts.weightDecay}`);
  resolveStopping(opts.stopping); // reduceLr is checked by trainModel
  for (const [name, a] of [['train', opts.train], ['val', opts.val]] as const) {
    if (!a || !(a.data instanceof Float32Array)) throw bad(`${name} must be { data: Float32Array, shape }`);
    if (a.shape.length < 2) throw bad(`${name} must be [n, …] with rank ≥ 2, got shape [${a.shape}]`);
    if (a.data.length !== a.shape.reduce((p, d) => p * d, 1)) throw bad(`${name} data length ${a.data.length} does not match shape [${a.shape}]`);
    if (a.shape[0] < 1) throw bad(`${name} has no samples`);
  }
  const sample = opts.train.shape.slice(1);
  if (opts.val.shape.slice(1).join() !== sample.join()) throw bad(`val samples [${opts.val.shape.slice(1)}] differ from train samples [${sample}]`);
  const fits = (shape: (number | null)[]) => shape.length === sample.length + 1 && shape.slice(1).every((d, i) => d === null || d === sample[i]);
  const inShape = model.inputs[0].shape;
  const outShape = model.outputs[0].shape;
  if (!fits(inShape)) throw bad(`model input [${inShape.slice(1)}] does not take samples [${sample}]`);
  if (!fits(outShape)) throw bad(`model output [${outShape.slice(1)}] is not the shape of its input samples [${sample}]; an autoencoder must reconstruct its input`);
  if (!model.trainableWeights.length) throw bad('the model has no trainable weights');
  if (opts.workers !== undefined) {
    if (!(Number.isInteger(opts.workers) && opts.workers >= 1)) throw bad(`workers must be an integer ≥ 1, got ${opts.workers}`);
    if (opts.workers > 1 && typeof opts.lossFn === 'function') throw bad('workers > 1 needs a named lossFn (mse or { huber }): the worker replicas rebuild it');
    if (opts.workers > 1 && opts.resample) throw bad('workers > 1 cannot resample the training data per epoch (the replicas share it once)');
  }
}
