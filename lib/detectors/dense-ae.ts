/**
 * The quickstart's dense autoencoder (lib/models/dense-autoencoder.ts) as a detector over rows `[d]`:
 * MSE, AdamW with clipping, a fixed number of epochs; validation rows are only monitored (no early
 * stopping, no checkpoint chosen on them).
 */
import { buildDenseAutoencoder } from '../models/dense-autoencoder';
import { trainAutoencoder } from '../train';
import type { FitOptions } from './contract';
import { NetworkDetector } from './network';
import { readRange, type Samples } from './samples';

export const DENSE_AE_DEFAULTS = { units: [24, 8], epochs: 20, batch_size: 128, learning_rate: 0.003, weight_decay: 1e-4, clipnorm: 1.0, seed: 7, score_batch_size: 1024 };
export type DenseAeConfig = typeof DENSE_AE_DEFAULTS;

export class DenseAeDetector extends NetworkDetector<DenseAeConfig> {
  readonly kind = 'dense_ae';
  protected readonly reduction = 'mean' as const;

  protected async train(train: Samples, opts: FitOptions) {
    if (train.shape.length !== 1) throw new Error(`dense_ae: fits rows [d], got samples of shape [${train.shape}]`);
    if (!opts.val) throw new Error('dense_ae: fit needs validation rows (monitored each epoch)');
    const c = this.config;
    const model = buildDenseAutoencoder(train.shape[0], { units: c.units, seed: c.seed });
    try {
      const r = await trainAutoencoder(model, {
        train: readRange(train, 0, train.n), val: readRange(opts.val, 0, opts.val.n), epochs: c.epochs, batchSize: c.batch_size,
        learningRate: c.learning_rate, weightDecay: c.weight_decay, clipnorm: c.clipnorm, stopping: { strategy: 'none', restore_best: false },
        seed: c.seed, onEpoch: opts.callbacks?.onEpoch, onBatch: opts.callbacks?.onBatch, learningRateFlag: opts.learningRateFlag ?? 'learning_rate',
      });
      return { model, history: r.history, stoppedReason: r.stoppedReason, seconds: r.seconds };
    } catch (err) {
      model.dispose();
      throw err;
    }
  }
}
