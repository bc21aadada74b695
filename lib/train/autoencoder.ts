import { tf, adam, adamw, type AdamW, type HostArray } from '../engine';
import { createRng, type Rng } from '../random';
import { perSampleError, type AutoencoderLoss, type PerSampleError } from './loss';
import { createStopper, resolveStopping, type StopDecision, type StoppingConfig } from './stopping';

/**
 * The one training loop every seqsentry autoencoder uses (GRU-SAE, Conv1D AE, dense AE): a model
 * builder supplies the model, `lossFn` the per-sample error; the rest is here. A custom loop rather
 * than `model.fit`: batches are gathered from a host array (no dataset-sized tensor), the loss is
 * read once per epoch (no per-step sync), a stopping strategy decides, and the best weights are
 * kept as in-memory copies and restored at the end.
 */

/** One row of `history.json`. */
export interface EpochRecord {
  /** 1-based. */
  epoch: number;
  /** Mean training loss over the epoch's samples (dropout active). */
  loss: number;
  /** Mean loss over the validation samples (inference mode). */
  val_loss: number;
  /** Wall time of the epoch, training and validation. */
  seconds: number;
  /** Learning rate used. */
  lr: number;
}

/** What `onBatch` gets after each step. */
export interface BatchInfo {
  epoch: number;
  epochs: number;
  /** 1-based index of the step just done, of `batches`. */
  batch: number;
  batches: number;
  /** Seconds since the epoch began. */
  seconds: number;
  /** Mean training loss of the epoch so far. Forces a device sync: call it rarely, and only during the callback. */
  lossSoFar(): number;
}

/** What `onEpoch` gets besides the row. */
export interface EpochInfo {
  epochs: number;
  history: readonly EpochRecord[];
  decision: StopDecision;
}

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
  reduceLr?: { factor: number; patience: number; minLr: number };
  onEpoch?: (row: EpochRecord, info: EpochInfo) => void | Promise<void>;
  onBatch?: (info: BatchInfo) => void;
}

export interface TrainAutoencoderResult {
  history: EpochRecord[];
  /** 1-based epoch with the lowest val_loss, and that loss. */
  bestEpoch: number;
  bestValLoss: number;
  /** True when a stopping rule ended training before `epochs`. */
  stoppedEarly: boolean;
  /** Why training ended (the stopping rule's sentence, or that all epochs ran). */
  stoppedReason: string;
  /** The model holds the best epoch's weights (else the last epoch's). */
  restoredBest: boolean;
  /** Total wall time. */
  seconds: number;
  finalWeights?: tf.Tensor[];
  bestWeights?: tf.Tensor[];
}

/**
 * Train `model` to reconstruct its input. The model must map `[batch, …]` to the same shape.
 * Leaves no tensors behind except the model's own (and the returned weight copies, if asked for).
 */
export async function trainAutoencoder(model: tf.LayersModel, opts: TrainAutoencoderOptions): Promise<TrainAutoencoderResult> {
  checkOptions(model, opts);
  return trainLoop(model, opts, perSampleError(opts.lossFn));
}

/** Dispose weight copies returned by `trainAutoencoder` (absent ones are fine). */
export function disposeWeights(result: Pick<TrainAutoencoderResult, 'finalWeights' | 'bestWeights'>): void {
  if (result.finalWeights) tf.dispose(result.finalWeights);
  if (result.bestWeights) tf.dispose(result.bestWeights);
  result.finalWeights = undefined;
  result.bestWeights = undefined;
}

async function trainLoop(model: tf.LayersModel, opts: TrainAutoencoderOptions, errFn: PerSampleError): Promise<TrainAutoencoderResult> {
  const stopper = createStopper(opts.stopping);
  const optimizer = makeOptimizer(opts);
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const rng = createRng(opts.seed);
  const history: EpochRecord[] = [];
  let best: tf.Tensor[] | null = null;
  let decision: StopDecision | null = null;
  const t0 = performance.now();
  try {
    let sinceBest = 0;
    for (let epoch = 1; epoch <= opts.epochs; epoch++) {
      const e0 = performance.now();
      const train = epoch > 1 && opts.resample ? checkedResample(opts, epoch) : opts.train;
      const loss = runEpoch(model, opts, train, errFn, optimizer, vars, rng, epoch, e0);
      const trainLoss = await readMean(loss, train.shape[0]);
      if (!Number.isFinite(trainLoss)) {
        throw new Error(`training diverged at epoch ${epoch} (loss ${trainLoss}); lower the learning rate or check the inputs for NaN/Inf`);
      }
      const valLoss = await validationLoss(model, opts.val, errFn, opts.valBatchSize ?? Math.max(opts.batchSize, 1024));
      if (!Number.isFinite(valLoss)) {
        throw new Error(`validation loss is ${valLoss} at epoch ${epoch}: check the validation windows for NaN/Inf or lower the learning rate`);
      }
      decision = stopper.update(valLoss);
      if (decision.best) {
        if (best) tf.dispose(best);
        best = snapshot(model);
      }
      const row: EpochRecord = { epoch, loss: trainLoss, val_loss: valLoss, seconds: (performance.now() - e0) / 1000, lr: optimizer.lr };
      history.push(row);
      await opts.onEpoch?.(row, { epochs: opts.epochs, history, decision });
      if (decision.stop) break;
      sinceBest = decision.best ? 0 : sinceBest + 1;
      if (opts.reduceLr && sinceBest >= opts.reduceLr.patience && optimizer.lr > opts.reduceLr.minLr) {
        optimizer.setLearningRate(Math.max(optimizer.lr * opts.reduceLr.factor, opts.reduceLr.minLr));
        sinceBest = 0;
      }
      await new Promise((r) => setImmediate(r)); // let timers, signals and kernel messages through
    }
    return finish(model, opts, stopper.config.restore_best, history, decision, best, stopper.state, (performance.now() - t0) / 1000);
  } catch (err) {
    if (best) tf.dispose(best);
    throw err;
  } finally {
    optimizer.dispose(); // Adam's moment variables
  }
}

