import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  tf, initEngine, layerNorm, repeatVector, adamw, adam, clipByGlobalNorm, globalNorm,
  seededInitializers, seededDropout, saveModel, loadModel, readModelMetadata, reconstructionErrors,
} from '../lib/engine';
import { trainAutoencoder } from '../lib/train';

before(async () => {
  const info = await initEngine({ force: 'wasm', quiet: true });
  assert.equal(info.backend, 'wasm', 'these tests are about the WASM backend');
});

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** Run `f` on a backend with fresh tensors and bring the result back as plain numbers. */
async function onBackend(name: string, f: () => tf.Tensor): Promise<Float32Array> {
  await tf.setBackend(name);
  try {
    const t = f();
    const data = (await t.data()) as Float32Array;
    t.dispose();
    return data;
  } finally {
    await tf.setBackend('wasm');
  }
}

test('patched Conv1D filter gradient on WASM equals the CPU backend within 1e-4', async () => {
  const x = tf.randomNormal([3, 24, 5], 0, 1, 'float32', 11).arraySync() as number[][][];
  const w = tf.randomNormal([4, 5, 7], 0, 0.3, 'float32', 12).arraySync() as number[][][];
  for (const [stride, pad] of [[1, 'same'], [2, 'valid'], [3, 'same'], [1, 'valid']] as const) {
    const grad = () => tf.grad((k: tf.Tensor) => tf.conv1d(tf.tensor3d(x), k as tf.Tensor3D, stride, pad).square().mean())(tf.tensor3d(w));
    const cpu = await onBackend('cpu', grad);
    const wasm = await onBackend('wasm', grad);
    assert.ok(maxAbsDiff(cpu, wasm) < 1e-4, `stride ${stride} ${pad}: max diff ${maxAbsDiff(cpu, wasm)}`);
  }
});

test('patched Conv2D filter gradient handles 2-D kernels and strides', async () => {
  const x = tf.randomNormal([2, 9, 8, 3], 0, 1, 'float32', 21).arraySync() as number[][][][];
  const w = tf.randomNormal([3, 2, 3, 4], 0, 0.3, 'float32', 22).arraySync() as number[][][][];
  const grad = () => tf.grad((k: tf.Tensor) => tf.conv2d(tf.tensor4d(x), k as tf.Tensor4D, [2, 1], 'same').square().mean())(tf.tensor4d(w));
  assert.ok(maxAbsDiff(await onBackend('cpu', grad), await onBackend('wasm', grad)) < 1e-4);
});

test('Conv1D/Conv2D input gradient on WASM (stride 1 as a forward conv, strided via the original kernel) equals the CPU backend', async () => {
  const x = tf.randomNormal([3, 24, 5], 0, 1, 'float32', 31).arraySync() as number[][][];
  const w = tf.randomNormal([3, 5, 7], 0, 0.3, 'float32', 32).arraySync() as number[][][];
  for (const [stride, pad, k] of [[1, 'same', 3], [1, 'valid', 3], [1, 'same', 4], [2, 'same', 3], [1, 'same', 1]] as const) {
    const wk = w.slice(0, k);
    const grad = () => tf.grad((v: tf.Tensor) => tf.conv1d(v as tf.Tensor3D, tf.tensor3d(wk), stride, pad).square().mean())(tf.tensor3d(x));
    const cpu = await onBackend('cpu', grad);
    const wasm = await onBackend('wasm', grad);
    assert.ok(maxAbsDiff(cpu, wasm) < 1e-4, `stride ${stride} ${pad} kernel ${k}: max diff ${maxAbsDiff(cpu, wasm)}`);
  }
  const x2 = tf.randomNormal([2, 7, 6, 3], 0, 1, 'float32', 33).arraySync() as number[][][][];
  const w2 = tf.randomNormal([3, 2, 3, 4], 0, 0.3, 'float32', 34).arraySync() as number[][][][];
  const grad2 = () => tf.grad((v: tf.Tensor) => tf.conv2d(v as tf.Tensor4D, tf.tensor4d(w2), 1, 'same').square().mean())(tf.tensor4d(x2));
  assert.ok(maxAbsDiff(await onBackend('cpu', grad2), await onBackend('wasm', grad2)) < 1e-4);
});

