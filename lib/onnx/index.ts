/**
 * ONNX export and ONNX Runtime scoring (README, "Export and ONNX Runtime"): TF.js networks → ONNX
 * (convert.ts, one translation per layer class in layers.ts, written with the onnx-proto package),
 * sessions in onnxruntime-node (ort.ts), and a run folder's detectors exported with their fitted
 * preprocessing (export.ts).
 */
export { networkToOnnx, INPUT_NAME, OUTPUT_NAMES, type OnnxHead, type OnnxNetwork } from './convert';
export { OrtSession, loadOrt, ortLoadError, ortThreads, ortLabel, ORT_THREADS_ENV } from './ort';
export { decodeModel, IR_VERSION, OPSET } from './proto';
export { OnnxGraph, NTC, NCT, TNC, type Perm, type Value } from './graph';
export { LAYER_CONVERTERS } from './layers';
