import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { tf, initEngine } from '../lib/engine';

/* The faster WASM kernels (lib/engine/wasm-fast.ts, the Conv1D filter path in wasm-kernels.ts) against the CPU backend. */

before(async () => {
  const info = await initEngine({ force: 'wasm', quiet: true });
  assert.equal(info.backend, 'wasm', 'these tests are about the WASM backend');
});

type Out = { shape: number[]; values: number[] };

/** Run `f` on `input` on WASM and on the CPU backend: outputs of both, and the tensors WASM left behind. */
async function bothBackends(input: tf.Tensor, f: (t: tf.Tensor) => tf.Tensor | tf.Tensor[]): Promise<{ wasm: Out[]; cpu: Out[]; leaked: number }> {
  const run = (t: tf.Tensor): Out[] => tf.tidy(() => [f(t)].flat().map((o) => ({ shape: o.shape, values: Array.from(o.dataSync() as ArrayLike<number>) })));
  const before = tf.memory().numTensors;
  const wasm = run(input);
  const leaked = tf.memory().numTensors - before;
  const values = input.dataSync();
  await tf.setBackend('cpu');
  try {
    const copy = tf.tensor(values, input.shape, input.dtype);
    const cpu = run(copy);
    copy.dispose();
    return { wasm, cpu, leaked };
  } finally {
    await tf.setBackend('wasm');
  }
}

/** Outputs equal within `tol`, absolute below 1, relative above. */
function assertSame(r: { wasm: Out[]; cpu: Out[] }, tol: number, what: string): void {
  assert.equal(r.wasm.length, r.cpu.length, `${what}: number of outputs`);
  r.wasm.forEach((w, i) => {
    assert.deepEqual(w.shape, r.cpu[i].shape, `${what}: shape of output ${i}`);
    // Relative to the value where it exceeds 1: sums of thousands of terms round differently per backend.
    let diff = 0;
    for (let k = 0; k < w.values.length; k++) diff = Math.max(diff, Math.abs(w.values[k] - r.cpu[i].values[k]) / Math.max(1, Math.abs(r.cpu[i].values[k])));
    assert.ok(diff <= tol, `${what}: output ${i} differs by ${diff}`);
  });
}

test('Slice, Unpack and SplitV read the input in place and equal the CPU backend (float32 and int32, no leaks)', async () => {
  const a = tf.randomNormal([5, 7, 9, 3], 0, 1, 'float32', 3);
  const cases: [string, (t: tf.Tensor) => tf.Tensor | tf.Tensor[]][] = [
    ['slice inner box', (t) => tf.slice(t, [1, 2, 3, 1], [3, 4, 5, 2])],
    ['slice whole trailing axes', (t) => tf.slice(t, [0, 2, 0, 0], [5, 3, 9, 3])],
    ['slice leading rows', (t) => tf.slice(t, [2, 0, 0, 0], [2, 7, 9, 3])],
    ['slice everything (-1 sizes)', (t) => tf.slice(t, [0, 0, 0, 0], [-1, -1, -1, -1])],
    ['slice empty', (t) => tf.slice(t, [0, 0, 0, 0], [0, 7, 9, 3])],
    ['unstack axis 0', (t) => tf.unstack(t, 0)],
    ['unstack axis 1', (t) => tf.unstack(t, 1)],
    ['unstack last axis', (t) => tf.unstack(t, 3)],
    ['split 3 ways on axis 2', (t) => tf.split(t, 3, 2)],
    ['split [1, 2] on the last axis', (t) => tf.split(t, [1, 2], -1)],
    ['split [2, 3] on axis 0', (t) => tf.split(t, [2, 3], 0)],
    ['int32 slice', (t) => tf.slice(tf.cast(tf.mul(t, 10), 'int32'), [1, 1, 1, 1], [2, 2, 2, 2])],
    ['rank-1 slice', (t) => tf.slice(tf.reshape(t, [-1]), [17], [40])],
  ];
  for (const [name, f] of cases) {
    const r = await bothBackends(a, f);
    assertSame(r, 0, name);
    assert.equal(r.leaked, 0, `${name}: leaked tensors`);
  }
  const g = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.split(x, [2, 1], 3)[1], 2)))(a);
  assert.equal(g.sum().dataSync()[0], 5 * 7 * 9 * 2, 'gradient through split');
  assert.deepEqual(tf.slice(tf.tensor1d(['a', 'b', 'c'], 'string'), [1], [2]).arraySync(), ['b', 'c'], 'strings keep the stock kernel');
  tf.dispose([a, g]);
});

test('Tanh as 2σ(2x) − 1 equals the CPU backend within 3e-7, small tensors keep the stock kernel', async () => {
  const big = tf.concat([tf.randomNormal([4000], 0, 3, 'float32', 5), tf.tensor1d([0, 1e-6, -1e-4, 20, -20, 88, -88, 1e30])]);
  const r = await bothBackends(big, (t) => tf.tanh(t));
  assertSame(r, 3e-7, 'tanh');
  assert.equal(r.leaked, 0);
  assert.ok(r.wasm[0].values.every((v) => v >= -1 && v <= 1), 'tanh stays within [-1, 1]');
  assertSame(await bothBackends(tf.tensor1d([0.5, -2]), (t) => tf.tanh(t)), 1e-7, 'small tanh');
  // Its gradient (1 − tanh²) still comes from the kernel's output.
  assertSame(await bothBackends(big.slice(0, 4000), (t) => tf.grad((x: tf.Tensor) => tf.sum(tf.tanh(x)))(t)), 1e-6, 'tanh gradient');
  big.dispose();
});

test('matMul gives the right product when one buffer is the right operand under two shapes', async () => {
  // The stock WASM kernel caches the packed right operand by buffer and answered the second product
  // with the first one's columns.
  const x = tf.tensor2d([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]]);
  const first = tf.matMul(tf.ones([1, 3]), x);
  const second = tf.matMul(tf.ones([1, 6]), tf.reshape(x, [6, 2]));
  const again = tf.matMul(tf.ones([1, 3]), x);
  assert.deepEqual(Array.from(first.dataSync()), [15, 18, 21, 24]);
  assert.deepEqual(Array.from(second.dataSync()), [36, 42]);
  assert.deepEqual(Array.from(again.dataSync()), [15, 18, 21, 24]);
  tf.dispose([x, first, second, again]);
});

test('Conv1D filter gradient (one product per tap) equals the CPU backend for kernels 1, 3, 5 and both paddings', async () => {
  const x = tf.randomNormal([3, 11, 5], 0, 1, 'float32', 31);
  for (const [k, pad] of [[3, 'same'], [1, 'same'], [3, 'valid'], [5, 'same'], [2, 'same']] as const) {
    const w = tf.randomNormal([k, 5, 4], 0, 1, 'float32', 32);
    const r = await bothBackends(x, (t) => tf.grad((v: tf.Tensor) => tf.sum(tf.square(tf.conv1d(t as tf.Tensor3D, v as tf.Tensor3D, 1, pad))))(w));
    assertSame(r, 1e-3, `kernel ${k} ${pad}`);
    w.dispose();
  }
  x.dispose();
});
