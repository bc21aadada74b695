import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tf, initEngine, adamw, layerNorm } from '../lib/engine';
import { gruSequence } from '../lib/engine/gru';
import { FUSED_ENV, fusedEnabled } from '../lib/engine/fused';
import { checkEngineEnv } from '../lib/engine/backend';
import { perSampleError } from '../lib/train';
import { KERNEL_BINARIES, buildKernels, wasmSections } from '../lib/engine/asm/build';
import { makeTempDir, removeTempDir } from '../lib/io/files';

/*
 * The fused AssemblyScript kernels (lib/engine/fused.ts, lib/engine/asm/kernels.ts): bit-identical to the
 * stock WASM kernels they replace (SEQSENTRY_FUSED=0 runs those), within 1e-5 of the CPU backend, no
 * tensors leaked; and the committed .wasm binaries are what the committed source builds to.
 */

before(async () => {
  const info = await initEngine({ force: 'wasm', quiet: true });
  assert.equal(info.backend, 'wasm', 'these tests are about the WASM backend');
});
after(() => {
  delete process.env[FUSED_ENV];
});

type Values = { shape: number[]; values: Float32Array }[];

function run(f: () => tf.Tensor | tf.Tensor[]): Values {
  return tf.tidy(() => [f()].flat().map((o) => ({ shape: o.shape, values: Float32Array.from(o.dataSync() as Float32Array) })));
}

/** f with the fused kernels, with the stock WASM kernels, and on the CPU backend; tensors left behind by the fused run. */
async function threeWays(f: () => tf.Tensor | tf.Tensor[]): Promise<{ fused: Values; stock: Values; cpu: Values; leaked: number }> {
  delete process.env[FUSED_ENV];
  const before = tf.memory().numTensors;
  const fused = run(f);
  const leaked = tf.memory().numTensors - before;
  process.env[FUSED_ENV] = '0';
  const stock = run(f);
  delete process.env[FUSED_ENV];
  await tf.setBackend('cpu');
  try {
    return { fused, stock, cpu: run(f), leaked };
  } finally {
    await tf.setBackend('wasm');
  }
}

function assertBitIdentical(a: Values, b: Values, what: string): void {
  assert.equal(a.length, b.length, `${what}: number of outputs`);
  a.forEach((o, i) => {
    assert.deepEqual(o.shape, b[i].shape, `${what}: shape of output ${i}`);
    const bad = o.values.findIndex((v, k) => !Object.is(v, b[i].values[k]));
    assert.equal(bad, -1, `${what}: output ${i} element ${bad}: fused ${o.values[bad]} vs stock ${b[i].values[bad]}`);
  });
}

/** Equal within `tol`, absolute below 1 and relative above (to |value|, or to `scale` where given). */
function assertClose(a: Values, b: Values, tol: number, what: string, scale?: Float32Array): void {
  a.forEach((o, i) => {
    let diff = 0;
    for (let k = 0; k < o.values.length; k++) diff = Math.max(diff, Math.abs(o.values[k] - b[i].values[k]) / Math.max(1, Math.abs(scale ? scale[k] : b[i].values[k])));
    assert.ok(diff <= tol, `${what}: output ${i} differs from the CPU backend by ${diff}`);
  });
}

test('Sum over leading axes: bit-identical to the stock kernel, within 1e-5 of CPU, other reductions untouched', async () => {
  const x = tf.randomNormal([37, 11, 19], 0, 1, 'float32', 5);
  const long = tf.reshape(tf.tile(x, [14, 1, 1]), [518 * 11, 19]);
  const wide = tf.reshape(tf.slice(tf.reshape(x, [-1]), 0, 9000), [9, 1000]);
  const cases: [string, tf.Tensor, number | number[] | undefined, boolean?][] = [
    ['axis 0', x, 0],
    ['axes 0,1', x, [0, 1]],
    ['axes 1,0 (stock: summed in that order)', x, [1, 0]],
    ['axis 0 keepDims', x, 0, true],
    ['bias-gradient shape [5698, 19]', long, 0],
    ['wide rows [9, 1000]', wide, 0],
    ['last axis (stock)', x, -1],
    ['all axes (stock)', x, undefined],
    ['middle axis (stock)', x, 1],
  ];
  for (const [what, input, axes, keepDims] of cases) {
    const r = await threeWays(() => tf.sum(input, axes, keepDims));
    assertBitIdentical(r.fused, r.stock, what);
    // float32 sums of n terms in order: the error bound scales with Σ|terms|, so compare relative to it.
    const scale = run(() => tf.sum(tf.abs(input), axes, keepDims))[0].values;
    assertClose(r.fused, r.cpu, 1e-5, what, scale);
    assert.equal(r.leaked, 0, `${what}: tensors leaked`);
  }
  // Zero rows: the stock kernel leaves the output unwritten (whatever the heap held); fused and CPU give zeros.
  const empty = await threeWays(() => tf.sum(tf.zeros([0, 4]), 0));
  assert.deepEqual([...empty.fused[0].values], [0, 0, 0, 0]);
  assert.deepEqual([...empty.cpu[0].values], [0, 0, 0, 0]);
  tf.dispose([x, long, wide]);
});

