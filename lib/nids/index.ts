/**
 * The GRU NIDS classifier: supervised multi-class intrusion detection on flow records
 * (`npm run nids`, notebooks/gru-nids/). See lib/nids/README.md.
 */
export { NIDS_DEFAULTS, NIDS_ENV_VARS, envOverrides, resolveNidsConfig, validateNidsConfig, nidsRunDir, type NidsConfig } from './config';
export { FLOW_DATASETS, flowDataset, type FlowDatasetSpec } from './01-prepare/datasets';
export { prepareNidsData, prepareRawData, loadPreparedData, type Prepared, type PrepInfo } from './01-prepare/prepare';
export { fitLabelIndexer, indexLabels, parseLabelIndexer, loadLabelIndexer, saveLabelIndexer, type LabelIndexer } from './01-prepare/indexer';
export { fitFeatureEncoder, transformFeatures, countNonFinite, type FeatureEncoder } from './01-prepare/features';
export { readPreparedParquet, writePreparedParquet, type PreparedTable } from './01-prepare/parquet';
export { classWeights, sampleWeights, findBenign, type NidsData, type NidsSplit } from './01-prepare/data';
export { buildNidsModel, buildSoftmaxRegression, type NidsModelOptions } from '../models/gru-classifier';
export { sequenceEnds, epochBatches, shardTensors, type Shard } from './02-train-evaluate/shards';
export { computeShardGradients, sumShardGradients, applyAveragedGradients, trainNidsClassifier, weightedCrossEntropy, type NidsEpoch, type TrainNidsResult } from './02-train-evaluate/train';
export { predictProba, evaluateClassifier, reportDict, argmaxRows, type Scored, type ClassifierEvaluation } from './02-train-evaluate/evaluate';
export { majorityBaseline, softmaxRegressionBaseline } from './02-train-evaluate/baselines';
export { runNids, trainNids, evaluateNids, runNidsBaselines, ensureNidsInputs, measureThroughput, type NidsRunResult } from './run';
export { writeNidsRun } from './02-train-evaluate/outputs';
export { nidsMetrics, NIDS_DETECTOR } from './02-train-evaluate/metrics';
export { confusionChart } from './02-train-evaluate/charts';
