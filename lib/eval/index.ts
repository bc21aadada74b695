/**
 * Evaluation: pure metric functions over typed arrays, and one flat record per detector and split.
 * Headline numbers: ROC-AUC, average precision, VUS-PR, event F1 under a budget, and F1 at a
 * threshold fitted on validation. Thresholds come from validation data; `oracleBestF1` is the only
 * function meant for test labels and its fields say `oracle`.
 */
export type { Numbers } from './validate';
export { runsOf, type Run } from './runs';
export { quantile, quantileOfSorted } from './quantile';
export { rocCurve, rocAuc, prCurve, averagePrecision, prAucTrapezoid, type RocCurve, type PrCurve } from './ranking';
export { confusionAt, confusionMatrix, precisionRecallF1, prf1FromConfusion, matthewsCorrcoef, mccFromConfusion, type Confusion, type PrecisionRecallF1 } from './confusion';
export { classificationReport, multiclassConfusion, type ClassificationReport, type ClassScores, type MulticlassConfusion } from './multiclass';
export { thresholdAtBenignQuantile, thresholdBestF1, oracleBestF1, thresholdForBudget, validationThresholds, type BestF1, type OracleBestF1 } from './thresholds';
export { attackRatio, trimmedAttackRatio } from './ratios';
export { eventMetrics, eventMetricsAtThreshold, eventMetricsFromPredictions, detectionDelays, type EventMetrics, type DetectionDelay } from './events';
export { pointAdjust, pointAdjustedF1 } from './point-adjust';
export { rangePrecisionRecall, type RangeOptions, type RangePrecisionRecall } from './range';
export { affiliationMetrics, type AffiliationResult } from './affiliation';
export { vusRoc, vusPr, vusSurface, rangeAucRoc, rangeAucPr, VUS_DEFAULTS, type VusOptions, type VusSurface } from './vus';
export { metricsRecord, prefixRecord, randomScores, RECORD_DEFAULTS, type MetricsRecord, type RecordOptions } from './record';
