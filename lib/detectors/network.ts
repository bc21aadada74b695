/**
 * What the network detectors share: a TF.js model, scoring through reconstruction.ts, and a saved
 * folder that is a TF.js model folder (model.json + weights.bin, lib/engine saveModel) plus
 * `detector.json`. Each kind supplies its builder and its training (gru-sae.ts, conv1d-ae.ts, dense-ae.ts).
 */
import { loadModel, saveModel, tf } from '../engine';
import { checkInputShape, checkScores, DETECTOR_FORMAT, writeDescription, type Detector, type DetectorDescription, type FitOptions, type FitReport } from './contract';
import type { OnnxHead } from '../onnx/convert';
import { networkEngine, releaseEngine } from './engine';
import { ortReconstructionScores, reconstructionScores, type ReconstructionScores, type Reduction } from './reconstruction';
import type { Samples } from './samples';

/**
 * A saved TF.js network with its detector.json: the plumbing shared by the network detectors and
 * the NIDS classifier (network, save, restore, describe, dispose).
 */
export abstract class SavedNetwork<C extends object> {
  preprocessing: unknown = null;
  protected model: tf.LayersModel | null = null;
  protected input: number[] | null = null;
  protected facts: Record<string, number> = {};
  abstract readonly kind: string;

  constructor(readonly config: C) {}

  /** The trained network (throws before fit/load). */
  get network(): tf.LayersModel {
    if (!this.model) throw new Error(`${this.kind}: call fit() (or load a fitted detector) first`);
    return this.model;
  }

  /** Save the network and `detector.json`; `metadata` goes into model.json's userDefinedMetadata too. */
  async save(dir: string, metadata: Record<string, unknown> = {}): Promise<void> {
    const description = this.describe();
    await saveModel(this.network, dir, { metadata: { ...metadata, detector: description } });
    writeDescription(dir, description);
  }

  /** Restore a saved network and its facts into this (freshly constructed) object. */
  async restore(dir: string, d: DetectorDescription): Promise<this> {
    this.model = await loadModel(dir);
    this.input = d.input?.shape ?? null;
    this.facts = d.facts;
    this.preprocessing = d.preprocessing;
    return this;
  }

  describe(): DetectorDescription {
    return {
      format: DETECTOR_FORMAT, kind: this.kind, config: { ...this.config } as Record<string, unknown>, input: this.input && { shape: this.input },
      preprocessing: this.preprocessing, facts: this.facts, ...(this.model ? { parameters: this.model.countParams() } : {}),
    };
  }

  dispose(): void {
    if (this.model) void releaseEngine(this.model);
    this.model?.dispose();
    this.model = null;
  }
}

/** An autoencoder detector: its kind supplies the builder and training; scoring is reconstruction.ts. */
export abstract class NetworkDetector<C extends { score_batch_size: number }> extends SavedNetwork<C> implements Detector {
  /** How a sample's errors reduce to its score (reconstruction.ts). */
  protected abstract readonly reduction: Reduction;
  /** `feature_mean`: the window's last rows the score covers (undefined: the whole window). */
  protected get scoreRows(): number | undefined {
    return undefined;
  }

  /** Train a new model on `train`; the model left in `this.model` is the one that scores. */
  protected abstract train(train: Samples, opts: FitOptions): Promise<Omit<FitReport, 'facts'> & { model: tf.LayersModel; facts?: Record<string, number> }>;

  async fit(train: Samples, opts: FitOptions = {}): Promise<FitReport> {
    this.dispose();
    const t0 = performance.now();
    const r = await this.train(train, opts);
    this.model = r.model;
    this.input = [...train.shape];
    this.facts = { fit_windows: train.n, ...(r.facts ?? {}) };
    return { ...r, facts: this.facts, seconds: (performance.now() - t0) / 1000 };
  }

  async score(x: Samples): Promise<Float64Array> {
    return (await this.errors(x)).errors;
  }

  /**
   * Scores with the per-feature errors where the reduction has them, by ONNX Runtime or TF.js
   * (engine.ts: SEQSENTRY_SCORER; the two agree within 1e-4, tested).
   */
  async errors(x: Samples): Promise<ReconstructionScores> {
    checkInputShape(this.kind, x, this.input ?? undefined);
    const o = { batchSize: this.config.score_batch_size, reduction: this.reduction, rows: this.scoreRows };
    const e = await networkEngine(this.network, this.head, this.kind);
    const r = e.engine === 'ort' ? await ortReconstructionScores(e.session, x, o) : await reconstructionScores(this.network, x, o);
    checkScores(this.kind, r.errors);
    return r;
  }

  /** How the exported graph scores (lib/onnx convert): the reconstruction head with this detector's reduction (and rows). */
  get head(): OnnxHead {
    const rows = this.scoreRows;
    return { kind: 'reconstruction', reduction: this.reduction, ...(rows === undefined ? {} : { rows }) };
  }

  /** The engine that scores this detector now (lib/detectors/engine.ts). */
  async engine(): Promise<'ort' | 'tfjs'> {
    return (await networkEngine(this.network, this.head, this.kind)).engine;
  }
}
