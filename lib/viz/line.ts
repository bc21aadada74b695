import { header, round6, type ChartOptions, type TopLevelSpec } from './spec';
import { checkFinite, checkInt, checkLength, checkPositive, type Numbers } from './validate';
import { minMaxIndices } from './downsample';

/** One named line; `x` defaults to 0..n-1 (e.g. epoch index). */
export interface LineSeries {
  name: string;
  y: Numbers;
  x?: Numbers;
}

export interface LineChartOptions extends ChartOptions {
  /** Log-scale y axis (e.g. losses); every y must then be > 0. Default false. */
  logY?: boolean;
  /** Cap on drawn points per series (min/max per bucket, spikes kept). Default 1000. */
  maxPoints?: number;
  /** Draw point markers; default: when every series has <= 60 points. */
  points?: boolean;
  /** Treat x as epoch milliseconds (time axis). Default false. */
  temporal?: boolean;
  /** Legend title. Default none. */
  seriesTitle?: string;
}

/**
 * Line chart of one or more series, e.g. `lineChart({ train: loss, val: valLoss }, { logY: true })`.
 * Data rows are `{ x, y, series }`; long series are downsampled (see `usermeta.downsampled`).
 */
export function lineChart(series: LineSeries[] | Record<string, Numbers>, opts: LineChartOptions = {}): TopLevelSpec {
  const list: LineSeries[] = Array.isArray(series) ? series : Object.entries(series).map(([name, y]) => ({ name, y }));
  const maxPoints = opts.maxPoints ?? 1000;
  checkInt('lineChart maxPoints', maxPoints, 4);
  if (list.length === 0) throw new Error('lineChart: no series given');
  for (const s of list) validateSeries(s, opts.logY === true);
  const rows: { x: number; y: number; series: string }[] = [];
  const downsampled: Record<string, string> = {};
  for (const s of list) {
    const keep = minMaxIndices(s.y, maxPoints);
    if (keep.length < s.y.length) downsampled[s.name] = `${s.y.length} -> ${keep.length} points`;
    for (const i of keep) rows.push({ x: s.x ? s.x[i] : i, y: round6(s.y[i]), series: s.name });
  }
  const showPoints = opts.points ?? list.every((s) => s.y.length <= 60);
  const integerX = !opts.temporal && rows.every((r) => Number.isInteger(r.x));
  const multi = list.length > 1;
  return {
    ...header(opts, { width: 480, height: 280 }),
    ...(Object.keys(downsampled).length ? { usermeta: { downsampled } } : {}),
    data: { values: rows },
    mark: { type: 'line', point: showPoints, tooltip: true },
    encoding: {
      x: {
        field: 'x', type: opts.temporal ? 'temporal' : 'quantitative', title: opts.xTitle ?? null,
        ...(integerX ? { axis: { format: 'd', tickMinStep: 1 } } : {}),
      },
      y: {
        field: 'y', type: 'quantitative', title: opts.yTitle ?? null,
        // A nice log scale rounds out to whole decades and squeezes the curve; use the data's extent.
        scale: opts.logY ? { type: 'log', nice: false } : { zero: false },
      },
      ...(multi ? { color: { field: 'series', type: 'nominal', title: opts.seriesTitle ?? null, sort: list.map((s) => s.name) } } : {}),
    },
  };
}

function validateSeries(s: LineSeries, logY: boolean): void {
  const what = `lineChart series "${s.name}"`;
  if (typeof s.name !== 'string') throw new Error(`lineChart: series name must be a string, got ${typeof s.name}`);
  checkFinite(`${what} y`, s.y);
  if (s.y.length === 0) throw new Error(`${what} is empty`);
  if (s.x) {
    checkLength(`${what} x`, s.x, s.y.length, 'y');
    checkFinite(`${what} x`, s.x);
  }
  if (logY) checkPositive(`${what} y`, s.y);
}
