/**
 * The supervised training loop, split for data parallelism: `computeShardGradients` (what each worker
 * does with its shard of a batch: gradients of the weighted loss SUM, not yet averaged),
 * `sumShardGradients` (what an all-reduce does), `applyAveragedGradients` (divide by the batch's total
 * weight, clip, AdamW step; identical on every worker). The data source is an iterator of shard lists
 * (shards.ts). No per-step device sync: losses accumulate on the device and are read once per epoch.
 */
import { adamw, tf, type AdamW } from '../engine';
import { createRng } from '../random';
import type { NidsSplit } from './data';
import { epochBatches, sequenceEnds, shardTensors, type Shard } from './shards';
import { epochBlock, progressBar } from './monitor';

/** One shard's contribution: ∇ Σ w·CE, and Σ w·CE, Σ w, correct predictions (all device tensors). */
export interface ShardGradients {
  grads: tf.NamedTensorMap;
  lossSum: tf.Scalar;
  weightSum: tf.Scalar;
  correct: tf.Scalar;
}

/** Per-sample weighted cross-entropy from logits: w_i · −log softmax(logits_i)[y_i], shape [b]. */
export function weightedCrossEntropy(logits: tf.Tensor2D, y: tf.Tensor1D, w: tf.Tensor1D): tf.Tensor1D {
  return tf.tidy(() => {
    const k = logits.shape[1];
    const nll = tf.neg(tf.sum(tf.mul(tf.oneHot(y, k), tf.logSoftmax(logits)), 1));
    return tf.mul(nll, w) as tf.Tensor1D;
  });
}

/** Worker side: gradients of the shard's weighted loss sum with respect to `vars`, plus its sums. */
export function computeShardGradients(model: tf.LayersModel, vars: tf.Variable[], shard: { x: tf.Tensor3D; y: tf.Tensor1D; w: tf.Tensor1D }): ShardGradients {
  let kept: tf.Scalar | null = null;
  const { value, grads } = tf.variableGrads(() => {
    const logits = model.apply(shard.x, { training: true }) as tf.Tensor2D;
    // variableGrads keeps only the loss and the gradients; keep the accuracy count past its scope…
    kept = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), shard.y), 'float32')) as tf.Scalar);
    return tf.sum(weightedCrossEntropy(logits, shard.y, shard.w)) as tf.Scalar;
  }, vars);
  // …then hand it back to the caller's tidy scope (a kept tensor would outlive every tidy).
  const correct = tf.add(kept!, 0) as tf.Scalar;
  (kept as unknown as tf.Scalar).dispose();
  return { grads, lossSum: value, weightSum: tf.sum(shard.w) as tf.Scalar, correct };
}

/** Reducer: sum the shards' gradients and sums (an all-reduce across workers would do the same). */
export function sumShardGradients(parts: ShardGradients[]): ShardGradients {
  if (parts.length === 1) return parts[0];
  const names = Object.keys(parts[0].grads);
  return {
    grads: Object.fromEntries(names.map((n) => [n, tf.addN(parts.map((p) => p.grads[n]))])),
    lossSum: tf.addN(parts.map((p) => p.lossSum)) as tf.Scalar,
    weightSum: tf.addN(parts.map((p) => p.weightSum)) as tf.Scalar,
    correct: tf.addN(parts.map((p) => p.correct)) as tf.Scalar,
  };
}

/** Apply side: gradient of the batch's weighted mean loss (Σ ∇ / Σ w), then the optimizer (global-norm clip inside AdamW). */
export function applyAveragedGradients(optimizer: AdamW, total: ShardGradients): void {
  tf.tidy(() => {
    const denom = tf.maximum(total.weightSum, 1e-12);
    const avg: tf.NamedTensorMap = {};
    for (const [n, g] of Object.entries(total.grads)) avg[n] = tf.div(g, denom);
    optimizer.applyGradients(avg as unknown as Parameters<AdamW['applyGradients']>[0]);
  });
}

/** One row of training_history.json. */
export interface NidsEpoch {
  epoch: number;
  train_loss: number;
  train_accuracy: number;
  val_loss: number;
  val_accuracy: number;
  train_seconds: number;
  val_seconds: number;
  best: boolean;
}

export interface TrainNidsOptions {
  train: NidsSplit;
  val: NidsSplit;
  nFeatures: number;
  seqLen: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  weightDecay: number;
  clipnorm: number;
  /** Stop after this many epochs without a better validation accuracy; 0 = off. */
  patience: number;
  seed: number;
  evalBatchSize: number;
  /** Lines of the per-epoch monitoring block (default: none). */
  log?: (line: string) => void;
  /** Progress bar stream (a TTY redraws in place); null = none. */
  progress?: NodeJS.WriteStream | null;
  onEpoch?: (row: NidsEpoch, history: readonly NidsEpoch[]) => void | Promise<void>;
  /** Shards per batch (future data-parallel workers); 1 by default. */
  shards?: number;
}

export interface TrainNidsResult {
  history: NidsEpoch[];
  bestEpoch: number;
  bestValAccuracy: number;
  stoppedEarly: boolean;
  stoppedReason: string;
  seconds: number;
}

/**
 * Train a classifier `[b, seqLen, F] → logits` with sample-weighted cross-entropy and AdamW. Keeps the
 * weights of the epoch with the best validation accuracy and leaves them in the model. No tensors leak.
 */
