/**
 * The training data source: an iterator of batches, each a list of shards (row sets of one split).
 * Today one process computes every shard; data-parallel workers would each take one shard of a batch,
 * compute its gradients (train.ts computeShardGradients), all-reduce the sums, and apply the same
 * averaged update, so neither this iterator nor the step functions change.
 */
import { tf } from '../../engine';
import type { Rng } from '../../random';
import type { NidsSplit } from '../01-prepare/data';

/** One worker's part of a batch: the sequence-end rows of a split it scores. */
export interface Shard {
  rows: Int32Array;
}

/** The rows at which a sequence of `seqLen` consecutive flows ends: seqLen−1 … n−1 (each sequence takes its last flow's label). */
export function sequenceEnds(n: number, seqLen: number, what = 'split'): Int32Array {
  if (n < seqLen) throw new Error(`the ${what} has ${n} rows, fewer than seq_len ${seqLen}: no sequence fits`);
  return Int32Array.from({ length: n - seqLen + 1 }, (_, i) => i + seqLen - 1);
}

export interface BatchOptions {
  batchSize: number;
  /** Shards per batch (data-parallel workers); 1 today. */
  shards?: number;
  /** Shuffles the order every epoch; null keeps row order (evaluation). */
  rng: Rng | null;
}

/** One epoch of batches over `ends`, each split into `shards` near-equal shards. */
export function* epochBatches(ends: Int32Array, opts: BatchOptions): Generator<Shard[]> {
  const order = opts.rng ? Int32Array.from(opts.rng.shuffle(Array.from(ends))) : ends;
  const k = opts.shards ?? 1;
  for (let start = 0; start < order.length; start += opts.batchSize) {
    const batch = order.subarray(start, Math.min(order.length, start + opts.batchSize));
    const per = Math.ceil(batch.length / k);
    const shards: Shard[] = [];
    for (let s = 0; s < batch.length; s += per) shards.push({ rows: batch.subarray(s, Math.min(batch.length, s + per)) });
    yield shards;
  }
}

/** Tensors of one shard: x [b, seqLen, F] (flows end−seqLen+1 … end), labels y [b] int32, weights w [b]. */
export function shardTensors(split: NidsSplit, nFeatures: number, seqLen: number, rows: Int32Array): { x: tf.Tensor3D; y: tf.Tensor1D; w: tf.Tensor1D } {
  const step = seqLen * nFeatures;
  const buf = new Float32Array(rows.length * step);
  for (let k = 0; k < rows.length; k++) {
    const first = rows[k] - seqLen + 1;
    buf.set(split.x.subarray(first * nFeatures, (rows[k] + 1) * nFeatures), k * step);
  }
  return {
    x: tf.tensor3d(buf, [rows.length, seqLen, nFeatures]),
    y: tf.tensor1d(Int32Array.from(rows, (r) => split.y[r]), 'int32'),
    w: tf.tensor1d(Float32Array.from(rows, (r) => split.w[r])),
  };
}
