/**
 * The one scoring path of the autoencoders: reconstruction error per sample, in batches (memory
 * O(batch · sample)), no tensors left behind. Two reductions, each the one its detector was built and
 * evaluated with (they differ only in float rounding):
 * - `mean`: the mean squared error over all values of the sample, on the device (GRU-SAE, dense AE);
 * - `feature_mean`: per feature the mean over time on the device, then their mean (SmartNetGuard L1,
 *   which also reports the per-feature errors `[n, F]`). `rows` takes the time mean over the window's last
 *   `rows` rows only (0, undefined or rows ≥ T: the whole window): the rows the window-end label describes (the Conv1D AE's
 *   `score_rows`).
 * `ortReconstructionScores` is the same with ONNX Runtime (the reduction is part of the exported graph).
 */
import { reconstructionErrors, tf } from '../engine';
import type { OrtSession } from '../onnx/ort';
import { range, readRange, type Samples } from './samples';

export type Reduction = 'mean' | 'feature_mean';

export interface ReconstructionScores {
  errors: Float64Array;
  /** `feature_mean` only: per sample and feature, the squared error averaged over time, `[n, F]`. */
  perFeature?: Float32Array;
}

export interface ScoreOptions {
  batchSize: number;
  reduction: Reduction;
  /** `feature_mean` only: the window's last `rows` rows are scored (default, or rows ≥ T: the whole window). */
  rows?: number;
}

/** Reconstruction errors of every sample of `x` (see the module comment). */
export async function reconstructionScores(model: tf.LayersModel, x: Samples, opts: ScoreOptions): Promise<ReconstructionScores> {
  if (opts.reduction === 'mean') {
    if (x.array) return { errors: Float64Array.from(await reconstructionErrors(model, x.array, { batchSize: opts.batchSize })) };
    const errors = new Float64Array(x.n);
    for (let b = 0; b < x.n; b += opts.batchSize) {
      const count = Math.min(opts.batchSize, x.n - b);
      errors.set(await reconstructionErrors(model, readRange(x, b, count), { batchSize: count }), b);
    }
    return { errors };
  }
  return featureMeanErrors(model, x, opts.batchSize, opts.rows);
}

/** The same scores from an ONNX Runtime session of the exported network (lib/onnx convert: outputs `score`, `feature_errors`). */
export async function ortReconstructionScores(session: OrtSession, x: Samples, opts: ScoreOptions): Promise<ReconstructionScores> {
  const perFeatureWanted = opts.reduction === 'feature_mean';
  if (perFeatureWanted && x.shape.length !== 2) throw new Error(`feature_mean errors need windows [T, F], got samples of shape [${x.shape}]`);
  const F = x.shape[x.shape.length - 1];
  const errors = new Float64Array(x.n);
  const perFeature = perFeatureWanted ? new Float32Array(x.n * F) : undefined;
  const outputs = perFeatureWanted ? ['score', 'feature_errors'] : ['score'];
  for (let b = 0; b < x.n; b += opts.batchSize) {
    const count = Math.min(opts.batchSize, x.n - b);
    const batch = readRange(x, b, count);
    const r = await session.run(batch.data, [count, ...x.shape], outputs);
    errors.set(r.score.data, b);
    perFeature?.set(r.feature_errors.data, b * F);
  }
  return perFeature ? { errors, perFeature } : { errors };
}

async function featureMeanErrors(model: tf.LayersModel, x: Samples, batchSize: number, rows?: number): Promise<ReconstructionScores> {
  if (x.shape.length !== 2) throw new Error(`feature_mean errors need windows [T, F], got samples of shape [${x.shape}]`);
  const [T, F] = x.shape;
  const tail = checkScoreRows(rows, T);
  const errors = new Float64Array(x.n);
  const perFeature = new Float32Array(x.n * F);
  for (let b = 0; b < x.n; b += batchSize) {
    const count = Math.min(batchSize, x.n - b);
    const data = x.gather(range(b, count));
    const featureErr = tf.tidy(() => {
      const t = tf.tensor(data, [count, ...x.shape] as [number, number, number]);
      const r = model.predict(t, { batchSize: count }) as tf.Tensor;
      if (tail === T) return tf.mean(tf.squaredDifference(r, t), 1); // [batch, F]
      return tf.mean(tf.squaredDifference(tf.slice(r, [0, T - tail, 0], [-1, tail, -1]), tf.slice(t, [0, T - tail, 0], [-1, tail, -1])), 1);
    });
    const values = (await featureErr.data()) as Float32Array;
    featureErr.dispose();
    perFeature.set(values, b * F);
    for (let k = 0; k < count; k++) {
      let s = 0;
      for (let f = 0; f < F; f++) s += values[k * F + f];
      errors[b + k] = s / F;
    }
  }
  return { errors, perFeature };
}

/** The rows a `feature_mean` score covers: the window's last `rows` (a positive integer; all T when the window is shorter), or all T for 0 or undefined. */
export function checkScoreRows(rows: number | undefined, T: number): number {
  if (rows === undefined || rows === 0) return T;
  if (!(Number.isInteger(rows) && rows >= 1)) throw new Error(`score_rows must be a positive integer (rows at the window's end the score covers) or 0 (the whole window), got ${rows}`);
  return Math.min(rows, T);
}

/** Rows of an embedding model for every sample: `[n, dims]`, batched. */
export async function embedSamples(model: tf.LayersModel, x: Samples, opts: { batchSize: number }): Promise<{ data: Float32Array; dims: number }> {
  const dims = model.outputs[0].shape[1] as number;
  const out = new Float32Array(x.n * dims);
  for (let b = 0; b < x.n; b += opts.batchSize) {
    const count = Math.min(opts.batchSize, x.n - b);
    const data = x.gather(range(b, count));
    const emb = tf.tidy(() => model.predict(tf.tensor(data, [count, ...x.shape]), { batchSize: count }) as tf.Tensor);
    out.set((await emb.data()) as Float32Array, b * dims);
    emb.dispose();
  }
  return { data: out, dims };
}
