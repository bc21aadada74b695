import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import { MIN_TANH_ELEMENTS, type Args, type KernelFunc, type WasmBackend } from './wasm-fast';

/*
 * Fused kernels written in AssemblyScript (lib/engine/asm/kernels.ts, built by `npm run build:kernels`)
 * and run on TF.js's own WASM memory: the module imports the backend's WebAssembly.Memory, so a kernel
 * reads its inputs and writes its outputs where TF.js keeps them — no copies. Each repeats the float32
 * operations of the TF.js kernels it replaces, in their order, so results are bit-identical to the
 * stock kernels (test/engine-fused.test.ts); they replace dispatches, transposes and extra passes:
 * - Sum over leading axes (every bias gradient, GRU and Conv1D): the stock kernel transposes the input
 *   first, a full copy, then sums rows; here columns are summed in place, four lanes at a time.
 * - LeakyRelu forward, and its gradient (Greater + Select + Multiply in TF.js) as one pass.
 * - The whole Adam/AdamW step with global-norm clipping for all variables in one call, in place of
 *   ~12 kernels per variable.
 * - The per-sample MSE and Huber reconstruction losses and their gradient, one kernel each.
 * - FastGRU's forward step after h·U: one kernel in place of ~11 (σ and tanh are TF.js's own, called directly).
 * - LayerNorm forward and backward, one kernel each (layers.ts), in place of ~40 kernels.
 * - Identity (the engine's clone of every tensor saved for the backward pass) shares the buffer.
 * Set SEQSENTRY_FUSED=0 to run the stock kernels instead (e.g. to compare).
 */

export const FUSED_ENV = 'SEQSENTRY_FUSED';

interface Exports {
  sumLeading(x: number, rows: number, cols: number, out: number): void;
  leakyRelu(x: number, n: number, alpha: number, y: number): void;
  leakyReluGrad(dy: number, x: number, n: number, alpha: number, dx: number): void;
  sumSquares(g: number, n: number): number;
  layerNormForward(x: number, rows: number, d: number, gamma: number, beta: number, eps: number, y: number, mean: number, rstd: number): void;
  layerNormBackward(dy: number, x: number, rows: number, d: number, gamma: number, mean: number, rstd: number, dx: number, dgamma: number, dbeta: number): void;
  lossForward(kind: number, delta: number, x: number, r: number, samples: number, per: number, out: number): void;
  lossBackward(kind: number, delta: number, x: number, r: number, samples: number, per: number, dy: number, dr: number): void;
  gruGatesPre(xp: number, rp: number, batch: number, units: number, pre: number): void;
  gruCandidatePre(xp: number, rp: number, zr: number, batch: number, units: number, z: number, r: number, rh: number, a: number, twice: number): void;
  gruCombine(hh: number, z: number, h: number, n: number, out: number, fromSigmoid: number): void;
  adamStep(table: number, count: number, coef: number, clip: number, decay: number, beta1: number, oneMinusBeta1: number, beta2: number, oneMinusBeta2: number, corr1: number, corr2: number, eps: number, negLr: number): void;
}

/** Node's WebAssembly global (the project's TypeScript lib has no DOM types). */
interface WasmMemory { buffer: ArrayBuffer | SharedArrayBuffer }
const WA = (globalThis as unknown as {
  WebAssembly: { Module: new (bytes: Uint8Array) => object; Instance: new (module: object, imports: object) => { exports: unknown } };
}).WebAssembly;

/** The parts of the WASM backend used here beyond wasm-fast's. */
interface Backend extends WasmBackend {
  wasm: { wasmMemory?: WasmMemory; asm?: { memory?: WasmMemory } };
  dataIdMap: { get(dataId: object): { memoryOffset: number } | undefined };
}

const KERNEL_DIR = path.join(__dirname, 'asm');
const instances = new WeakMap<object, Exports>();

/** Whether the fused kernels are switched on ($SEQSENTRY_FUSED unset or 1). */
export function fusedEnabled(env: string | undefined = process.env[FUSED_ENV]): boolean {
  if (env === undefined || env === '' || env === '1') return true;
  if (env === '0') return false;
  throw new Error(`${FUSED_ENV}="${env}" must be 0 (stock TF.js kernels) or 1 (fused kernels, the default)`);
}

