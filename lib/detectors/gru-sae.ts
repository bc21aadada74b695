/** The GRU stacked autoencoder (lib/models/gru-sae.ts) as a detector: benign windows in, window MSE out. */
import * as path from 'node:path';
import { saveModel, tf } from '../engine';
import { buildGruSae } from '../models/gru-sae';
import { STOPPING_DEFAULTS, disposeWeights, trainAutoencoder, type StoppingConfig, type TrainAutoencoderResult } from '../train';
import { writeDescription, type FitOptions } from './contract';
import { NetworkDetector } from './network';
import { readRange, type Samples } from './samples';

export const GRU_SAE_DETECTOR_DEFAULTS = {
  encoder_units: [32, 16],
  decoder_units: [16, 32],
  dropout: 0.1,
  recurrent_layer: 'fast' as 'fast' | 'tfjs',
  epochs: 20,
  batch_size: 256,
  learning_rate: 0.001,
  clipnorm: 1.0,
  stopping: { ...STOPPING_DEFAULTS } as StoppingConfig,
  /** ReduceLROnPlateau on val_loss (lib/train); null = a constant learning rate. */
  reduce_lr: { factor: 0.5, patience: 2, min_lr: 0.00001 } as { factor: number; patience: number; min_lr: number } | null,
  seed: 42,
  score_batch_size: 1024,
  /** Data-parallel replicas per batch (lib/train/data-parallel.ts); 1 = off. */
  workers: 1,
};
export type GruSaeDetectorConfig = typeof GRU_SAE_DETECTOR_DEFAULTS;

export class GruSaeDetector extends NetworkDetector<GruSaeDetectorConfig> {
  readonly kind = 'gru_sae';
  protected readonly reduction = 'mean' as const;
  /** After fit: the final epoch's weights, when they are not the (best) ones the model scores with. */
  private finalWeights: tf.Tensor[] | null = null;
  private finalEpoch = 0;
  /** After fit: whether training restored the best epoch's weights itself (else the detector set them). */
  restoredBest = false;

  protected async train(train: Samples, opts: FitOptions) {
    if (train.shape.length !== 2) throw new Error(`gru_sae: fits windows [T, F], got samples of shape [${train.shape}]`);
    if (!opts.val) throw new Error('gru_sae: fit needs validation windows (early stopping and the best checkpoint)');
    const c = this.config;
    const [seqLen, inputDim] = train.shape;
    const model = buildGruSae({ inputDim, seqLen, encoderUnits: c.encoder_units, decoderUnits: c.decoder_units, dropout: c.dropout, seed: c.seed, recurrentLayer: c.recurrent_layer });
    try {
      const r = await trainAutoencoder(model, {
        train: readRange(train, 0, train.n), val: readRange(opts.val, 0, opts.val.n), epochs: c.epochs, batchSize: c.batch_size,
        learningRate: c.learning_rate, clipnorm: c.clipnorm, stopping: c.stopping, seed: c.seed, keepWeights: true, workers: c.workers,
        reduceLr: c.reduce_lr ? { factor: c.reduce_lr.factor, patience: c.reduce_lr.patience, minLr: c.reduce_lr.min_lr } : undefined,
        onBatch: opts.callbacks?.onBatch, onEpoch: opts.callbacks?.onEpoch, learningRateFlag: opts.learningRateFlag ?? 'learning_rate',
      });
      if (r.bestEpoch === 0) throw new Error('training produced no best epoch (no finite validation loss); nothing saved');
      this.keepBest(model, r);
      return { model, history: r.history, stoppedReason: r.stoppedReason, seconds: r.seconds, facts: { best_epoch: r.bestEpoch, best_val_loss: r.bestValLoss, epochs_run: r.history.length } };
    } catch (err) {
      model.dispose();
      throw err;
    }
  }

  /**
   * Save the final epoch's weights (not the best ones this detector scores with) as a detector folder of
   * their own, e.g. model/final beside model/best; the model keeps the best weights.
   */
  async saveFinal(dir: string, metadata: Record<string, unknown> = {}): Promise<void> {
    const model = this.network;
    const description = { ...this.describe(), facts: { ...this.facts, epoch: this.finalEpoch } };
    const best = this.finalWeights ? model.getWeights().map((w) => w.clone()) : null;
    try {
      if (this.finalWeights) model.setWeights(this.finalWeights);
      await saveModel(model, dir, { metadata: { ...metadata, detector: description } });
      writeDescription(dir, description);
    } finally {
      if (best) {
        model.setWeights(best);
        tf.dispose(best);
      }
    }
  }

  /** The model keeps the best epoch's weights (it scores with them); the final ones are kept aside for saveFinal. */
  private keepBest(model: tf.LayersModel, r: TrainAutoencoderResult): void {
    this.releaseFit();
    this.finalEpoch = r.history[r.history.length - 1].epoch;
    this.restoredBest = r.restoredBest;
    if (r.restoredBest) {
      this.finalWeights = r.finalWeights ?? null;
      r.finalWeights = undefined;
    } else if (r.bestWeights) {
      this.finalWeights = model.getWeights().map((w) => w.clone());
      model.setWeights(r.bestWeights);
    }
    disposeWeights(r);
  }

  /** Free the final weights kept from the last fit. */
  releaseFit(): void {
    if (this.finalWeights) tf.dispose(this.finalWeights);
    this.finalWeights = null;
  }

  override dispose(): void {
    this.releaseFit();
    super.dispose();
  }
}

/** `dir/<name>` for the saved best and final GRU-SAE models of a run. */
export const gruSaeModelDirs = (runDir: string) => ({ best: path.join(runDir, 'model', 'best'), final: path.join(runDir, 'model', 'final') });