export async function trainNidsClassifier(model: tf.LayersModel, o: TrainNidsOptions): Promise<TrainNidsResult> {
  const log = o.log ?? (() => {});
  const optimizer = adamw({ learningRate: o.learningRate, weightDecay: o.weightDecay, clipnorm: o.clipnorm || null });
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const trainEnds = sequenceEnds(o.train.n, o.seqLen, 'training split');
  const valEnds = sequenceEnds(o.val.n, o.seqLen, 'validation split');
  const rng = createRng(o.seed).fork('batches');
  const history: NidsEpoch[] = [];
  let best: tf.Tensor[] | null = null;
  let bestAcc = -Infinity;
  let bestEpoch = 0;
  let reason = '';
  const t0 = performance.now();
  try {
    for (let epoch = 1; epoch <= o.epochs; epoch++) {
      const e0 = performance.now();
      const bar = o.progress ? progressBar(o.progress, epoch, o.epochs, Math.ceil(trainEnds.length / o.batchSize)) : null;
      const sums = runEpoch(model, vars, optimizer, o, epochBatches(trainEnds, { batchSize: o.batchSize, shards: o.shards, rng }), bar);
      const [lossSum, weightSum, correct] = await readSums(sums);
      const trainSeconds = (performance.now() - e0) / 1000;
      bar?.done();
      const v0 = performance.now();
      const val = await evaluateLoss(model, o.val, valEnds, o);
      const row: NidsEpoch = {
        epoch, train_loss: lossSum / Math.max(weightSum, 1e-12), train_accuracy: correct / trainEnds.length,
        val_loss: val.loss, val_accuracy: val.accuracy, train_seconds: trainSeconds, val_seconds: (performance.now() - v0) / 1000, best: false,
      };
      if (!Number.isFinite(row.train_loss) || !Number.isFinite(row.val_loss)) {
        throw new Error(`training diverged at epoch ${epoch} (train loss ${row.train_loss}, val loss ${row.val_loss}); lower the learning rate (LEARNING_RATE / --learning-rate)`);
      }
      const previous = bestAcc;
      if (row.val_accuracy > bestAcc) {
        row.best = true;
        bestAcc = row.val_accuracy;
        bestEpoch = epoch;
        if (best) tf.dispose(best);
        best = model.getWeights().map((w) => tf.keep(w.clone()));
      }
      history.push(row);
      for (const line of epochBlock(row, o.epochs, previous)) log(line);
      await o.onEpoch?.(row, history);
      if (o.patience > 0 && epoch - bestEpoch >= o.patience) {
        reason = `early stopping: no better validation accuracy for ${o.patience} epochs (best ${bestAcc.toFixed(4)} at epoch ${bestEpoch})`;
        log(reason);
        break;
      }
      await new Promise((r) => setImmediate(r)); // let timers, signals and kernel messages through
    }
    if (best) model.setWeights(best);
    const last = history[history.length - 1];
    return {
      history, bestEpoch, bestValAccuracy: bestAcc, stoppedEarly: last.epoch < o.epochs,
      stoppedReason: reason || `completed all ${o.epochs} epochs; best validation accuracy ${bestAcc.toFixed(4)} at epoch ${bestEpoch}`,
      seconds: (performance.now() - t0) / 1000,
    };
  } finally {
    if (best) tf.dispose(best);
    optimizer.dispose();
  }
}

type Sums = [tf.Scalar, tf.Scalar, tf.Scalar];

/** One pass over the batches; every step in tf.tidy; returns the device sums (loss, weight, correct). */
function runEpoch(
  model: tf.LayersModel, vars: tf.Variable[], optimizer: AdamW, o: TrainNidsOptions,
  batches: Iterable<Shard[]>, bar: ReturnType<typeof progressBar> | null,
): Sums {
  let sums: Sums = [tf.scalar(0), tf.scalar(0), tf.scalar(0)];
  let step = 0;
  for (const shards of batches) {
    const next = tf.tidy(() => {
      const parts = shards.map((s) => computeShardGradients(model, vars, shardTensors(o.train, o.nFeatures, o.seqLen, s.rows)));
      const total = sumShardGradients(parts);
      applyAveragedGradients(optimizer, total);
      return [tf.add(sums[0], total.lossSum), tf.add(sums[1], total.weightSum), tf.add(sums[2], total.correct)] as Sums;
    });
    tf.dispose(sums);
    sums = next;
    step++;
    if (bar) {
      const current = sums;
      bar.tick(step, () => current[0].dataSync()[0] / Math.max(current[1].dataSync()[0], 1e-12));
    }
  }
  return sums;
}

async function readSums(sums: Sums): Promise<number[]> {
  const values = await Promise.all(sums.map(async (s) => (await s.data())[0]));
  tf.dispose(sums);
  return values;
}

/** Weighted mean loss and accuracy over a split, inference mode, batched; one device read. */
export async function evaluateLoss(model: tf.LayersModel, split: NidsSplit, ends: Int32Array, o: Pick<TrainNidsOptions, 'nFeatures' | 'seqLen' | 'evalBatchSize'>): Promise<{ loss: number; accuracy: number }> {
  let sums: Sums = [tf.scalar(0), tf.scalar(0), tf.scalar(0)];
  for (const [shard] of epochBatches(ends, { batchSize: o.evalBatchSize, rng: null })) {
    const next = tf.tidy(() => {
      const b = shardTensors(split, o.nFeatures, o.seqLen, shard.rows);
      const logits = model.apply(b.x, { training: false }) as tf.Tensor2D;
      const correct = tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), b.y), 'float32'));
      return [tf.add(sums[0], tf.sum(weightedCrossEntropy(logits, b.y, b.w))), tf.add(sums[1], tf.sum(b.w)), tf.add(sums[2], correct)] as Sums;
    });
    tf.dispose(sums);
    sums = next;
  }
  const [loss, weight, correct] = await readSums(sums);
  return { loss: loss / Math.max(weight, 1e-12), accuracy: correct / ends.length };
}
