/**
 * The classical detectors under the contract: PCA reconstruction error and isolation forest (lib/baselines
 * holds their maths), fitted on rows made from the samples (rows.ts), saved as `state.json`.
 */
import * as path from 'node:path';
import { IsolationForest, PcaDetector } from '../baselines';
import { readJson, writeJson } from '../io/files';
import { randomScores } from '../eval';
import { checkInputShape, checkScores, DETECTOR_FORMAT, writeDescription, type Detector, type DetectorDescription, type FitReport } from './contract';
import { resolveRepresentation, toRows, type Representation } from './rows';
import type { Samples } from './samples';

export const STATE_FILE = 'state.json';

export const PCA_DEFAULTS = { components: 8, representation: 'auto' as Representation };
export const IFOREST_DEFAULTS = { trees: 100, sample_size: 256, seed: 0, representation: 'auto' as Representation };
export const RANDOM_DEFAULTS = { seed: 0 };

type RowModel = PcaDetector | IsolationForest;

/** PCA or isolation forest over rows of the samples. */
export class RowsDetector implements Detector {
  preprocessing: unknown = null;
  private input: number[] | null = null;
  private facts: Record<string, number> = {};

  constructor(readonly kind: 'pca' | 'iforest', readonly config: typeof PCA_DEFAULTS | typeof IFOREST_DEFAULTS, private model: RowModel = makeModel(kind, config)) {}

  async fit(train: Samples): Promise<FitReport> {
    const t0 = performance.now();
    const rows = toRows(train, resolveRepresentation(this.config.representation, train.shape));
    this.model.fit(rows);
    this.input = [...train.shape];
    const m = this.model;
    this.facts = m instanceof PcaDetector
      ? { input_dim: rows.shape[1], fit_windows: rows.shape[0], components: m.model.k, explained_variance_ratio: m.model.explainedVarianceRatio.reduce((a, b) => a + b, 0) }
      : { input_dim: rows.shape[1], fit_windows: rows.shape[0], trees: m.trees, sample_size: m.effectiveSampleSize };
    return { facts: this.facts, seconds: (performance.now() - t0) / 1000 };
  }

  async score(x: Samples): Promise<Float64Array> {
    checkInputShape(this.kind, x, this.input ?? undefined);
    return checkScores(this.kind, this.model.score(toRows(x, resolveRepresentation(this.config.representation, x.shape))));
  }

  async save(dir: string): Promise<void> {
    writeDescription(dir, this.describe());
    writeJson(path.join(dir, STATE_FILE), this.model.toJSON());
  }

  static load(dir: string, d: DetectorDescription): RowsDetector {
    const where = path.join(dir, STATE_FILE);
    const state = readJson<Record<string, unknown>>(where, `${d.kind} state`);
    const model = d.kind === 'pca' ? PcaDetector.fromJSON(state, where) : IsolationForest.fromJSON(state, where);
    const det = new RowsDetector(d.kind as 'pca' | 'iforest', d.config as typeof PCA_DEFAULTS, model);
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

function makeModel(kind: 'pca' | 'iforest', c: Partial<typeof PCA_DEFAULTS & typeof IFOREST_DEFAULTS>): RowModel {
  return kind === 'pca' ? new PcaDetector({ components: c.components }) : new IsolationForest({ trees: c.trees, sampleSize: c.sample_size, seed: c.seed });
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
