/**
 * Scoring new data with a trained run (README, "Scoring new data"): batch files and live streams through
 * the run's own preprocessing and detector (ONNX Runtime where it exports).
 */
export { scoreFiles, scoreLive, printSummary, type ScoreOptions, type ScoreSummary } from './run';
export { openRun, RUN_DETECTORS, type RunProfile, type ScoredKind } from './profile';
export { openScorer, type WindowScorer, type WindowScores } from './scorer';
export { CsvStream, parseCsv, type CsvRecord } from './csv';
export { Windower, type Window, type RowMeta } from './windower';
export { LiveRecords } from './live-records';
export { checkOutputFile, summaryPath, SUMMARY_SUFFIX } from './output';
export { labelMetrics } from './metrics';
export { LatencyHistogram } from './stats';
export { parseTimeCell } from './time';
