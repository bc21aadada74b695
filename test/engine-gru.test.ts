import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { tf, initEngine, fastGru, gruSequence, loadModel, saveModel } from '../lib/engine';

before(async () => {
  const info = await initEngine({ force: 'wasm', quiet: true });
  assert.equal(info.backend, 'wasm');
});

function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  assert.deepEqual(a.shape, b.shape);
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
}

/** Keras GRU, reset_after=True, written step by step with plain ops; TF.js autodiff differentiates it. */
function referenceGru(x: tf.Tensor3D, w: tf.Tensor2D, u: tf.Tensor2D, b: tf.Tensor2D | null, returnSequences: boolean): tf.Tensor {
  const [B, T] = x.shape;
  const U = u.shape[0];
  let h: tf.Tensor = tf.zeros([B, U]);
  const outs: tf.Tensor[] = [];
  const gate = (m: tf.Tensor, k: number) => m.slice([0, k * U], [B, U]);
  for (let t = 0; t < T; t++) {
    const xw = tf.matMul(x.slice([0, t, 0], [B, 1, -1]).reshape([B, -1]), w);
    const hu = tf.matMul(h, u);
    const xp = b ? tf.add(xw, b.slice([0, 0], [1, -1])) : xw;
    const hp = b ? tf.add(hu, b.slice([1, 0], [1, -1])) : hu;
    const z = tf.sigmoid(tf.add(gate(xp, 0), gate(hp, 0)));
    const r = tf.sigmoid(tf.add(gate(xp, 1), gate(hp, 1)));
    const hh = tf.tanh(tf.add(gate(xp, 2), tf.mul(r, gate(hp, 2))));
    h = tf.add(tf.mul(z, h), tf.mul(tf.sub(1, z), hh));
    outs.push(h);
  }
  return returnSequences ? tf.stack(outs, 1) : h;
}

test('WASM matMul with transposed operands (wrapped kernel) equals the CPU backend, plain, batched, fused, and a weight-gradient shape', async () => {
  const a = tf.randomNormal([7, 5], 0, 1, 'float32', 1).arraySync() as number[][];
  // Long shared axis, narrow left operand: computed as (Gᵀ·A)ᵀ.
  const ka = tf.randomNormal([1500, 3], 0, 1, 'float32', 5).arraySync() as number[][];
  const kb = tf.randomNormal([1500, 8], 0, 1, 'float32', 6).arraySync() as number[][];
  const b = tf.randomNormal([7, 4], 0, 1, 'float32', 2).arraySync() as number[][];
  const a3 = tf.randomNormal([3, 7, 5], 0, 1, 'float32', 3).arraySync() as number[][][];
  const b3 = tf.randomNormal([3, 4, 7], 0, 1, 'float32', 4).arraySync() as number[][][];
  const cases: [string, () => tf.Tensor][] = [
    ['aᵀ·b', () => tf.matMul(tf.tensor2d(a), tf.tensor2d(b), true, false)],
    ['a·(aᵀ)ᵀ', () => tf.matMul(tf.tensor2d(b).transpose(), tf.tensor2d(a).transpose(), false, true)],
    ['batched aᵀ·bᵀ', () => tf.matMul(tf.tensor3d(a3), tf.tensor3d(b3), true, true)],
    ['weight gradient Aᵀ·G, K = 1500', () => tf.matMul(tf.tensor2d(ka), tf.tensor2d(kb), true, false)],
    ['fused aᵀ·b + bias, relu', () => tf.fused.matMul({ a: tf.tensor2d(a), b: tf.tensor2d(b), transposeA: true, bias: tf.tensor1d([1, -2, 3, -4]), activation: 'relu' })],
  ];
  for (const [name, f] of cases) {
    await tf.setBackend('cpu');
    const onCpu = f();
    const cpu = onCpu.arraySync();
    await tf.setBackend('wasm');
    const before = tf.memory().numTensors;
    const out = f();
    const wasm = out.arraySync();
    const diff = Math.max(...(tf.tidy(() => tf.abs(tf.sub(tf.tensor(cpu as number[]), tf.tensor(wasm as number[]))).flatten().arraySync()) as number[]));
    assert.deepEqual(out.shape, onCpu.shape, name);
    // Relative to the largest value: the K = 1500 sums round differently per backend.
    const scale = Math.max(1, ...(tf.tidy(() => tf.abs(tf.tensor(cpu as number[])).flatten().arraySync()) as number[]));
    assert.ok(diff / scale < 1e-5, `${name}: max diff ${diff} (largest value ${scale})`);
    out.dispose();
    assert.ok(tf.memory().numTensors - before <= 4, `${name} leaves only its inputs`); // the tensor2d inputs of f
  }
});

