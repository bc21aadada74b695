/**
 * FastGRU (lib/engine/gru.ts) against TF.js's own GRU machinery, layer to layer, on the same weights.
 *
 * TF.js 4.22 has no reset_after GRU: `tf.layers.gru({ resetAfter: true })` throws (first test; when a later
 * TF.js accepts it, that test fails and should be replaced by a direct comparison). So the reference is
 * the stock `tf.layers.rnn` layer (TF.js's own time loop, masking-free, autodiff for gradients) driving a
 * GRUCell whose `call` is Keras's reset_after equations, bias [2, 3U] (row 0 input, row 1 recurrent):
 *   z = σ(x·W_z + b_z + h·U_z + b'_z)   r = σ(x·W_r + b_r + h·U_r + b'_r)
 *   ĥ = tanh(x·W_h + b_h + r ⊙ (h·U_h + b'_h))   h_new = z ⊙ h + (1 − z) ⊙ ĥ
 * Where the two GRU forms coincide (U_h diagonal, b'_h = 0), FastGRU also equals the unmodified
 * `tf.layers.gru` (reset_before, recurrentActivation 'sigmoid').
 *
 * Dropout semantics: FastGRU has no `dropout` / `recurrentDropout` (Keras's per-gate input masks and
 * recurrent masks); models put a Dropout layer after a GRU that returns sequences (buildGruSae) or after
 * the GRU's output (the NIDS model), i.e. dropout on the layer's output, not inside the recurrence. The
 * references here run without dropout, so training and inference are deterministic and comparable.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { tf, initEngine, fastGru } from '../lib/engine';

before(async () => {
  await initEngine({ force: 'wasm', quiet: true });
});

const TOL = 1e-5;

/** TF.js's RNNCell type (the class is not exported; tf.layers.rnn names it). */
type RNNCell = Exclude<Parameters<typeof tf.layers.rnn>[0]['cell'], unknown[]>;

/** The members of TF.js's GRUCell the reference cell uses (the class itself is not exported). */
interface GruCellLike extends tf.layers.Layer {
  units: number;
  useBias: boolean;
  kernel: tf.LayerVariable;
  recurrentKernel: tf.LayerVariable;
  bias: tf.LayerVariable | null;
}
type GruCellCtor = new (args: { units: number; useBias?: boolean; recurrentActivation?: string }) => GruCellLike;
const GruCell = tf.layers.gruCell({ units: 1 }).constructor as GruCellCtor;

/** Keras's reset_after GRU cell, run by TF.js's RNN layer. */
class ResetAfterCell extends GruCell {
  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as number[];
    const d = shape[shape.length - 1];
    const u = this.units;
    const zeros = tf.initializers.zeros();
    const add = (name: string, s: number[]) => (this as unknown as { addWeight(n: string, s: number[], d: string, i: unknown): tf.LayerVariable }).addWeight(name, s, 'float32', zeros);
    this.kernel = add('kernel', [d, 3 * u]);
    this.recurrentKernel = add('recurrent_kernel', [u, 3 * u]);
    this.bias = this.useBias ? add('bias', [2, 3 * u]) : null;
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor[] {
    return tf.tidy(() => {
      const [x, h] = inputs as tf.Tensor2D[];
      const u = this.units;
      let xp: tf.Tensor = tf.matMul(x, this.kernel.read());
      let hp: tf.Tensor = tf.matMul(h, this.recurrentKernel.read());
      if (this.bias) {
        const [bIn, bRec] = tf.unstack(this.bias.read());
        xp = tf.add(xp, bIn);
        hp = tf.add(hp, bRec);
      }
      const [xz, xr, xh] = tf.split(xp, [u, u, u], 1);
      const [hz, hr, hh] = tf.split(hp, [u, u, u], 1);
      const z = tf.sigmoid(tf.add(xz, hz));
      const r = tf.sigmoid(tf.add(xr, hr));
      const cand = tf.tanh(tf.add(xh, tf.mul(r, hh)));
      const out = tf.add(tf.mul(z, h), tf.mul(tf.sub(1, z), cand));
      return [out, out];
    });
  }
}

function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  assert.deepEqual(a.shape, b.shape);
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
}

/** Output and the gradients of Σ(out ⊙ weight) w.r.t. the input and every layer weight, in `layer.weights` order. */
function outputAndGrads(layer: tf.layers.Layer, x: tf.Variable, weight: tf.Tensor, training: boolean): { out: tf.Tensor; grads: tf.Tensor[] } {
  const vars = [x, ...layer.weights.map((w) => w.read() as tf.Variable)];
  const out = layer.apply(x, { training }) as tf.Tensor;
  const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(layer.apply(x, { training }) as tf.Tensor, weight)) as tf.Scalar, vars);
  value.dispose();
  return { out, grads: vars.map((v) => grads[v.name]) };
}

