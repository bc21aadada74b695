// The one place that names vega-lite's spec type. `tsc` (moduleResolution nodenext) finds it at
// 'vega-lite'; tslab compiles lib files with TypeScript 5.0 and Node10 resolution, which cannot see
// it there (vega-lite has no "types" field), so the line is ignored for tslab and the type is `any`
// inside notebooks, which only loosens checking there.
// @ts-ignore -- resolves under tsc (nodenext); unresolved under tslab (node10), where it is `any`.
import type { TopLevelSpec as VlTopLevelSpec } from 'vega-lite';

/** A complete Vega-Lite spec (plain JSON). */
export type TopLevelSpec = VlTopLevelSpec;

/** v5 schema on purpose: Jupyter's built-in renderer draws application/vnd.vegalite.v5+json; vega-lite 6 compiles it. */
export const VL_SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';

/** Options every builder accepts. Sizes are in CSS pixels of the plot area. */
export interface ChartOptions {
  title?: string;
  subtitle?: string;
  /** Plot width, px (default depends on the chart, 480 for most). */
  width?: number;
  /** Plot height, px (default depends on the chart, 280 for most). */
  height?: number;
  xTitle?: string;
  yTitle?: string;
}

/** Top-level keys shared by all builders: schema, title, size. */
export function header(opts: ChartOptions, size: { width: number; height: number }) {
  const title = opts.title === undefined ? undefined
    : opts.subtitle === undefined ? opts.title
    : { text: opts.title, subtitle: opts.subtitle };
  checkSize('width', opts.width);
  checkSize('height', opts.height);
  return {
    $schema: VL_SCHEMA,
    ...(title === undefined ? {} : { title }),
    width: opts.width ?? size.width,
    height: opts.height ?? size.height,
    // Vega-Lite cuts legend labels at 160 px ("Isolation Forest (…"); series names here are short enough.
    config: { legend: { labelLimit: 0 } },
  };
}

function checkSize(name: string, v: number | undefined): void {
  if (v !== undefined && !(Number.isFinite(v) && v > 0)) throw new Error(`chart option ${name} must be a positive number, got ${v}`);
}

/** Round to 6 significant digits: plenty for a plot, and keeps specs embedded in notebooks small. */
export function round6(v: number): number {
  return v === 0 ? 0 : Number(v.toPrecision(6));
}
