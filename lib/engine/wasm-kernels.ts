import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';
import { FAST_KERNELS, asTensor, freshRightOperand, type WasmBackend } from './wasm-fast';
import { GRU_BACKWARD_KERNEL } from './gru-wasm';
import { FUSED_KERNELS, FUSED_WRAPPERS, registerLeakyReluGradient } from './fused';

/*
 * Kernels the WASM backend lacks (tfjs 4.22), rebuilt from kernels it has, and a faster path for
 * transposed matrix products; wasm-fast.ts and gru-wasm.ts hold the faster versions of kernels it has.
 * They run TF.js ops inside the kernel; the engine does not record nested ops on the gradient tape.
 */

type Conv2DBackpropFilterAttrs = {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
};

/** Marks a kernel function as seqsentry's wrapper, so registering twice does not wrap it twice. */
const WRAPPED = Symbol('seqsentry.wrapped');

/**
 * dW[fh, fw, cin, cout] of a 2-D convolution (dilation 1, which is all TF.js's conv gradient allows):
 * unfold the padded input into patches [n·oh·ow, fh·fw·cin] with strided slices, then one matmul with dy.
 */
export function conv2DBackpropFilterImpl(x4: tf.Tensor4D, dy4: tf.Tensor4D, attrs: Conv2DBackpropFilterAttrs): tf.Tensor4D {
  const channelsFirst = attrs.dataFormat === 'NCHW';
  const strides = typeof attrs.strides === 'number' ? [attrs.strides, attrs.strides] : attrs.strides;
  if (!channelsFirst && attrs.filterShape[0] === 1 && x4.shape[1] === 1 && strides[0] === 1 && strides[1] === 1) return conv1DBackpropFilter(x4, dy4, attrs);
  return tf.tidy(() => {
    const x = channelsFirst ? x4.transpose([0, 2, 3, 1]) : x4;
    const dy = channelsFirst ? dy4.transpose([0, 2, 3, 1]) : dy4;
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number], attrs.filterShape, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode,
    );
    const { top, bottom, left, right } = info.padInfo;
    const [n, , , cin] = x.shape;
    const { outHeight: oh, outWidth: ow, strideHeight: sh, strideWidth: sw, filterHeight: fh, filterWidth: fw } = info;
    const cout = attrs.filterShape[3];
    const xp = top || bottom || left || right ? x.pad([[0, 0], [top, bottom], [left, right], [0, 0]]) : x;
    const patches: tf.Tensor[] = [];
    for (let i = 0; i < fh; i++) {
      for (let j = 0; j < fw; j++) {
        patches.push(tf.stridedSlice(xp, [0, i, j, 0], [n, i + (oh - 1) * sh + 1, j + (ow - 1) * sw + 1, cin], [1, sh, sw, 1]));
      }
    }
    const cols = (patches.length === 1 ? patches[0] : tf.concat(patches, 3)).reshape([n * oh * ow, fh * fw * cin]);
    return tf.matMul(cols, dy.reshape([n * oh * ow, cout]), true, false).reshape([fh, fw, cin, cout]) as tf.Tensor4D;
  });
}

function conv2DBackpropFilterKernel({ inputs, attrs }: { inputs: NamedTensorInfoMap; attrs?: NamedAttrMap }): tf.Tensor {
  const x = asTensor(inputs.x) as tf.Tensor4D;
  const dy = asTensor(inputs.dy) as tf.Tensor4D;
  try {
    return conv2DBackpropFilterImpl(x, dy, attrs as unknown as Conv2DBackpropFilterAttrs);
  } finally {
    x.dispose();
    dy.dispose();
  }
}

/**
 * The Conv1D case (height 1, stride 1), which every tf.layers.conv1d gradient is: the input transposed
 * once to [cin, B, T + pad], then one product per tap j, x_j [cin, B·T] · dy [B·T, cout]. No patch
 * concat and no transposed operand (the general path's product copies all k·cin columns once more).
 */
