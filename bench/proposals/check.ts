/**
 * Correctness of the proposals before they land: npx tsx bench/proposals/check.ts (exits 1 on a failure).
 * - no-copy Slice / Unpack / SplitV equal the CPU backend on several shapes and axes (int32 too), leave no
 *   tensors behind, and gradients through them are right; the Conv1D filter gradient equals the CPU kernel's;
 * - gruSequenceV2 with every combination of its switches equals lib/engine gruSequence (outputs, inference
 *   path, all four gradients) within 1e-6. gruSequence itself is checked against TF.js's RNN layer with a
 *   Keras reset_after cell in test/engine-gru-parity.test.ts.
 */
import { tf, gruSequence } from '../../lib/engine';
import { setupEngine, benchArgs } from '../harness';
import { registerNoCopySlices } from './wasm-slice';
import { gruSequenceV2 } from './gru-v2';
import { registerConv1dFilterGrad } from './conv-filter';

let failures = 0;
function check(ok: boolean, what: string): void {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures++;
}

/** Run `f` on WASM (with the proposals) and on the CPU backend; compare values and shapes. */
async function sameAsCpu(name: string, input: tf.Tensor, f: (t: tf.Tensor) => tf.Tensor | tf.Tensor[], tol = 1e-5, allowedHandles = 0): Promise<void> {
  const values = input.arraySync();
  const before = tf.memory().numTensors;
  const outs = tf.tidy(() => [f(input)].flat());
  const wasm = outs.map((t) => ({ shape: t.shape, v: t.arraySync() }));
  tf.dispose(outs);
  const leaked = tf.memory().numTensors - before;
  await tf.setBackend('cpu');
  const cpu = tf.tidy(() => [f(tf.tensor(values as number[], input.shape, input.dtype))].flat().map((t) => ({ shape: t.shape, v: t.arraySync() })));
  await tf.setBackend('wasm');
  const flat = (v: unknown): number[] => (Array.isArray(v) ? v.flatMap(flat) : [v as number]);
  let diff = wasm.length === cpu.length ? 0 : Infinity;
  for (let i = 0; i < Math.min(wasm.length, cpu.length); i++) {
    if (wasm[i].shape.join() !== cpu[i].shape.join()) diff = Infinity;
    const a = flat(wasm[i].v);
    const b = flat(cpu[i].v);
    for (let k = 0; k < a.length; k++) diff = Math.max(diff, Math.abs(a[k] - b[k]));
  }
  check(diff <= tol && leaked <= allowedHandles, `${name}: max diff ${diff}, leaked ${leaked}`);
}

function checkGruV2(): void {
  const [B, T, D, U] = [5, 7, 4, 3];
  const x = tf.randomNormal([B, T, D], 0, 1, 'float32', 11) as tf.Tensor3D;
  const w = tf.randomNormal([D, 3 * U], 0, 0.5, 'float32', 12) as tf.Tensor2D;
  const u = tf.randomNormal([U, 3 * U], 0, 0.5, 'float32', 13) as tf.Tensor2D;
  const b = tf.randomNormal([2, 3 * U], 0, 0.5, 'float32', 14) as tf.Tensor2D;
  for (const seq of [true, false]) {
    for (const tanhViaSigmoid of [false, true]) {
      for (const biasGradByMatmul of [false, true]) {
        for (const presplit of [false, true]) {
          const o = { tanhViaSigmoid, biasGradByMatmul, presplit };
          const weight = tf.randomNormal(seq ? [B, T, U] : [B, U], 0, 1, 'float32', 15);
          const loss = (impl: (xx: tf.Tensor3D, ww: tf.Tensor2D, uu: tf.Tensor2D, bb: tf.Tensor2D) => tf.Tensor) =>
            (xx: tf.Tensor, ww: tf.Tensor, uu: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.mul(impl(xx as tf.Tensor3D, ww as tf.Tensor2D, uu as tf.Tensor2D, bb as tf.Tensor2D), weight));
          const v2 = (xx: tf.Tensor3D, ww: tf.Tensor2D, uu: tf.Tensor2D, bb: tf.Tensor2D) => gruSequenceV2(xx, ww, uu, bb, seq, false, o);
          const v1 = (xx: tf.Tensor3D, ww: tf.Tensor2D, uu: tf.Tensor2D, bb: tf.Tensor2D) => gruSequence(xx, ww, uu, bb, seq);
          const before = tf.memory().numTensors;
          const g2 = tf.grads(loss(v2))([x, w, u, b]);
          const o2 = gruSequenceV2(x, w, u, b, seq, false, o);
          const i2 = gruSequenceV2(x, w, u, b, seq, true, o);
          const leaked = tf.memory().numTensors - before - 6;
          const g1 = tf.grads(loss(v1))([x, w, u, b]);
          const o1 = gruSequence(x, w, u, b, seq);
          const diffs = tf.tidy(() => [tf.sub(o1, o2), tf.sub(o1, i2), ...g1.map((g, i) => tf.sub(g, g2[i]))].map((d) => tf.max(tf.abs(d)).dataSync()[0]));
          check(Math.max(...diffs) < 1e-6 && leaked === 0, `gruSequenceV2 ${JSON.stringify(o)} returnSequences ${seq}: max diff ${Math.max(...diffs).toExponential(1)}, leaked ${leaked}`);
          tf.dispose([...g1, ...g2, o1, o2, i2, weight]);
        }
      }
    }
  }
  tf.dispose([x, w, u, b]);
}