test('gruSequence: outputs (training and inference paths) and all four gradients equal the step-by-step reference (Keras reset_after GRU) within 1e-5; no leaks', () => {
  const [B, T, D, U] = [5, 7, 4, 3];
  const x = tf.randomNormal([B, T, D], 0, 1, 'float32', 11) as tf.Tensor3D;
  const w = tf.randomNormal([D, 3 * U], 0, 0.5, 'float32', 12) as tf.Tensor2D;
  const u = tf.randomNormal([U, 3 * U], 0, 0.5, 'float32', 13) as tf.Tensor2D;
  const b = tf.randomNormal([2, 3 * U], 0, 0.5, 'float32', 14) as tf.Tensor2D;
  for (const seq of [true, false]) {
    const weight = tf.randomNormal(seq ? [B, T, U] : [B, U], 0, 1, 'float32', 15);
    const loss = (impl: typeof gruSequence) => (xx: tf.Tensor, ww: tf.Tensor, uu: tf.Tensor, bb: tf.Tensor) =>
      tf.sum(tf.mul(impl(xx as tf.Tensor3D, ww as tf.Tensor2D, uu as tf.Tensor2D, bb as tf.Tensor2D, seq), weight));
    const before = tf.memory().numTensors;
    const fast = tf.grads(loss(gruSequence))([x, w, u, b]);
    const out = gruSequence(x, w, u, b, seq);
    assert.equal(tf.memory().numTensors - before, 5, 'only the four gradients and the output remain');
    const ref = tf.grads(loss(referenceGru))([x, w, u, b]);
    const refOut = referenceGru(x, w, u, b, seq);
    assert.deepEqual(out.shape, seq ? [B, T, U] : [B, U]);
    // The inference path (predict: nothing kept for a backward pass) computes the same states.
    const inf = gruSequence(x, w, u, b, seq, true);
    assert.equal(maxAbsDiff(inf, out), 0);
    inf.dispose();
    assert.ok(maxAbsDiff(out, refOut) < 1e-5, `output (returnSequences ${seq})`);
    ['x', 'kernel', 'recurrent_kernel', 'bias'].forEach((name, i) => {
      const d = maxAbsDiff(fast[i], ref[i]);
      assert.ok(d < 1e-5, `d/d${name} (returnSequences ${seq}): max diff ${d}`);
    });
    tf.dispose([...fast, ...ref, out, refOut, weight]);
  }
  tf.dispose([x, w, u, b]);
});

test('gruSequence: the fused WASM step kernels and the TF.js-ops path (other backends, here CPU) give the same states and gradients', async () => {
  const [B, T, D, U] = [9, 6, 5, 8];
  const values = [[B, T, D], [D, 3 * U], [U, 3 * U], [2, 3 * U]].map((shape, i) => ({ shape, v: tf.tidy(() => tf.randomNormal(shape, 0, 0.7, 'float32', 40 + i).dataSync()) }));
  const grads = async (backend: string, seq: boolean): Promise<Float32Array[]> => {
    await tf.setBackend(backend);
    try {
      return tf.tidy(() => {
        const [x, w, u, b] = values.map(({ shape, v }) => tf.tensor(v, shape));
        const weight = tf.randomNormal(seq ? [B, T, U] : [B, U], 0, 1, 'float32', 49);
        const f = (xx: tf.Tensor, ww: tf.Tensor, uu: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.mul(gruSequence(xx as tf.Tensor3D, ww as tf.Tensor2D, uu as tf.Tensor2D, bb as tf.Tensor2D, seq), weight));
        const args = [x as tf.Tensor3D, w as tf.Tensor2D, u as tf.Tensor2D, b as tf.Tensor2D] as const;
        const states = [gruSequence(...args, seq), gruSequence(...args, seq, true)];
        return [...states, ...tf.grads(f)([x, w, u, b])].map((g) => g.dataSync() as Float32Array);
      });
    } finally {
      await tf.setBackend('wasm');
    }
  };
  for (const seq of [true, false]) {
    const [cpu, wasm] = [await grads('cpu', seq), await grads('wasm', seq)];
    cpu.forEach((g, i) => {
      let d = 0;
      for (let k = 0; k < g.length; k++) d = Math.max(d, Math.abs(g[k] - wasm[i][k]));
      assert.ok(d < 1e-5, `${['states', 'states (inference)', 'dx', 'dW', 'dU', 'db'][i]} (returnSequences ${seq}): max diff ${d}`);
    });
  }
});

