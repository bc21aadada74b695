/**
 * One ONNX translation per Keras layer class used by this project's networks (lib/models): Dense,
 * FastGRU and tf.layers.gru, RepeatVector, LayerNorm (ours and stock), BatchNormalization, Conv1D,
 * LeakyReLU/ReLU/Activation, GlobalAveragePooling1D, Add, Multiply, Dropout and SeqSentryDropout (inference: identity),
 * Flatten. An unknown class is an error naming it. Weights are read from the layer as it is now.
 */
import type { tf } from '../engine';
import { NCT, NTC, TNC, type OnnxGraph, type Perm, type Value } from './graph';
import type { AttrValue } from './proto';

export interface LayerContext {
  g: OnnxGraph;
  layer: tf.layers.Layer;
  /** The layer's config (getConfig()). */
  config: Record<string, unknown>;
  /** Weights by their short name (kernel, bias, gamma, …) as float32 arrays with shapes. */
  weights: Record<string, { data: Float32Array; shape: number[] }>;
  /** Class names of the layers that consume this layer's output (layout hints). */
  consumers: string[];
}

type Convert = (ctx: LayerContext, inputs: Value[]) => Value;

const GRU_CLASSES = new Set(['SeqSentryFastGRU', 'GRU']);

/** Translations by Keras class name. */
export const LAYER_CONVERTERS: Record<string, Convert> = {
  Dense: dense,
  SeqSentryFastGRU: (ctx, [x]) => gru(ctx, x, { resetAfter: true }),
  GRU: (ctx, [x]) => gru(ctx, x, { resetAfter: false }),
  SeqSentryRepeatVector: repeat,
  RepeatVector: repeat,
  SeqSentryLayerNorm: layerNorm,
  LayerNormalization: layerNorm,
  BatchNormalization: batchNorm,
  Conv1D: conv1d,
  LeakyReLU: (ctx, [x]) => ctx.g.op('LeakyRelu', [x], x.rank, x.perm, { alpha: { f: num(ctx.config.alpha, 0.3) } }, ctx.layer.name),
  ReLU: (ctx, [x]) => activation(ctx.g, x, 'relu', ctx.layer.name),
  Activation: (ctx, [x]) => activation(ctx.g, x, String(ctx.config.activation), ctx.layer.name),
  GlobalAveragePooling1D: globalAverage,
  Add: (ctx, xs) => elementwise(ctx, 'Add', xs),
  Multiply: (ctx, xs) => elementwise(ctx, 'Mul', xs),
  Dropout: (_ctx, [x]) => x,
  SeqSentryDropout: (_ctx, [x]) => x,
  Flatten: (ctx, [x]) => (x.rank <= 2 ? x : ctx.g.op('Flatten', [x.rank === 3 ? ctx.g.layout(x, NTC) : x], 2, null, { axis: { i: 1 } }, ctx.layer.name)),
};

const num = (v: unknown, dflt: number) => (typeof v === 'number' && Number.isFinite(v) ? v : dflt);

function weight(ctx: LayerContext, name: string) {
  const w = ctx.weights[name];
  if (!w) throw new Error(`onnx export: layer ${ctx.layer.name} (${ctx.layer.getClassName()}) has no weight "${name}" (has ${Object.keys(ctx.weights).join(', ') || 'none'})`);
  return w;
}

/** `data` [rows, cols] row-major → its transpose [cols, rows]. */
function transpose2d(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c];
  return out;
}

/** Rank-3 values need their channel axis last for products and norms over it: NTC or TNC stay, NCT goes back to NTC. */
function channelLast(g: OnnxGraph, x: Value): Value {
  return x.rank === 3 && x.perm![2] !== 2 ? g.layout(x, NTC) : x;
}

/** A Keras activation by name. */
export function activation(g: OnnxGraph, x: Value, name: string, label: string): Value {
  switch (name) {
    case 'linear': case 'undefined': case 'null': return x;
    case 'relu': return g.op('Relu', [x], x.rank, x.perm, {}, label);
    case 'sigmoid': return g.op('Sigmoid', [x], x.rank, x.perm, {}, label);
    case 'tanh': return g.op('Tanh', [x], x.rank, x.perm, {}, label);
    case 'elu': return g.op('Elu', [x], x.rank, x.perm, { alpha: { f: 1 } }, label);
    case 'softmax': {
      const c = channelLast(g, x);
      return g.op('Softmax', [c], c.rank, c.perm, { axis: { i: -1 } }, label);
    }
    default: throw new Error(`onnx export: activation "${name}" of layer ${label} has no translation (known: linear, relu, sigmoid, tanh, elu, softmax)`);
  }
}

function dense(ctx: LayerContext, [input]: Value[]): Value {
  const { g, layer } = ctx;
  const x = channelLast(g, input);
  const k = weight(ctx, 'kernel');
  let y = g.op('MatMul', [x, g.constant(`${layer.name}.kernel`, k.shape, k.data)], x.rank, x.perm, {}, layer.name);
  if (ctx.weights.bias) y = g.op('Add', [y, g.constant(`${layer.name}.bias`, ctx.weights.bias.shape, ctx.weights.bias.data)], y.rank, y.perm, {}, layer.name);
  return activation(g, y, String(ctx.config.activation ?? 'linear'), layer.name);
}

