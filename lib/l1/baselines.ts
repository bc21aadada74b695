/**
 * PCA and isolation-forest baselines on the same test windows as the Conv1D AE: each window summarised per
 * feature (mean, std, last value; lib/baselines' representation for wide windows), fitted on a seeded
 * sample of train_for_fit windows only.
 */
import { IsolationForest, PcaDetector, type Detector } from '../baselines';
import { createRng, deriveSeed } from '../random';
import type { L1Config } from './config';
import { randomStarts, startRange, type Series } from '../features';
import { summariseAt } from './windows';

export const L1_BASELINES = ['pca', 'iforest'] as const;
export type L1BaselineName = (typeof L1_BASELINES)[number];

export interface L1BaselineScores {
  /** One score per test window (validation prefix and final split together). */
  scores: Record<L1BaselineName, Float64Array>;
  fitWindows: number;
  seconds: Record<L1BaselineName, number>;
}

export function runL1Baselines(train: Series, fitRows: number, test: Series, nWindows: number, cfg: L1Config): L1BaselineScores {
  const T = cfg.preprocess.window;
  const b = cfg.eval.baselines;
  const fitStarts = randomStarts(0, fitRows, T, b.fit_windows, createRng(deriveSeed(cfg.seed, 'l1-baselines')));
  const fit = summariseAt(train, T, fitStarts);
  const rows = summariseAt(test, T, startRange(0, nWindows));
  const detectors: Record<L1BaselineName, Detector> = {
    pca: new PcaDetector({ components: b.pca_components }),
    iforest: new IsolationForest({ trees: b.iforest_trees, sampleSize: b.iforest_sample_size, seed: deriveSeed(cfg.seed, 'l1-iforest') }),
  };
  const scores = {} as L1BaselineScores['scores'];
  const seconds = {} as L1BaselineScores['seconds'];
  for (const name of L1_BASELINES) {
    const t0 = performance.now();
    detectors[name].fit(fit);
    scores[name] = detectors[name].score(rows);
    seconds[name] = (performance.now() - t0) / 1000;
  }
  return { scores, fitWindows: fitStarts.length, seconds };
}
