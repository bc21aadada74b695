/**
 * One detector contract for every detector (README, "Detectors"): fit on training samples, score with
 * higher = more anomalous, thresholds from validation (evaluateDetectors), save / load / describe.
 */
export * from './contract';
export * from './samples';
export { resolveRepresentation, toRows, type Representation } from './rows';
export { RowsDetector, RandomDetector, PCA_DEFAULTS, IFOREST_DEFAULTS, KMEANS_AD_DEFAULTS, KNN_AD_DEFAULTS, HBOS_AD_DEFAULTS, RANDOM_DEFAULTS, ROW_DETECTOR_KINDS, STATE_FILE } from './classical';
export { NetworkDetector } from './network';
export { GruSaeDetector, GRU_SAE_DETECTOR_DEFAULTS, type GruSaeDetectorConfig } from './gru-sae';
export { Conv1dAeDetector, CONV1D_AE_DEFAULTS, type Conv1dAeConfig } from './conv1d-ae';
export { DenseAeDetector, DENSE_AE_DEFAULTS, type DenseAeConfig } from './dense-ae';
export { GruClassifier, GRU_CLASSIFIER_DEFAULTS, classifierProba, type GruClassifierConfig } from './classifier';
export { reconstructionScores, embedSamples, type Reduction, type ReconstructionScores } from './reconstruction';
export { createDetector, fitDetectors, loadDetector, loadClassifier, createClassifier, detectorDefaults, DETECTOR_KINDS, type FittedSet } from './registry';
export { networkEngine, releaseEngine, scorerSetting, setEngineLog, SCORER_ENV, type NetworkEngine, type ScorerSetting } from './engine';
export { evaluateDetectors, evaluateScores, scoreSplits, ratios, budgetEventKeys, type Evaluation, type EvaluationOptions, type SplitLabels, type SplitScores, type SplitName } from './evaluate';