/** The kernels instantiated on this backend's memory (shared memory: the threaded build's module). */
function kernels(backend: unknown): Exports {
  const be = backend as Backend;
  const got = instances.get(be.wasm);
  if (got) return got;
  const memory = be.wasm.wasmMemory ?? be.wasm.asm?.memory;
  if (!memory) throw new Error('seqsentry fused kernels: the TF.js WASM module exposes no memory');
  const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  const file = path.join(KERNEL_DIR, shared ? 'kernels-shared.wasm' : 'kernels.wasm');
  const instance = new WA.Instance(new WA.Module(fs.readFileSync(file)), { env: { memory } });
  const made = instance.exports as unknown as Exports;
  instances.set(be.wasm, made);
  return made;
}

function offset(backend: unknown, t: TensorInfo): number {
  const entry = (backend as Backend).dataIdMap.get(t.dataId);
  if (!entry) throw new Error('seqsentry fused kernels: tensor is not on the WASM backend');
  return entry.memoryOffset;
}

const call = (f: KernelFunc, args: Args) => f(args as Parameters<KernelFunc>[0]);

/** Sum: leading axes of a float32 tensor summed in place; anything else goes to the stock kernel. */
function sumWrapper(orig: KernelConfig): KernelFunc {
  return ((args: Args) => {
    const x = args.inputs.x as TensorInfo;
    const { axis, keepDims } = args.attrs as unknown as { axis: number | number[]; keepDims: boolean };
    // In the order given: the stock kernel sums the reduced axes in that order ([1, 0] ≠ [0, 1] bit for bit).
    const axes = tf.util.parseAxisParam(axis, x.shape);
    const k = axes.length;
    const leading = k > 0 && k < x.shape.length && axes.every((a, i) => a === i);
    if (!leading || x.dtype !== 'float32' || !fusedEnabled()) return call(orig.kernelFunc, args);
    const be = args.backend as WasmBackend;
    const rows = tf.util.sizeFromShape(x.shape.slice(0, k));
    const outShape = x.shape.slice(k);
    const out = be.makeOutput(outShape, 'float32');
    const cols = tf.util.sizeFromShape(outShape);
    if (rows * cols > 0) kernels(be).sumLeading(offset(be, x), rows, cols, offset(be, out));
    else if (cols > 0) be.typedArrayFromHeap(out).fill(0);
    if (keepDims) out.shape = [...x.shape.slice(0, k).map(() => 1), ...outShape];
    return out;
  }) as KernelFunc;
}

function leakyReluWrapper(orig: KernelConfig): KernelFunc {
  return ((args: Args) => {
    const x = args.inputs.x as TensorInfo;
    if (x.dtype !== 'float32' || !fusedEnabled()) return call(orig.kernelFunc, args);
    const be = args.backend as WasmBackend;
    const out = be.makeOutput(x.shape, 'float32');
    const n = tf.util.sizeFromShape(x.shape);
    if (n > 0) kernels(be).leakyRelu(offset(be, x), n, (args.attrs as unknown as { alpha: number }).alpha, offset(be, out));
    return out;
  }) as KernelFunc;
}

/**
 * Identity shares the input's buffer (a reference, as the CPU backend does) instead of copying it: the
 * engine clones every tensor it saves for the backward pass through this kernel (~340 copies, ~75 ms
 * per Conv1D AE step). Tensors are immutable and no seqsentry kernel writes into an input, so sharing is safe.
 */
function identityWrapper(orig: KernelConfig): KernelFunc {
  return ((args: Args) => {
    const x = args.inputs.x as TensorInfo;
    if (x.dtype === 'string' || !fusedEnabled()) return call(orig.kernelFunc, args);
    (args.backend as { incRef(dataId: object): void }).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  }) as KernelFunc;
}

/** Replacements for stock WASM kernels (registered by wasm-kernels.ts with the others). */
export const FUSED_WRAPPERS: Record<string, (orig: KernelConfig) => KernelFunc> = {
  Sum: sumWrapper,
  LeakyRelu: leakyReluWrapper,
  Identity: identityWrapper,
};

const LEAKY_GRAD = 'SeqSentryLeakyReluGrad';

