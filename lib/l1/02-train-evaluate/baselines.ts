/**
 * The classical baselines on the same test windows as the Conv1D AE, under the detector contract
 * (lib/detectors): PCA, isolation forest, KMeansAD, kNN distance and HBOS, each window summarised per
 * feature (mean, std, last value), fitted on a seeded sample of train_for_fit windows only (the
 * settings the benchmark suites give them: lib/suite/plan.ts).
 */
import { fitDetectors, subset, type FittedSet, type Samples } from '../../detectors';
import { createRng, deriveSeed } from '../../random';
import type { L1Config } from '../config';
import { randomStarts } from '../../features';

export const L1_BASELINES = ['pca', 'iforest', 'kmeans', 'knn', 'hbos'] as const;
export type L1BaselineName = (typeof L1_BASELINES)[number];

/** Fit every baseline on `fit_windows` random windows (seeded) of the first `fitRows` training rows. */
export async function fitL1Baselines(train: Samples, fitRows: number, cfg: L1Config): Promise<FittedSet<L1BaselineName>> {
  const T = cfg.preprocess.window;
  const b = cfg.eval.baselines;
  const fitStarts = randomStarts(0, fitRows, T, b.fit_windows, createRng(deriveSeed(cfg.seed, 'l1-baselines')));
  return fitDetectors<L1BaselineName>({
    pca: ['pca', { components: b.pca_components, representation: 'summarise' }],
    iforest: ['iforest', { trees: b.iforest_trees, sample_size: b.iforest_sample_size, seed: deriveSeed(cfg.seed, 'l1-iforest'), representation: 'summarise' }],
    kmeans: ['kmeans', { seed: deriveSeed(cfg.seed, 'suite-kmeans'), representation: 'summarise' }],
    knn: ['knn', { seed: deriveSeed(cfg.seed, 'suite-knn'), representation: 'summarise' }],
    hbos: ['hbos', { representation: 'summarise' }],
  }, subset(train, fitStarts));
}