/**
 * Keras GRU → ONNX GRU (gates z, r, h in both). reset_after (FastGRU; PyTorch's form) is ONNX's
 * linear_before_reset = 1; stock tf.layers.gru (reset_after = False) is 0. Keras kernel [D, 3U] →
 * W [1, 3U, D]; recurrent [U, 3U] → R [1, 3U, U]; bias [2, 3U] (input, recurrent) or [3U] (input only) → B [1, 6U].
 * ONNX's GRU is time-major: the input is taken (and sequences returned) as [T, N, C].
 */
function gru(ctx: LayerContext, input: Value, o: { resetAfter: boolean }): Value {
  const { g, layer, config } = ctx;
  if (config.goBackwards || config.stateful) throw new Error(`onnx export: GRU ${layer.name} with goBackwards/stateful has no translation`);
  // ONNX's default gate activations are Sigmoid and Tanh; others (hard sigmoid) are not exported.
  const act = String(config.activation ?? 'tanh');
  const rec = String(config.recurrentActivation ?? 'sigmoid');
  if (act !== 'tanh' || rec !== 'sigmoid') throw new Error(`onnx export: GRU ${layer.name}: only sigmoid/tanh gates are exported (got ${rec}/${act})`);
  const k = weight(ctx, 'kernel');
  const r = weight(ctx, 'recurrent_kernel');
  const [D, U3] = k.shape;
  const U = U3 / 3;
  const W = g.constant(`${layer.name}.W`, [1, U3, D], transpose2d(k.data, D, U3));
  const R = g.constant(`${layer.name}.R`, [1, U3, U], transpose2d(r.data, U, U3));
  let B: Value | null = null;
  const b = ctx.weights.bias;
  if (b) {
    const full = new Float32Array(2 * U3);
    full.set(b.data.subarray(0, U3)); // input bias (row 0, or the only row of the reset_after = False form)
    if (o.resetAfter) full.set(b.data.subarray(U3, 2 * U3), U3);
    B = g.constant(`${layer.name}.B`, [1, 2 * U3], full);
  }
  const x = g.layout(input, TNC);
  const [Y, Yh] = g.node('GRU', B ? [x, W, R, B] : [x, W, R], { hidden_size: { i: U }, linear_before_reset: { i: o.resetAfter ? 1 : 0 } }, { outputs: 2, name: layer.name });
  if (config.returnSequences) {
    // Y [T, 1, N, U] → [T, N, U] (time-major, what the next GRU wants).
    return g.op('Squeeze', [Y, g.int64s(`${layer.name}.axis1`, [1])], 3, TNC, {}, layer.name);
  }
  return g.op('Squeeze', [Yh, g.int64s(`${layer.name}.axis0`, [0])], 2, null, {}, layer.name); // Y_h [1, N, U] → [N, U]
}

/**
 * [N, C] → [N, n, C] by broadcasting (Unsqueeze + Expand, no copy per repeat in the graph). Built
 * time-major when every consumer is a GRU (it wants [T, N, C]), else canonical.
 */
function repeat(ctx: LayerContext, [x]: Value[]): Value {
  const { g, layer } = ctx;
  const n = num(ctx.config.n, NaN);
  if (!(Number.isInteger(n) && n > 0) || x.rank !== 2) throw new Error(`onnx export: RepeatVector ${layer.name} needs n and a [batch, features] input`);
  const timeMajor = ctx.consumers.length > 0 && ctx.consumers.every((c) => GRU_CLASSES.has(c));
  const axis = timeMajor ? 0 : 1;
  const u = g.op('Unsqueeze', [x, g.int64s(`${layer.name}.axis`, [axis])], 3, timeMajor ? TNC : NTC, {}, layer.name);
  const shape = timeMajor ? [n, 1, 1] : [1, n, 1];
  return g.op('Expand', [u, g.int64s(`${layer.name}.shape`, shape)], 3, timeMajor ? TNC : NTC, {}, layer.name);
}

function layerNorm(ctx: LayerContext, [input]: Value[]): Value {
  const { g, layer, config } = ctx;
  const axis = config.axis;
  if (axis !== undefined && !(axis === -1 || (Array.isArray(axis) && axis.length === 1 && (axis[0] === -1 || axis[0] === input.rank - 1)) || axis === input.rank - 1)) {
    throw new Error(`onnx export: LayerNormalization ${layer.name} over axis ${JSON.stringify(axis)}: only the last axis is exported`);
  }
  const x = channelLast(g, input);
  const gamma = ctx.weights.gamma;
  const beta = ctx.weights.beta;
  const dim = (gamma ?? beta)?.shape[0];
  if (dim === undefined) throw new Error(`onnx export: LayerNormalization ${layer.name} has neither gamma nor beta`);
  const scale = g.constant(`${layer.name}.gamma`, [dim], gamma ? gamma.data : new Float32Array(dim).fill(1));
  const bias = beta ? g.constant(`${layer.name}.beta`, [dim], beta.data) : null;
  return g.op('LayerNormalization', bias ? [x, scale, bias] : [x, scale], x.rank, x.perm, { axis: { i: -1 }, epsilon: { f: num(config.epsilon, 1e-3) } }, layer.name);
}