test('gather gradient (UnsortedSegmentSum) on WASM equals the CPU backend', async () => {
  const params = [[1, 2], [3, 4], [5, 6]];
  const grad = () => tf.grad((p: tf.Tensor) => tf.gather(p, tf.tensor1d([2, 0, 2, 1], 'int32')).mul(tf.tensor2d([[1, 2], [3, 4], [5, 6], [7, 8]])).sum())(tf.tensor2d(params));
  const cpu = await onBackend('cpu', grad);
  assert.deepEqual(Array.from(await onBackend('wasm', grad)), Array.from(cpu));
  assert.deepEqual(Array.from(cpu), [3, 4, 7, 8, 6, 8]);
});

test('LayerNorm matches tf.layers.layerNormalization, forward and input gradient', () => {
  const x = tf.randomNormal([4, 6, 8], 2, 3, 'float32', 3);
  const ours = layerNorm({ epsilon: 1e-3 });
  const ref = tf.layers.layerNormalization({ epsilon: 1e-3 });
  ours.apply(x);
  ref.apply(x);
  const gb = [tf.randomNormal([8], 1, 0.5, 'float32', 4), tf.randomNormal([8], 0, 0.5, 'float32', 5)];
  ours.setWeights(gb);
  ref.setWeights(gb);
  const a = (ours.apply(x) as tf.Tensor).dataSync();
  const b = (ref.apply(x) as tf.Tensor).dataSync();
  assert.ok(maxAbsDiff(a, b) < 1e-5);
  const ga = tf.grad((t: tf.Tensor) => (ours.apply(t) as tf.Tensor).square().sum())(x).dataSync();
  const gr = tf.grad((t: tf.Tensor) => (ref.apply(t) as tf.Tensor).square().sum())(x).dataSync();
  assert.ok(maxAbsDiff(ga, gr) < 1e-3);
});

test('RepeatVector broadcasts like tf.layers.repeatVector', () => {
  const x = tf.tensor2d([[1, 2, 3], [4, 5, 6]]);
  const a = repeatVector({ n: 4 }).apply(x) as tf.Tensor;
  const b = tf.layers.repeatVector({ n: 4 }).apply(x) as tf.Tensor;
  assert.deepEqual(a.shape, [2, 4, 3]);
  assert.deepEqual(a.arraySync(), b.arraySync());
  assert.throws(() => repeatVector({ n: 0 }), /positive integer/);
});

test('clipByGlobalNorm caps the global norm and keeps the direction', () => {
  const grads = { a: tf.tensor1d([3, 0]), b: tf.tensor1d([0, 4]) }; // global norm 5
  const clipped = clipByGlobalNorm(grads, 1);
  assert.ok(Math.abs(globalNorm(clipped).dataSync()[0] - 1) < 1e-5);
  assert.ok(maxAbsDiff(clipped.a.dataSync(), [0.6, 0]) < 1e-5);
  const untouched = clipByGlobalNorm(grads, 10);
  assert.ok(maxAbsDiff(untouched.b.dataSync(), [0, 4]) < 1e-6);
  assert.throws(() => clipByGlobalNorm(grads, 0), /maxNorm/);
});

test('AdamW applies decoupled weight decay, then the Adam step; clipnorm clips the global norm', async () => {
  const lr = 0.1, wd = 0.5;
  const w = tf.variable(tf.tensor1d([2, -1]), true, 'adamw_test_w');
  const opt = adamw({ learningRate: lr, weightDecay: wd, epsilon: 1e-7 });
  opt.applyGradients([{ name: 'adamw_test_w', tensor: tf.tensor1d([0.5, 0.5]) }]);
  // First Adam step moves each weight by ≈ lr·sign(g); decay first scales by (1 − lr·wd).
  const expected = [2 * (1 - lr * wd) - lr, -1 * (1 - lr * wd) - lr];
  assert.ok(maxAbsDiff(w.dataSync(), expected) < 1e-5, `got ${w.dataSync()}`);

  // Adam's first step is scale-invariant, so check what the moments saw: m₁ = (1 − β₁)·g·min(1, c/‖g‖).
  tf.variable(tf.tensor1d([1, 1]), true, 'adam_clip_b');
  const clipped = adam({ learningRate: 0.01, clipnorm: 1 });
  clipped.applyGradients([{ name: 'adam_clip_b', tensor: tf.tensor1d([100, -50]) }]);
  const weights = await clipped.getWeights();
  const m1 = weights.find((w) => w.name.includes('adam_clip_b') && /\/m$/.test(w.name));
  assert.ok(m1, `no first moment among ${weights.map((w) => w.name)}`);
  const norm = Math.hypot(100, 50);
  assert.ok(maxAbsDiff(m1.tensor.dataSync(), [0.1 * 100 / norm, 0.1 * -50 / norm]) < 1e-6);
  assert.throws(() => adamw({ weightDecay: -1 }), /weightDecay/);
});

