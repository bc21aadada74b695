/** Notebook 00 and `npm start`: the whole stack in one place, on the synthetic demo flows. */
export { ensureDemoData, loadFlows, labelCounts, flowFeatureColumns, prepareFlows, type PreparedFlows } from './data';
export { trainAutoencoder, scoreRows, quantile, type EpochRow, type TrainOptions } from './train';
export { labelChart, lossChart, errorHistogram, testTimeline } from './charts';
export { runQuickstart, detectionAt, benignErrors, QUICKSTART_DEFAULTS, type QuickstartConfig } from './run';
