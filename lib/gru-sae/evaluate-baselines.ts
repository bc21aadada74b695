/**
 * The classical baselines of stage 4: fitted on a seeded sample of BENIGN training windows (no attack
 * anywhere in the window), scored on validation and test windows. Both see the same rows: windows
 * flattened to T·F values when T·F ≤ 512, otherwise summarised per feature (mean, std, last).
 */
import { IsolationForest, PcaDetector, takeWindows, windowRepresentation, windowRows, type Detector, type WindowRepresentation, type Windows } from '../baselines';
import { createRng, deriveSeed, sampleSorted } from '../random';
import type { GruSaeConfig } from './config';

export const BASELINE_NAMES = ['pca', 'iforest'] as const;
export type BaselineName = (typeof BASELINE_NAMES)[number];

export interface BaselineOptions {
  /** Most benign training windows the baselines are fitted on (seeded sample). Default 20000. */
  maxFitRows?: number;
}

export interface BaselineScores {
  scores: Record<BaselineName, { val: Float64Array; test: Float64Array }>;
  representation: WindowRepresentation;
  inputDim: number;
  fitRows: number;
  /** Facts about the fits for the metrics record (`<detector>.train.<fact>`). */
  facts: Record<string, number>;
  seconds: Record<BaselineName, { fit: number; score: number }>;
}

/** Indices of windows with yAny = 0, at most `max` of them chosen uniformly with `seed`, ascending. */
export function benignSample(yAny: Uint8Array, max: number, seed: number): Int32Array {
  const benign: number[] = [];
  for (let i = 0; i < yAny.length; i++) if (yAny[i] === 0) benign.push(i);
  return Int32Array.from(sampleSorted(benign, max, createRng(seed)));
}

/** Fit PCA and IForest on benign training windows and score validation and test windows. */
export function runBaselines(
  train: { X: Windows; yAny: Uint8Array },
  val: Windows,
  test: Windows,
  cfg: Pick<GruSaeConfig, 'baselines' | 'seed'>,
  opts: BaselineOptions = {},
): BaselineScores {
  const maxFit = opts.maxFitRows ?? 20000;
  const idx = benignSample(train.yAny, maxFit, deriveSeed(cfg.seed, 'baselines-sample'));
  if (idx.length < 2) throw new Error(`stage 4 evaluate: the baselines need ≥ 2 benign training windows (y_any_train = 0), found ${idx.length}`);
  const fitRows = windowRows(takeWindows(train.X, idx));
  const valRows = windowRows(val);
  const testRows = windowRows(test);
  const [, T, F] = train.X.shape;
  const pca = new PcaDetector({ components: cfg.baselines.pca_components });
  const iforest = new IsolationForest({ trees: cfg.baselines.iforest_trees, sampleSize: cfg.baselines.iforest_sample_size, seed: deriveSeed(cfg.seed, 'iforest') });
  const detectors: Record<BaselineName, Detector> = { pca, iforest };
  const scores = {} as BaselineScores['scores'];
  const seconds = {} as BaselineScores['seconds'];
  for (const name of BASELINE_NAMES) {
    const t0 = performance.now();
    detectors[name].fit(fitRows);
    const t1 = performance.now();
    scores[name] = { val: detectors[name].score(valRows), test: detectors[name].score(testRows) };
    seconds[name] = { fit: (t1 - t0) / 1000, score: (performance.now() - t1) / 1000 };
  }
  const inputDim = fitRows.shape[1];
  const facts = {
    'pca.train.input_dim': inputDim,
    'pca.train.fit_windows': idx.length,
    'pca.train.components': pca.model.k,
    'pca.train.explained_variance_ratio': pca.model.explainedVarianceRatio.reduce((a, b) => a + b, 0),
    'iforest.train.input_dim': inputDim,
    'iforest.train.fit_windows': idx.length,
    'iforest.train.trees': iforest.trees,
    'iforest.train.sample_size': iforest.effectiveSampleSize,
  };
  return { scores, representation: windowRepresentation(T, F), inputDim, fitRows: idx.length, facts, seconds };
}
