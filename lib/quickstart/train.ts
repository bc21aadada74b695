import type { tf } from '../engine';
import { trainAutoencoder, type EpochRecord } from '../train';
import type { PreparedFlows } from './data';
import type { QuickstartConfig } from './run';

/**
 * Train the quickstart autoencoder with the shared loop (lib/train): MSE, AdamW with clipping, a fixed
 * number of epochs. Validation rows (benign and attack) are only monitored: no early stopping, no
 * checkpoint chosen on them. Returns one row per epoch.
 */
export async function trainQuickstartModel(
  model: tf.LayersModel,
  flows: PreparedFlows,
  cfg: QuickstartConfig,
  onEpoch?: (row: EpochRecord) => void | Promise<void>,
): Promise<EpochRecord[]> {
  const result = await trainAutoencoder(model, {
    train: flows.train,
    val: flows.val,
    epochs: cfg.epochs,
    batchSize: cfg.batch_size,
    learningRate: cfg.learning_rate,
    weightDecay: cfg.weight_decay,
    clipnorm: cfg.clipnorm,
    stopping: { strategy: 'none', restore_best: false },
    seed: cfg.seed,
    learningRateFlag: '--learning-rate',
    onEpoch: onEpoch && ((row) => onEpoch(row)),
  });
  return result.history;
}
