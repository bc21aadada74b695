/**
 * SmartNetGuard L1's Conv1D autoencoder (lib/models/conv1d-ae.ts) as a detector. It trains on random
 * windows of a standardised series (fit on a window view: samplesFromSeries), the series' tail held out
 * for early stopping (lib/l1/02-train-evaluate/train.ts), and scores each window by the mean over features of the
 * per-feature mean squared error over the window's last `score_rows` rows, keeping the per-feature errors
 * (`errors()`). `score_rows` 0 (or ≥ the window length) is SmartNetGuard's original whole-window score; the default
 * 32 (of 112) scores the rows the window-end label describes. It was chosen on the SMD validation prefixes
 * (bench/README.md, "Conv1D AE score rows"): mean VUS-PR over the four machines' validation prefixes 0.362
 * for the whole window, 0.603 / 0.617 / 0.590 for the last 16 / 32 / 48 rows.
 */
import type { HostArray } from '../engine';
import { trainL1, type L1TrainConfig } from '../l1/02-train-evaluate/train';
import { L1_MODEL_DEFAULTS } from '../models/conv1d-ae';
import type { FitOptions } from './contract';
import { NetworkDetector } from './network';
import { checkScoreRows } from './reconstruction';
import type { Samples } from './samples';

export const CONV1D_AE_DEFAULTS: L1TrainConfig & { score_batch_size: number; score_rows: number } = {
  preprocess: { window: 112 },
  model: { ...L1_MODEL_DEFAULTS },
  train: {
    epochs: 20, batch_size: 128, steps_per_epoch: 8, val_steps: 4, holdout_fraction: 0.05, learning_rate: 0.001,
    weight_decay: 0.0001, clipnorm: 1.0, huber_delta: 1.0, patience: 5, reduce_lr: { factor: 0.5, patience: 2, min_lr: 0.00001 },
  },
  seed: 42,
  score_batch_size: 256,
  /** Rows at the window's end the score averages over (0 or ≥ the window length: the whole window, the original's score). */
  score_rows: 32,
};
export type Conv1dAeConfig = typeof CONV1D_AE_DEFAULTS;

export class Conv1dAeDetector extends NetworkDetector<Conv1dAeConfig> {
  readonly kind = 'conv1d_ae';
  protected readonly reduction = 'feature_mean' as const;
  protected override get scoreRows(): number {
    return this.config.score_rows;
  }
  /** After fit: the training rows split (train_for_fit / holdout) and the holdout windows (fine-tuning validates on them). */
  holdout: { fitRows: number; holdoutRows: number; val: HostArray } | null = null;

  protected async train(train: Samples, opts: FitOptions) {
    if (!train.series) throw new Error('conv1d_ae: fit draws random windows from a series: pass samplesFromSeries(series, T)');
    const { series, T } = train.series;
    if (T !== this.config.preprocess.window) throw new Error(`conv1d_ae: the window view has T = ${T}, the config preprocess.window ${this.config.preprocess.window}`);
    checkScoreRows(this.config.score_rows, T);
    const r = await trainL1(series, this.config, opts.callbacks ?? {});
    this.holdout = { fitRows: r.fitRows, holdoutRows: r.holdoutRows, val: r.val };
    return {
      model: r.model, history: r.history, stoppedReason: r.stoppedReason, seconds: r.seconds,
      facts: { fit_rows: r.fitRows, holdout_rows: r.holdoutRows, best_epoch: r.bestEpoch, epochs_run: r.history.length },
    };
  }
}
