// Charts for notebooks and run folders: pure Vega-Lite spec builders (data first, then options),
// headless SVG/PNG rendering, and display in a tslab notebook.
//
// Size: specs carry their data inline (they end up inside .ipynb files), so builders keep it small:
// lines and score timelines keep min+max per bucket (spikes survive; default caps 1000 / 2000 points
// per series), ROC/PR curves are thinned by path length (500), scatter takes evenly spread points
// (5000), histograms are binned here, and y values are rounded to 6 significant digits. What was
// cut is recorded in the spec's `usermeta`.
//
// In a notebook (kernel from `npm run kernel:install`): import { show } from './lib/viz', then
// `await show(spec)`; outside a kernel show() does nothing.
export { VL_SCHEMA, type ChartOptions, type TopLevelSpec } from './spec';
export type { Numbers } from './validate';
export { lineChart, type LineSeries, type LineChartOptions } from './line';
export { barChart, type BarDatum, type BarChartOptions } from './bar';
export { histogram, type HistogramOptions } from './histogram';
export { scoreTimeline, labelRuns, type ScoreTimelineOptions } from './timeline';
export { rocCurve, prCurve, type RocPoints, type PrPoints, type CurveOptions, type RocOptions, type PrOptions } from './curves';
export { historyChart, type HistoryPoint, type HistoryChartOptions } from './history';
export { scoreHistogram, type ScoreHistogramOptions } from './score-histogram';
export { rocChart, prChart } from './detector-curves';
export { withRules, type RuleMark } from './rules';
export { heatmap, type HeatmapOptions } from './heatmap';
export { scatter, type ScatterData, type ScatterOptions } from './scatter';
export { minMaxIndices, pathIndices, strideIndices } from './downsample';
export { binEdges, binCounts } from './bin';
export { renderSvg, renderPng, svgToPng, compileSpec, type PngOptions, type Png } from './render';
export { saveChart, type SavedChart } from './save';
export { mimeBundle, displayData, describe, show, showLive, inKernel, VEGALITE_MIME, type MimeBundle, type DisplayData, type LiveChart } from './notebook';
