/**
 * PROPOSAL for lib/engine/gru.ts (not used by the library; `--proposals` in the benches swaps it in
 * for FastGRU's sequence function, and bench/profile-step.ts measures it). The same maths and the same
 * hand-written backward pass as gruSequence, with three changes that the profile supports (each
 * switchable, for measuring):
 * - `tanhViaSigmoid`: ĥ = 2σ(2a) − 1. WASM's Tanh kernel is scalar, ~10× slower per element than its
 *   (XNNPACK, SIMD) Sigmoid: 80 Tanh calls were 5–8% of a training step at batch 256.
 * - `biasGradByMatmul`: the bias gradients Σ over [B·T, 3U] as ones[1, B·T] · dXp: WASM's Sum over
 *   axis 0 transposes first (8 such sums were 6–13% of a step at batch 256).
 * - `presplit`: the input projections and recurrent products for the z|r gates and the candidate are
 *   computed from column blocks of the weights (sliced once per call), so the forward step needs one
 *   SplitV instead of three (240 SplitV per step, 6–10%).
 */
import * as tf from '@tensorflow/tfjs';

export interface GruV2Options { tanhViaSigmoid: boolean; biasGradByMatmul: boolean; presplit: boolean }
export const GRU_V2_DEFAULTS: GruV2Options = { tanhViaSigmoid: true, biasGradByMatmul: true, presplit: true };

const tanhOf = (a: tf.Tensor, o: GruV2Options): tf.Tensor => (o.tanhViaSigmoid ? tf.sub(tf.mul(tf.sigmoid(tf.mul(a, 2)), 2), 1) : tf.tanh(a));

function forward(x: tf.Tensor3D, w: tf.Tensor2D, u: tf.Tensor2D, b: tf.Tensor2D | null, returnSequences: boolean, keep: boolean, o: GruV2Options) {
  return tf.tidy(() => {
    const [B, T, D] = x.shape;
    const U = u.shape[0];
    let bIn: tf.Tensor1D | null = null;
    let bRec: tf.Tensor1D | undefined;
    if (b) {
      bIn = tf.reshape(tf.slice(b, [0, 0], [1, 3 * U]), [3 * U]) as tf.Tensor1D;
      // A reshape is a view whose WASM record keeps the [1, 3U] shape; fused matMul wants a rank-1 bias: copy.
      bRec = tf.add(tf.reshape(tf.slice(b, [1, 0], [1, 3 * U]), [3 * U]), 0) as tf.Tensor1D;
    }
    const x2 = tf.reshape(x, [B * T, D]);
    const proj = (wc: tf.Tensor2D, bc: tf.Tensor1D | null, width: number) => {
      const p = tf.matMul(x2, wc);
      return tf.unstack(tf.transpose(tf.reshape(bc ? tf.add(p, bc) : p, [B, T, width]), [1, 0, 2])) as tf.Tensor2D[];
    };
    const cols = <R extends tf.Rank>(m: tf.Tensor<R>, from: number, n: number) => tf.slice(m, m.rank === 1 ? [from] : [0, from], m.rank === 1 ? [n] : [-1, n]) as tf.Tensor<R>;
    let xzr: tf.Tensor2D[] = [];
    let xh: tf.Tensor2D[] = [];
    let xp: tf.Tensor2D[] = [];
    let uZr: tf.Tensor2D | null = null;
    let uH: tf.Tensor2D | null = null;
    let bZr: tf.Tensor1D | undefined;
    let bH: tf.Tensor1D | undefined;
    if (o.presplit) {
      xzr = proj(cols(w, 0, 2 * U), bIn ? cols(bIn, 0, 2 * U) : null, 2 * U);
      xh = proj(cols(w, 2 * U, U), bIn ? cols(bIn, 2 * U, U) : null, U);
      uZr = cols(u, 0, 2 * U);
      uH = cols(u, 2 * U, U);
      bZr = bRec ? cols(bRec, 0, 2 * U) : undefined;
      bH = bRec ? cols(bRec, 2 * U, U) : undefined;
    } else {
      xp = proj(w, bIn, 3 * U);
    }
    let h: tf.Tensor2D = tf.zeros([B, U]);
    const hs: tf.Tensor2D[] = [h];
    const zs: tf.Tensor2D[] = [];
    const rs: tf.Tensor2D[] = [];
    const hhs: tf.Tensor2D[] = [];
    const rhs: tf.Tensor2D[] = [];
    for (let t = 0; t < T; t++) {
      let xzrT: tf.Tensor2D, xhT: tf.Tensor2D, rzr: tf.Tensor2D, rh: tf.Tensor2D;
      if (o.presplit) {
        xzrT = xzr[t];
        xhT = xh[t];
        rzr = tf.fused.matMul({ a: h, b: uZr!, bias: bZr }) as tf.Tensor2D;
        rh = tf.fused.matMul({ a: h, b: uH!, bias: bH }) as tf.Tensor2D;
      } else {
        const rp = tf.fused.matMul({ a: h, b: u, bias: bRec }) as tf.Tensor2D;
        [xzrT, xhT] = tf.split(xp[t], [2 * U, U], 1) as tf.Tensor2D[];
        [rzr, rh] = tf.split(rp, [2 * U, U], 1) as tf.Tensor2D[];
      }
      const [z, r] = tf.split(tf.sigmoid(tf.add(xzrT, rzr)), 2, 1) as tf.Tensor2D[];
      const hh = tanhOf(tf.add(xhT, tf.mul(r, rh)), o) as tf.Tensor2D;
      h = tf.add(hh, tf.mul(z, tf.sub(h, hh))) as tf.Tensor2D;
      hs.push(h);
      if (keep) {
        zs.push(z);
        rs.push(r);
        hhs.push(hh);
        rhs.push(rh);
      }
    }
    const value = returnSequences ? tf.stack(hs.slice(1), 1) : h;
    return { value, saved: keep ? [...hs, ...zs, ...rs, ...hhs, ...rhs] : [] };
  });
}

