import { header, round6, type ChartOptions, type TopLevelSpec } from './spec';
import { checkFinite, checkInt, type Numbers } from './validate';
import { binCounts, binEdges, extentOf } from './bin';

export interface HistogramOptions extends ChartOptions {
  /** Number of equal-width bins over the common extent. Default 40. */
  bins?: number;
  /** [min, max] to bin over; values outside are left out (counted in `usermeta.outside`). Default: data range. */
  extent?: [number, number];
  /** 'count' (default) or 'fraction' of each group, to compare groups of very different sizes (benign vs attack). */
  normalize?: 'count' | 'fraction';
  /** Log-scale y axis; empty bins are dropped. */
  logY?: boolean;
  /** Legend title for groups. */
  groupTitle?: string;
}

/**
 * Histogram of `values`, or overlaid histograms of named groups (`{ benign: s0, attack: s1 }`)
 * binned on one shared grid. Binning happens here, so the spec holds `bins` rows per group, not the raw values.
 */
export function histogram(values: Numbers | Record<string, Numbers>, opts: HistogramOptions = {}): TopLevelSpec {
  const groups: [string, Numbers][] = isNumbers(values) ? [['values', values]] : Object.entries(values);
  const bins = opts.bins ?? 40;
  checkInt('histogram bins', bins, 1);
  if (groups.length === 0) throw new Error('histogram: no groups given');
  for (const [name, v] of groups) checkFinite(`histogram group "${name}"`, v);
  if (groups.every(([, v]) => v.length === 0)) throw new Error('histogram: all groups are empty');
  if (opts.extent) checkFinite('histogram extent', opts.extent);
  const [lo, hi] = opts.extent ?? extentOf(groups.map(([, v]) => v));
  const edges = binEdges(lo, hi, bins);
  const rows: { start: number; end: number; count: number; group: string }[] = [];
  const outside: Record<string, number> = {};
  for (const [name, v] of groups) {
    const b = binCounts(v, edges);
    if (b.outside) outside[name] = b.outside;
    const total = v.length - b.outside;
    b.counts.forEach((c, i) => {
      const count = opts.normalize === 'fraction' ? (total ? round6(c / total) : 0) : c;
      if (!(opts.logY && count === 0)) rows.push({ start: round6(edges[i]), end: round6(edges[i + 1]), count, group: name });
    });
  }
  const multi = groups.length > 1;
  return {
    ...header(opts, { width: 480, height: 260 }),
    ...(Object.keys(outside).length ? { usermeta: { outside } } : {}),
    data: { values: rows },
    mark: { type: 'bar', opacity: multi ? 0.55 : 1, binSpacing: 0, tooltip: true },
    encoding: {
      x: { field: 'start', type: 'quantitative', bin: { binned: true }, title: opts.xTitle ?? null },
      x2: { field: 'end' },
      y: {
        field: 'count', type: 'quantitative', stack: null,
        title: opts.yTitle ?? (opts.normalize === 'fraction' ? 'fraction' : 'count'),
        ...(opts.logY ? { scale: { type: 'log' } } : {}),
      },
      ...(multi ? { color: { field: 'group', type: 'nominal', title: opts.groupTitle ?? null, sort: groups.map(([n]) => n) } } : {}),
    },
  };
}

function isNumbers(v: Numbers | Record<string, Numbers>): v is Numbers {
  return Array.isArray(v) || ArrayBuffer.isView(v);
}