test('TF.js 4.22 has no reset_after GRU (so the reference below is built from its RNN layer and a reset_after cell)', () => {
  // GRULayerArgs has no resetAfter in its type either; the layer checks at run time.
  assert.throws(() => tf.layers.gru({ units: 3, resetAfter: true } as Parameters<typeof tf.layers.gru>[0]), /reset_after/);
});

test('FastGRU equals TF.js RNN + Keras reset_after cell: outputs and gradients (input, kernel, recurrent kernel, bias) within 1e-5', () => {
  const [B, T, D, U] = [4, 6, 5, 3];
  const x = tf.variable(tf.randomNormal([B, T, D], 0, 1, 'float32', 1), true, 'parity_x');
  const before = tf.memory().numTensors;
  for (const useBias of [true, false]) {
    for (const returnSequences of [true, false]) {
      const fast = fastGru({ units: U, returnSequences, useBias });
      const ref = tf.layers.rnn({ cell: new ResetAfterCell({ units: U, useBias }) as unknown as RNNCell, returnSequences });
      tf.dispose([fast.apply(x) as tf.Tensor, ref.apply(x) as tf.Tensor]); // builds the weights
      // Random non-zero weights everywhere (biases included), copied into the reference.
      const weights = fast.getWeights().map((w, i) => tf.randomNormal(w.shape, 0, 0.6, 'float32', 10 + i));
      fast.setWeights(weights);
      ref.setWeights(weights);
      assert.deepEqual(ref.weights.map((w) => w.shape), fast.weights.map((w) => w.shape), 'same Keras weight layout');
      const weight = tf.randomNormal(returnSequences ? [B, T, U] : [B, U], 0, 1, 'float32', 7);
      const r = outputAndGrads(ref, x, weight, true);
      // training: true runs the hand-written backward pass; training: false, TF.js autodiff through the forward.
      for (const training of [true, false]) {
        const f = outputAndGrads(fast, x, weight, training);
        const what = `useBias ${useBias}, returnSequences ${returnSequences}, training ${training}`;
        assert.ok(maxAbsDiff(f.out, r.out) < TOL, `output (${what}): max diff ${maxAbsDiff(f.out, r.out)}`);
        const names = ['input', 'kernel', 'recurrent_kernel', 'bias'];
        f.grads.forEach((g, i) => {
          const d = maxAbsDiff(g, r.grads[i]);
          assert.ok(d < TOL, `d/d${names[i]} (${what}): max diff ${d}`);
        });
        tf.dispose([f.out, ...f.grads]);
      }
      tf.dispose([r.out, ...r.grads, weight, ...weights]);
      fast.dispose();
      ref.dispose();
    }
  }
  assert.equal(tf.memory().numTensors, before, 'no tensors left behind');
  x.dispose();
});

test('where reset_after and reset_before coincide (diagonal U_h, zero recurrent h-bias), FastGRU equals the stock tf.layers.gru, with gradients w.r.t. input and kernel', () => {
  const [B, T, D, U] = [3, 5, 4, 3];
  const x = tf.variable(tf.randomNormal([B, T, D], 0, 1, 'float32', 2), true, 'coincide_x');
  for (const returnSequences of [true, false]) {
    const fast = fastGru({ units: U, returnSequences });
    const stock = tf.layers.gru({ units: U, returnSequences, recurrentActivation: 'sigmoid' });
    tf.dispose([fast.apply(x) as tf.Tensor, stock.apply(x) as tf.Tensor]);
    const w = tf.randomNormal([D, 3 * U], 0, 0.6, 'float32', 21);
    const uZr = tf.randomNormal([U, 2 * U], 0, 0.6, 'float32', 22);
    const uH = tf.diag(tf.randomNormal([U], 0, 0.6, 'float32', 23));
    const u = tf.concat([uZr, uH], 1);
    const bIn = tf.randomNormal([3 * U], 0, 0.5, 'float32', 24);
    const bRec = tf.concat([tf.randomNormal([2 * U], 0, 0.5, 'float32', 25), tf.zeros([U])]);
    fast.setWeights([w, u, tf.stack([bIn, bRec])]);
    // reset_before has one bias: the z and r gates see b_in + b_rec, the candidate b_in alone (b_rec,h = 0).
    stock.setWeights([w, u, tf.add(bIn, bRec)]);
    const weight = tf.randomNormal(returnSequences ? [B, T, U] : [B, U], 0, 1, 'float32', 8);
    const f = outputAndGrads(fast, x, weight, true);
    const s = outputAndGrads(stock, x, weight, true);
    assert.ok(maxAbsDiff(f.out, s.out) < TOL, `output (returnSequences ${returnSequences})`);
    assert.ok(maxAbsDiff(f.grads[0], s.grads[0]) < TOL, `d/dinput (returnSequences ${returnSequences})`);
    assert.ok(maxAbsDiff(f.grads[1], s.grads[1]) < TOL, `d/dkernel (returnSequences ${returnSequences})`);
    tf.dispose([w, uZr, uH, u, bIn, bRec, weight, f.out, ...f.grads, s.out, ...s.grads]);
    fast.dispose();
    stock.dispose();
  }
  x.dispose();
});
