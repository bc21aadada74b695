import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';
import type { WasmBackend } from './wasm-fast';

/*
 * One step of FastGRU's backward pass as a single WASM kernel: a plain loop over the B·U elements of
 * the step's saved gates, in place of ~17 TF.js kernel calls (Multiply, Sub, Concat, Square …), each
 * with its own dispatch and pass over memory. Measured at batch 256, units 64 (bench/profile-step.ts):
 * 0.5 ms a step against ~1.5 ms. Only the WASM backend has it (gru.ts runs the same maths as TF.js ops
 * elsewhere); a test checks both paths agree.
 * The forward step stays TF.js ops: the same loop there (with WASM's SIMD Sigmoid for the gates, as
 * V8's Math.exp is ~10× slower per element) measured 1.4 ms a step against 1.1 ms for the ops.
 *
 * Maths (gates in Keras order z, r, h; see gru.ts): with dht = dh (+ dy_t),
 *   dz = dht ⊙ (h_prev − ĥ)   da = dht ⊙ (1 − z) ⊙ (1 − ĥ²)   dr = da ⊙ rh
 *   dxp = [dz ⊙ z(1 − z) | dr ⊙ r(1 − r) | da]       (gradient of the input projection)
 *   drp = [dz ⊙ z(1 − z) | dr ⊙ r(1 − r) | da ⊙ r]   (gradient of h·U + b_rec)
 *   dhz = dht ⊙ z                                       (the direct part of dh_prev; gru.ts adds drp·Uᵀ)
 */

const GRU_BACKWARD_STEP = 'SeqSentryGruBackwardStep';


function gruBackwardStep({ inputs, backend }: { inputs: NamedTensorInfoMap; backend: unknown }): TensorInfo[] {
  const be = backend as WasmBackend;
  const { dh, z, r, hh, rh, hPrev, dy } = inputs as Record<string, TensorInfo | undefined>;
  const [B, U] = z?.shape ?? [];
  for (const [name, t] of Object.entries({ dh, z, r, hh, rh, hPrev, ...(dy ? { dy } : {}) })) {
    if (!t || t.dtype !== 'float32' || t.shape.length !== 2 || t.shape[0] !== B || t.shape[1] !== U) throw new Error(`${GRU_BACKWARD_STEP}: input ${name} must be a float32 [batch, units] tensor like z`);
  }
  const dxpInfo = be.makeOutput([B, 3 * U], 'float32');
  const drpInfo = be.makeOutput([B, 3 * U], 'float32');
  const dhzInfo = be.makeOutput([B, U], 'float32');
  // Views after every allocation: a growing heap detaches older views.
  const [vdh, vz, vr, vhh, vrh, vh] = [dh!, z!, r!, hh!, rh!, hPrev!].map((t) => be.typedArrayFromHeap(t));
  const vdy = dy ? be.typedArrayFromHeap(dy) : null;
  const dxp = be.typedArrayFromHeap(dxpInfo);
  const drp = be.typedArrayFromHeap(drpInfo);
  const dhz = be.typedArrayFromHeap(dhzInfo);
  const W = 3 * U;
  for (let b = 0; b < B; b++) {
    const row = b * U;
    const o = b * W;
    for (let j = 0; j < U; j++) {
      const k = row + j;
      const d = vdy ? vdh[k] + vdy[k] : vdh[k];
      const zz = vz[k];
      const rr = vr[k];
      const c = vhh[k];
      const da = (d - d * zz) * (1 - c * c);
      const dsz = d * (vh[k] - c) * zz * (1 - zz);
      const dsr = da * vrh[k] * rr * (1 - rr);
      dxp[o + j] = dsz;
      dxp[o + U + j] = dsr;
      dxp[o + 2 * U + j] = da;
      drp[o + j] = dsz;
      drp[o + U + j] = dsr;
      drp[o + 2 * U + j] = da * rr;
      dhz[k] = d * zz;
    }
  }
  return [dxpInfo, drpInfo, dhzInfo];
}

/** Registered for WASM with the other seqsentry kernels (wasm-kernels.ts). */
export const GRU_BACKWARD_KERNEL: KernelConfig = { kernelName: GRU_BACKWARD_STEP, backendName: 'wasm', kernelFunc: gruBackwardStep as unknown as KernelConfig['kernelFunc'] };

/** Whether the active backend has the fused step (else gru.ts runs the same maths as TF.js ops). */
export function hasFusedBackwardStep(): boolean {
  return tf.getBackend() === 'wasm' && tf.getKernel(GRU_BACKWARD_STEP, 'wasm') !== undefined;
}

/** One fused backward step; only where hasFusedBackwardStep(). */
export function fusedBackwardStep(dh: tf.Tensor2D, dy: tf.Tensor2D | null, z: tf.Tensor2D, r: tf.Tensor2D, hh: tf.Tensor2D, rh: tf.Tensor2D, hPrev: tf.Tensor2D): [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D] {
  const inputs: Record<string, tf.Tensor> = { dh, z, r, hh, rh, hPrev };
  if (dy) inputs.dy = dy;
  return tf.engine().runKernel(GRU_BACKWARD_STEP, inputs) as unknown as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
}
