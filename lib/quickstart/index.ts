/** Notebook 00 and `npm run quickstart`: the whole stack in one place, on the synthetic demo flows. */
export { ensureDemoData } from '../demo/ensure';
export { loadFlows, labelCounts, flowFeatureColumns, prepareFlows, type PreparedFlows } from './data';
export { trainQuickstartModel } from './train';
export { labelChart, errorHistogram, testTimeline, LOSS_CHART } from './charts';
export { runQuickstart, quickstartRunDir, validateQuickstartConfig, QUICKSTART_DEFAULTS, QUICKSTART_DETECTOR, type QuickstartConfig } from './run';
