import { header, round6, type ChartOptions, type TopLevelSpec } from './spec';
import { checkFinite, checkInt, checkLength, checkPositive, type Numbers } from './validate';
import { strideIndices } from './downsample';

/** Points to scatter; `group` colours them (cluster id, label name). */
export interface ScatterData {
  x: Numbers;
  y: Numbers;
  group?: ArrayLike<number | string>;
}

export interface ScatterOptions extends ChartOptions {
  /** Cap on drawn points, taken evenly spread over the input order. Default 5000. */
  maxPoints?: number;
  /** Legend title for groups. */
  groupTitle?: string;
  /** Point area in px². Default 12. */
  size?: number;
  /** Point opacity. Default 0.7. */
  opacity?: number;
  logX?: boolean;
  logY?: boolean;
}

/**
 * Scatter plot, e.g. a 2-D embedding coloured by cluster. Numeric groups are ordered numerically
 * in the legend (so cluster -1, noise, comes first). Data rows are `{ x, y, group }`.
 */
export function scatter(data: ScatterData, opts: ScatterOptions = {}): TopLevelSpec {
  const n = data.x.length;
  const maxPoints = opts.maxPoints ?? 5000;
  checkInt('scatter maxPoints', maxPoints, 1);
  checkFinite('scatter x', data.x);
  checkFinite('scatter y', data.y);
  checkLength('scatter y', data.y, n, 'x');
  if (data.group) checkLength('scatter group', data.group, n, 'x');
  if (n === 0) throw new Error('scatter: no points');
  if (opts.logX) checkPositive('scatter x', data.x);
  if (opts.logY) checkPositive('scatter y', data.y);
  const keep = strideIndices(n, maxPoints);
  const g = data.group;
  const rows = keep.map((i) => ({ x: round6(data.x[i]), y: round6(data.y[i]), ...(g ? { group: String(g[i]) } : {}) }));
  const groups = g ? groupOrder(g) : [];
  return {
    ...header(opts, { width: 420, height: 360 }),
    ...(keep.length < n ? { usermeta: { downsampled: `${n} -> ${keep.length} points` } } : {}),
    data: { values: rows },
    mark: { type: 'circle', size: opts.size ?? 12, opacity: opts.opacity ?? 0.7, tooltip: true },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: opts.xTitle ?? null, scale: opts.logX ? { type: 'log' } : { zero: false } },
      y: { field: 'y', type: 'quantitative', title: opts.yTitle ?? null, scale: opts.logY ? { type: 'log' } : { zero: false } },
      ...(g ? { color: { field: 'group', type: 'nominal', title: opts.groupTitle ?? null, scale: { domain: groups, scheme: groups.length > 10 ? 'tableau20' : 'tableau10' } } } : {}),
    },
  };
}

function groupOrder(g: ArrayLike<number | string>): string[] {
  const uniq = [...new Set(Array.from(g))];
  if (uniq.every((v) => typeof v === 'number')) (uniq as number[]).sort((a, b) => a - b);
  return uniq.map(String);
}
