/**
 * The classical detectors under the contract, fitted on rows made from the samples (rows.ts) and saved
 * as `state.json`: PCA reconstruction error and isolation forest (their maths in lib/baselines), and
 * KMeansAD, kNN distance and HBOS (rows-models/), which lead public benchmarks on server metrics.
 */
import * as path from 'node:path';
import { IsolationForest, PcaDetector, type Rows } from '../baselines';
import { HBOS_DEFAULTS, HbosModel } from './rows-models/hbos';
import { KMEANS_DEFAULTS, KMeansModel } from './rows-models/kmeans';
import { KNN_DEFAULTS, KnnModel } from './rows-models/knn';
import { initEngine } from '../engine';
import { readJson, writeJson } from '../io/files';
import { randomScores } from '../eval';
import { checkInputShape, checkScores, DETECTOR_FORMAT, writeDescription, type Detector, type DetectorDescription, type FitReport } from './contract';
import { resolveRepresentation, toRows, type Representation } from './rows';
import type { Samples } from './samples';

export const STATE_FILE = 'state.json';

const rep = 'auto' as Representation;
export const PCA_DEFAULTS = { components: 8, representation: rep };
export const IFOREST_DEFAULTS = { trees: 100, sample_size: 256, seed: 0, representation: rep };
export const KMEANS_AD_DEFAULTS = { ...KMEANS_DEFAULTS, representation: rep };
export const KNN_AD_DEFAULTS = { ...KNN_DEFAULTS, representation: rep };
export const HBOS_AD_DEFAULTS = { ...HBOS_DEFAULTS, representation: rep };
export const RANDOM_DEFAULTS = { seed: 0 };

/** What a row model does: PCA and isolation forest (lib/baselines), k-means, kNN, HBOS (rows-models/). */
interface RowModel {
  fit(rows: Rows): void;
  score(rows: Rows): Float64Array;
  toJSON(): Record<string, unknown>;
}

interface RowKind {
  defaults: { representation: Representation } & Record<string, unknown>;
  /** Scoring uses the TF.js engine (kNN's candidate search), set up before `score`. */
  engine?: boolean;
  make(config: Record<string, unknown>): RowModel;
  load(json: Record<string, unknown>, where: string): RowModel;
  facts(model: RowModel): Record<string, number>;
}

const without = <T extends { representation: unknown }>(c: T): Omit<T, 'representation'> => {
  const { representation, ...rest } = c;
  void representation;
  return rest;
};

const ROW_KINDS: Record<string, RowKind> = {
  pca: {
    defaults: PCA_DEFAULTS, make: (c) => new PcaDetector({ components: c.components as number }), load: (j, w) => PcaDetector.fromJSON(j, w),
    facts: (m) => ({ components: (m as PcaDetector).model.k, explained_variance_ratio: (m as PcaDetector).model.explainedVarianceRatio.reduce((a, b) => a + b, 0) }),
  },
  iforest: {
    defaults: IFOREST_DEFAULTS, make: (c) => new IsolationForest({ trees: c.trees as number, sampleSize: c.sample_size as number, seed: c.seed as number }),
    load: (j, w) => IsolationForest.fromJSON(j, w), facts: (m) => ({ trees: (m as IsolationForest).trees, sample_size: (m as IsolationForest).effectiveSampleSize }),
  },
  kmeans: { defaults: KMEANS_AD_DEFAULTS, make: (c) => new KMeansModel(without(c as typeof KMEANS_AD_DEFAULTS)), load: (j, w) => KMeansModel.fromJSON(j, w), facts: (m) => (m as KMeansModel).facts() },
  knn: { defaults: KNN_AD_DEFAULTS, engine: true, make: (c) => new KnnModel(without(c as typeof KNN_AD_DEFAULTS)), load: (j, w) => KnnModel.fromJSON(j, w), facts: (m) => (m as KnnModel).facts() },
  hbos: { defaults: HBOS_AD_DEFAULTS, make: (c) => new HbosModel(without(c as typeof HBOS_AD_DEFAULTS)), load: (j, w) => HbosModel.fromJSON(j, w), facts: (m) => (m as HbosModel).facts() },
};

