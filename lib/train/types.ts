import type { tf } from '../engine';
import type { StopDecision } from './stopping';

/**
 * One row of every training history (`history.json`, `train_history.json`, `training_history.json`).
 * The first five fields are always there; a caller adds the optional ones it measures.
 */
export interface EpochRecord {
  /** 1-based. */
  epoch: number;
  /** Mean training loss over the epoch's samples (dropout active; weighted mean for a weighted loss). */
  loss: number;
  /** Mean loss over the validation samples (inference mode). */
  val_loss: number;
  /** Wall time of the epoch, training and validation. */
  seconds: number;
  /** Learning rate used. */
  lr: number;
  /** Share of training samples classified correctly (classifiers). */
  accuracy?: number;
  /** Share of validation samples classified correctly (classifiers). */
  val_accuracy?: number;
  /** Wall time of the training pass alone. */
  train_seconds?: number;
  /** Wall time of the validation pass alone. */
  val_seconds?: number;
  /** This epoch's weights were the best so far on the monitored metric (kept). */
  best?: boolean;
}

/** Optional history fields the loop can fill besides accuracy (which comes with the step's `correct`). */
export type ExtraField = 'train_seconds' | 'val_seconds' | 'best';

/** What `onBatch` gets after each step. */
export interface BatchInfo {
  epoch: number;
  epochs: number;
  /** 1-based index of the step just done, of `batches`. */
  batch: number;
  batches: number;
  /** Seconds since the epoch began. */
  seconds: number;
  /** Mean training loss of the epoch so far. Forces a device sync: call it rarely, and only during the callback. */
  lossSoFar(): number;
}

/** What `onEpoch` gets besides the row. */
export interface EpochInfo {
  epochs: number;
  history: readonly EpochRecord[];
  decision: StopDecision;
}

/** Progress and monitoring hooks, to spread into the options of any training function. */
export interface TrainingCallbacks {
  onBatch?: (info: BatchInfo) => void;
  onEpoch?: (row: EpochRecord, info: EpochInfo) => void | Promise<void>;
}

/** The metric that picks the best weights and drives stopping and reduce-LR. */
export interface Monitor {
  metric: 'val_loss' | 'val_accuracy';
  mode: 'min' | 'max';
}

export const VAL_LOSS: Monitor = { metric: 'val_loss', mode: 'min' };

/**
 * What one optimisation step hands back: device sums the loop adds up over the epoch and reads once.
 * Epoch loss = Σ lossSum / Σ weightSum (Σ samples when absent); accuracy = Σ correct / Σ samples.
 */
export interface StepSums {
  /** Σ of the batch's per-sample losses (weighted for a weighted loss), a device scalar. */
  lossSum: tf.Scalar;
  /** Samples in the batch. */
  samples: number;
  /** Σ of the batch's sample weights, a device scalar; absent: an unweighted mean. */
  weightSum?: tf.Scalar;
  /** Correctly classified samples, a device scalar (classifiers). */
  correct?: tf.Scalar;
}

/** What `validate` returns: the validation loss, and the accuracy for classifiers. */
export interface Validation {
  val_loss: number;
  val_accuracy?: number;
}

/** Reduce-LR-on-plateau: after `patience` epochs without a new best monitored value, lr ← max(lr · factor, minLr). */
export interface ReduceLrConfig {
  factor: number;
  patience: number;
  minLr: number;
}

/** One epoch's batches and how many there are (for the progress bar). */
export interface EpochBatches<B> {
  steps: number;
  items: Iterable<B>;
}
