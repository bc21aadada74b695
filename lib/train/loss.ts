import { tf } from '../engine';
import { fusedReconstructionLoss, hasFusedLoss } from '../engine/fused';

/** Per-sample reconstruction error `(x, reconstruction) → [batch]`: an autoencoder's only training-specific piece. */
export type PerSampleError = (x: tf.Tensor, reconstruction: tf.Tensor) => tf.Tensor;

/** 'mse', `{ huber: delta }`, or a custom per-sample error. */
export type AutoencoderLoss = 'mse' | { huber: number } | PerSampleError;

/** Resolve a loss option into a per-sample error function; checks the Huber delta. */
export function perSampleError(loss: AutoencoderLoss = 'mse'): PerSampleError {
  if (typeof loss === 'function') return loss;
  if (loss === 'mse') return meanSquaredPerSample;
  if (loss && typeof loss === 'object' && 'huber' in loss) {
    const delta = loss.huber;
    if (!(Number.isFinite(delta) && delta > 0)) throw new Error(`loss { huber: δ } needs δ > 0, got ${delta}`);
    return (x, r) => huberPerSample(x, r, delta);
  }
  throw new Error(`unknown loss ${JSON.stringify(loss)}; use 'mse', { huber: delta } or a function`);
}

/** Mean squared error over every non-batch axis: `[batch, …] → [batch]`. */
export function meanSquaredPerSample(x: tf.Tensor, r: tf.Tensor): tf.Tensor {
  if (fusable(x, r)) return fusedReconstructionLoss(x, r, 0);
  return tf.tidy(() => tf.mean(tf.squaredDifference(r, x), nonBatchAxes(x)));
}

/** Huber error (quadratic below δ, linear above), averaged over every non-batch axis: `[batch]`. */
export function huberPerSample(x: tf.Tensor, r: tf.Tensor, delta: number): tf.Tensor {
  if (fusable(x, r)) return fusedReconstructionLoss(x, r, delta);
  return tf.tidy(() => {
    const a = tf.abs(tf.sub(r, x));
    const quad = tf.minimum(a, delta);
    // 0.5·q² + δ·(|e| − q) with q = min(|e|, δ): Keras's Huber, written without a select.
    const e = tf.add(tf.mul(0.5, tf.square(quad)), tf.mul(delta, tf.sub(a, quad)));
    return tf.mean(e, nonBatchAxes(x));
  });
}

/** The fused kernels (lib/engine/fused.ts) take same-shape float32 batches of rank ≥ 2 on WASM. */
function fusable(x: tf.Tensor, r: tf.Tensor): boolean {
  return x.rank >= 2 && x.dtype === 'float32' && r.dtype === 'float32' && tf.util.arraysEqual(x.shape, r.shape) && hasFusedLoss();
}

function nonBatchAxes(x: tf.Tensor): number[] {
  return x.shape.slice(1).map((_, i) => i + 1);
}
