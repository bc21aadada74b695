// The one training loop (loop.ts) and its callers' shared pieces: stopping strategies, the progress
// display, the history schema (types.ts). The autoencoders call it through trainAutoencoder
// (autoencoder.ts: model builder + per-sample error); the NIDS classifier through lib/nids/02-train-evaluate/train.ts.
export { trainModel, type TrainModelOptions, type TrainModelResult } from './loop';
export {
  type EpochRecord, type EpochInfo, type BatchInfo, type TrainingCallbacks, type Monitor, type StepSums, type Validation,
  type ReduceLrConfig, type EpochBatches, type ExtraField, VAL_LOSS,
} from './types';
export { trainAutoencoder, type TrainAutoencoderOptions, type TrainAutoencoderResult } from './autoencoder';
export { disposeWeights, snapshotWeights } from './weights';
export { shuffledBatches, gather, type HostBatch } from './host-batches';
export { perSampleError, meanSquaredPerSample, huberPerSample, type AutoencoderLoss, type PerSampleError } from './loss';
export {
  createStopper, stepStopping, resolveStopping, initialStoppingState, bestValue, STOPPING_DEFAULTS, STOPPING_STRATEGIES,
  type StoppingConfig, type StoppingStrategy, type StopDecision, type StopRule, type StoppingState, type Stopper, type ResolvedStopping,
} from './stopping';
export {
  terminalProgress, liveTrainingChart, combineCallbacks, batchLine, epochLine,
  type TerminalProgressOptions, type ProgressStream,
} from './progress';
