/**
 * PROPOSAL for lib/engine/wasm-kernels.ts (not used by the library; benches load it only with
 * `--proposals`). TF.js 4.22's WASM Slice kernel starts with `backend.readSync(x.dataId)`, which
 * copies the WHOLE input out of the WASM heap on every call; Unpack (tf.unstack) and SplitV (tf.split)
 * call that slice once per output. Unstacking [20, 256, 192] therefore copies 20 × 3.75 MiB (52 ms
 * measured) where 3.75 MiB of copying suffices. These replacements read the input through a view on
 * the heap (`typedArrayFromHeap`, as WASM's own Concat and Identity do), taken after each output is
 * allocated (allocation can grow the heap and detach older views).
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';

interface WasmBackend {
  makeOutput(shape: number[], dtype: tf.DataType): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array | Int32Array | Uint8Array;
}

/** Copy the box [begin, begin + size) of x (row-major) into a new output, reading x through a heap view. */
function sliceNoCopy(x: TensorInfo, begin: number[], size: number[], backend: WasmBackend): TensorInfo {
  const out = backend.makeOutput(size, x.dtype);
  const n = size.reduce((a, b) => a * b, 1);
  if (n === 0) return out;
  const xv = backend.typedArrayFromHeap(x);
  const ov = backend.typedArrayFromHeap(out);
  const shape = x.shape;
  const rank = shape.length;
  const strides = new Array<number>(rank);
  strides[rank - 1] = 1;
  for (let i = rank - 2; i >= 0; i--) strides[i] = strides[i + 1] * shape[i + 1];
  // Merge the trailing axes that are taken whole into one contiguous run.
  let inner = rank - 1;
  while (inner > 0 && begin[inner] === 0 && size[inner] === shape[inner]) inner--;
  const run = size[inner] * strides[inner];
  const outer = n / run;
  if (outer === 1) {
    let off = 0;
    for (let i = 0; i <= inner; i++) off += begin[i] * strides[i];
    ov.set(xv.subarray(off, off + run));
    return out;
  }
  const idx = new Array<number>(inner).fill(0);
  for (let o = 0; o < outer; o++) {
    let off = begin[inner] * strides[inner];
    for (let i = 0; i < inner; i++) off += (begin[i] + idx[i]) * strides[i];
    ov.set(xv.subarray(off, off + run), o * run);
    for (let i = inner - 1; i >= 0; i--) {
      if (++idx[i] < size[i]) break;
      idx[i] = 0;
    }
  }
  return out;
}

type Args = { inputs: NamedTensorInfoMap; attrs?: NamedAttrMap; backend: unknown };

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

const KERNELS: KernelConfig[] = [
  { kernelName: 'Slice', backendName: 'wasm', kernelFunc: slice as unknown as KernelConfig['kernelFunc'] },
  { kernelName: 'Unpack', backendName: 'wasm', kernelFunc: unpack as unknown as KernelConfig['kernelFunc'] },
  { kernelName: 'SplitV', backendName: 'wasm', kernelFunc: splitV as unknown as KernelConfig['kernelFunc'] },
];

/** Replace WASM's Slice, Unpack and SplitV with the no-copy versions. */
export function registerNoCopySlices(): void {
  for (const k of KERNELS) {
    if (tf.getKernel(k.kernelName, 'wasm')) tf.unregisterKernel(k.kernelName, 'wasm');
    tf.registerKernel(k);
  }
}
