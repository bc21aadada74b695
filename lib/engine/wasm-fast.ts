import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';

/*
 * Faster replacements for WASM kernels that TF.js 4.22 has but runs slowly (each found in a tf.profile
 * of the GRU or Conv1D training step, bench/profile-step.ts, and measured against the stock kernel).
 * Same results as the CPU backend (test/engine-wasm-fast.test.ts).
 */

/** The parts of TF.js's WASM backend the kernels here use. */
export interface WasmBackend {
  makeOutput(shape: number[], dtype: tf.DataType): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array | Int32Array | Uint8Array;
  disposeData(dataId: object): void;
}
/** A kernel function's arguments, and its type, as the replacement kernels here and in fused.ts take them. */
export type Args = { inputs: NamedTensorInfoMap; attrs?: NamedAttrMap; backend: unknown };
export type KernelFunc = KernelConfig['kernelFunc'];

/**
 * A tensor over a kernel input's buffer, to run TF.js ops on inside a kernel; dispose it after. It takes
 * its own reference on the buffer: the engine's makeTensorFromTensorInfo does not, so disposing a bare
 * wrapper released the caller's reference (seen as numTensors drifting by 2–4 per Conv1D gradient).
 */
export function asTensor(info: TensorInfo | undefined): tf.Tensor {
  if (!info) throw new Error("seqsentry wasm kernel: missing input");
  (tf.backend() as unknown as { incRef(dataId: object): void }).incRef(info.dataId);
  return tf.engine().makeTensorFromTensorInfo(info);
}

/**
 * Copy `runs` blocks of `len` elements, block o from src + o·srcStride to dst + o·dstStride (element
 * offsets into the views). Views on the WASM heap share one buffer, where TypedArray.set takes V8's
 * overlapping-copy path (measured ~1.6 µs per 64-float row: a [256, 192] split or concat cost
 * 0.2–0.9 ms); copyWithin on the whole heap is a plain memmove.
 */
function copyBlocks(src: ArrayBufferView, srcAt: number, srcStride: number, dst: ArrayBufferView, dstAt: number, dstStride: number, runs: number, len: number): void {
  const bytes = (src as Float32Array).BYTES_PER_ELEMENT;
  const heap = new Uint8Array(src.buffer);
  let s = src.byteOffset + srcAt * bytes;
  let d = dst.byteOffset + dstAt * bytes;
  const n = len * bytes;
  for (let o = 0; o < runs; o++, s += srcStride * bytes, d += dstStride * bytes) heap.copyWithin(d, s, s + n);
}

/**
 * Copy the box [begin, begin + size) of x (row-major) into a new output, reading x in place on the WASM
 * heap. The stock Slice starts with `readSync(x)`, a copy of the WHOLE input per call, and Unpack
 * (tf.unstack) and SplitV (tf.split) call it once per output: unstacking [20, 256, 192] copied 20 × 3.75 MiB.
 * Views are taken after the output is allocated (allocation can grow the heap and detach older views).
 */
function sliceNoCopy(x: TensorInfo, begin: number[], size: number[], backend: WasmBackend): TensorInfo {
  const out = backend.makeOutput(size, x.dtype);
  const n = size.reduce((a, b) => a * b, 1);
  if (n === 0) return out;
  const xv = backend.typedArrayFromHeap(x);
  const ov = backend.typedArrayFromHeap(out);
  const shape = x.shape;
  const rank = shape.length;
  if (rank === 0) {
    copyBlocks(xv, 0, 0, ov, 0, 0, 1, 1);
    return out;
  }
  const strides = tf.util.computeStrides(shape).concat(1);
  // Merge the trailing axes that are taken whole into one contiguous run; the axis above it, when it
  // is the outermost one left, is a plain stride.
  let inner = rank - 1;
  while (inner > 0 && begin[inner] === 0 && size[inner] === shape[inner]) inner--;
  const run = size[inner] * strides[inner];
  const start = begin[inner] * strides[inner];
  if (inner === 0) {
    copyBlocks(xv, start, 0, ov, 0, 0, 1, run);
    return out;
  }
  const mid = inner - 1;
  const rows = size[mid];
  const outer = n / (run * rows);
  const idx = new Array<number>(mid).fill(0);
  for (let o = 0; o < outer; o++) {
    let off = start + begin[mid] * strides[mid];
    for (let i = 0; i < mid; i++) off += (begin[i] + idx[i]) * strides[i];
    copyBlocks(xv, off, strides[mid], ov, o * rows * run, run, rows, run);
    for (let i = mid - 1; i >= 0; i--) {
      if (++idx[i] < size[i]) break;
      idx[i] = 0;
    }
  }
  return out;
}

/** Concat on WASM with whole-heap copies (the stock kernel copies each row with TypedArray.set). */
function concat({ inputs, attrs, backend }: Args): TensorInfo {
  const xs = Object.values(inputs) as TensorInfo[];
  const axis = tf.util.parseAxisParam((attrs as unknown as { axis: number }).axis, xs[0].shape)[0];
  const outShape = tf.backend_util.computeOutShape(xs.map((t) => t.shape), axis);
  const be = backend as WasmBackend;
  const out = be.makeOutput(outShape, xs[0].dtype);
  const rows = tf.util.sizeFromShape(outShape.slice(0, axis));
  const width = tf.util.sizeFromShape(outShape.slice(axis));
  if (rows * width === 0) return out;
  const ov = be.typedArrayFromHeap(out);
  let at = 0;
  for (const x of xs) {
    const w = tf.util.sizeFromShape(x.shape.slice(axis));
    if (w > 0) copyBlocks(be.typedArrayFromHeap(x), 0, w, ov, at, width, rows, w);
    at += w;
  }
  return out;
}