test('LeakyReLU forward and gradient: bit-identical to stock, within 1e-5 of CPU, no leaks', async () => {
  const x = tf.concat([tf.randomNormal([4099], 0, 1, 'float32', 9), tf.tensor1d([0, -0, 1e-30, -1e-30])]);
  const dy = tf.randomNormal([4103], 0, 1, 'float32', 10);
  const r = await threeWays(() => {
    const f = (t: tf.Tensor) => tf.leakyRelu(t, 0.1);
    const [y, g] = [f(x), tf.grad((t: tf.Tensor) => tf.sum(tf.mul(f(t), dy)))(x)];
    return [y, g];
  });
  assertBitIdentical(r.fused, r.stock, 'leakyRelu');
  assertClose(r.fused, r.cpu, 1e-5, 'leakyRelu');
  assert.equal(r.leaked, 0);
  tf.dispose([x, dy]);
});

test('LayerNorm: the fused forward equals the unfused layer bit for bit; its gradients equal CPU autodiff to 1e-5; no leaks', async () => {
  const layer = layerNorm({ name: 'ln_test' });
  layer.build([null, 29, 48]);
  const [gamma, beta] = layer.getWeights();
  layer.setWeights([tf.add(1, tf.randomNormal(gamma.shape, 0, 0.3, 'float32', 11)), tf.randomNormal(beta.shape, 0, 0.3, 'float32', 12)]);
  // Offset and scaled rows, as activations are: the variance path matters.
  const x = tf.add(tf.mul(tf.randomNormal([13, 29, 48], 0, 1, 'float32', 13), 3), 0.7);
  const dy = tf.randomNormal([13, 29, 48], 0, 1, 'float32', 14);
  const vars = layer.trainableWeights.map((w) => w.read());
  const f = () => {
    const y = layer.apply(x) as tf.Tensor;
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(layer.apply(x) as tf.Tensor, dy)) as tf.Scalar, vars as tf.Variable[]);
    const dx = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(layer.apply(t) as tf.Tensor, dy)))(x);
    return [y, value, dx, ...Object.values(grads)];
  };
  const r = await threeWays(f);
  const kernels = (await tf.profile(() => tf.dispose(f()))).kernelNames;
  assert.ok(kernels.includes('SeqSentryLayerNorm') && kernels.includes('SeqSentryLayerNormGrad'), `the fused kernels did not run: ${kernels.join(', ')}`);
  assertBitIdentical(r.fused.slice(0, 1), r.stock.slice(0, 1), 'layerNorm forward');
  assertClose(r.fused, r.cpu, 1e-5, 'layerNorm forward and gradients');
  assert.equal(r.leaked, 0, 'tensors leaked');
  tf.dispose([x, dy]);
  for (const w of layer.weights) w.dispose();
});

