import { tf } from '../engine';
import { gatherWindows, type Series } from '../features';

export interface WindowErrors {
  /** Mean squared reconstruction error per window (`mse_window_mean`). */
  errors: Float64Array;
  /** Per window and feature, the squared error averaged over the window's rows: `[n, F]`. */
  perFeature: Float32Array;
}

/**
 * Reconstruction errors of the windows starting at `starts`, streamed in batches of `batchSize`: memory
 * stays O(batch · T · F) however long the series. One device read per batch; no tensors left behind.
 */
export async function scoreWindows(model: tf.LayersModel, series: Series, T: number, starts: Int32Array, opts: { batchSize: number }): Promise<WindowErrors> {
  const { F } = series;
  const n = starts.length;
  const errors = new Float64Array(n);
  const perFeature = new Float32Array(n * F);
  for (let b = 0; b < n; b += opts.batchSize) {
    const idx = starts.subarray(b, Math.min(n, b + opts.batchSize));
    const host = gatherWindows(series, T, idx);
    const featureErr = tf.tidy(() => {
      const x = tf.tensor(host.data, host.shape as [number, number, number]);
      const r = model.predict(x, { batchSize: idx.length }) as tf.Tensor;
      return tf.mean(tf.squaredDifference(r, x), 1); // [batch, F]
    });
    const values = (await featureErr.data()) as Float32Array;
    featureErr.dispose();
    perFeature.set(values, b * F);
    for (let k = 0; k < idx.length; k++) {
      let s = 0;
      for (let f = 0; f < F; f++) s += values[k * F + f];
      errors[b + k] = s / F;
    }
  }
  return { errors, perFeature };
}

/** Rows of `model` (an embedding model) for the windows at `starts`: `[n, d]`, batched. */
export async function embedWindows(model: tf.LayersModel, series: Series, T: number, starts: Int32Array, opts: { batchSize: number }): Promise<{ data: Float32Array; dims: number }> {
  const dims = model.outputs[0].shape[1] as number;
  const out = new Float32Array(starts.length * dims);
  for (let b = 0; b < starts.length; b += opts.batchSize) {
    const idx = starts.subarray(b, Math.min(starts.length, b + opts.batchSize));
    const host = gatherWindows(series, T, idx);
    const emb = tf.tidy(() => model.predict(tf.tensor(host.data, host.shape as [number, number, number]), { batchSize: idx.length }) as tf.Tensor);
    out.set((await emb.data()) as Float32Array, b * dims);
    emb.dispose();
  }
  return { data: out, dims };
}

/** Mean of `perFeature` `[n, F]` over the rows in `[lo, hi)`, per feature. */
export function meanPerFeature(perFeature: Float32Array, F: number, lo: number, hi: number): number[] {
  const out = new Array<number>(F).fill(0);
  for (let i = lo; i < hi; i++) for (let f = 0; f < F; f++) out[f] += perFeature[i * F + f];
  return out.map((s) => s / Math.max(1, hi - lo));
}
