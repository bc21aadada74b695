/**
 * The GRU NIDS classifier (lib/models/gru-classifier.ts) under the same save / load / describe as the
 * detectors: it predicts class probabilities instead of an anomaly score. Its saved folder is a TF.js
 * model folder plus `detector.json` (kind `gru_classifier`; preprocessing = the fitted feature encoder
 * and label indexer the pipeline attaches).
 */
import { tf } from '../engine';
import { buildNidsModel } from '../models/gru-classifier';
import type { NidsSplit } from '../nids/01-prepare/data';
import { predictProba, type Scored } from '../nids/02-train-evaluate/evaluate';
import { epochBatches, sequenceEnds } from '../nids/02-train-evaluate/shards';
import type { OrtSession } from '../onnx/ort';
import { networkEngine, releaseEngine } from './engine';
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

  /**
   * Class probabilities of every sequence of `split` (rows seq_len−1 … n−1), by ONNX Runtime or TF.js
   * (lib/detectors/engine.ts; the two agree within 1e-4, tested).
   */
  async predictProba(split: NidsSplit): Promise<Scored> {
    if (!this.input) throw new Error('gru_classifier: call fit() first');
    return classifierProba(this.network, split, { nFeatures: this.input[1], seqLen: this.config.seq_len, batchSize: this.config.eval_batch_size });
  }

  /** Class probabilities `[n, k]` of sequences already gathered as `[n, seq_len, F]` (lib/score), by the same engine. */
  async probabilities(x: Float32Array, n: number): Promise<Float32Array> {
    if (!this.input) throw new Error('gru_classifier: call fit() first');
    const [T, F] = this.input;
    const e = await networkEngine(this.network, { kind: 'classifier' }, this.kind);
    if (e.engine === 'ort') return (await e.session.run(x, [n, T, F], ['probabilities'])).probabilities.data;
    const p = tf.tidy(() => tf.softmax(this.network.apply(tf.tensor3d(x, [n, T, F]), { training: false }) as tf.Tensor2D));
    const out = (await p.data()) as Float32Array;
    p.dispose();
    return out;
  }

  override dispose(): void {
    if (this.model) void releaseEngine(this.model);
    super.dispose();
  }

  static async load(dir: string, d: DetectorDescription): Promise<GruClassifier> {
    return new GruClassifier(d.config as GruClassifierConfig).restore(dir, d);
  }
}

/**
 * Class probabilities of every sequence of `split` by the scoring engine (ONNX Runtime where the
 * network exports, else TF.js: lib/detectors/engine.ts); the same output as lib/nids predictProba.
 */
export async function classifierProba(model: tf.LayersModel, split: NidsSplit, o: { nFeatures: number; seqLen: number; batchSize: number }): Promise<Scored> {
  const e = await networkEngine(model, { kind: 'classifier' }, 'gru_classifier');
  return e.engine === 'ort' ? ortPredictProba(e.session, split, o) : predictProba(model, split, o);
}

/** predictProba with ONNX Runtime: the same batches, sequences and output layout. */
async function ortPredictProba(session: OrtSession, split: NidsSplit, o: { nFeatures: number; seqLen: number; batchSize: number }): Promise<Scored> {
  const ends = sequenceEnds(split.n, o.seqLen);
  const t0 = performance.now();
  const step = o.seqLen * o.nFeatures;
  let probs: Float32Array | null = null;
  let k = 0;
  let offset = 0;
  for (const [shard] of epochBatches(ends, { batchSize: o.batchSize, rng: null })) {
    const rows = shard.rows;
    const buf = new Float32Array(rows.length * step);
    for (let j = 0; j < rows.length; j++) buf.set(split.x.subarray((rows[j] - o.seqLen + 1) * o.nFeatures, (rows[j] + 1) * o.nFeatures), j * step);
    const r = (await session.run(buf, [rows.length, o.seqLen, o.nFeatures], ['probabilities'])).probabilities;
    k = r.dims[1];
    probs ??= new Float32Array(ends.length * k);
    probs.set(r.data, offset);
    offset += rows.length * k;
  }
  return { probs: probs ?? new Float32Array(0), k, yTrue: Int32Array.from(ends, (r) => split.y[r]), seconds: (performance.now() - t0) / 1000 };
}