/** gruSequence with the proposed changes; same signature and results (within float rounding). */
export function gruSequenceV2(x: tf.Tensor3D, kernel: tf.Tensor2D, recurrent: tf.Tensor2D, bias: tf.Tensor2D | null, returnSequences: boolean, inference = false, o: GruV2Options = GRU_V2_DEFAULTS): tf.Tensor {
  if (inference) return forward(x, kernel, recurrent, bias, returnSequences, false, o).value;
  const hasBias = bias !== null;
  const run = tf.customGrad(((...args: unknown[]) => {
    const [xIn, w, u] = args as [tf.Tensor3D, tf.Tensor2D, tf.Tensor2D];
    const b = hasBias ? (args[3] as tf.Tensor2D) : null;
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const [B, T, D] = xIn.shape;
    const U = u.shape[0];
    const fwd = forward(xIn, w, u, b, returnSequences, true, o);
    save([xIn, w, u, ...fwd.saved]);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => tf.tidy(() => {
      const [xS, wS, uS] = saved as [tf.Tensor3D, tf.Tensor2D, tf.Tensor2D];
      const hPrev = (t: number) => saved[3 + t] as tf.Tensor2D;
      const base = 3 + T + 1;
      const at = (k: number, t: number) => saved[base + k * T + t] as tf.Tensor2D;
      const uT = tf.transpose(uS);
      const dySteps = returnSequences ? (tf.unstack(dy, 1) as tf.Tensor2D[]) : null;
      let dh: tf.Tensor2D = returnSequences ? tf.zeros([B, U]) : (dy as tf.Tensor2D);
      const dxp: tf.Tensor2D[] = new Array(T);
      const drp: tf.Tensor2D[] = new Array(T);
      for (let t = T - 1; t >= 0; t--) {
        const dht = dySteps ? tf.add(dh, dySteps[t]) : dh;
        const z = at(0, t);
        const r = at(1, t);
        const hh = at(2, t);
        const dz = tf.mul(dht, tf.sub(hPrev(t), hh));
        const dhh = tf.sub(dht, tf.mul(dht, z));
        const da = tf.mul(dhh, tf.sub(1, tf.square(hh)));
        const dr = tf.mul(da, at(3, t));
        const drh = tf.mul(da, r);
        const zr = tf.concat([z, r], 1);
        const dsZr = tf.mul(tf.concat([dz, dr], 1), tf.mul(zr, tf.sub(1, zr)));
        dxp[t] = tf.concat([dsZr, da], 1) as tf.Tensor2D;
        drp[t] = tf.concat([dsZr, drh], 1) as tf.Tensor2D;
        dh = tf.add(tf.mul(dht, z), tf.matMul(drp[t], uT)) as tf.Tensor2D;
      }
      const dXp = tf.reshape(tf.transpose(tf.stack(dxp), [1, 0, 2]), [B * T, 3 * U]);
      const dRp = tf.concat(drp, 0);
      const hPrevAll = tf.concat(saved.slice(3, 3 + T) as tf.Tensor2D[], 0);
      const xFlat = tf.reshape(xS, [B * T, D]);
      const dx = tf.reshape(tf.matMul(dXp, wS, false, true), [B, T, D]);
      const dw = tf.matMul(xFlat, dXp, true, false);
      const du = tf.matMul(hPrevAll, dRp, true, false);
      if (!hasBias) return [dx, dw, du];
      const colSum = (m: tf.Tensor2D) => (o.biasGradByMatmul ? tf.reshape(tf.matMul(tf.ones([1, m.shape[0]]), m), [m.shape[1]]) : tf.sum(m, 0));
      const db = tf.stack([colSum(dXp as tf.Tensor2D), colSum(dRp as tf.Tensor2D)]);
      return [dx, dw, du, db];
    });
    return { value: fwd.value, gradFunc };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return hasBias ? run(x, kernel, recurrent, bias) : run(x, kernel, recurrent);
}
