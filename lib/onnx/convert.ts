/**
 * A TF.js functional model (lib/models builders, custom layers included) → an ONNX model, layer by
 * layer in topological order (layers.ts), with the detector's scoring in the graph itself so the engine
 * returns one score per sample without copying reconstructions back:
 * - `reconstruction` heads (autoencoders): outputs `reconstruction` (canonical layout) and `score`, the
 *   per-sample error of the detector's reduction — `mean` (MSE over all values: GRU-SAE, dense AE) or
 *   `feature_mean` (per feature the MSE over time, `feature_errors` [n, F], then their mean: L1);
 * - `classifier` heads: outputs `logits` and `probabilities` (softmax).
 */
import type { tf } from '../engine';
import { checkScoreRows } from '../detectors/reconstruction';
import { OnnxGraph, type Value } from './graph';
import { LAYER_CONVERTERS } from './layers';
import { OPSET } from './proto';

/** `rows` (feature_mean only): the per-feature time mean covers the window's last `rows` rows (default: all). */
export type OnnxHead = { kind: 'reconstruction'; reduction: 'mean' | 'feature_mean'; rows?: number } | { kind: 'classifier' };

export interface OnnxNetwork {
  /** The serialised model (model.onnx). */
  bytes: Uint8Array;
  input: { name: string; shape: (number | string)[] };
  outputs: { name: string; shape: (number | string)[] }[];
  /** Nodes per op type. */
  ops: Record<string, number>;
  opset: number;
}

export const INPUT_NAME = 'x';
/** Every output name a head may use. */
export const OUTPUT_NAMES = ['reconstruction', 'feature_errors', 'score', 'logits', 'probabilities'] as const;
const BATCH = 'batch';

/** Translate `model` (one input, one output) with the given head; weights are read as they are now. */
export function networkToOnnx(model: tf.LayersModel, head: OnnxHead, opts: { name?: string; metadata?: Record<string, string> } = {}): OnnxNetwork {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) throw new Error(`onnx export: model ${model.name} must have one input and one output (has ${model.inputs.length} and ${model.outputs.length})`);
  const g = new OnnxGraph(opts.name ?? model.name, [INPUT_NAME, ...OUTPUT_NAMES]);
  const inShape = model.inputs[0].shape.slice(1) as number[];
  if (inShape.some((d) => d === null)) throw new Error(`onnx export: model ${model.name} has an input of unknown shape [${inShape}]`);
  const x = g.input(INPUT_NAME, [BATCH, ...inShape]);
  const values = new Map<number, Value>([[model.inputs[0].id, x]]);
  const consumers = consumerClasses(model);
  for (const layer of model.layers) {
    if (layer.getClassName() === 'InputLayer') continue;
    const convert = LAYER_CONVERTERS[layer.getClassName()];
    if (!convert) throw new Error(`onnx export: layer ${layer.name} of class ${layer.getClassName()} has no translation (known: ${Object.keys(LAYER_CONVERTERS).join(', ')})`);
    for (const node of inboundNodes(layer)) {
      const ins = node.inputTensors.map((t) => values.get(t.id));
      if (ins.some((v) => v === undefined)) continue; // a node of another model sharing this layer
      const out = convert({ g, layer, config: layer.getConfig() as Record<string, unknown>, weights: layerWeights(layer), consumers: consumers.get(node.outputTensors[0].id) ?? [] }, ins as Value[]);
      values.set(node.outputTensors[0].id, out);
    }
  }
  const y = values.get(model.outputs[0].id);
  if (!y) throw new Error(`onnx export: the output of model ${model.name} was not reached from its input`);
  const outShape = model.outputs[0].shape.slice(1) as number[];
  const outputs = head.kind === 'classifier' ? classifierHead(g, y, outShape) : reconstructionHead(g, x, y, inShape, outShape, head.reduction, head.rows);
  return {
    bytes: g.encode({ metadata: opts.metadata, docString: `seqsentry export of ${model.name}` }),
    input: { name: x.name, shape: [BATCH, ...inShape] }, outputs, ops: g.opCounts(), opset: OPSET,
  };
}