function leakyReluGrad({ inputs, attrs, backend }: Args): TensorInfo {
  const { dy, x } = inputs as { dy: TensorInfo; x: TensorInfo };
  const be = backend as WasmBackend;
  const out = be.makeOutput(x.shape, 'float32');
  const n = tf.util.sizeFromShape(x.shape);
  if (n > 0) kernels(be).leakyReluGrad(offset(be, dy), offset(be, x), n, (attrs as unknown as { alpha: number }).alpha, offset(be, out));
  return out;
}

const LAYER_NORM = 'SeqSentryLayerNorm';
const LAYER_NORM_GRAD = 'SeqSentryLayerNormGrad';

/** Width d of the last axis and the number of rows of that width. */
function lastAxis(x: TensorInfo): { d: number; rows: number } {
  const d = x.shape[x.shape.length - 1] ?? 1;
  return { d, rows: d > 0 ? tf.util.sizeFromShape(x.shape) / d : 0 };
}

/** Inputs x (…, d), gamma and beta (optional, [d]) → [y, mean, rstd] (mean and rstd: one per row). */
function layerNormKernel({ inputs, attrs, backend }: Args): TensorInfo[] {
  const { x, gamma, beta } = inputs as Record<string, TensorInfo | undefined>;
  const be = backend as WasmBackend;
  const { d, rows } = lastAxis(x!);
  const y = be.makeOutput(x!.shape, 'float32');
  const mean = be.makeOutput([rows], 'float32');
  const rstd = be.makeOutput([rows], 'float32');
  if (rows > 0 && d > 0) {
    kernels(be).layerNormForward(offset(be, x!), rows, d, gamma ? offset(be, gamma) : 0, beta ? offset(be, beta) : 0,
      (attrs as unknown as { epsilon: number }).epsilon, offset(be, y), offset(be, mean), offset(be, rstd));
  }
  return [y, mean, rstd];
}

/** Inputs dy, x, mean, rstd, gamma (optional) → [dx, dgamma, dbeta]. */
function layerNormGradKernel({ inputs, backend }: Args): TensorInfo[] {
  const { dy, x, gamma, mean, rstd } = inputs as Record<string, TensorInfo | undefined>;
  const be = backend as WasmBackend;
  const { d, rows } = lastAxis(x!);
  const dx = be.makeOutput(x!.shape, 'float32');
  const dgamma = be.makeOutput([d], 'float32');
  const dbeta = be.makeOutput([d], 'float32');
  if (rows > 0 && d > 0) {
    kernels(be).layerNormBackward(offset(be, dy!), offset(be, x!), rows, d, gamma ? offset(be, gamma) : 0, offset(be, mean!), offset(be, rstd!),
      offset(be, dx), offset(be, dgamma), offset(be, dbeta));
  } else if (d > 0) {
    be.typedArrayFromHeap(dgamma).fill(0);
    be.typedArrayFromHeap(dbeta).fill(0);
  }
  return [dx, dgamma, dbeta];
}

const LOSS = 'SeqSentryReconstructionLoss';
const LOSS_GRAD = 'SeqSentryReconstructionLossGrad';
type LossAttrs = { huber: number };

/** Inputs x, r ([batch, …]) → per-sample mean error [batch]; attrs.huber: δ, or 0 for squared error. */
function lossKernel({ inputs, attrs, backend }: Args): TensorInfo {
  const { x, r } = inputs as Record<string, TensorInfo>;
  const be = backend as WasmBackend;
  const samples = x.shape[0];
  const per = tf.util.sizeFromShape(x.shape.slice(1));
  const out = be.makeOutput([samples], 'float32');
  const delta = (attrs as unknown as LossAttrs).huber;
  if (samples > 0) kernels(be).lossForward(delta > 0 ? 1 : 0, delta, offset(be, x), offset(be, r), samples, per, offset(be, out));
  return out;
}

