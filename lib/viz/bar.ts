import { header, type ChartOptions, type TopLevelSpec } from './spec';
import { checkFinite } from './validate';

/** One bar (or one segment of a grouped bar). */
export interface BarDatum {
  category: string;
  count: number;
  group?: string;
}

export interface BarChartOptions extends ChartOptions {
  /** Log-scale count axis (label distributions are often very imbalanced); zero counts are dropped. */
  logY?: boolean;
  /** Bars run left to right, categories down the y axis (readable long label names). Default false. */
  horizontal?: boolean;
  /** 'input' keeps the given order (default); 'descending' sorts by (total) count. */
  sort?: 'input' | 'descending';
  /** With groups: stack segments instead of placing them side by side. Default false. */
  stacked?: boolean;
  /** Legend title for groups. */
  groupTitle?: string;
  /** Print counts next to bars; default true without groups (never when stacked). */
  showValues?: boolean;
}

/**
 * Bar chart of counts per category, e.g. a label distribution `{ benign: 9120, dos: 310 }`, or
 * rows `{ category, count, group }` to colour by group (e.g. train/val/test) side by side or stacked.
 */
export function barChart(data: Record<string, number> | BarDatum[], opts: BarChartOptions = {}): TopLevelSpec {
  const rows: BarDatum[] = Array.isArray(data) ? data.map((d) => ({ ...d })) : Object.entries(data).map(([category, count]) => ({ category, count }));
  if (rows.length === 0) throw new Error('barChart: no data');
  checkFinite('barChart count', rows.map((r) => r.count));
  rows.forEach((r, i) => {
    if (r.count < 0) throw new Error(`barChart: count of "${r.category}" (row ${i}) is negative (${r.count})`);
    if (typeof r.category !== 'string') throw new Error(`barChart: category at row ${i} must be a string`);
  });
  if (opts.stacked && opts.logY) throw new Error('barChart: stacked bars cannot use a log scale (logY)');
  const grouped = rows.some((r) => r.group !== undefined);
  if (grouped) rows.forEach((r, i) => {
    if (r.group === undefined) throw new Error(`barChart: row ${i} ("${r.category}") has no group while others do`);
  });
  const values = opts.logY ? rows.filter((r) => r.count > 0) : rows;
  const order = [...new Set(rows.map((r) => r.category))];
  const cat = opts.horizontal ? 'y' : 'x';
  const num = opts.horizontal ? 'x' : 'y';
  const catEnc = {
    field: 'category', type: 'nominal' as const, title: opts.xTitle ?? null,
    sort: opts.sort === 'descending' ? { op: 'sum' as const, field: 'count', order: 'descending' as const } : order,
    ...(opts.horizontal ? {} : { axis: { labelAngle: order.some((c) => c.length > 6) ? -40 : 0 } }),
  };
  const numEnc = {
    field: 'count', type: 'quantitative' as const, title: opts.yTitle ?? 'count',
    ...(opts.logY ? { scale: { type: 'log' as const } } : {}),
    // Stacking starts bars at 0, which a log scale cannot place: unstacked bars start at the axis.
    ...(opts.stacked ? {} : { stack: null }),
  };
  const groupEnc = grouped ? {
    color: { field: 'group', type: 'nominal' as const, title: opts.groupTitle ?? null, sort: [...new Set(rows.map((r) => r.group as string))] },
    ...(opts.stacked ? {} : { [`${cat}Offset`]: { field: 'group', sort: [...new Set(rows.map((r) => r.group as string))] } }),
  } : {};
  const encoding = { [cat]: catEnc, [num]: numEnc, ...groupEnc, tooltip: [{ field: 'category' }, { field: 'count' }, ...(grouped ? [{ field: 'group' }] : [])] };
  const showValues = (opts.showValues ?? !grouped) && !opts.stacked;
  const bar = { mark: { type: 'bar' as const }, encoding };
  const size = opts.horizontal ? { width: 420, height: Math.min(600, Math.max(120, 22 * order.length)) } : { width: Math.min(720, Math.max(240, 36 * order.length)), height: 280 };
  const spec = showValues
    ? { layer: [bar, { mark: { type: 'text' as const, ...(opts.horizontal ? { align: 'left' as const, dx: 3 } : { baseline: 'bottom' as const, dy: -2 }) }, encoding: { [cat]: catEnc, [num]: numEnc, ...groupEnc, text: { field: 'count', type: 'quantitative' as const } } }] }
    : bar;
  return { ...header(opts, size), data: { values }, ...spec } as TopLevelSpec;
}
