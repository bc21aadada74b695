import * as tf from '@tensorflow/tfjs';
import { fusedBackwardStep, hasFusedBackwardStep } from './gru-wasm';
import { fusedGruStep, hasFusedGruStep } from './fused';

/*
 * A GRU layer built for speed on the WASM backend, where every kernel call costs tens of
 * microseconds whatever its size. Stock `tf.layers.gru` runs the cell's ops and autodiff per step
 * (≈5,300 kernel calls for one training step of the default GRU-SAE); this layer:
 * - projects the inputs of ALL time steps with one matrix product before the loop;
 * - runs ~13 kernels per step forward (one fused h·U + bias, fused gate arithmetic), 2 on WASM (fused.ts);
 * - has a hand-written backward pass through time (tf.customGrad), ~20 kernels per step (3 on WASM,
 *   where one kernel does a step's elementwise maths: gru-wasm.ts), with the weight gradients of all
 *   steps taken by two matrix products after the loop.
 *
 * Maths: Keras's GRU with reset_after=True (the cuDNN/PyTorch form), gates in Keras order z, r, h:
 *   [xz xr xh] = x·W + b_in        [rz rr rh] = h·U + b_rec
 *   z = σ(xz + rz)   r = σ(xr + rr)   ĥ = tanh(xh + r ⊙ rh)   h' = z ⊙ h + (1 − z) ⊙ ĥ
 * Weights: kernel W [D, 3U], recurrent_kernel U [U, 3U], bias [2, 3U] (row 0 input, row 1
 * recurrent), as Keras stores them, so Keras weights load as they are. With `useBias: false` there is
 * no bias weight at all (PyTorch's `bias=False`): b_in = b_rec = 0 and the weights are only W and U.
 * Initial state zeros; no masking, no internal dropout (put a Dropout layer between GRUs),
 * activations fixed to tanh/σ.
 */

type Kwargs = tf.serialization.ConfigDict;
type Initializer = ReturnType<typeof tf.initializers.glorotUniform>;

export interface FastGruArgs {
  units: number;
  /** Return the whole sequence [batch, T, units] instead of the last state [batch, units]. */
  returnSequences?: boolean;
  /** Input and recurrent biases (default true); false: no bias weight exists (weights = kernel, recurrent_kernel). */
  useBias?: boolean;
  kernelInitializer?: Initializer;
  recurrentInitializer?: Initializer;
  name?: string;
  trainable?: boolean;
  inputShape?: tf.Shape;
  batchInputShape?: tf.Shape;
}

/** The forward recurrence; with `keep`, also each step's state and gates for the backward pass. */
function gruForward(x: tf.Tensor3D, w: tf.Tensor2D, u: tf.Tensor2D, b: tf.Tensor2D | null, returnSequences: boolean, keep: boolean): { value: tf.Tensor; saved: tf.Tensor[] } {
  return tf.tidy(() => {
    const [B, T, D] = x.shape;
    const U = u.shape[0];
    let bIn: tf.Tensor1D | null = null;
    let bRec: tf.Tensor1D | undefined;
    if (b) {
      const [bInView, bRecView] = tf.unstack(b) as [tf.Tensor1D, tf.Tensor1D];
      bIn = bInView;
      // A reshaped view keeps its source's [2, 3U] shape in the WASM backend, whose fused matmul wants a rank-1 bias.
      bRec = tf.add(bRecView, 0) as tf.Tensor1D;
    }
    // All steps' input projections at once, time-major: [T, B, 3U].
    const xw = tf.matMul(tf.reshape(x, [B * T, D]), w);
    const xp = tf.transpose(tf.reshape(bIn ? tf.add(xw, bIn) : xw, [B, T, 3 * U]), [1, 0, 2]);
    const xpSteps = tf.unstack(xp) as tf.Tensor2D[];
    let h: tf.Tensor2D = tf.zeros([B, U]);
    const hs: tf.Tensor2D[] = [h];
    const zs: tf.Tensor2D[] = [];
    const rs: tf.Tensor2D[] = [];
    const hhs: tf.Tensor2D[] = [];
    const rhs: tf.Tensor2D[] = [];
    // The fused step has no gradient of its own: used inside gruSequence's customGrad forward (keep) and
    // where nothing is being differentiated; autodiff through the inference path keeps the TF.js ops.
    const fusedStep = hasFusedGruStep() && (keep || !(tf.engine() as unknown as { isTapeOn(): boolean }).isTapeOn());
    for (let t = 0; t < T; t++) {
      const rp = tf.fused.matMul({ a: h, b: u, bias: bRec }) as tf.Tensor2D;
      let z: tf.Tensor2D, r: tf.Tensor2D, hh: tf.Tensor2D, rh: tf.Tensor2D;
      if (fusedStep) {
        // On WASM one kernel does the step's gate arithmetic (fused.ts): the same values as the ops below.
        [h, z, r, hh, rh] = fusedGruStep(xpSteps[t], rp, h);
      } else {
        const [xzr, xh] = tf.split(xpSteps[t], [2 * U, U], 1) as tf.Tensor2D[];
        let rzr: tf.Tensor2D;
        [rzr, rh] = tf.split(rp, [2 * U, U], 1) as tf.Tensor2D[];
        [z, r] = tf.split(tf.sigmoid(tf.add(xzr, rzr)), 2, 1) as tf.Tensor2D[];
        hh = tf.tanh(tf.add(xh, tf.mul(r, rh))) as tf.Tensor2D;
        h = tf.add(hh, tf.mul(z, tf.sub(h, hh))) as tf.Tensor2D;
      }
      hs.push(h);
      if (keep) {
        zs.push(z);
        rs.push(r);
        hhs.push(hh);
        rhs.push(rh);
      }
    }
    const value = returnSequences ? tf.stack(hs.slice(1), 1) : h;
    // Tensors returned from tidy are kept; the loop's other temporaries are freed here.
    return { value, saved: keep ? [...hs, ...zs, ...rs, ...hhs, ...rhs] : [] };
  });
}

