import { tf, adamw, type HostArray } from '../engine';

export interface TrainOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  weightDecay: number;
  clipnorm: number;
  /** Validation rows scored after each epoch (benign and attack alike: this is only monitoring). */
  val?: HostArray;
  /** Called after each epoch, e.g. to update a live chart. */
  onEpoch?: (row: EpochRow) => void | Promise<void>;
}

export interface EpochRow {
  epoch: number;
  loss: number;
  val_loss?: number;
  seconds: number;
}

/** Train an autoencoder to reconstruct `x` (MSE, AdamW with clipping); returns one row per epoch. */
export async function trainAutoencoder(model: tf.LayersModel, x: HostArray, opts: TrainOptions): Promise<EpochRow[]> {
  if (x.shape[0] === 0) throw new Error('trainAutoencoder: no training rows');
  // Decay weights only: shrinking biases or LayerNorm's gamma/beta towards 0 is not regularisation.
  const optimizer = adamw({
    learningRate: opts.learningRate, weightDecay: opts.weightDecay, clipnorm: opts.clipnorm,
    excludeFromWeightDecay: ['bias', 'gamma', 'beta'],
  });
  model.compile({ optimizer, loss: 'meanSquaredError' });
  const xs = tf.tensor(x.data, x.shape, 'float32');
  const vs = opts.val ? tf.tensor(opts.val.data, opts.val.shape, 'float32') : null;
  const history: EpochRow[] = [];
  let t0 = performance.now();
  try {
    await model.fit(xs, xs, {
      epochs: opts.epochs,
      batchSize: opts.batchSize,
      shuffle: true,
      verbose: 0,
      validationData: vs ? [vs, vs] : undefined,
      callbacks: {
        onEpochEnd: async (epoch, logs) => {
          const row: EpochRow = { epoch: epoch + 1, loss: logs?.loss ?? NaN, seconds: (performance.now() - t0) / 1000 };
          if (logs?.val_loss !== undefined) row.val_loss = logs.val_loss;
          if (!Number.isFinite(row.loss)) throw new Error(`training diverged at epoch ${row.epoch} (loss ${row.loss}); lower the learning rate`);
          history.push(row);
          await opts.onEpoch?.(row);
          t0 = performance.now();
        },
      },
    });
  } finally {
    xs.dispose();
    vs?.dispose();
    optimizer.dispose(); // its moment tensors; model.dispose() frees only optimizers made from a string
  }
  return history;
}