/** One pass over the shuffled training set; returns the summed batch losses (a scalar tensor, not yet read). */
function runEpoch(
  model: tf.LayersModel, opts: TrainAutoencoderOptions, train: HostArray, errFn: PerSampleError, optimizer: AdamW,
  vars: tf.Variable[], rng: Rng, epoch: number, e0: number,
): tf.Scalar {
  const { batchSize } = opts;
  const n = train.shape[0];
  const order = permutation(n, rng);
  const batches = Math.ceil(n / batchSize);
  let total: tf.Scalar = tf.scalar(0);
  let done = 0;
  for (let b = 0; b < batches; b++) {
    const idx = order.subarray(b * batchSize, Math.min(n, (b + 1) * batchSize));
    const next = tf.tidy(() => {
      const x = gather(train, idx);
      const cost = optimizer.minimize(() => tf.mean(errFn(x, model.apply(x, { training: true }) as tf.Tensor)) as tf.Scalar, true, vars) as tf.Scalar;
      return tf.add(total, tf.mul(cost, idx.length)) as tf.Scalar;
    });
    total.dispose();
    total = next;
    done += idx.length;
    if (opts.onBatch) {
      const seen = done;
      const current = total;
      opts.onBatch({
        epoch, epochs: opts.epochs, batch: b + 1, batches, seconds: (performance.now() - e0) / 1000,
        lossSoFar: () => current.dataSync()[0] / seen,
      });
    }
  }
  return total;
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
  return readMean(total, n);
}

async function readMean(sum: tf.Scalar, n: number): Promise<number> {
  const value = (await sum.data())[0] / n;
  sum.dispose();
  return value;
}

/** Rows `idx` of a host array as a fresh tensor `[idx.length, …]`. */
function gather(a: HostArray, idx: ArrayLike<number>): tf.Tensor {
  const row = rowSize(a);
  const buf = new Float32Array(idx.length * row);
  for (let k = 0; k < idx.length; k++) buf.set(a.data.subarray(idx[k] * row, (idx[k] + 1) * row), k * row);
  return tf.tensor(buf, [idx.length, ...a.shape.slice(1)], 'float32');
}

function permutation(n: number, rng: Rng): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}

function range(start: number, end: number): Int32Array {
  const r = new Int32Array(end - start);
  for (let i = 0; i < r.length; i++) r[i] = start + i;
  return r;
}

const rowSize = (a: HostArray) => a.shape.slice(1).reduce((p, d) => p * d, 1);

/** Copies of the model's weights (they survive later optimizer updates). */
function snapshot(model: tf.LayersModel): tf.Tensor[] {
  return model.getWeights().map((w) => tf.keep(w.clone()));
}

function finish(
  model: tf.LayersModel, opts: TrainAutoencoderOptions, restoreBest: boolean, history: EpochRecord[],
  decision: StopDecision | null, best: tf.Tensor[] | null, state: { bestEpoch: number; bestLoss: number }, seconds: number,
): TrainAutoencoderResult {
  const last = history[history.length - 1];
  const stoppedEarly = decision?.stop === true && last.epoch < opts.epochs;
  const result: TrainAutoencoderResult = {
    history,
    bestEpoch: state.bestEpoch,
    bestValLoss: state.bestLoss,
    stoppedEarly,
    stoppedReason: decision?.stop ? decision.reason : `completed all ${opts.epochs} epochs; best val_loss ${state.bestLoss.toPrecision(4)} at epoch ${state.bestEpoch}`,
    restoredBest: restoreBest && best !== null,
    seconds,
  };
  if (result.restoredBest && best) {
    if (opts.keepWeights) result.finalWeights = snapshot(model);
    model.setWeights(best);
    tf.dispose(best);
  } else if (best) {
    if (opts.keepWeights) result.bestWeights = best;
    else tf.dispose(best);
  }
  return result;
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
  resolveStopping(opts.stopping);
  if (opts.reduceLr) {
    const { factor, patience, minLr } = opts.reduceLr;
    if (!(factor > 0 && factor < 1) || !(Number.isInteger(patience) && patience >= 1) || !(minLr >= 0)) {
      throw bad(`reduceLr needs 0 < factor < 1, an integer patience ≥ 1 and minLr ≥ 0, got ${JSON.stringify(opts.reduceLr)}`);
    }
  }
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
}