test('FastGRU layer: Keras weight layout, trains in a model, and loads back from a saved folder', async () => {
  const input = tf.input({ shape: [6, 3] });
  const h = fastGru({ units: 4, returnSequences: true, name: 'g1' }).apply(input) as tf.SymbolicTensor;
  const last = fastGru({ units: 2, name: 'g2' }).apply(h) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: tf.layers.dense({ units: 1 }).apply(last) as tf.SymbolicTensor });
  assert.deepEqual(model.getLayer('g1').getWeights().map((v) => v.shape), [[3, 12], [4, 12], [2, 12]]);
  assert.deepEqual(model.getLayer('g2').outputShape, [null, 2]);
  // Target: the mean of the sequence's first feature; the loss must fall.
  const x = tf.randomNormal([64, 6, 3], 0, 1, 'float32', 21);
  const y = tf.mean(x.slice([0, 0, 0], [64, 6, 1]), 1);
  model.compile({ optimizer: tf.train.adam(0.02), loss: 'meanSquaredError' });
  const hist = await model.fit(x, y, { epochs: 30, batchSize: 16, verbose: 0, shuffle: false });
  const losses = hist.history.loss as number[];
  assert.ok(losses[losses.length - 1] < 0.5 * losses[0], `loss ${losses[0]} → ${losses[losses.length - 1]}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seqsentry-fastgru-'));
  await saveModel(model, path.join(dir, 'm'));
  const loaded = await loadModel(path.join(dir, 'm'));
  assert.ok(maxAbsDiff(model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor) === 0);
  assert.equal(loaded.getLayer('g2').getClassName(), 'SeqSentryFastGRU');
  fs.rmSync(dir, { recursive: true, force: true });
  assert.throws(() => fastGru({ units: 0 }), /units must be a positive integer/);
});

test('FastGRU useBias: false (PyTorch bias=False): no bias weight, outputs and the three gradients equal the bias-free reference within 1e-5; serialised; no leaks', async () => {
  const [B, T, D, U] = [4, 5, 3, 6];
  const x = tf.randomNormal([B, T, D], 0, 1, 'float32', 31) as tf.Tensor3D;
  const w = tf.randomNormal([D, 3 * U], 0, 0.5, 'float32', 32) as tf.Tensor2D;
  const u = tf.randomNormal([U, 3 * U], 0, 0.5, 'float32', 33) as tf.Tensor2D;
  for (const seq of [true, false]) {
    const weight = tf.randomNormal(seq ? [B, T, U] : [B, U], 0, 1, 'float32', 34);
    const before = tf.memory().numTensors;
    const fast = tf.grads((xx: tf.Tensor, ww: tf.Tensor, uu: tf.Tensor) =>
      tf.sum(tf.mul(gruSequence(xx as tf.Tensor3D, ww as tf.Tensor2D, uu as tf.Tensor2D, null, seq), weight)))([x, w, u]);
    const out = gruSequence(x, w, u, null, seq);
    assert.equal(tf.memory().numTensors - before, 4, 'only the three gradients and the output remain');
    const ref = tf.grads((xx: tf.Tensor, ww: tf.Tensor, uu: tf.Tensor) =>
      tf.sum(tf.mul(referenceGru(xx as tf.Tensor3D, ww as tf.Tensor2D, uu as tf.Tensor2D, null, seq), weight)))([x, w, u]);
    const refOut = referenceGru(x, w, u, null, seq);
    const inf = gruSequence(x, w, u, null, seq, true);
    assert.equal(maxAbsDiff(inf, out), 0);
    assert.ok(maxAbsDiff(out, refOut) < 1e-5, `output (returnSequences ${seq})`);
    ['x', 'kernel', 'recurrent_kernel'].forEach((name, i) => {
      const d = maxAbsDiff(fast[i], ref[i]);
      assert.ok(d < 1e-5, `d/d${name} (returnSequences ${seq}): max diff ${d}`);
    });
    // A zero bias gives the same states as no bias.
    const zeroBias = gruSequence(x, w, u, tf.zeros([2, 3 * U]) as tf.Tensor2D, seq, true);
    assert.ok(maxAbsDiff(zeroBias, out) < 1e-6);
    tf.dispose([...fast, ...ref, out, refOut, inf, zeroBias, weight]);
  }
  tf.dispose([x, w, u]);

  const input = tf.input({ shape: [T, D] });
  const layer = fastGru({ units: U, useBias: false, name: 'nobias' });
  const model = tf.model({ inputs: input, outputs: layer.apply(input) as tf.SymbolicTensor });
  assert.deepEqual(layer.getWeights().map((v) => v.shape), [[D, 3 * U], [U, 3 * U]]);
  assert.deepEqual(layer.weights.map((v) => v.name.split('/').pop()), ['kernel', 'recurrent_kernel']);
  assert.equal(layer.getConfig().useBias, false);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seqsentry-fastgru-nobias-'));
  await saveModel(model, path.join(dir, 'm'));
  const loaded = await loadModel(path.join(dir, 'm'));
  assert.equal(loaded.getLayer('nobias').getWeights().length, 2);
  const xs = tf.randomNormal([3, T, D], 0, 1, 'float32', 35);
  const a = model.predict(xs) as tf.Tensor;
  const b = loaded.predict(xs) as tf.Tensor;
  assert.equal(maxAbsDiff(a, b), 0);
  tf.dispose([xs, a, b]);
  model.dispose();
  loaded.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});