/** Inputs x, r, dy ([batch]) → d/dr. */
function lossGradKernel({ inputs, attrs, backend }: Args): TensorInfo {
  const { x, r, dy } = inputs as Record<string, TensorInfo>;
  const be = backend as WasmBackend;
  const samples = x.shape[0];
  const per = tf.util.sizeFromShape(x.shape.slice(1));
  const out = be.makeOutput(r.shape, 'float32');
  const delta = (attrs as unknown as LossAttrs).huber;
  if (samples * per > 0) kernels(be).lossBackward(delta > 0 ? 1 : 0, delta, offset(be, x), offset(be, r), samples, per, offset(be, dy), offset(be, out));
  return out;
}

const GRU_STEP = 'SeqSentryGruForwardStep';

/** A stock WASM kernel called directly on a TensorInfo (no engine dispatch). */
function stockUnary(name: string, x: TensorInfo, backend: unknown): TensorInfo {
  const k = tf.getKernel(name, 'wasm');
  if (!k) throw new Error(`seqsentry fused kernels: the WASM backend has no ${name} kernel`);
  return call(k.kernelFunc, { inputs: { x }, attrs: {}, backend }) as TensorInfo;
}

/**
 * One FastGRU step after h·U + b_rec: inputs xp (this step's input projection [B, 3U]), rp (h·U + b_rec
 * [B, 3U]) and h [B, U] → [h', z, r, ĥ, rh]. The gates' σ and the candidate's tanh are the WASM
 * backend's kernels (called directly, σ on z and r together); everything else is three passes here. Same values,
 * bit for bit, as the ~11 kernels of gru.ts's step (SplitV ×3, Add ×3, Sigmoid, Mul ×2, Tanh, Sub).
 */
function gruForwardStepKernel({ inputs, backend }: Args): TensorInfo[] {
  const { xp, rp, h } = inputs as Record<string, TensorInfo>;
  const be = backend as WasmBackend;
  const k = kernels(be);
  const [B, U] = h.shape;
  const pre = be.makeOutput([B, 2 * U], 'float32');
  const z = be.makeOutput([B, U], 'float32');
  const r = be.makeOutput([B, U], 'float32');
  const rh = be.makeOutput([B, U], 'float32');
  const a = be.makeOutput([B, U], 'float32');
  const out = be.makeOutput([B, U], 'float32');
  if (B * U === 0) {
    for (const t of [pre, a]) be.disposeData(t.dataId);
    return [out, z, r, be.makeOutput([B, U], 'float32'), rh];
  }
  k.gruGatesPre(offset(be, xp), offset(be, rp), B, U, offset(be, pre));
  const zr = stockUnary('Sigmoid', pre, be);
  be.disposeData(pre.dataId);
  // tanh as seqsentry's WASM Tanh computes it (wasm-fast.ts): 2σ(2a) − 1 from this size up, else the stock kernel.
  const viaSigmoid = B * U >= MIN_TANH_ELEMENTS;
  k.gruCandidatePre(offset(be, xp), offset(be, rp), offset(be, zr), B, U, offset(be, z), offset(be, r), offset(be, rh), offset(be, a), viaSigmoid ? 1 : 0);
  be.disposeData(zr.dataId);
  const hh = stockUnary(viaSigmoid ? 'Sigmoid' : 'Tanh', a, be);
  be.disposeData(a.dataId);
  k.gruCombine(offset(be, hh), offset(be, z), offset(be, h), B * U, offset(be, out), viaSigmoid ? 1 : 0);
  return [out, z, r, hh, rh];
}

const ADAM_STEP = 'SeqSentryAdamStep';

/** The kernel's attributes: fusedAdamStep's settings and the number of variables. */
type AdamAttrs = Omit<FusedAdamArgs, 'values' | 'grads' | 'm' | 'v' | 'accBeta1' | 'accBeta2'> & { count: number };

/**
 * Inputs value{i}, grad{i}, m{i}, v{i} and accBeta1, accBeta2 → outputs [value'₀, m'₀, v'₀, value'₁, …].
 * The clipping coefficient is computed as clipByGlobalNorm does with TF.js ops (float32 sums of squares
 * per variable, added in order; min(maxNorm / (sqrt + 1e-6), 1)) and the step as AdamOptimizer does.
 */
