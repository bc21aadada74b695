import { barChart, scoreHistogram, scoreTimeline, type HistoryChartOptions, type TopLevelSpec } from '../viz';

/**
 * Pure chart specs of the quickstart, shared by the notebook and `npm run quickstart`; each is one call
 * into lib/viz with the quickstart's wording.
 */

/** The loss chart's wording: `historyChart(history, LOSS_CHART)` (lib/viz). */
export const LOSS_CHART: HistoryChartOptions = {
  title: 'Autoencoder loss', yTitle: 'MSE', logY: true, names: { train: 'train (benign)', val: 'validation (benign + attack)' },
};

export function labelChart(counts: { category: string; count: number }[]): TopLevelSpec {
  return barChart(counts, { title: 'Demo flows per class', yTitle: 'flows (log scale)', logY: true, horizontal: false, showValues: true });
}

/** log10(error + 1e-9) by class, each class as a share of itself. */
export function errorHistogram(errors: Float32Array, attack: Uint8Array, title: string): TopLevelSpec {
  return scoreHistogram(errors, attack, { title, log: true, logOffset: 1e-9, xTitle: 'reconstruction error', bins: 40 });
}

export function testTimeline(errors: Float32Array, attack: Uint8Array, threshold: number): TopLevelSpec {
  return scoreTimeline(errors, { labels: attack, threshold, logY: true, title: 'Test split: reconstruction error over time', xTitle: 'flow index (time order)', yTitle: 'MSE' });
}