test('MSE and Huber per-sample losses: forward bit-identical to the unfused ops, gradient within 1e-5 of CPU, no leaks', async () => {
  const x = tf.randomNormal([11, 23, 7], 0, 1, 'float32', 21);
  const r = tf.add(x, tf.randomNormal([11, 23, 7], 0, 1.5, 'float32', 22));
  const w = tf.randomNormal([11], 0, 1, 'float32', 23);
  for (const loss of ['mse', { huber: 1 }, { huber: 0.25 }] as const) {
    const err = perSampleError(loss);
    const f = () => [err(x, r), tf.grad((t: tf.Tensor) => tf.sum(tf.mul(err(x, t), w)))(r)];
    const res = await threeWays(f);
    const kernels = (await tf.profile(() => tf.dispose(f()))).kernelNames;
    assert.ok(kernels.includes('SeqSentryReconstructionLoss') && kernels.includes('SeqSentryReconstructionLossGrad'), `${JSON.stringify(loss)}: the fused kernels did not run`);
    // The MSE gradient's closed form is autodiff's operations in their order: bit-identical too.
    assertBitIdentical(loss === 'mse' ? res.fused : res.fused.slice(0, 1), loss === 'mse' ? res.stock : res.stock.slice(0, 1), `${JSON.stringify(loss)}`);
    assertClose(res.fused, res.cpu, 1e-5, `${JSON.stringify(loss)} forward and gradient`);
    assert.equal(res.leaked, 0, `${JSON.stringify(loss)}: tensors leaked`);
  }
  tf.dispose([x, r, w]);
});

test('FastGRU forward step: states and all gradients bit-identical to the unfused step, within 1e-5 of CPU, no leaks', async () => {
  // [9, 7]: tanh by the stock kernel; [64, 40] (≥ 2048 elements): tanh as 2σ(2a) − 1 (wasm-fast.ts).
  for (const [B, T, D, U] of [[9, 6, 5, 7], [64, 4, 5, 40]]) {
    const x = tf.randomNormal([B, T, D], 0, 1, 'float32', 31) as tf.Tensor3D;
    const w = tf.randomNormal([D, 3 * U], 0, 0.4, 'float32', 32) as tf.Tensor2D;
    const u = tf.randomNormal([U, 3 * U], 0, 0.4, 'float32', 33) as tf.Tensor2D;
    const b = tf.randomNormal([2, 3 * U], 0, 0.2, 'float32', 34) as tf.Tensor2D;
    const dy = tf.randomNormal([B, T, U], 0, 1, 'float32', 35);
    const f = () => {
      const seq = gruSequence(x, w, u, b, true);
      const last = gruSequence(x, w, u, b, false, true);
      const grads = tf.grads((xi: tf.Tensor, wi: tf.Tensor, ui: tf.Tensor, bi: tf.Tensor) =>
        tf.sum(tf.mul(gruSequence(xi as tf.Tensor3D, wi as tf.Tensor2D, ui as tf.Tensor2D, bi as tf.Tensor2D, true), dy)))([x, w, u, b]);
      return [seq, last, ...grads];
    };
    const r = await threeWays(f);
    const kernels = (await tf.profile(() => tf.dispose(f()))).kernelNames;
    assert.ok(kernels.includes('SeqSentryGruForwardStep'), `the fused step did not run: ${kernels.join(', ')}`);
    assertBitIdentical(r.fused, r.stock, `gru [${B}, ${U}]`);
    assertClose(r.fused, r.cpu, 1e-5, `gru [${B}, ${U}]`);
    assert.equal(r.leaked, 0, 'tensors leaked');
    tf.dispose([x, w, u, b, dy]);
  }
});

test('AdamW with clipping and decay: the fused step equals the stock ops bit for bit over several steps, and CPU to 1e-5', async () => {
  const train = () => {
    const init = (shape: number[], seed: number) => tf.variable(tf.randomNormal(shape, 0, 0.5, 'float32', seed), true);
    const w = { kernel: init([7, 5], 1), bias: init([5], 2), gamma: init([3, 2, 2], 3) };
    const opt = adamw({ learningRate: 0.01, weightDecay: 0.05, clipnorm: 0.5, excludeFromWeightDecay: ['bias', 'gamma'] });
    const x = tf.randomNormal([9, 7], 0, 1, 'float32', 4);
    const losses: tf.Tensor[] = [];
    for (let step = 0; step < 5; step++) {
      const loss = opt.minimize(() => tf.add(tf.sum(tf.square(tf.add(tf.matMul(x, w.kernel), w.bias))), tf.sum(tf.abs(w.gamma))) as tf.Scalar, true, Object.values(w));
      losses.push(loss!);
    }
    const out = [...Object.values(w).map((v) => v.clone()), ...losses];
    const state = (opt as unknown as { accumulatedFirstMoment: { variable: tf.Variable }[]; accumulatedSecondMoment: { variable: tf.Variable }[] });
    out.push(...state.accumulatedFirstMoment.map((m) => m.variable.clone()), ...state.accumulatedSecondMoment.map((m) => m.variable.clone()));
    opt.dispose();
    tf.dispose([x, ...Object.values(w)]);
    return out;
  };
  const r = await threeWays(train);
  const kernels = (await tf.profile(() => tf.dispose(train()))).kernelNames;
  assert.ok(kernels.includes('SeqSentryAdamStep'), `the fused step did not run: ${kernels.join(', ')}`);
  assertBitIdentical(r.fused, r.stock, 'adamw');
  assertClose(r.fused, r.cpu, 1e-5, 'adamw');
  assert.equal(r.leaked, 0, 'tensors leaked by the fused optimizer');
});