function batchNorm(ctx: LayerContext, [input]: Value[]): Value {
  const { g, layer, config } = ctx;
  const x = input.rank === 3 ? g.layout(input, NCT) : input; // channels on axis 1
  const mean = weight(ctx, 'moving_mean');
  const dim = mean.shape[0];
  const gamma = ctx.weights.gamma?.data ?? new Float32Array(dim).fill(1);
  const beta = ctx.weights.beta?.data ?? new Float32Array(dim);
  const c = (n: string, d: Float32Array) => g.constant(`${layer.name}.${n}`, [dim], d);
  return g.op('BatchNormalization', [x, c('gamma', gamma), c('beta', beta), c('mean', mean.data), c('var', weight(ctx, 'moving_variance').data)], x.rank, x.perm, { epsilon: { f: num(config.epsilon, 1e-3) } }, layer.name);
}

/** Keras Conv1D (channels last, kernel [k, Cin, Cout]) → ONNX Conv on [N, C, T] with W [Cout, Cin, k]. */
function conv1d(ctx: LayerContext, [input]: Value[]): Value {
  const { g, layer, config } = ctx;
  const one = (v: unknown) => (Array.isArray(v) ? Number(v[0]) : Number(v ?? 1));
  const stride = one(config.strides);
  const dilation = one(config.dilationRate);
  if (config.dataFormat && config.dataFormat !== 'channelsLast') throw new Error(`onnx export: Conv1D ${layer.name} dataFormat ${String(config.dataFormat)} is not exported`);
  const k = weight(ctx, 'kernel');
  const [K, Cin, Cout] = k.shape;
  const w = new Float32Array(k.data.length);
  for (let t = 0; t < K; t++) for (let i = 0; i < Cin; i++) for (let o = 0; o < Cout; o++) w[(o * Cin + i) * K + t] = k.data[(t * Cin + i) * Cout + o];
  const attrs: Record<string, AttrValue> = { kernel_shape: { ints: [K] }, strides: { ints: [stride] }, dilations: { ints: [dilation] } };
  if (config.padding === 'same') {
    if (stride !== 1) throw new Error(`onnx export: Conv1D ${layer.name}: 'same' padding with stride ${stride} is not exported`);
    const total = dilation * (K - 1);
    attrs.pads = { ints: [Math.floor(total / 2), total - Math.floor(total / 2)] }; // TF puts the odd one at the end
  } else if (config.padding !== 'valid') {
    throw new Error(`onnx export: Conv1D ${layer.name} padding "${String(config.padding)}" is not exported`);
  }
  const inputs: Value[] = [g.layout(input, NCT), g.constant(`${layer.name}.W`, [Cout, Cin, K], w)];
  if (ctx.weights.bias) inputs.push(g.constant(`${layer.name}.bias`, [Cout], ctx.weights.bias.data));
  const y = g.op('Conv', inputs, 3, NCT, attrs, layer.name);
  return activation(g, y, String(config.activation ?? 'linear'), layer.name);
}

/** Mean over time: GlobalAveragePool on a channels-first value, else ReduceMean over its time axis (no transpose). */
function globalAverage(ctx: LayerContext, [x]: Value[]): Value {
  const { g, layer } = ctx;
  if (x.rank !== 3) throw new Error(`onnx export: GlobalAveragePooling1D ${layer.name} needs a rank-3 input`);
  if (x.perm![1] === 2 && x.perm![2] === 1) {
    const p = g.op('GlobalAveragePool', [x], 3, NCT, {}, layer.name);
    return g.op('Squeeze', [p, g.int64s(`${layer.name}.axis2`, [2])], 2, null, {}, layer.name);
  }
  return g.op('ReduceMean', [x], 2, null, { axes: { ints: [x.perm!.indexOf(1)] }, keepdims: { i: 0 } }, layer.name);
}

/** Add / Mul of same-rank inputs; rank-3 inputs are brought to the first one's layout. */
function elementwise(ctx: LayerContext, op: 'Add' | 'Mul', xs: Value[]): Value {
  const { g, layer } = ctx;
  if (xs.some((v) => v.rank !== xs[0].rank)) throw new Error(`onnx export: ${layer.getClassName()} ${layer.name} needs inputs of one rank`);
  const perm: Perm | null = xs[0].perm;
  const ins = xs.map((v) => (v.rank === 3 ? g.layout(v, perm!) : v));
  let acc = ins[0];
  for (let i = 1; i < ins.length; i++) acc = g.op(op, [acc, ins[i]], acc.rank, acc.perm, {}, layer.name);
  return acc;
}
