/**
 * The GRU NIDS classifier: supervised multi-class intrusion detection on flow records
 * (`npm run nids`, notebooks/gru-nids/). See lib/nids/README.md.
 */
export { NIDS_DEFAULTS, NIDS_ENV_VARS, envOverrides, resolveNidsConfig, validateNidsConfig, nidsRunDir, type NidsConfig } from './config';
export { FLOW_DATASETS, flowDataset, type FlowDatasetSpec } from './datasets';
export { prepareNidsData, prepareRawData, loadPreparedData, type Prepared, type PrepInfo } from './prepare';
export { fitLabelIndexer, indexLabels, parseLabelIndexer, loadLabelIndexer, saveLabelIndexer, type LabelIndexer } from './indexer';
export { fitFeatureEncoder, transformFeatures, countNonFinite, type FeatureEncoder } from './features';
export { readPreparedParquet, writePreparedParquet, type PreparedTable } from './parquet';
export { classWeights, sampleWeights, findBenign, type NidsData, type NidsSplit } from './data';
export { buildNidsModel, buildSoftmaxRegression, type NidsModelOptions } from '../models/gru-classifier';
export { sequenceEnds, epochBatches, shardTensors, type Shard } from './shards';
export { computeShardGradients, sumShardGradients, applyAveragedGradients, trainNidsClassifier, weightedCrossEntropy, type NidsEpoch, type TrainNidsResult } from './train';
export { predictProba, evaluateClassifier, reportDict, argmaxRows, type Scored, type ClassifierEvaluation } from './evaluate';
export { majorityBaseline, softmaxRegressionBaseline } from './baselines';
export { runNids, trainNids, evaluateNids, runNidsBaselines, ensureNidsInputs, measureThroughput, type NidsRunResult } from './run';
export { writeNidsRun } from './outputs';
export { nidsMetrics, NIDS_DETECTOR } from './metrics';
export { confusionChart } from './charts';