test('seeded initialisers give identical weights for one seed and different ones for another', () => {
  const build = (seed: number) => {
    const init = seededInitializers(seed);
    const m = tf.sequential();
    m.add(tf.layers.dense({ units: 4, inputShape: [5, 3], kernelInitializer: init.glorotUniform() }));
    m.add(tf.layers.gru({ units: 2, kernelInitializer: init.glorotUniform(), recurrentInitializer: init.orthogonal(), returnSequences: false }));
    return m.getWeights().map((t) => Array.from(t.dataSync()));
  };
  const m2 = tf.sequential();
  m2.add(tf.layers.dense({ units: 4, inputShape: [5, 3], kernelInitializer: seededInitializers(1).glorotUniform() }));
  assert.deepEqual(build(1)[0], Array.from(m2.getWeights()[0].dataSync()));
  assert.deepEqual(build(1), build(1));
  assert.notDeepEqual(build(1)[0], build(2)[0]);
});

/** A small Conv1D autoencoder with LayerNorm and the custom layers, as the SmartNetGuard model uses. */
function convAutoencoder(steps: number, features: number, seed = 7): tf.LayersModel {
  const init = seededInitializers(seed);
  const input = tf.input({ shape: [steps, features] });
  let h = tf.layers.conv1d({ filters: 16, kernelSize: 3, padding: 'same', kernelInitializer: init.heNormal() }).apply(input) as tf.SymbolicTensor;
  h = layerNorm().apply(h) as tf.SymbolicTensor;
  h = tf.layers.leakyReLU({ alpha: 0.2 }).apply(h) as tf.SymbolicTensor;
  h = tf.layers.conv1d({ filters: 8, kernelSize: 3, padding: 'same', strides: 2, kernelInitializer: init.heNormal() }).apply(h) as tf.SymbolicTensor;
  const z = tf.layers.globalAveragePooling1d({ name: 'embedding' }).apply(h) as tf.SymbolicTensor;
  let d = repeatVector({ n: steps }).apply(z) as tf.SymbolicTensor;
  d = tf.layers.conv1d({ filters: 16, kernelSize: 3, padding: 'same', kernelInitializer: init.heNormal() }).apply(d) as tf.SymbolicTensor;
  d = layerNorm().apply(d) as tf.SymbolicTensor;
  d = tf.layers.leakyReLU({ alpha: 0.2 }).apply(d) as tf.SymbolicTensor;
  const out = tf.layers.conv1d({ filters: features, kernelSize: 1, kernelInitializer: init.glorotUniform() }).apply(d) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out });
}

/** Smooth periodic windows with a per-window phase: learnable structure, not noise. */
function sineWindows(n: number, steps: number, features: number): tf.Tensor3D {
  return tf.tidy(() => {
    const t = tf.range(0, steps).reshape([1, steps, 1]);
    const phase = tf.randomUniform([n, 1, 1], 0, 6.28, 'float32', 5);
    const freq = tf.linspace(0.2, 0.8, features).reshape([1, 1, features]);
    return tf.sin(tf.add(tf.mul(t, freq), phase)) as tf.Tensor3D;
  });
}

test('a Conv1D autoencoder with LayerNorm trains on WASM and its loss falls', async () => {
  const x = sineWindows(128, 16, 4);
  const model = convAutoencoder(16, 4);
  model.compile({ optimizer: adamw({ learningRate: 0.01, weightDecay: 1e-4, clipnorm: 1 }), loss: 'meanSquaredError' });
  const hist = await model.fit(x, x, { epochs: 8, batchSize: 32, shuffle: false, verbose: 0 });
  const loss = hist.history.loss as number[];
  assert.ok(loss.every(Number.isFinite));
  assert.ok(loss[loss.length - 1] < 0.6 * loss[0], `loss did not fall enough: ${loss.map((l) => l.toFixed(4)).join(' ')}`);
  x.dispose();
  model.dispose();
});

