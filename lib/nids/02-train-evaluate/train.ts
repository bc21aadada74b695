/**
 * The classifier's use of the one training loop (lib/train loop.ts): its batch source, step and
 * validation. The step is split for data parallelism: `computeShardGradients` (what each worker does
 * with its shard of a batch: gradients of the weighted loss SUM, not yet averaged), `sumShardGradients`
 * (what an all-reduce does), `applyAveragedGradients` (divide by the batch's total weight, clip, AdamW
 * step; identical on every worker). The data source is an iterator of shard lists (shards.ts).
 */
import { adamw, tf, type AdamW } from '../../engine';
import { createRng } from '../../random';
import { terminalProgress, trainModel, type EpochInfo, type EpochRecord, type StepSums } from '../../train';
import type { NidsSplit } from '../01-prepare/data';
import { epochBlock } from './monitor';
import { epochBatches, sequenceEnds, shardTensors, type Shard } from './shards';

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

/** One row of training_history.json: the one history schema, with accuracies, split timings and the best flag. */
export type NidsEpoch = EpochRecord & Required<Pick<EpochRecord, 'accuracy' | 'val_accuracy' | 'train_seconds' | 'val_seconds' | 'best'>>;

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
  /** Progress bar stream (a TTY redraws in place; elsewhere nothing); null = none. */
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
  const optimizer = adamw({ learningRate: o.learningRate, weightDecay: o.weightDecay, clipnorm: o.clipnorm || null });
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const trainEnds = sequenceEnds(o.train.n, o.seqLen, 'training split');
  const valEnds = sequenceEnds(o.val.n, o.seqLen, 'validation split');
  const rng = createRng(o.seed).fork('batches');
  const r = await trainModel<Shard[]>(model, {
    epochs: o.epochs,
    optimizer,
    batches: () => ({ steps: Math.ceil(trainEnds.length / o.batchSize), items: epochBatches(trainEnds, { batchSize: o.batchSize, shards: o.shards, rng }) }),
    step: (shards) => weightedStep(model, vars, optimizer, o, shards),
    validate: async () => {
      const v = await evaluateLoss(model, o.val, valEnds, o);
      return { val_loss: v.loss, val_accuracy: v.accuracy };
    },
    monitor: { metric: 'val_accuracy', mode: 'max' },
    stopping: { strategy: o.patience > 0 ? 'standard' : 'none', patience: Math.max(1, o.patience), restore_best: true },
    extraFields: ['train_seconds', 'val_seconds', 'best'],
    learningRateFlag: 'LEARNING_RATE / --learning-rate',
    ...monitoring(o),
  });
  return {
    history: r.history as NidsEpoch[], bestEpoch: r.bestEpoch, bestValAccuracy: r.bestValue,
    stoppedEarly: r.stoppedEarly, stoppedReason: r.stoppedReason, seconds: r.seconds,
  };
}

/** The progress bar (no epoch lines) and the per-epoch block of the original, then the caller's hook. */
function monitoring(o: TrainNidsOptions) {
  const log = o.log ?? (() => {});
  const bar = o.progress ? terminalProgress({ stream: o.progress, epochLines: false }) : null;
  return {
    onBatch: bar?.onBatch,
    onEpoch: async (row: EpochRecord, info: EpochInfo) => {
      bar?.onEpoch(row, info);
      const history = info.history as readonly NidsEpoch[];
      for (const line of epochBlock(row as NidsEpoch, info.epochs)) log(line);
      await o.onEpoch?.(row as NidsEpoch, history);
      if (info.decision.stop) log(`early stopping: ${info.decision.reason}`);
    },
  };
}

/** One step: every shard's gradients of Σ w·CE, summed, divided by the batch's Σ w, one AdamW update. */
function weightedStep(model: tf.LayersModel, vars: tf.Variable[], optimizer: AdamW, o: TrainNidsOptions, shards: Shard[]): StepSums {
  const parts = shards.map((s) => computeShardGradients(model, vars, shardTensors(o.train, o.nFeatures, o.seqLen, s.rows)));
  const total = sumShardGradients(parts);
  applyAveragedGradients(optimizer, total);
  const samples = shards.reduce((n, s) => n + s.rows.length, 0);
  return { lossSum: total.lossSum, weightSum: total.weightSum, correct: total.correct, samples };
}

type Sums = [tf.Scalar, tf.Scalar, tf.Scalar];

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
