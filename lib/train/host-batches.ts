import { tf, type HostArray } from '../engine';
import type { Rng } from '../random';

/** One training batch of a host array: the rows `idx` of `data`, gathered on the device inside the step. */
export interface HostBatch {
  data: HostArray;
  idx: Int32Array;
}

/** The rows of `data` in a seeded random order, cut into batches of `batchSize` (the last may be short). */
export function shuffledBatches(data: HostArray, batchSize: number, rng: Rng): HostBatch[] {
  const n = data.shape[0];
  const order = permutation(n, rng);
  const batches: HostBatch[] = [];
  for (let start = 0; start < n; start += batchSize) batches.push({ data, idx: order.subarray(start, Math.min(n, start + batchSize)) });
  return batches;
}

/** Rows `idx` of a host array as a fresh tensor `[idx.length, …]`. */
export function gather(a: HostArray, idx: ArrayLike<number>): tf.Tensor {
  const row = rowSize(a);
  const buf = new Float32Array(idx.length * row);
  for (let k = 0; k < idx.length; k++) buf.set(a.data.subarray(idx[k] * row, (idx[k] + 1) * row), k * row);
  return tf.tensor(buf, [idx.length, ...a.shape.slice(1)], 'float32');
}

/** 0 … n−1 shuffled by Fisher–Yates from the top (one draw per position). */
export function permutation(n: number, rng: Rng): Int32Array {
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

export function range(start: number, end: number): Int32Array {
  const r = new Int32Array(end - start);
  for (let i = 0; i < r.length; i++) r[i] = start + i;
  return r;
}

const rowSize = (a: HostArray) => a.shape.slice(1).reduce((p, d) => p * d, 1);
