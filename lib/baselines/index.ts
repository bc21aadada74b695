/**
 * Classical baselines under one detector contract (fit on benign training rows, higher score = more
 * anomalous; thresholds are fitted by the caller on validation scores). Window-shaped data goes
 * through `windowRows` first.
 */
export type { Detector, Rows, Windows } from './detector';
export { checkRows } from './detector';
export { flattenWindows, summariseWindows, windowRows, windowRepresentation, takeWindows, MAX_FLAT_DEFAULT, type WindowRepresentation } from './windows';
export { PcaDetector, type PcaModel, type PcaOptions } from './pca';
export { IsolationForest, averagePathLength, type IForestOptions } from './iforest';