function adamStepKernel({ inputs, attrs, backend }: Args): TensorInfo[] {
  const a = attrs as unknown as AdamAttrs;
  const be = backend as WasmBackend;
  const k = kernels(be);
  const ins = inputs as Record<string, TensorInfo>;
  const outs: TensorInfo[] = [];
  for (let i = 0; i < a.count; i++) for (let j = 0; j < 3; j++) outs.push(be.makeOutput(ins[`value${i}`].shape, 'float32'));
  const table = be.makeOutput([a.count * 8], 'int32');
  const f32 = Math.fround;
  let coef = 1;
  if (a.clipnorm > 0) {
    let sq = 0;
    for (let i = 0; i < a.count; i++) {
      const g = ins[`grad${i}`];
      const n = tf.util.sizeFromShape(g.shape);
      sq = f32(sq + (n > 0 ? k.sumSquares(offset(be, g), n) : 0));
    }
    coef = Math.min(f32(f32(a.clipnorm) / f32(f32(Math.sqrt(sq)) + f32(1e-6))), 1);
  }
  const acc = be.typedArrayFromHeap(ins.accBeta1)[0];
  const acc2 = be.typedArrayFromHeap(ins.accBeta2)[0];
  const t = be.typedArrayFromHeap(table) as Int32Array;
  for (let i = 0; i < a.count; i++) {
    const n = tf.util.sizeFromShape(ins[`value${i}`].shape);
    const ptrs = [ins[`value${i}`], ins[`grad${i}`], ins[`m${i}`], ins[`v${i}`], outs[3 * i], outs[3 * i + 1], outs[3 * i + 2]].map((x) => (n > 0 ? offset(be, x) : 0));
    t.set(ptrs, i * 8);
    t[i * 8 + 7] = (n | (a.decayed[i] ? 0x80000000 : 0)) | 0;
  }
  k.adamStep(
    offset(be, table), a.count, coef, a.clipnorm > 0 ? 1 : 0, 1 - a.learningRate * a.decay,
    a.beta1, 1 - a.beta1, a.beta2, 1 - a.beta2, f32(1 - acc), f32(1 - acc2), a.epsilon, -a.learningRate,
  );
  be.disposeData(table.dataId);
  return outs;
}

/** Kernels of seqsentry's own, registered for WASM with the other gaps (wasm-kernels.ts). */
export const FUSED_KERNELS: KernelConfig[] = [
  { kernelName: LEAKY_GRAD, backendName: 'wasm', kernelFunc: leakyReluGrad as unknown as KernelFunc },
  { kernelName: ADAM_STEP, backendName: 'wasm', kernelFunc: adamStepKernel as unknown as KernelFunc },
  { kernelName: LOSS, backendName: 'wasm', kernelFunc: lossKernel as unknown as KernelFunc },
  { kernelName: LOSS_GRAD, backendName: 'wasm', kernelFunc: lossGradKernel as unknown as KernelFunc },
  { kernelName: GRU_STEP, backendName: 'wasm', kernelFunc: gruForwardStepKernel as unknown as KernelFunc },
  { kernelName: LAYER_NORM, backendName: 'wasm', kernelFunc: layerNormKernel as unknown as KernelFunc },
  { kernelName: LAYER_NORM_GRAD, backendName: 'wasm', kernelFunc: layerNormGradKernel as unknown as KernelFunc },
];

const onFusedWasm = (name: string) => tf.getBackend() === 'wasm' && fusedEnabled() && tf.getKernel(name, 'wasm') !== undefined;

/**
 * TF.js's LeakyRelu gradient with the fused kernel on WASM (the same where(x > 0, dy, dy·α) elsewhere).
 * Gradients are registered globally by kernel name; this replaces TF.js's entry for every backend.
 */
export function registerLeakyReluGradient(): void {
  tf.registerGradient({
    kernelName: 'LeakyRelu',
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved;
      const { alpha } = attrs as unknown as { alpha: number };
      return {
        x: () => onFusedWasm(LEAKY_GRAD) && x.dtype === 'float32'
          ? (tf.engine().runKernel(LEAKY_GRAD, { dy: dy as tf.Tensor, x }, { alpha } as unknown as NamedAttrMap) as tf.Tensor)
          : tf.where(tf.greater(x, 0), dy as tf.Tensor, tf.mul(dy as tf.Tensor, alpha)),
      };
    },
  });
}