test('the single-threaded WASM build (unshared memory) loads kernels.wasm and gives the stock results bit for bit', () => {
  // A child process on SEQSENTRY_WASM_THREADS=1: three AdamW steps through LeakyReLU and the MSE loss, and a
  // LayerNorm forward, fused and stock (only the bit-identical kernels: LayerNorm's dx is a closed form).
  const script = `
    const { initEngine, tf, adamw, layerNorm } = require('./lib/engine');
    const { perSampleError } = require('./lib/train');
    (async () => {
      const info = await initEngine({ force: 'wasm', quiet: true });
      const ln = layerNorm({ name: 'ln' });
      ln.build([null, 12]);
      const run = () => tf.tidy(() => {
        const x = tf.randomNormal([16, 12], 0, 2, 'float32', 1);
        const w = tf.variable(tf.randomNormal([12, 12], 0, 0.3, 'float32', 2));
        const opt = adamw({ learningRate: 0.01, clipnorm: 0.5, weightDecay: 0.01 });
        for (let i = 0; i < 3; i++) opt.minimize(() => tf.mean(perSampleError('mse')(x, tf.leakyRelu(tf.matMul(x, w), 0.2))), false, [w]);
        const out = [...w.dataSync(), ...ln.apply(x).dataSync()];
        opt.dispose();
        w.dispose();
        return out;
      });
      const fused = run();
      const kernels = (await tf.profile(() => { run(); })).kernelNames;
      process.env.SEQSENTRY_FUSED = '0';
      const stock = run();
      console.log(JSON.stringify({ threads: info.threads, fusedRan: kernels.includes('SeqSentryLayerNorm') && kernels.includes('SeqSentryAdamStep'), same: fused.every((v, i) => Object.is(v, stock[i])), n: fused.length }));
    })().catch((e) => { console.error(e); process.exit(3); });`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { env: { ...process.env, SEQSENTRY_WASM_THREADS: '1', [FUSED_ENV]: '' }, encoding: 'utf8', cwd: path.join(__dirname, '..') });
  assert.equal(r.status, 0, r.stderr);
  const got = JSON.parse(r.stdout.trim().split('\n').pop()!);
  assert.deepEqual(got, { threads: 1, fusedRan: true, same: true, n: 12 * 12 + 16 * 12 });
});

test(`${FUSED_ENV}: on unless 0; any other value is an error naming the variable, caught before a run starts`, () => {
  assert.equal(fusedEnabled(undefined), true);
  assert.equal(fusedEnabled('1'), true);
  assert.equal(fusedEnabled('0'), false);
  for (const bad of ['yes', 'off', '2']) {
    assert.throws(() => fusedEnabled(bad), new RegExp(`${FUSED_ENV}="${bad}" must be 0 \\(stock TF.js kernels\\) or 1`));
    assert.throws(() => checkEngineEnv({ [FUSED_ENV]: bad }), new RegExp(`${FUSED_ENV}="${bad}"`));
  }
});

test('the committed kernel binaries are what the committed AssemblyScript source builds to, with no data segment', () => {
  const dir = makeTempDir('seqsentry-kernels-');
  try {
    buildKernels(dir);
    for (const name of KERNEL_BINARIES) {
      const fresh = fs.readFileSync(path.join(dir, name));
      const committed = fs.readFileSync(path.join(__dirname, '..', 'lib', 'engine', 'asm', name));
      assert.ok(fresh.equals(committed), `lib/engine/asm/${name} differs from a fresh build: run npm run build:kernels and commit the result`);
      assert.ok(!wasmSections(committed).includes(11), `${name} has a data segment`);
    }
  } finally {
    removeTempDir(dir, 'seqsentry-kernels-');
  }
});
