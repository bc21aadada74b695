/**
 * Chart specs of an L1 run (pure): error histograms by class, per-feature histograms, cluster map. The
 * training curve is lib/viz historyChart.
 */
import { scatter, scoreHistogram, type TopLevelSpec } from '../../viz';

/** Errors of one split by window-end label, each class as a share of itself (a log-scaled error axis would hide zeros). */
export function errorHistogram(errors: Float64Array, end: Uint8Array, title: string): TopLevelSpec {
  return scoreHistogram(errors, end, { title, classNames: ['normal', 'attack'], log: false, xTitle: 'reconstruction error (mse_window_mean)', groupTitle: 'window', bins: 60 });
}

/** The features with the largest mean error on `[lo, hi)`, most first. */
export function topFeatures(meanErrors: number[], k: number): number[] {
  return meanErrors.map((v, j) => [v, j]).sort((a, b) => b[0] - a[0]).slice(0, k).map(([, j]) => j);
}

/** One feature's per-window error on the final split, by class. */
export function featureHistogram(perFeature: Float32Array, F: number, feature: number, name: string, end: Uint8Array, lo: number): TopLevelSpec {
  const values = Float64Array.from({ length: end.length }, (_, i) => perFeature[(lo + i) * F + feature]);
  return errorHistogram(values, end, `Final split: error of feature ${name}`);
}

/** First two PCA components of the sampled embeddings, coloured by cluster (-1 = noise). */
export function clusterScatter(projected: Float64Array, components: number, labels: Int32Array, method: string): TopLevelSpec {
  const n = labels.length;
  const x = Float64Array.from({ length: n }, (_, i) => projected[i * components]);
  const y = Float64Array.from({ length: n }, (_, i) => (components > 1 ? projected[i * components + 1] : 0));
  const group = Array.from(labels, (l) => (l < 0 ? 'noise' : `cluster ${l}`));
  return scatter({ x, y, group }, { title: `En4 embeddings (${method} clusters), PCA 1–2`, xTitle: 'PC 1', yTitle: 'PC 2', groupTitle: 'cluster', opacity: 0.6 });
}