function reconstructionHead(g: OnnxGraph, x: Value, y: Value, inShape: number[], outShape: number[], reduction: 'mean' | 'feature_mean', rows?: number) {
  if (inShape.join() !== outShape.join()) throw new Error(`onnx export: an autoencoder's output [${outShape}] must have its input's shape [${inShape}]`);
  // The error in the reconstruction's own layout (the input's transposed copy is shared with the first GRU when it exists).
  const xs = y.rank === 3 ? g.layout(x, y.perm!) : x;
  const d = g.op('Sub', [y, xs], y.rank, y.perm, {}, 'error');
  const sq = g.op('Mul', [d, d], y.rank, y.perm, {}, 'error');
  const batchAxis = y.rank === 3 ? y.perm!.indexOf(0) : 0;
  const outputs = [{ name: 'reconstruction', shape: [BATCH, ...outShape] as (number | string)[] }];
  g.output('reconstruction', y, outputs[0].shape);
  if (reduction === 'mean') {
    const axes = Array.from({ length: y.rank }, (_, i) => i).filter((i) => i !== batchAxis);
    g.output('score', g.op('ReduceMean', [sq], 1, null, { axes: { ints: axes }, keepdims: { i: 0 } }, 'score'), [BATCH]);
  } else {
    if (y.rank !== 3) throw new Error('onnx export: the feature_mean reduction needs windows [T, F]');
    const timeAxis = y.perm!.indexOf(1);
    const T = outShape[0];
    const tail = checkScoreRows(rows, T);
    // The window's last `tail` rows (a Slice on the time axis, in the error's own layout).
    const scored = tail === T ? sq : g.op('Slice', [sq, g.int64s('tail_start', [T - tail]), g.int64s('tail_end', [T]), g.int64s('tail_axis', [timeAxis])], y.rank, y.perm, {}, 'error_tail');
    // Removing the time axis leaves [N, F] in every layout (batch precedes channels in NTC, TNC and NCT).
    const perFeature = g.op('ReduceMean', [scored], 2, null, { axes: { ints: [timeAxis] }, keepdims: { i: 0 } }, 'feature_errors');
    g.output('feature_errors', perFeature, [BATCH, outShape[1]]);
    g.output('score', g.op('ReduceMean', [perFeature], 1, null, { axes: { ints: [1] }, keepdims: { i: 0 } }, 'score'), [BATCH]);
    outputs.push({ name: 'feature_errors', shape: [BATCH, outShape[1]] });
  }
  outputs.push({ name: 'score', shape: [BATCH] });
  return outputs;
}

function classifierHead(g: OnnxGraph, y: Value, outShape: number[]) {
  if (y.rank !== 2) throw new Error(`onnx export: a classifier's output must be logits [batch, classes], got rank ${y.rank}`);
  const shape = [BATCH, ...outShape];
  g.output('logits', y, shape);
  g.output('probabilities', g.op('Softmax', [y], 2, null, { axis: { i: -1 } }, 'probabilities'), shape);
  return [{ name: 'logits', shape }, { name: 'probabilities', shape }];
}

type Node = { inputTensors: tf.SymbolicTensor[]; outputTensors: tf.SymbolicTensor[]; outboundLayer: tf.layers.Layer };

function inboundNodes(layer: tf.layers.Layer): Node[] {
  return (layer as unknown as { inboundNodes: Node[] }).inboundNodes;
}

/** Tensor id → class names of the layers that consume it. */
function consumerClasses(model: tf.LayersModel): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const layer of model.layers) {
    for (const node of inboundNodes(layer)) {
      for (const t of node.inputTensors) out.set(t.id, [...(out.get(t.id) ?? []), layer.getClassName()]);
    }
  }
  return out;
}

/** A layer's weights by short name (`kernel`, `recurrent_kernel`, `bias`, `gamma`, …), read from the device once. */
function layerWeights(layer: tf.layers.Layer): Record<string, { data: Float32Array; shape: number[] }> {
  const out: Record<string, { data: Float32Array; shape: number[] }> = {};
  layer.weights.forEach((w) => {
    const short = (w.originalName ?? w.name).split('/').pop()!.replace(/_\d+$/, '');
    const t = w.read();
    out[short] = { data: Float32Array.from(t.dataSync() as Float32Array), shape: [...t.shape] };
  });
  return out;
}