function slice({ inputs, attrs, backend }: Args): TensorInfo {
  const x = inputs.x as TensorInfo;
  const a = attrs as unknown as { begin: number | number[]; size: number | number[] };
  const [begin, size] = tf.slice_util.parseSliceParams(x as unknown as tf.Tensor, a.begin, a.size);
  return sliceNoCopy(x, begin, size, backend as WasmBackend);
}

function unpack({ inputs, attrs, backend }: Args): TensorInfo[] {
  const x = inputs.value as TensorInfo;
  let axis = (attrs as unknown as { axis: number }).axis;
  if (axis < 0) axis += x.shape.length;
  const outShape = x.shape.filter((_, i) => i !== axis);
  const begin = new Array<number>(x.shape.length).fill(0);
  const size = x.shape.slice();
  size[axis] = 1;
  const outs: TensorInfo[] = [];
  for (let i = 0; i < x.shape[axis]; i++) {
    begin[axis] = i;
    const o = sliceNoCopy(x, begin, size, backend as WasmBackend);
    outs.push({ dataId: o.dataId, dtype: o.dtype, shape: outShape });
  }
  return outs;
}

function splitV({ inputs, attrs, backend }: Args): TensorInfo[] {
  const x = inputs.x as TensorInfo;
  const a = attrs as unknown as { numOrSizeSplits: number | number[]; axis: number | number[] };
  const axis = tf.util.parseAxisParam(a.axis, x.shape)[0];
  const sizes = tf.backend_util.prepareSplitSize(x as unknown as tf.Tensor, a.numOrSizeSplits, axis);
  const begin = new Array<number>(x.shape.length).fill(0);
  return sizes.map((s) => {
    const size = x.shape.slice();
    size[axis] = s;
    const o = sliceNoCopy(x, begin, size, backend as WasmBackend);
    begin[axis] += s;
    return o;
  });
}

/** Below this many elements the stock kernel's one call beats four. */
export const MIN_TANH_ELEMENTS = 2048;

/**
 * tanh(x) = 2σ(2x) − 1. WASM's Tanh is a scalar loop, ~10× slower per element than its SIMD (XNNPACK)
 * Sigmoid; the GRU's candidate state calls it every step. Absolute error ≤ 2.4e-7 (float32 rounding
 * near 0), against a relative error of ~1e-7 for the stock kernel.
 */
function tanhFactory(orig: KernelConfig): KernelFunc {
  return ((args: Args) => {
    const x = args.inputs.x as TensorInfo;
    if (x.dtype !== 'float32' || tf.util.sizeFromShape(x.shape) < MIN_TANH_ELEMENTS) return orig.kernelFunc(args as Parameters<KernelFunc>[0]);
    const t = asTensor(x);
    try {
      return tf.tidy(() => tf.sub(tf.mul(tf.sigmoid(tf.mul(t, 2)), 2), 1));
    } finally {
      t.dispose();
    }
  }) as KernelFunc;
}

/**
 * WASM's matMul caches its packed right operand under the operand's buffer id, and a reshape shares the
 * buffer: using one buffer as the right operand with two different shapes returns the FIRST shape's
 * product, silently (measured: ones[1,12] · reshape(x[6,4], [12,2]) after ones[1,6] · x gave x's first
 * two column sums). The guard remembers each right operand's shape and multiplies by a fresh copy when
 * a buffer comes back with another shape.
 */
const rightShapes = new WeakMap<object, string>();

export function freshRightOperand(b: TensorInfo, backend: unknown): TensorInfo | null {
  const key = b.shape.join(',');
  const seen = rightShapes.get(b.dataId);
  if (seen === undefined) rightShapes.set(b.dataId, key);
  if (seen === undefined || seen === key) return null;
  const be = backend as WasmBackend;
  const copy = be.makeOutput(b.shape, b.dtype);
  be.typedArrayFromHeap(copy).set(be.typedArrayFromHeap(b));
  return copy;
}

/** A factory of a kernel that keeps the stock one for string tensors (`pick` chooses the input to look at). */
const unlessString = (pick: (a: Args) => TensorInfo, impl: (a: Args) => TensorInfo | TensorInfo[]) => (orig: KernelConfig): KernelFunc =>
  ((a: Args) => (pick(a).dtype === 'string' ? orig.kernelFunc(a as Parameters<KernelFunc>[0]) : impl(a))) as KernelFunc;

/** The replacements, by kernel name; strings (and Tanh of small tensors) keep the stock kernels. */
export const FAST_KERNELS: Record<string, (orig: KernelConfig) => KernelFunc> = {
  Slice: unlessString((a) => a.inputs.x as TensorInfo, slice),
  Unpack: unlessString((a) => a.inputs.value as TensorInfo, unpack),
  SplitV: unlessString((a) => a.inputs.x as TensorInfo, splitV),
  Concat: unlessString((a) => Object.values(a.inputs)[0] as TensorInfo, concat),
  Tanh: tanhFactory,
};
