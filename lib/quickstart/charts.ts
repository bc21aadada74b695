import { barChart, histogram, lineChart, scoreTimeline, type TopLevelSpec } from '../viz';
import type { EpochRecord } from '../train';

/** Pure chart specs of the quickstart, shared by the notebook and `npm run quickstart`. */

export function labelChart(counts: { category: string; count: number }[]): TopLevelSpec {
  return barChart(counts, { title: 'Demo flows per class', yTitle: 'flows (log scale)', logY: true, horizontal: false, showValues: true });
}

export function lossChart(history: readonly EpochRecord[]): TopLevelSpec {
  const x = history.map((h) => h.epoch);
  const series = [
    { name: 'train (benign)', x, y: history.map((h) => h.loss) },
    { name: 'validation (benign + attack)', x, y: history.map((h) => h.val_loss) },
  ];
  return lineChart(series, { title: 'Autoencoder loss', xTitle: 'epoch', yTitle: 'MSE', logY: true, points: true });
}

export function errorHistogram(errors: Float32Array, attack: Uint8Array, title: string): TopLevelSpec {
  const benign: number[] = [];
  const attacks: number[] = [];
  errors.forEach((e, i) => (attack[i] ? attacks : benign).push(Math.log10(e + 1e-9)));
  return histogram({ benign, attack: attacks }, { title, xTitle: 'log10 reconstruction error', normalize: 'fraction', bins: 40 });
}

export function testTimeline(errors: Float32Array, attack: Uint8Array, threshold: number): TopLevelSpec {
  return scoreTimeline(errors, { labels: attack, threshold, logY: true, title: 'Test split: reconstruction error over time', xTitle: 'flow index (time order)', yTitle: 'MSE' });
}
