import * as tf from '@tensorflow/tfjs';

/** A dense float32 array with its shape, e.g. windows `[n, time, features]`, held outside TF.js. */
export interface HostArray {
  data: Float32Array;
  shape: number[];
}

export interface ScoreOptions {
  /** Samples per predict call; bounds device memory. */
  batchSize?: number;
  /** Per-sample error: mean squared (default) or mean absolute. */
  metric?: 'mse' | 'mae';
}

/**
 * Samples per forward pass inside one batch. predict's own default is 32, which ran each batch as
 * size/32 passes (a 20-step GRU: ~2,500 kernel calls each). Not more than 256 while TF.js WASM's Slice
 * copies its whole input per call: a GRU's tf.unstack over T steps then costs O(T²·batch). Measured on
 * 4,096 GRU-AE windows (bench/gru-ae-score.bench.ts, CPU s): batch 256: 6.1 → 4.2; batch 1024: 5.4 → 3.9
 * (6.4 with chunks of 1024). With the no-copy Slice (bench/proposals/wasm-slice.ts) one pass per batch
 * is best (batch 1024: 4.1 → 1.8): raise this then.
 */
const PREDICT_CHUNK = 256;

/**
 * Per-sample reconstruction error of an autoencoder over all non-batch axes, in batches.
 * `x` is a tensor or a host array `[n, …]`; returns Float32Array(n). Leaks no tensors.
 */
export async function reconstructionErrors(model: tf.LayersModel, x: tf.Tensor | HostArray, opts: ScoreOptions = {}): Promise<Float32Array> {
  const batchSize = opts.batchSize ?? 256;
  if (!(Number.isInteger(batchSize) && batchSize > 0)) throw new Error(`reconstructionErrors: batchSize must be a positive integer, got ${batchSize}`);
  const shape = x instanceof tf.Tensor ? x.shape : x.shape;
  const n = shape[0];
  if (shape.length < 2) throw new Error(`reconstructionErrors: input must be [n, …] with rank ≥ 2, got shape [${shape}]`);
  if (!(x instanceof tf.Tensor) && x.data.length !== shape.reduce((a, b) => a * b, 1)) {
    throw new Error(`reconstructionErrors: data length ${x.data.length} does not match shape [${shape}]`);
  }
  const rowSize = shape.slice(1).reduce((a, b) => a * b, 1);
  const axes = shape.slice(1).map((_, i) => i + 1);
  const out = new Float32Array(n);
  for (let start = 0; start < n; start += batchSize) {
    const size = Math.min(batchSize, n - start);
    const err = tf.tidy(() => {
      const xb = x instanceof tf.Tensor
        ? x.slice(start, size)
        : tf.tensor(x.data.subarray(start * rowSize, (start + size) * rowSize), [size, ...shape.slice(1)], 'float32');
      const pred = model.predict(xb, { batchSize: Math.min(size, PREDICT_CHUNK) }) as tf.Tensor;
      const diff = opts.metric === 'mae' ? tf.abs(tf.sub(pred, xb)) : tf.squaredDifference(pred, xb);
      return tf.mean(diff, axes);
    });
    out.set(await err.data(), start);
    err.dispose();
  }
  return out;
}