/** Whether LayerNorm can run as one fused kernel each way (WASM backend, kernels on). */
export function hasFusedLayerNorm(): boolean {
  return onFusedWasm(LAYER_NORM);
}

/**
 * LayerNorm over the last axis, (x − mean)/sqrt(var + ε)·γ + β, forward and backward as one kernel each.
 * The forward equals the unfused ops bit for bit; the gradient is the closed form (equal to TF.js's
 * autodiff of those ops within float32 rounding, checked against the CPU backend).
 */
export function fusedLayerNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, epsilon: number): tf.Tensor {
  const f = tf.customGrad(((xi: tf.Tensor, g: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
    const [y, mean, rstd] = tf.engine().runKernel(LAYER_NORM, { x: xi, gamma: g, beta: b }, { epsilon } as unknown as NamedAttrMap) as tf.Tensor[];
    save([xi, g, mean, rstd]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sx, sg, smean, srstd] = saved;
        const [dx, dgamma, dbeta] = tf.engine().runKernel(LAYER_NORM_GRAD, { dy, x: sx, gamma: sg, mean: smean, rstd: srstd }) as tf.Tensor[];
        return [dx, dgamma, dbeta];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return f(x, gamma, beta);
}

/** Whether the per-sample reconstruction losses can run fused (WASM backend, kernels on). */
export function hasFusedLoss(): boolean {
  return onFusedWasm(LOSS);
}

/**
 * Per-sample mean error of reconstructions r against x (`huber` δ > 0: Huber, 0: squared error) as one
 * kernel, and its gradient with respect to r as one more (x gets none: it is the data). The forward
 * equals the unfused ops bit for bit.
 */
export function fusedReconstructionLoss(x: tf.Tensor, r: tf.Tensor, huber: number): tf.Tensor {
  const f = tf.customGrad(((ri: tf.Tensor, save: tf.GradSaveFunc) => {
    save([ri]);
    const value = tf.engine().runKernel(LOSS, { x, r: ri }, { huber } as unknown as NamedAttrMap) as tf.Tensor;
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [tf.engine().runKernel(LOSS_GRAD, { x, r: saved[0], dy }, { huber } as unknown as NamedAttrMap) as tf.Tensor],
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return f(r);
}

/** Whether FastGRU's forward step can run fused (WASM backend, kernels on). */
export function hasFusedGruStep(): boolean {
  return onFusedWasm(GRU_STEP);
}

/** One fused FastGRU forward step: [h', z, r, ĥ, rh] from xp [B, 3U], rp = h·U + b_rec [B, 3U] and h [B, U]. */
export function fusedGruStep(xp: tf.Tensor2D, rp: tf.Tensor2D, h: tf.Tensor2D): tf.Tensor2D[] {
  return tf.engine().runKernel(GRU_STEP, { xp, rp, h }) as unknown as tf.Tensor2D[];
}

/** Whether AdamW can take its fused step (WASM backend, kernels on). */
export function hasFusedAdam(): boolean {
  return onFusedWasm(ADAM_STEP);
}

export interface FusedAdamArgs {
  values: tf.Tensor[];
  grads: tf.Tensor[];
  m: tf.Tensor[];
  v: tf.Tensor[];
  accBeta1: tf.Tensor;
  accBeta2: tf.Tensor;
  decayed: boolean[];
  clipnorm: number;
  decay: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  learningRate: number;
}

/** One fused optimizer step: new [value, m, v] per variable (the caller assigns and disposes them). */
export function fusedAdamStep(a: FusedAdamArgs): tf.Tensor[][] {
  const { values, grads, m, v, accBeta1, accBeta2, ...settings } = a;
  const inputs: Record<string, tf.Tensor> = { accBeta1, accBeta2 };
  values.forEach((value, i) => {
    inputs[`value${i}`] = value;
    inputs[`grad${i}`] = grads[i];
    inputs[`m${i}`] = m[i];
    inputs[`v${i}`] = v[i];
  });
  const attrs: AdamAttrs = { ...settings, count: values.length };
  const outs = tf.engine().runKernel(ADAM_STEP, inputs, attrs as unknown as NamedAttrMap) as tf.Tensor[];
  return values.map((_, i) => outs.slice(3 * i, 3 * i + 3));
}
