import { header, round6, type ChartOptions, type TopLevelSpec } from './spec';
import { checkFinite, checkInt, checkLength, checkPositive, type Numbers } from './validate';
import { minMaxIndices } from './downsample';

export interface ScoreTimelineOptions extends ChartOptions {
  /** Position of each score: epoch ms when `temporal`, else any increasing number. Default 0..n-1. */
  x?: Numbers;
  temporal?: boolean;
  /** Ground truth per score, truthy = anomalous; contiguous runs are shaded. */
  labels?: ArrayLike<number | boolean>;
  /** Detector threshold, drawn as a dashed rule. */
  threshold?: number;
  logY?: boolean;
  /** Cap on drawn points (min/max per bucket, spikes kept). Default 2000. */
  maxPoints?: number;
  /** Legend names. Defaults 'score', 'attack', 'threshold'. */
  scoreName?: string;
  labelName?: string;
  thresholdName?: string;
}

/**
 * Anomaly score over time (or index), with ground-truth anomalous runs shaded and the threshold as a rule.
 * Runs are computed on the full data; runs closer than the downsampling resolution are merged.
 */
export function scoreTimeline(scores: Numbers, opts: ScoreTimelineOptions = {}): TopLevelSpec {
  const n = scores.length;
  const maxPoints = opts.maxPoints ?? 2000;
  checkInt('scoreTimeline maxPoints', maxPoints, 4);
  checkFinite('scoreTimeline scores', scores);
  if (n === 0) throw new Error('scoreTimeline: scores are empty');
  if (opts.logY) checkPositive('scoreTimeline scores', scores);
  const x = opts.x ?? Float64Array.from({ length: n }, (_, i) => i);
  if (opts.x) {
    checkLength('scoreTimeline x', x, n, 'scores');
    checkFinite('scoreTimeline x', x);
    for (let i = 1; i < n; i++) if (x[i] < x[i - 1]) throw new Error(`scoreTimeline x must be non-decreasing; x[${i}] < x[${i - 1}]`);
  }
  if (opts.labels) checkLength('scoreTimeline labels', opts.labels, n, 'scores');
  if (opts.threshold !== undefined && !Number.isFinite(opts.threshold)) throw new Error(`scoreTimeline threshold is not a finite number (${opts.threshold})`);
  if (opts.logY && opts.threshold !== undefined && opts.threshold <= 0) throw new Error('scoreTimeline threshold must be > 0 on a log scale');

  const names = { score: opts.scoreName ?? 'score', label: opts.labelName ?? 'attack', threshold: opts.thresholdName ?? 'threshold' };
  const keep = minMaxIndices(scores, maxPoints);
  const points = keep.map((i) => ({ x: x[i], y: round6(scores[i]), kind: names.score }));
  const runs = opts.labels ? labelRuns(opts.labels, x, Math.floor(n / maxPoints)) : [];
  const domain = [names.score, ...(opts.labels ? [names.label] : []), ...(opts.threshold !== undefined ? [names.threshold] : [])];
  const palette = ['#4c78a8', ...(opts.labels ? ['#e45756'] : []), ...(opts.threshold !== undefined ? ['#333333'] : [])];
  const color = { field: 'kind', type: 'nominal' as const, title: null, scale: { domain, range: palette } };
  const xType = opts.temporal ? ('temporal' as const) : ('quantitative' as const);
  const xTitle = opts.xTitle ?? (opts.temporal ? 'time' : 'index');
  const layer: object[] = [];
  if (runs.length) layer.push({
    data: { values: runs.map((r) => ({ ...r, kind: names.label })) },
    mark: { type: 'rect', opacity: 0.2 },
    encoding: { x: { field: 'start', type: xType, title: xTitle }, x2: { field: 'end' }, color },
  });
  layer.push({
    data: { values: points },
    mark: { type: 'line', strokeWidth: 1, tooltip: true },
    encoding: {
      x: { field: 'x', type: xType, title: xTitle },
      y: { field: 'y', type: 'quantitative', title: opts.yTitle ?? 'anomaly score', scale: opts.logY ? { type: 'log' } : { zero: false } },
      color,
    },
  });
  if (opts.threshold !== undefined) layer.push({
    data: { values: [{ y: opts.threshold, kind: names.threshold }] },
    mark: { type: 'rule', strokeDash: [6, 4], strokeWidth: 1.5 },
    encoding: { y: { field: 'y', type: 'quantitative' }, color },
  });
  return {
    ...header(opts, { width: 640, height: 220 }),
    ...(keep.length < n ? { usermeta: { downsampled: `${n} -> ${keep.length} points` } } : {}),
    layer,
  } as TopLevelSpec;
}

/**
 * Contiguous anomalous runs as x ranges [x[first], x[last + 1]) (the last run ends one step past its last point).
 * Runs separated by fewer than `minGap` normal points are merged.
 */
export function labelRuns(labels: ArrayLike<number | boolean>, x: Numbers, minGap = 0): { start: number; end: number }[] {
  const n = labels.length;
  const idx: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    if (!labels[i]) continue;
    let j = i;
    while (j + 1 < n && labels[j + 1]) j++;
    const prev = idx[idx.length - 1];
    if (prev && i - prev[1] - 1 < minGap) prev[1] = j;
    else idx.push([i, j]);
    i = j;
  }
  const step = n > 1 ? x[n - 1] - x[n - 2] : 1;
  return idx.map(([i, j]) => ({ start: x[i], end: j + 1 < n ? x[j + 1] : x[j] + (step || 1) }));
}
