import { confusionAt, prf1FromConfusion } from '../../eval';
import { heatmap, scatter, scoreHistogram, scoreTimeline, type TopLevelSpec } from '../../viz';
import type { Projection2d } from '../../viz/project';
import type { ScoreTable } from './inputs';

// GRU-SAE's own charts over a score table. ROC/PR curves, the score-by-class histogram and the
// training history are lib/viz's (rocChart, prChart, scoreHistogram, historyChart); these bind them
// to the table's detectors and thresholds.

/** Readable detector names for legends; unknown names pass through. */
export const DETECTOR_NAMES: Record<string, string> = { gru_sae: 'GRU-SAE', pca: 'PCA', iforest: 'Isolation Forest', kmeans: 'KMeansAD', knn: 'kNN distance', hbos: 'HBOS', random: 'random (control)' };
export const detectorName = (d: string): string => DETECTOR_NAMES[d] ?? d;

/** The class names used on every chart. */
export const CLASS_NAMES = ['benign', 'attack'] as const;

/** A threshold with the name it has in thresholds.json (e.g. "val_q0.99"). */
export interface NamedThreshold {
  name: string;
  value: number;
}

/** True when `labels` hold both 0 and 1 (ranking curves need both). */
export function hasBothClasses(labels: ArrayLike<number>): boolean {
  let pos = 0;
  for (let i = 0; i < labels.length; i++) pos += labels[i];
  return pos > 0 && pos < labels.length;
}

/** The table's scores under readable detector names (legend order = file order). */
export function namedScores(t: ScoreTable): Record<string, Float64Array> {
  return Object.fromEntries(Object.entries(t.scores).map(([d, s]) => [detectorName(d), s]));
}

/**
 * Score distribution per class (benign vs attack, each as a fraction of its class) with the validation
 * threshold as a dashed rule. Positive scores (reconstruction errors) are binned on log10.
 */
export function errorDistributionChart(t: ScoreTable, detector: string, threshold: NamedThreshold): TopLevelSpec {
  return scoreHistogram(scoreOf(t, detector), t.label, {
    title: `${detectorName(detector)} score by class (test)`,
    subtitle: `dashed: threshold ${threshold.name} = ${fmt(threshold.value)} (fitted on validation)`,
    classNames: [...CLASS_NAMES], counts: true, threshold,
  });
}

/** Confusion matrix at the validation threshold, rows actual / columns predicted, benign then attack. */
export function confusionChart(t: ScoreTable, detector: string, threshold: NamedThreshold): TopLevelSpec {
  const c = confusionAt(t.label, scoreOf(t, detector), threshold.value);
  const m = prf1FromConfusion(c);
  return heatmap([[c.tn, c.fp], [c.fn, c.tp]], {
    title: `${detectorName(detector)} confusion matrix (test)`,
    subtitle: `threshold ${threshold.name}; precision ${m.precision.toFixed(3)}, recall ${m.recall.toFixed(3)}, F1 ${m.f1.toFixed(3)}`,
    rowNames: [...CLASS_NAMES], colNames: [...CLASS_NAMES], normalize: 'row',
  });
}

/** Test-split score over time with attack windows shaded and the validation threshold. */
export function timelineChart(t: ScoreTable, detector: string, threshold: NamedThreshold): TopLevelSpec {
  const s = scoreOf(t, detector);
  const ordered = t.tMs.every((v, i) => Number.isFinite(v) && (i === 0 || v >= t.tMs[i - 1]));
  // Epoch ms after 2001 reads as time; smaller values are row order (datasets without a time column).
  const temporal = ordered && t.tMs.length > 0 && t.tMs[0] > 1e12;
  const logY = s.every((v) => v > 0) && threshold.value > 0;
  return scoreTimeline(s, {
    ...(ordered ? { x: t.tMs } : {}), temporal, labels: t.label, threshold: threshold.value, logY,
    title: `${detectorName(detector)} score over the test split`,
    subtitle: `shaded: attack windows; dashed: threshold ${threshold.name}`,
    xTitle: temporal ? 'window end time' : ordered ? 'window end (row order)' : 'window index',
    yTitle: logY ? 'score (log scale)' : 'score', scoreName: detectorName(detector), thresholdName: threshold.name,
  });
}

/** 2-D map of encoder vectors coloured by window-end label; the subtitle says how it was projected. */
export function latentChart(p: Projection2d, labels: ArrayLike<number>): TopLevelSpec {
  if (labels.length !== p.x.length) throw new Error(`latentChart: ${labels.length} labels for ${p.x.length} points`);
  // Benign first so attack points are drawn on top (and the legend reads benign, attack).
  const order = Array.from(labels, (_, i) => i).sort((a, b) => Number(!!labels[a]) - Number(!!labels[b]) || a - b);
  const group = order.map((i) => CLASS_NAMES[labels[i] ? 1 : 0]);
  const axis = p.method === 'pca' ? ['PC 1', 'PC 2'] : ['t-SNE 1', 't-SNE 2'];
  return scatter({ x: order.map((i) => p.x[i]), y: order.map((i) => p.y[i]), group }, {
    title: 'Encoder latent space (test windows)', subtitle: `${p.x.length} windows; ${p.description}`,
    xTitle: axis[0], yTitle: axis[1], groupTitle: 'label', size: 16, opacity: 0.6,
  });
}

/** The same 2-D map coloured by HDBSCAN cluster of the latent vectors (noise = −1); the subtitle gives the clustering. */
export function latentClusterChart(p: Projection2d, clusters: Int32Array, note: string): TopLevelSpec {
  if (clusters.length !== p.x.length) throw new Error(`latentClusterChart: ${clusters.length} cluster labels for ${p.x.length} points`);
  const axis = p.method === 'pca' ? ['PC 1', 'PC 2'] : ['t-SNE 1', 't-SNE 2'];
  return scatter({ x: p.x, y: p.y, group: Array.from(clusters, (c) => (c < 0 ? 'noise' : `cluster ${c}`)) }, {
    title: 'Clusters of the encoder latent space (test windows)', subtitle: `${p.x.length} windows; ${note}; map: ${p.description}`,
    xTitle: axis[0], yTitle: axis[1], groupTitle: 'cluster', size: 16, opacity: 0.6,
  });
}

function scoreOf(t: ScoreTable, detector: string): Float64Array {
  const s = t.scores[detector];
  if (!s) throw new Error(`no scores for detector "${detector}" (have: ${Object.keys(t.scores).join(', ')})`);
  return s;
}

function fmt(v: number): string {
  return Math.abs(v) >= 1e-3 && Math.abs(v) < 1e4 ? String(Number(v.toPrecision(4))) : v.toExponential(3);
}