async function main(): Promise<void> {
  await setupEngine(benchArgs([]));
  registerNoCopySlices();
  const a = tf.randomNormal([5, 7, 9, 3], 0, 1, 'float32', 3);
  const cases: [string, (t: tf.Tensor) => tf.Tensor | tf.Tensor[]][] = [
    ['slice inner box', (t) => tf.slice(t, [1, 2, 3, 1], [3, 4, 5, 2])],
    ['slice whole trailing axes', (t) => tf.slice(t, [0, 2, 0, 0], [5, 3, 9, 3])],
    ['slice leading', (t) => tf.slice(t, [2, 0, 0, 0], [2, 7, 9, 3])],
    ['slice all (-1 sizes)', (t) => tf.slice(t, [0, 0, 0, 0], [-1, -1, -1, -1])],
    ['unstack axis 0', (t) => tf.unstack(t, 0)],
    ['unstack axis 1', (t) => tf.unstack(t, 1)],
    ['unstack axis 3', (t) => tf.unstack(t, 3)],
    ['split 3 ways, axis 2', (t) => tf.split(t, 3, 2)],
    ['split [1, 2], axis 3', (t) => tf.split(t, [1, 2], 3)],
    ['split [2, 3], axis 0', (t) => tf.split(t, [2, 3], 0)],
    ['int32 slice', (t) => tf.slice(tf.cast(tf.mul(t, 10), 'int32'), [1, 1, 1, 1], [2, 2, 2, 2])],
  ];
  for (const [name, f] of cases) await sameAsCpu(name, a, f, 1e-4);
  const g = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.split(x, [2, 1], 3)[1], 2)))(a);
  check(g.sum().dataSync()[0] === 5 * 7 * 9 * 2, 'gradient through split');
  checkGruV2();
  // Conv1D filter gradient (the Conv1D path of Conv2DBackpropFilter) against the CPU backend's own kernel.
  registerConv1dFilterGrad();
  const cx = tf.randomNormal([3, 11, 5], 0, 1, 'float32', 31);
  for (const [k, pad] of [[3, 'same'], [1, 'same'], [3, 'valid'], [5, 'same']] as const) {
    const cw = tf.randomNormal([k, 5, 4], 0, 1, 'float32', 32);
    // Any conv1d gradient on WASM (the stock kernels' too) leaves numTensors 2 higher, with no data buffer
    // behind them (numDataBuffers unchanged): a TF.js bookkeeping drift, allowed here.
    await sameAsCpu(`conv1d filter gradient, kernel ${k}, ${pad}`, cx, (t) => tf.grad((w: tf.Tensor) => tf.sum(tf.square(tf.conv1d(t as tf.Tensor3D, w as tf.Tensor3D, 1, pad))))(cw), 1e-3, 2);
    cw.dispose();
  }
  console.log(failures ? `${failures} check(s) failed` : 'all checks passed');
  process.exit(failures ? 1 : 0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
