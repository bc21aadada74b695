/**
 * The classical baselines of stage 4 under the detector contract (lib/detectors): PCA, isolation
 * forest, KMeansAD, kNN distance and HBOS (the classical detectors that lead public benchmarks) fitted
 * on a seeded sample of BENIGN training windows (no attack anywhere in the window), scoring validation
 * and test windows; windows flattened to T·F values when T·F ≤ 512, otherwise summarised per feature
 * (mean, std, last).
 */
import { takeWindows, windowRepresentation, type WindowRepresentation, type Windows } from '../../baselines';
import { fitDetectors, samplesFromArray, type FittedSet } from '../../detectors';
import { createRng, deriveSeed, sampleSorted } from '../../random';
import type { GruSaeConfig } from '../config';

export const BASELINE_NAMES = ['pca', 'iforest', 'kmeans', 'knn', 'hbos'] as const;
export type BaselineName = (typeof BASELINE_NAMES)[number];

export interface BaselineOptions {
  /** Most benign training windows the baselines are fitted on (seeded sample). Default 20000. */
  maxFitRows?: number;
}

export interface FittedBaselines extends FittedSet<BaselineName> {
  representation: WindowRepresentation;
  inputDim: number;
  fitRows: number;
}

/** Indices of windows with yAny = 0, at most `max` of them chosen uniformly with `seed`, ascending. */
export function benignSample(yAny: Uint8Array, max: number, seed: number): Int32Array {
  const benign: number[] = [];
  for (let i = 0; i < yAny.length; i++) if (yAny[i] === 0) benign.push(i);
  return Int32Array.from(sampleSorted(benign, max, createRng(seed)));
}

/** Fit every baseline on the same benign training windows (each detector's defaults, seeds derived from cfg.seed). */
export async function fitBaselines(train: { X: Windows; yAny: Uint8Array }, cfg: Pick<GruSaeConfig, 'baselines' | 'seed'>, opts: BaselineOptions = {}): Promise<FittedBaselines> {
  const idx = benignSample(train.yAny, opts.maxFitRows ?? 20000, deriveSeed(cfg.seed, 'baselines-sample'));
  if (idx.length < 2) throw new Error(`stage 4 evaluate: the baselines need ≥ 2 benign training windows (y_any_train = 0), found ${idx.length}`);
  const b = cfg.baselines;
  const fitted = await fitDetectors<BaselineName>({
    pca: ['pca', { components: b.pca_components, representation: 'auto' }],
    iforest: ['iforest', { trees: b.iforest_trees, sample_size: b.iforest_sample_size, seed: deriveSeed(cfg.seed, 'iforest'), representation: 'auto' }],
    kmeans: ['kmeans', { seed: deriveSeed(cfg.seed, 'kmeans'), representation: 'auto' }],
    knn: ['knn', { seed: deriveSeed(cfg.seed, 'knn'), representation: 'auto' }],
    hbos: ['hbos', { representation: 'auto' }],
  }, samplesFromArray(takeWindows(train.X, idx)));
  const [, T, F] = train.X.shape;
  return { ...fitted, representation: windowRepresentation(T, F), inputDim: fitted.facts['pca.train.input_dim'], fitRows: idx.length };
}
