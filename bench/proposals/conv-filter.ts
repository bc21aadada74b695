/**
 * PROPOSAL for lib/engine/wasm-kernels.ts (applied only with `--proposals`, name `convfilter`): a faster
 * Conv2DBackpropFilter for the Conv1D case (filter height 1, stride 1, dilation 1, NHWC), which every
 * tf.layers.conv1d gradient is. The current kernel unfolds the padded input into patches
 * [B·T, k·cin] (k strided slices + a concat), and its transposed product makes the explicit-transpose
 * wrapper copy all k·cin columns once more. Here the input is transposed once to [cin, B, T + pad] and
 * each tap j is one product xᵀ_j [cin, B·T] · dy [B·T, cout]: no concat, no transposed operand.
 * Other shapes fall back to the current kernel.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';

type Attrs = { strides: number | [number, number]; pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding; dataFormat: 'NHWC' | 'NCHW'; dimRoundingMode?: 'floor' | 'round' | 'ceil'; filterShape: [number, number, number, number] };
const WRAPPED = Symbol('seqsentry.conv1dFilter');

function conv1dFilterGrad(x4: tf.Tensor4D, dy4: tf.Tensor4D, attrs: Attrs): tf.Tensor4D {
  return tf.tidy(() => {
    const info = tf.backend_util.computeConv2DInfo(x4.shape, attrs.filterShape, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
    const [B, , T, cin] = x4.shape;
    const { outWidth: ow, filterWidth: fw, padInfo } = info;
    const cout = attrs.filterShape[3];
    let xt = tf.transpose(tf.reshape(x4, [B, T, cin]), [2, 0, 1]); // [cin, B, T]
    if (padInfo.left || padInfo.right) xt = tf.pad(xt, [[0, 0], [0, 0], [padInfo.left, padInfo.right]]);
    const dy = tf.reshape(dy4, [B * ow, cout]);
    const taps: tf.Tensor[] = [];
    for (let j = 0; j < fw; j++) taps.push(tf.matMul(tf.reshape(tf.slice(xt, [0, 0, j], [cin, B, ow]), [cin, B * ow]), dy));
    return tf.reshape(tf.stack(taps), [1, fw, cin, cout]) as tf.Tensor4D;
  });
}

function wrap(orig: KernelConfig): KernelConfig {
  const kernelFunc = ((args: { inputs: NamedTensorInfoMap; backend: unknown; attrs?: NamedAttrMap }) => {
    const a = args.attrs as unknown as Attrs;
    const strides = typeof a.strides === 'number' ? [a.strides, a.strides] : a.strides;
    const x = args.inputs.x as TensorInfo;
    const ok = a.dataFormat !== 'NCHW' && a.filterShape[0] === 1 && strides[0] === 1 && strides[1] === 1 && x.shape[1] === 1 && x.dtype === 'float32';
    if (!ok) return orig.kernelFunc(args as Parameters<KernelConfig['kernelFunc']>[0]);
    const engine = tf.engine();
    const xt = engine.makeTensorFromTensorInfo(x) as tf.Tensor4D;
    const dyt = engine.makeTensorFromTensorInfo(args.inputs.dy as TensorInfo) as tf.Tensor4D;
    try {
      return conv1dFilterGrad(xt, dyt, a);
    } finally {
      xt.dispose();
      dyt.dispose();
    }
  }) as KernelConfig['kernelFunc'];
  return { ...orig, kernelFunc: Object.assign(kernelFunc, { [WRAPPED]: true }) };
}

/** Wrap the registered WASM Conv2DBackpropFilter (seqsentry's gap kernel) with the Conv1D path. */
export function registerConv1dFilterGrad(): void {
  const orig = tf.getKernel('Conv2DBackpropFilter', 'wasm');
  if (!orig || (orig.kernelFunc as unknown as Record<symbol, unknown>)[WRAPPED]) return;
  tf.unregisterKernel('Conv2DBackpropFilter', 'wasm');
  tf.registerKernel(wrap(orig));
}

export { conv1dFilterGrad };
