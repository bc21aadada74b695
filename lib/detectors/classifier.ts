/**
 * The GRU NIDS classifier (lib/models/gru-classifier.ts) under the same save / load / describe as the
 * detectors: it predicts class probabilities instead of an anomaly score. Its saved folder is a TF.js
 * model folder plus `detector.json` (kind `gru_classifier`; preprocessing = the fitted feature encoder
 * and label indexer the pipeline attaches).
 */
import { buildNidsModel } from '../models/gru-classifier';
import type { NidsSplit } from '../nids/01-prepare/data';
import { predictProba, type Scored } from '../nids/02-train-evaluate/evaluate';
import { trainNidsClassifier, type NidsEpoch, type TrainNidsResult } from '../nids/02-train-evaluate/train';
import type { DetectorDescription } from './contract';
import { SavedNetwork } from './network';

export const GRU_CLASSIFIER_DEFAULTS = {
  seq_len: 1, hidden_size: 64, dropout: 0.2, epochs: 200, batch_size: 32, learning_rate: 0.002, weight_decay: 0.01, clipnorm: 1.0,
  early_stopping_patience: 0, seed: 42, eval_batch_size: 1024,
  /** Data-parallel processes: each step takes batch_size rows per process and one summed update (lib/nids). */
  num_processes: 1,
};
export type GruClassifierConfig = typeof GRU_CLASSIFIER_DEFAULTS;

export interface ClassifierFitOptions {
  log?: (line: string) => void;
  progress?: NodeJS.WriteStream | null;
  onEpoch?: (row: NidsEpoch, history: readonly NidsEpoch[]) => void | Promise<void>;
}

export class GruClassifier extends SavedNetwork<GruClassifierConfig> {
  readonly kind = 'gru_classifier';

  /** Train on the train split, keeping the weights of the best validation accuracy (lib/nids train). */
  async fit(data: { train: NidsSplit; val: NidsSplit; nFeatures: number; numClasses: number }, opts: ClassifierFitOptions = {}): Promise<TrainNidsResult> {
    this.dispose();
    const c = this.config;
    const model = buildNidsModel({ inputDim: data.nFeatures, seqLen: c.seq_len, hiddenSize: c.hidden_size, numClasses: data.numClasses, dropout: c.dropout, seed: c.seed });
    try {
      const r = await trainNidsClassifier(model, {
        train: data.train, val: data.val, nFeatures: data.nFeatures, seqLen: c.seq_len, epochs: c.epochs, batchSize: c.batch_size * (c.num_processes ?? 1), shards: c.num_processes ?? 1,
        learningRate: c.learning_rate, weightDecay: c.weight_decay, clipnorm: c.clipnorm, patience: c.early_stopping_patience,
        seed: c.seed, evalBatchSize: c.eval_batch_size, log: opts.log, progress: opts.progress, onEpoch: opts.onEpoch,
      });
      this.model = model;
      this.input = [c.seq_len, data.nFeatures];
      this.facts = { best_epoch: r.bestEpoch, best_val_accuracy: r.bestValAccuracy, epochs_run: r.history.length };
      return r;
    } catch (err) {
      model.dispose();
      throw err;
    }
  }

  /** Class probabilities of every sequence of `split` (rows seq_len−1 … n−1). */
  async predictProba(split: NidsSplit): Promise<Scored> {
    if (!this.input) throw new Error('gru_classifier: call fit() first');
    return predictProba(this.network, split, { nFeatures: this.input[1], seqLen: this.config.seq_len, batchSize: this.config.eval_batch_size });
  }

  static async load(dir: string, d: DetectorDescription): Promise<GruClassifier> {
    return new GruClassifier(d.config as GruClassifierConfig).restore(dir, d);
  }
}