/**
 * One GRU layer over x [B, T, D]: states [B, T, U] or the last [B, U]. Differentiable with the
 * hand-written backward pass; `inference` runs the same forward without keeping anything for it
 * (TF.js autodiff still works through it, just slower).
 */
export function gruSequence(x: tf.Tensor3D, kernel: tf.Tensor2D, recurrent: tf.Tensor2D, bias: tf.Tensor2D | null, returnSequences: boolean, inference = false): tf.Tensor {
  if (inference) return gruForward(x, kernel, recurrent, bias, returnSequences, false).value;
  const hasBias = bias !== null;
  // customGrad passes its inputs positionally, then `save`: (x, W, U, b, save) with a bias, (x, W, U, save) without.
  const run = tf.customGrad(((...args: unknown[]) => {
    const [xIn, w, u] = args as [tf.Tensor3D, tf.Tensor2D, tf.Tensor2D];
    const b = hasBias ? (args[3] as tf.Tensor2D) : null;
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const [B, T, D] = xIn.shape;
    const U = u.shape[0];
    const fwd = gruForward(xIn, w, u, b, returnSequences, true);
    save([xIn, w, u, ...fwd.saved]);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => tf.tidy(() => {
      const [xS, wS, uS] = saved as [tf.Tensor3D, tf.Tensor2D, tf.Tensor2D];
      // saved: x, W, U, then hs (T + 1: h0 … hT), zs, rs, hhs, rhs (T each).
      const hPrev = (t: number) => saved[3 + t] as tf.Tensor2D;
      const base = 3 + T + 1;
      const zAt = (t: number) => saved[base + t] as tf.Tensor2D;
      const rAt = (t: number) => saved[base + T + t] as tf.Tensor2D;
      const hhAt = (t: number) => saved[base + 2 * T + t] as tf.Tensor2D;
      const rhAt = (t: number) => saved[base + 3 * T + t] as tf.Tensor2D;
      const uT = tf.transpose(uS);
      const dySteps = returnSequences ? (tf.unstack(dy, 1) as tf.Tensor2D[]) : null;
      let dh: tf.Tensor2D = returnSequences ? tf.zeros([B, U]) : (dy as tf.Tensor2D);
      const dxp: tf.Tensor2D[] = new Array(T);
      const drp: tf.Tensor2D[] = new Array(T);
      const fused = hasFusedBackwardStep();
      for (let t = T - 1; t >= 0; t--) {
        const dyT = dySteps ? dySteps[t] : null;
        // On WASM one kernel does the step's elementwise maths (gru-wasm.ts); elsewhere TF.js ops.
        let dhz: tf.Tensor2D;
        if (fused) {
          [dxp[t], drp[t], dhz] = fusedBackwardStep(dh, dyT, zAt(t), rAt(t), hhAt(t), rhAt(t), hPrev(t));
        } else {
          const dht = dyT ? tf.add(dh, dyT) : dh;
          const z = zAt(t);
          const r = rAt(t);
          const hh = hhAt(t);
          // h' = ĥ + z ⊙ (h − ĥ)
          const dz = tf.mul(dht, tf.sub(hPrev(t), hh));
          const dhh = tf.sub(dht, tf.mul(dht, z));
          // ĥ = tanh(a), a = xh + r ⊙ rh
          const da = tf.mul(dhh, tf.sub(1, tf.square(hh)));
          const dr = tf.mul(da, rhAt(t));
          const drh = tf.mul(da, r);
          // z, r = σ(·): σ' = s(1 − s), on the concatenated gates
          const zr = tf.concat([z, r], 1);
          const dsZr = tf.mul(tf.concat([dz, dr], 1), tf.mul(zr, tf.sub(1, zr)));
          dxp[t] = tf.concat([dsZr, da], 1) as tf.Tensor2D;
          drp[t] = tf.concat([dsZr, drh], 1) as tf.Tensor2D;
          dhz = tf.mul(dht, z);
        }
        dh = tf.add(dhz, tf.matMul(drp[t], uT)) as tf.Tensor2D;
      }
      // Weight gradients of all steps: two matrix products over [T·B, ·].
      const dXp = tf.reshape(tf.transpose(tf.stack(dxp), [1, 0, 2]), [B * T, 3 * U]); // batch-major like x
      const dRp = tf.concat(drp, 0); // time-major like hPrev below
      const hPrevAll = tf.concat(saved.slice(3, 3 + T) as tf.Tensor2D[], 0);
      const xFlat = tf.reshape(xS, [B * T, D]);
      const dx = tf.reshape(tf.matMul(dXp, wS, false, true), [B, T, D]);
      const dw = tf.matMul(xFlat, dXp, true, false);
      const du = tf.matMul(hPrevAll, dRp, true, false);
      if (!hasBias) return [dx, dw, du];
      const db = tf.stack([tf.sum(dXp, 0), tf.sum(dRp, 0)]);
      return [dx, dw, du, db];
    });
    return { value: fwd.value, gradFunc };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return hasBias ? run(x, kernel, recurrent, bias) : run(x, kernel, recurrent);
}

/** GRU layer (reset_after form) with a fused forward and a hand-written backward pass. */
export class FastGRU extends tf.layers.Layer {
  static readonly className = 'SeqSentryFastGRU';
  readonly units: number;
  readonly returnSequences: boolean;
  readonly useBias: boolean;
  private readonly kernelInitializer: Initializer;
  private readonly recurrentInitializer: Initializer;
  private kernel: tf.LayerVariable | null = null;
  private recurrentKernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;

  constructor(args: FastGruArgs) {
    super(args);
    if (!Number.isInteger(args.units) || args.units < 1) throw new Error(`FastGRU: units must be a positive integer, got ${args.units}`);
    this.units = args.units;
    this.returnSequences = args.returnSequences ?? false;
    this.useBias = args.useBias ?? true;
    this.kernelInitializer = args.kernelInitializer ?? tf.initializers.glorotUniform({});
    this.recurrentInitializer = args.recurrentInitializer ?? tf.initializers.orthogonal({});
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const dim = shape[shape.length - 1];
    if (shape.length !== 3 || dim == null) throw new Error(`${this.name}: input must be [batch, time, features] with known features, got [${shape}]`);
    const u = this.units;
    this.kernel = this.addWeight('kernel', [dim, 3 * u], 'float32', this.kernelInitializer);
    this.recurrentKernel = this.addWeight('recurrent_kernel', [u, 3 * u], 'float32', this.recurrentInitializer);
    if (this.useBias) this.bias = this.addWeight('bias', [2, 3 * u], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return this.returnSequences ? [s[0], s[1], this.units] : [s[0], this.units];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs = {}): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor3D;
    // predict/evaluate pass training: false; the backward pass's bookkeeping is only kept when training.
    return gruSequence(x, this.kernel!.read() as tf.Tensor2D, this.recurrentKernel!.read() as tf.Tensor2D, this.bias ? (this.bias.read() as tf.Tensor2D) : null, this.returnSequences, kwargs.training !== true);
  }

  override getConfig(): Kwargs {
    return { ...super.getConfig(), units: this.units, returnSequences: this.returnSequences, useBias: this.useBias };
  }
}

tf.serialization.registerClass(FastGRU);

export const fastGru = (args: FastGruArgs): FastGRU => new FastGRU(args);
