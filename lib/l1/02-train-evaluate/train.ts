import { tf, type HostArray } from '../../engine';
import { createRng, deriveSeed } from '../../random';
import { trainAutoencoder, type TrainAutoencoderResult, type TrainingCallbacks } from '../../train';
import type { L1Config } from '../config';
import { buildL1Model } from '../../models/conv1d-ae';
import { gatherWindows, randomStarts, seriesRows, type Series } from '../../features';

/** The settings L1 training reads (the L1 config has them, and so does a conv1d_ae detector's config). */
export type L1TrainConfig = { preprocess: Pick<L1Config['preprocess'], 'window'> } & Pick<L1Config, 'model' | 'train' | 'seed'>;

/** Rows `[0, fitRows)` train the model; `[fitRows, rows)` (the tail, in time order) are the holdout stream. */
export function holdoutSplit(rows: number, cfg: Pick<L1TrainConfig, 'train' | 'preprocess'>): { fitRows: number; holdoutRows: number } {
  const T = cfg.preprocess.window;
  const holdoutRows = Math.floor(rows * cfg.train.holdout_fraction);
  const fitRows = rows - holdoutRows;
  if (holdoutRows < T) {
    throw new Error(`the training holdout (${cfg.train.holdout_fraction} of ${rows} rows = ${holdoutRows}) is shorter than one window of ${T} rows; raise train.holdout_fraction, lower preprocess.window or give more training rows`);
  }
  if (fitRows < T) throw new Error(`train_for_fit has ${fitRows} rows, fewer than one window of ${T}; lower preprocess.window`);
  return { fitRows, holdoutRows };
}

export interface L1TrainResult extends TrainAutoencoderResult {
  model: tf.LayersModel;
  fitRows: number;
  holdoutRows: number;
  /** The fixed holdout windows the validation loss was computed on. */
  val: HostArray;
}

/**
 * Train the Conv1D AE on random windows: each epoch draws steps_per_epoch × batch_size windows from
 * train_for_fit afresh; the validation stream is val_steps × batch_size windows of the holdout, drawn
 * once (seeded). Huber loss, AdamW + clipnorm, early stopping and reduce-LR-on-plateau on holdout loss.
 */
export async function trainL1(train: Series, cfg: L1TrainConfig, callbacks: TrainingCallbacks = {}): Promise<L1TrainResult> {
  const T = cfg.preprocess.window;
  const { fitRows, holdoutRows } = holdoutSplit(seriesRows(train), cfg);
  const t = cfg.train;
  const rng = createRng(deriveSeed(cfg.seed, 'l1-windows'));
  const draw = () => gatherWindows(train, T, randomStarts(0, fitRows, T, t.steps_per_epoch * t.batch_size, rng));
  const first = draw();
  const val = gatherWindows(train, T, randomStarts(fitRows, fitRows + holdoutRows, T, t.val_steps * t.batch_size, createRng(deriveSeed(cfg.seed, 'l1-holdout'))));
  const model = buildL1Model({ window: T, features: train.F, seed: deriveSeed(cfg.seed, 'l1-model'), ...cfg.model });
  try {
    const result = await trainAutoencoder(model, {
      train: first,
      resample: draw,
      val,
      epochs: t.epochs,
      batchSize: t.batch_size,
      learningRate: t.learning_rate,
      weightDecay: t.weight_decay,
      clipnorm: t.clipnorm,
      lossFn: { huber: t.huber_delta },
      stopping: { strategy: t.patience > 0 ? 'standard' : 'none', patience: Math.max(1, t.patience), restore_best: true },
      reduceLr: t.reduce_lr.factor < 1 ? { factor: t.reduce_lr.factor, patience: t.reduce_lr.patience, minLr: t.reduce_lr.min_lr } : undefined,
      seed: deriveSeed(cfg.seed, 'l1-shuffle'),
      learningRateFlag: '--train.learning_rate',
      ...callbacks,
    });
    return { ...result, model, fitRows, holdoutRows, val };
  } catch (err) {
    model.dispose();
    throw err;
  }
}