function conv1DBackpropFilter(x4: tf.Tensor4D, dy4: tf.Tensor4D, attrs: Conv2DBackpropFilterAttrs): tf.Tensor4D {
  return tf.tidy(() => {
    const info = tf.backend_util.computeConv2DInfo(x4.shape, attrs.filterShape, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
    const [B, , T, cin] = x4.shape;
    const { outWidth: ow, filterWidth: fw, padInfo } = info;
    const cout = attrs.filterShape[3];
    let xt = tf.transpose(tf.reshape(x4, [B, T, cin]), [2, 0, 1]);
    if (padInfo.left || padInfo.right) xt = tf.pad(xt, [[0, 0], [0, 0], [padInfo.left, padInfo.right]]);
    const dy = tf.reshape(dy4, [B * ow, cout]);
    const taps = Array.from({ length: fw }, (_, j) => tf.matMul(tf.reshape(tf.slice(xt, [0, 0, j], [cin, B, ow]), [cin, B * ow]), dy));
    return tf.reshape(tf.stack(taps), [1, fw, cin, cout]) as tf.Tensor4D;
  });
}

type Conv2DBackpropInputAttrs = Conv2DBackpropFilterAttrs & { inputShape: [number, number, number, number] };

/**
 * dx of a stride-1 2-D convolution as a forward convolution: dy, padded by (filter − 1 − pad) on each
 * side, convolved with the filter rotated 180° and its in/out channels swapped. WASM's own
 * Conv2DBackpropInput is a plain loop (measured 0.6 GFLOP/s on a Conv1D AE layer) while its Conv2D
 * goes through XNNPACK (~10× faster). Strided convolutions return null and keep the original kernel.
 */
export function conv2DBackpropInputImpl(dy4: tf.Tensor4D, w: tf.Tensor4D, attrs: Conv2DBackpropInputAttrs): tf.Tensor4D | null {
  if (attrs.dataFormat === 'NCHW') return null;
  const info = tf.backend_util.computeConv2DInfo(attrs.inputShape, w.shape as [number, number, number, number], attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
  if (info.strideHeight !== 1 || info.strideWidth !== 1) return null;
  const { top, bottom, left, right } = info.padInfo;
  const fh = info.filterHeight;
  const fw = info.filterWidth;
  const pads = [fh - 1 - top, fh - 1 - bottom, fw - 1 - left, fw - 1 - right];
  if (pads.some((p) => p < 0)) return null;
  return tf.tidy(() => {
    const rotated = tf.transpose(tf.reverse(w, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D;
    const padded = pads.some((p) => p > 0) ? tf.pad(dy4, [[0, 0], [pads[0], pads[1]], [pads[2], pads[3]], [0, 0]]) : dy4;
    return tf.conv2d(padded as tf.Tensor4D, rotated, 1, 'valid');
  });
}

function conv2DBackpropInputFactory(orig: KernelConfig): KernelConfig['kernelFunc'] {
  return ((args: { inputs: NamedTensorInfoMap; backend: unknown; attrs?: NamedAttrMap }) => {
    const dy = asTensor(args.inputs.dy) as tf.Tensor4D;
    const w = asTensor(args.inputs.filter) as tf.Tensor4D;
    try {
      return conv2DBackpropInputImpl(dy, w, args.attrs as unknown as Conv2DBackpropInputAttrs) ?? orig.kernelFunc(args as Parameters<KernelConfig['kernelFunc']>[0]);
    } finally {
      dy.dispose();
      w.dispose();
    }
  }) as KernelConfig['kernelFunc'];
}

/** out[s, …] = Σ x[i, …] over i with segmentIds[i] = s; the gradient of gather. One matmul with a one-hot matrix. */
function unsortedSegmentSumKernel({ inputs, attrs }: { inputs: NamedTensorInfoMap; attrs?: NamedAttrMap }): tf.Tensor {
  const x = asTensor(inputs.x);
  const ids = asTensor(inputs.segmentIds);
  const numSegments = (attrs as { numSegments: number }).numSegments;
  try {
    return tf.tidy(() => {
      const rows = ids.size;
      const flatIds = ids.reshape([rows]).toInt();
      const oneHot = tf.oneHot(flatIds, numSegments).toFloat();
      const out = tf.matMul(oneHot, x.toFloat().reshape([rows, -1]), true, false);
      const result = out.reshape([numSegments, ...x.shape.slice(ids.rank)]);
      return x.dtype === 'float32' ? result : result.cast(x.dtype);
    });
  } finally {
    x.dispose();
    ids.dispose();
  }
}

/**
 * BatchMatMul and _FusedMatMul with transposeA/transposeB run ~10× slower on WASM (tfjs 4.22, measured:
 * [178, 2560]ᵀ·[2560, 96] 110 ms vs 11 ms for an explicit Transpose then the plain product), and every
 * matMul gradient asks for a transposed operand. The wrapper transposes explicitly, then multiplies;
 * it also gives the product a fresh right operand where WASM's cache of packed right operands would
 * answer with another shape's product (freshRightOperand).
 */
function matMulWrapper(orig: KernelConfig): KernelConfig['kernelFunc'] {
  const transpose = tf.getKernel('Transpose', 'wasm');
  const swapForGradient = orig.kernelName === 'BatchMatMul'; // _FusedMatMul may carry a bias or activation
  if (!transpose) return orig.kernelFunc;
  return ((args: { inputs: NamedTensorInfoMap; backend: unknown; attrs?: NamedAttrMap }) => {
    const attrs = (args.attrs ?? {}) as { transposeA?: boolean; transposeB?: boolean };
    const temps: TensorInfo[] = [];
    const swapLast = (x: TensorInfo): TensorInfo => {
      const r = x.shape.length;
      const perm = [...Array.from({ length: r - 2 }, (_, i) => i), r - 1, r - 2];
      const out = transpose.kernelFunc({ inputs: { x }, backend: args.backend, attrs: { perm } } as Parameters<KernelConfig['kernelFunc']>[0]) as TensorInfo;
      temps.push(out);
      return out;
    };
    const product = (a: TensorInfo, b: TensorInfo): TensorInfo => {
      const copy = freshRightOperand(b, args.backend);
      if (copy) temps.push((b = copy));
      return orig.kernelFunc({ ...args, inputs: { ...args.inputs, a, b }, attrs: { ...args.attrs, transposeA: false, transposeB: false } } as Parameters<KernelConfig['kernelFunc']>[0]) as TensorInfo;
    };
    const ia = args.inputs.a as TensorInfo;
    const ib = args.inputs.b as TensorInfo;
    try {
      // Aᵀ·G with a long shared axis (every weight gradient: Σ over batch·time) packs its right operand,
      // K × n floats, afresh each call. When A is the narrower one, Gᵀ·A packs K × m instead: (Gᵀ·A)ᵀ.
      // Measured (interleaved, GRU-AE weight-gradient shapes): [5120, 32]ᵀ·[5120, 192] 21 → 13 ms on one
      // thread, 16 → 8 ms on two; [5120, 64]ᵀ·[5120, 96] 10 → 6.7 ms and 9.7 → 4.8 ms.
      const [K, m] = ia.shape;
      const n = ib.shape[1];
      if (swapForGradient && attrs.transposeA && !attrs.transposeB && ia.shape.length === 2 && ib.shape.length === 2 && K >= 1024 && m < n) {
        const inner = product(swapLast(ib), ia);
        temps.push(inner);
        return transpose.kernelFunc({ inputs: { x: inner }, backend: args.backend, attrs: { perm: [1, 0] } } as Parameters<KernelConfig['kernelFunc']>[0]) as TensorInfo;
      }
      return product(attrs.transposeA ? swapLast(ia) : ia, attrs.transposeB ? swapLast(ib) : ib);
    } finally {
      for (const t of temps) (args.backend as WasmBackend).disposeData(t.dataId);
    }
  }) as KernelConfig['kernelFunc'];
}

/** Kernels WASM lacks, and seqsentry's own (gru-wasm.ts). */
const GAPS: KernelConfig[] = [
  { kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc: conv2DBackpropFilterKernel as KernelConfig['kernelFunc'] },
  { kernelName: 'UnsortedSegmentSum', backendName: 'wasm', kernelFunc: unsortedSegmentSumKernel as KernelConfig['kernelFunc'] },
  GRU_BACKWARD_KERNEL,
  ...FUSED_KERNELS,
];

/** Replacements for kernels WASM has, each made from the stock kernel (its fallback). */
const WRAPPERS: Record<string, (orig: KernelConfig) => KernelConfig['kernelFunc']> = {
  BatchMatMul: matMulWrapper,
  _FusedMatMul: matMulWrapper,
  Conv2DBackpropInput: conv2DBackpropInputFactory,
  ...FAST_KERNELS,
  ...FUSED_WRAPPERS,
};

/** Register the replacement kernels for WASM (idempotent; a kernel WASM gains later is left alone). */
export function registerWasmGaps(): void {
  for (const k of GAPS) if (!tf.getKernel(k.kernelName, 'wasm')) tf.registerKernel(k);
  registerLeakyReluGradient();
  for (const [name, wrap] of Object.entries(WRAPPERS)) {
    const orig = tf.getKernel(name, 'wasm');
    if (!orig || (orig.kernelFunc as unknown as Record<symbol, unknown>)[WRAPPED]) continue;
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel({ ...orig, kernelFunc: Object.assign(wrap(orig), { [WRAPPED]: true }) });
  }
}
