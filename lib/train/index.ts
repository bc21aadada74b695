// The shared autoencoder training loop, its stopping strategies and its progress displays.
// An autoencoder supplies a model builder and (optionally) its per-sample error; see autoencoder.ts.
export {
  trainAutoencoder, disposeWeights,
  type TrainAutoencoderOptions, type TrainAutoencoderResult, type EpochRecord, type EpochInfo, type BatchInfo,
} from './autoencoder';
export { perSampleError, meanSquaredPerSample, huberPerSample, type AutoencoderLoss, type PerSampleError } from './loss';
export {
  createStopper, stepStopping, resolveStopping, initialStoppingState, STOPPING_DEFAULTS, STOPPING_STRATEGIES,
  type StoppingConfig, type StoppingStrategy, type StopDecision, type StopRule, type StoppingState, type Stopper,
} from './stopping';
export {
  terminalProgress, liveTrainingChart, trainingLossChart, combineCallbacks, batchLine, epochLine,
  type TrainingCallbacks, type TerminalProgressOptions, type ProgressStream,
} from './progress';
