import { tf } from '../engine';

/** Copies of the model's weights (they survive later optimizer updates). */
export function snapshotWeights(model: tf.LayersModel): tf.Tensor[] {
  return model.getWeights().map((w) => tf.keep(w.clone()));
}

/**
 * End of training: with `restore`, put the best weights back (and, with `keep`, hand back copies of the
 * final ones); without, leave the final weights and, with `keep`, hand back the best. Disposes the rest.
 */
export function finishWeights(
  model: tf.LayersModel, best: tf.Tensor[] | null, o: { restore: boolean; keep: boolean },
): { restoredBest: boolean; finalWeights?: tf.Tensor[]; bestWeights?: tf.Tensor[] } {
  if (!best) return { restoredBest: false };
  if (o.restore) {
    const finalWeights = o.keep ? snapshotWeights(model) : undefined;
    model.setWeights(best);
    tf.dispose(best);
    return finalWeights ? { restoredBest: true, finalWeights } : { restoredBest: true };
  }
  if (o.keep) return { restoredBest: false, bestWeights: best };
  tf.dispose(best);
  return { restoredBest: false };
}

/** Dispose weight copies returned by a training call (absent ones are fine). */
export function disposeWeights(result: { finalWeights?: tf.Tensor[]; bestWeights?: tf.Tensor[] }): void {
  if (result.finalWeights) tf.dispose(result.finalWeights);
  if (result.bestWeights) tf.dispose(result.bestWeights);
  result.finalWeights = undefined;
  result.bestWeights = undefined;
}
