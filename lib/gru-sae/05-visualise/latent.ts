import { tf } from '../../engine';
import { createRng, sampleSorted } from '../../random';
import type { NdArray } from '../../io/npy';
import { latentModel } from '../../models/gru-sae';

/** `k` of `n` row indices, seeded, ascending (all rows when k ≥ n). */
export function sampleIndices(n: number, k: number, seed: number): number[] {
  if (!Number.isInteger(k) || k < 1) throw new Error(`sampleIndices: k must be a positive integer, got ${k}`);
  return sampleSorted(Int32Array.from({ length: n }, (_, i) => i), k, createRng(seed));
}

/**
 * Encoder vectors of the windows `rows` of `X` ([n, T, F]) through `model`'s layer named `latent`:
 * returns a row-major `[rows.length, d]` matrix (a 3-D latent output [.., T', d'] is flattened per row).
 * Tensors are freed; the model is left as it was.
 */
export function latentVectors(model: tf.LayersModel, X: NdArray, rows: number[], opts: { batchSize?: number } = {}): { data: Float32Array; shape: [number, number] } {
  if (X.shape.length !== 3) throw new Error(`latentVectors: X must be [n, T, F], got shape [${X.shape}]`);
  const [n, T, F] = X.shape;
  const bad = rows.find((r) => !Number.isInteger(r) || r < 0 || r >= n);
  if (bad !== undefined) throw new Error(`latentVectors: row ${bad} is outside 0..${n - 1}`);
  // A second model over the same layers (model.ts): shares weights, owns nothing to free.
  const encoder = latentModel(model);
  const outShape = encoder.outputs[0].shape.slice(1) as number[];
  const d = outShape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(rows.length * d);
  const batch = opts.batchSize ?? 512;
  const step = T * F;
  for (let start = 0; start < rows.length; start += batch) {
    const chunk = rows.slice(start, start + batch);
    const buf = new Float32Array(chunk.length * step);
    chunk.forEach((r, i) => buf.set((X.data as Float32Array).subarray(r * step, (r + 1) * step), i * step));
    const values = tf.tidy(() => (encoder.predict(tf.tensor3d(buf, [chunk.length, T, F]), { batchSize: chunk.length }) as tf.Tensor).dataSync());
    out.set(values, start * d);
  }
  return { data: out, shape: [rows.length, d] };
}
