/** The one place that sets up TensorFlow.js for seqsentry. Import `tf` from here, not from the package. */
import * as tf from '@tensorflow/tfjs';

export { tf };
export { initEngine, engineInfo, checkEngineEnv, threadsNote, BACKEND_ENV, type BackendChoice, type EngineInfo } from './backend';
export { registerWasmGaps, conv2DBackpropFilterImpl } from './wasm-kernels';
export { LayerNorm, RepeatVector, SeededDropout, layerNorm, repeatVector, seededDropout, type LayerNormArgs } from './layers';
export { FastGRU, fastGru, gruSequence, type FastGruArgs } from './gru';
export { AdamW, adam, adamw, clipByGlobalNorm, globalNorm, type AdamWOptions } from './optim';
export { seededInitializers, quietOrthogonal, type SeededInitializers } from './init';
export { saveModel, loadModel, readModelMetadata } from './model-io';
export { reconstructionErrors, type HostArray, type ScoreOptions } from './score';