test('save → load gives equal predictions, keeps custom layers and metadata', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seqsentry-model-'));
  const model = convAutoencoder(8, 3);
  const x = sineWindows(5, 8, 3);
  await saveModel(model, path.join(dir, 'm'), { metadata: { purpose: 'test', seqLen: 8 } });
  assert.deepEqual(fs.readdirSync(path.join(dir, 'm')).sort(), ['model.json', 'weights.bin']);
  const loaded = await loadModel(path.join(dir, 'm'));
  const a = (model.predict(x) as tf.Tensor).dataSync();
  const b = (loaded.predict(x) as tf.Tensor).dataSync();
  assert.deepEqual(Array.from(b), Array.from(a));
  assert.deepEqual(readModelMetadata(path.join(dir, 'm')), { purpose: 'test', seqLen: 8 });
  assert.ok(loaded.layers.some((l) => l.getClassName() === 'SeqSentryLayerNorm'));
  fs.rmSync(dir, { recursive: true, force: true });
});

test('loading a broken model folder fails with a message naming the problem', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seqsentry-broken-'));
  await assert.rejects(loadModel(path.join(dir, 'nope')), /model folder not found/);
  const m = path.join(dir, 'm');
  await saveModel(convAutoencoder(8, 3), m);
  const bin = fs.readFileSync(path.join(m, 'weights.bin'));
  fs.writeFileSync(path.join(m, 'weights.bin'), bin.subarray(0, bin.length - 8));
  await assert.rejects(loadModel(m), /bytes but model\.json describes/);
  fs.rmSync(path.join(m, 'weights.bin'));
  await assert.rejects(loadModel(m), /weights file missing/);
  fs.writeFileSync(path.join(m, 'model.json'), '{ not json');
  await assert.rejects(loadModel(m), /not valid JSON/);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('reconstructionErrors is batched, exact, accepts host arrays and leaks no tensors', async () => {
  const model = convAutoencoder(8, 3);
  const x = sineWindows(10, 8, 3);
  const host = { data: x.dataSync() as Float32Array, shape: x.shape };
  const before = tf.memory().numTensors;
  const e1 = await reconstructionErrors(model, x, { batchSize: 3 });
  const e2 = await reconstructionErrors(model, host, { batchSize: 4 });
  assert.equal(tf.memory().numTensors, before, 'scoring leaked tensors');
  const ref = tf.tidy(() => tf.mean(tf.squaredDifference(model.predict(x) as tf.Tensor, x), [1, 2]).dataSync());
  assert.ok(maxAbsDiff(e1, ref) < 1e-6);
  assert.ok(maxAbsDiff(e2, ref) < 1e-6);
  await assert.rejects(reconstructionErrors(model, { data: new Float32Array(5), shape: [2, 8, 3] }), /does not match shape/);
  await assert.rejects(reconstructionErrors(model, x, { batchSize: 0 }), /batchSize/);
});

/** Run initEngine in a child process with extra env; returns its stdout + stderr. */
function initInChild(env: Record<string, string>): string {
  const code = "require('./lib/engine').initEngine().catch(e => { console.error('ERR ' + e.message); process.exit(3); })";
  try {
    return execFileSync(process.execPath, ['--import', 'tsx', '-e', code], { env: { ...process.env, ...env }, stdio: 'pipe' }).toString();
  } catch (err) {
    const e = err as { stdout: Buffer; stderr: Buffer };
    return String(e.stdout) + String(e.stderr);
  }
}

/** A folder of stand-in native packages, each `name → index.js body`. */
function fakePackages(bodies: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seqsentry-native-'));
  for (const [pkg, body] of Object.entries(bodies)) {
    fs.mkdirSync(path.join(dir, pkg), { recursive: true });
    fs.writeFileSync(path.join(dir, pkg, 'package.json'), JSON.stringify({ name: pkg, main: 'index.js' }));
    fs.writeFileSync(path.join(dir, pkg, 'index.js'), body);
  }
  return dir;
}

/** Registers a `tensorflow` backend the way tfjs-node does, with isUsingGpuDevice as a boolean property. */
const registersTensorflow = (gpu: boolean) => `
  const tf = require('@tensorflow/tfjs');
  const { MathBackendCPU } = require('@tensorflow/tfjs-backend-cpu');
  tf.registerBackend('tensorflow', () => Object.assign(new MathBackendCPU(), { isUsingGpuDevice: ${gpu} }), 3);`;

test('backend choice: falls back to WASM with the reasons, logs once, and forced backends fail loudly', () => {
  const broken = fakePackages({
    '@tensorflow/tfjs-node-gpu': "throw new Error('libtensorflow.so.2: cannot open shared object file');",
    '@tensorflow/tfjs-node': 'module.exports = {};',
  });
  const auto = initInChild({ NODE_PATH: broken, SEQSENTRY_BACKEND: 'auto' });
  const logLines = auto.split('\n').filter((l) => l.startsWith('[seqsentry]'));
  assert.equal(logLines.length, 1, auto);
  assert.match(logLines[0], /backend: wasm \(node-gpu: @tensorflow\/tfjs-node-gpu failed to load: libtensorflow\.so\.2: cannot open shared object file; node: @tensorflow\/tfjs-node registered its backend on another copy of @tensorflow\/tfjs; install version 4\.22\.0\)/);
  assert.match(initInChild({ NODE_PATH: broken, SEQSENTRY_BACKEND: 'node' }), /ERR SEQSENTRY_BACKEND=node cannot be used: @tensorflow\/tfjs-node registered its backend on another copy/);
  assert.match(initInChild({ SEQSENTRY_BACKEND: 'node-gpu' }), /ERR SEQSENTRY_BACKEND=node-gpu cannot be used: @tensorflow\/tfjs-node-gpu not installed/);
  assert.match(initInChild({ SEQSENTRY_BACKEND: 'tpu' }), /ERR SEQSENTRY_BACKEND="tpu" is not a backend; use one of auto, node-gpu, node, wasm, cpu/);
  fs.rmSync(broken, { recursive: true, force: true });
});

test('an uncaught error after initEngine prints its own stack, not the WASM module source', () => {
  const code = "require('./lib/engine').initEngine({ quiet: true }).then(() => { setTimeout(() => { throw new Error('plain failure'); }, 0); })";
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', code], { encoding: 'utf8' });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /Error: plain failure/);
  assert.ok(r.stderr.length < 4000, `stderr is ${r.stderr.length} characters`);
});

test('backend choice: tfjs-node-gpu with a GPU is used; without one its CPU libtensorflow still beats WASM', () => {
  const nodeModules = path.resolve(__dirname, '..', 'node_modules');
  for (const gpu of [true, false]) {
    const dir = fakePackages({ '@tensorflow/tfjs-node-gpu': registersTensorflow(gpu) });
    const out = initInChild({ NODE_PATH: `${dir}${path.delimiter}${nodeModules}`, SEQSENTRY_BACKEND: 'auto' });
    assert.match(out, gpu ? /backend: node-gpu \(fastest available\)/ : /backend: node \(node-gpu: libtensorflow sees no GPU\)/, out);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('SeededDropout: a fresh mask every training call, the same masks for the same seed, identity at inference; training repeats', async () => {
  await initEngine();
  const x = tf.ones([4, 50]);
  const a = seededDropout({ rate: 0.5, seed: 3 });
  const b = seededDropout({ rate: 0.5, seed: 3 });
  const [a1, a2, b1] = [a.apply(x, { training: true }), a.apply(x, { training: true }), b.apply(x, { training: true })] as tf.Tensor[];
  const v = (t: tf.Tensor) => Array.from(t.dataSync());
  assert.notDeepEqual(v(a1), v(a2), 'a new mask each step');
  assert.deepEqual(v(a1), v(b1), 'the same seed gives the same masks');
  assert.ok(v(a1).every((e) => e === 0 || e === 2), 'kept values scaled by 1 / (1 − rate)');
  assert.deepEqual(v(a.apply(x, { training: false }) as tf.Tensor), v(x), 'identity at inference');
  tf.dispose([x, a1, a2, b1]);
  // Two trainings of one seeded autoencoder with dropout give the same history, value for value.
  const run = async () => {
    const input = tf.input({ shape: [6] });
    const h = seededDropout({ rate: 0.3, seed: 5 }).apply(tf.layers.dense({ units: 3, kernelInitializer: seededInitializers(1).glorotUniform() }).apply(input)) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: tf.layers.dense({ units: 6, kernelInitializer: seededInitializers(2).glorotUniform() }).apply(h) as tf.SymbolicTensor });
    const data = { data: Float32Array.from({ length: 64 * 6 }, (_, i) => Math.sin(i)), shape: [64, 6] };
    const r = await trainAutoencoder(model, { train: data, val: data, epochs: 3, batchSize: 16, learningRate: 0.01, stopping: { strategy: 'none', restore_best: false }, seed: 1 });
    model.dispose();
    return r.history.map((e) => [e.loss, e.val_loss]);
  };
  assert.deepEqual(await run(), await run());
});