/** The kinds RowsDetector serves, with their default configs. */
export const ROW_DETECTOR_KINDS: readonly string[] = Object.keys(ROW_KINDS);
export const rowDetectorDefaults = (kind: string) => ROW_KINDS[kind].defaults;

/** A detector over rows of the samples: PCA, isolation forest, k-means, kNN or HBOS. */
export class RowsDetector implements Detector {
  preprocessing: unknown = null;
  private input: number[] | null = null;
  private facts: Record<string, number> = {};
  private model: RowModel;

  constructor(readonly kind: string, readonly config: { representation: Representation } & Record<string, unknown>, model?: RowModel) {
    this.model = model ?? ROW_KINDS[kind].make(config);
  }

  async fit(train: Samples): Promise<FitReport> {
    const t0 = performance.now();
    const rows = toRows(train, resolveRepresentation(this.config.representation, train.shape));
    this.model.fit(rows);
    this.input = [...train.shape];
    this.facts = { input_dim: rows.shape[1], fit_windows: rows.shape[0], ...ROW_KINDS[this.kind].facts(this.model) };
    return { facts: this.facts, seconds: (performance.now() - t0) / 1000 };
  }

  async score(x: Samples): Promise<Float64Array> {
    checkInputShape(this.kind, x, this.input ?? undefined);
    if (ROW_KINDS[this.kind].engine) await initEngine({ quiet: true });
    return checkScores(this.kind, this.model.score(toRows(x, resolveRepresentation(this.config.representation, x.shape))));
  }

  async save(dir: string): Promise<void> {
    writeDescription(dir, this.describe());
    writeJson(path.join(dir, STATE_FILE), this.model.toJSON());
  }

  static load(dir: string, d: DetectorDescription): RowsDetector {
    const where = path.join(dir, STATE_FILE);
    const state = readJson<Record<string, unknown>>(where, `${d.kind} state`);
    const det = new RowsDetector(d.kind, d.config as RowsDetector['config'], ROW_KINDS[d.kind].load(state, where));
    det.input = d.input?.shape ?? null;
    det.facts = d.facts;
    det.preprocessing = d.preprocessing;
    return det;
  }

  describe(): DetectorDescription {
    return { format: DETECTOR_FORMAT, kind: this.kind, config: { ...this.config }, input: this.input && { shape: this.input }, preprocessing: this.preprocessing, facts: this.facts };
  }

  dispose(): void {}
}

/** The chance control: seeded uniform scores, whatever the samples hold. */
export class RandomDetector implements Detector {
  readonly kind = 'random';
  preprocessing: unknown = null;
  private input: number[] | null = null;

  constructor(readonly config: typeof RANDOM_DEFAULTS) {}

  async fit(train: Samples): Promise<FitReport> {
    this.input = [...train.shape];
    return { facts: {}, seconds: 0 };
  }

  async score(x: Samples): Promise<Float64Array> {
    checkInputShape(this.kind, x, this.input ?? undefined);
    return randomScores(x.n, this.config.seed);
  }

  async save(dir: string): Promise<void> {
    writeDescription(dir, this.describe());
  }

  static load(_dir: string, d: DetectorDescription): RandomDetector {
    const det = new RandomDetector(d.config as typeof RANDOM_DEFAULTS);
    det.input = d.input?.shape ?? null;
    det.preprocessing = d.preprocessing;
    return det;
  }

  describe(): DetectorDescription {
    return { format: DETECTOR_FORMAT, kind: this.kind, config: { ...this.config }, input: this.input && { shape: this.input }, preprocessing: this.preprocessing, facts: {} };
  }

  dispose(): void {}
}
