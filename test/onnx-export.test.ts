/**
 * ONNX export: every network of lib/models (GRU-SAE with FastGRU and with tf.layers.gru, the L1 Conv1D
 * autoencoder with LayerNorm and with BatchNorm, the NIDS classifier, the dense autoencoder), with
 * random weights everywhere (biases, norms and moving statistics included), runs in onnxruntime-node on
 * ≥ 1,000 samples and equals TF.js within 1e-4: outputs, the in-graph scores and probabilities.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { initEngine, reconstructionErrors, tf } from '../lib/engine';
import { buildGruSae } from '../lib/models/gru-sae';
import { buildL1Model } from '../lib/models/conv1d-ae';
import { buildNidsModel } from '../lib/models/gru-classifier';
import { buildDenseAutoencoder } from '../lib/models/dense-autoencoder';
import { decodeModel, networkToOnnx, OrtSession, OPSET, type OnnxHead } from '../lib/onnx';
import { createRng } from '../lib/random';

const TOL = 1e-4;

before(async () => {
  await initEngine({ quiet: true });
});

/** Replace every weight by seeded values (variances kept positive), so no bias or norm parameter is trivially 0 or 1. */
function randomiseWeights(model: tf.LayersModel, seed: number): void {
  const rng = createRng(seed);
  const ws = model.getWeights().map((w, i) => {
    const name = model.weights[i].name;
    const n = w.size;
    const data = Float32Array.from({ length: n }, () => (/moving_variance/.test(name) ? rng.uniform(0.5, 1.5) : rng.normal() * (/kernel/.test(name) ? 0.3 : 0.5)));
    return tf.tensor(data, w.shape);
  });
  model.setWeights(ws);
  tf.dispose(ws);
}

function randomInput(shape: number[], seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal());
}

function predict(model: tf.LayersModel, x: Float32Array, shape: number[]): Float32Array {
  return tf.tidy(() => (model.predict(tf.tensor(x, shape)) as tf.Tensor).dataSync() as Float32Array);
}

/** The decoded graph's nodes, inputs and outputs (protobufjs marks every field optional). */
function graphOf(bytes: Uint8Array) {
  const g = decodeModel(bytes).graph!;
  return { nodes: g.node!, inputs: g.input!, outputs: g.output! };
}

const intAttr = (nd: { attribute?: { name?: string | null; i?: unknown }[] | null }, name: string) => Number(nd.attribute!.find((a) => a.name === name)?.i);

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

async function checkAutoencoder(name: string, model: tf.LayersModel, n: number, reduction: 'mean' | 'feature_mean', rows?: number) {
  randomiseWeights(model, 11);
  const shape = [n, ...(model.inputs[0].shape.slice(1) as number[])];
  const x = randomInput(shape, 5);
  const head: OnnxHead = { kind: 'reconstruction', reduction, ...(rows ? { rows } : {}) };
  const net = networkToOnnx(model, head);
  const session = await OrtSession.create(net.bytes);
  try {
    const out = await session.run(x, shape, reduction === 'mean' ? ['reconstruction', 'score'] : ['reconstruction', 'feature_errors', 'score']);
    assert.deepEqual(out.reconstruction.dims, shape);
    const recon = predict(model, x, shape);
    const dRecon = maxAbsDiff(out.reconstruction.data, recon);
    assert.ok(dRecon <= TOL, `${name}: reconstruction differs by ${dRecon}`);
    const ref = await reconstructionErrors(model, { data: x, shape }, { batchSize: 256 });
    if (reduction === 'mean') {
      const d = maxAbsDiff(out.score.data, ref);
      assert.ok(d <= TOL, `${name}: score differs by ${d}`);
    } else {
      // L1's score: per feature the MSE over the last `rows` rows (all T by default), then the mean over features (lib/detectors reconstruction.ts).
      const [, T, F] = shape;
      const tail = rows ?? T;
      const perFeature = new Float64Array(n * F);
      const score = new Float64Array(n);
      for (let i = 0; i < n; i++) for (let t = T - tail; t < T; t++) for (let f = 0; f < F; f++) {
        const k = (i * T + t) * F + f;
        perFeature[i * F + f] += (recon[k] - x[k]) ** 2 / tail;
        score[i] += (recon[k] - x[k]) ** 2 / tail / F;
      }
      assert.ok(maxAbsDiff(out.feature_errors.data, perFeature) <= TOL, `${name}: feature errors differ`);
      assert.ok(maxAbsDiff(out.score.data, score) <= TOL, `${name}: score differs`);
      if (!rows) assert.ok(maxAbsDiff(out.score.data, ref) <= TOL, `${name}: score differs from the whole-window MSE`);
      else assert.ok(maxAbsDiff(out.score.data, ref) > 10 * TOL, `${name}: the last ${rows} rows score differently from the whole window`);
    }
    return net;
  } finally {
    await session.release();
  }
}

test('GRU-SAE (FastGRU, reset_after → linear_before_reset=1): ORT equals TF.js within 1e-4 on 1,024 windows', async () => {
  const model = buildGruSae({ inputDim: 12, seqLen: 10, encoderUnits: [16, 8], decoderUnits: [8, 16], dropout: 0.1, seed: 3 });
  const net = await checkAutoencoder('gru_sae fast', model, 1024, 'mean');
  assert.equal(net.ops.GRU, 4);
  assert.equal(net.opset, OPSET);
  // Time-major all the way through the GRUs: one transpose of the input in, one of the reconstruction out.
  assert.equal(net.ops.Transpose, 2);
  const grus = graphOf(net.bytes).nodes.filter((nd) => nd.opType === 'GRU');
  assert.ok(grus.every((nd) => intAttr(nd, 'linear_before_reset') === 1));
  model.dispose();
});

test('GRU-SAE with tf.layers.gru (reset_after = False → linear_before_reset=0): ORT equals TF.js within 1e-4', async () => {
  const model = buildGruSae({ inputDim: 7, seqLen: 6, encoderUnits: [8, 4], decoderUnits: [4, 8], dropout: 0, seed: 4, recurrentLayer: 'tfjs' });
  const net = await checkAutoencoder('gru_sae tfjs', model, 1000, 'mean');
  const grus = graphOf(net.bytes).nodes.filter((nd) => nd.opType === 'GRU');
  assert.ok(grus.length === 4 && grus.every((nd) => intAttr(nd, 'linear_before_reset') === 0));
  model.dispose();
});

test('L1 Conv1D autoencoder (Conv, LayerNormalization, LeakyRelu, mean over time, SE product, skip add): ORT equals TF.js within 1e-4', async () => {
  const model = buildL1Model({ window: 24, features: 9, seed: 5, filters: [16, 12, 8, 6], kernel_size: 3 });
  const net = await checkAutoencoder('conv1d_ae layer', model, 1000, 'feature_mean');
  for (const op of ['Conv', 'LayerNormalization', 'LeakyRelu', 'ReduceMean', 'Sigmoid', 'Relu', 'Mul', 'Add']) assert.ok(net.ops[op] > 0, `${op} missing`);
  assert.equal(net.ops.Slice, undefined, 'the whole window: no Slice');
  // The score over the window's last 7 rows (the detector's score_rows): one Slice on the time axis.
  assert.equal((await checkAutoencoder('conv1d_ae layer, last 7 rows', model, 1000, 'feature_mean', 7)).ops.Slice, 1);
  model.dispose();
});

test('L1 Conv1D autoencoder with BatchNorm, an even kernel and no skip: ORT equals TF.js within 1e-4', async () => {
  const model = buildL1Model({ window: 16, features: 5, seed: 6, filters: [8, 6], kernel_size: 4, norm: 'batch', skip: false });
  const net = await checkAutoencoder('conv1d_ae batch', model, 1000, 'feature_mean');
  assert.ok(net.ops.BatchNormalization > 0);
  // Channels-first from the first Conv on: the global average is a GlobalAveragePool there.
  assert.ok(net.ops.GlobalAveragePool === 1, JSON.stringify(net.ops));
  // The last 5 rows in that channels-first layout: the Slice is on its time axis.
  assert.equal((await checkAutoencoder('conv1d_ae batch, last 5 rows', model, 1000, 'feature_mean', 5)).ops.Slice, 1);
  model.dispose();
});

test('dense autoencoder (rows): ORT equals TF.js within 1e-4 on 2,000 rows', async () => {
  const model = buildDenseAutoencoder(11, { units: [8, 3], seed: 2 });
  await checkAutoencoder('dense_ae', model, 2000, 'mean');
  model.dispose();
});

test('NIDS classifier (Dense no bias → GRU no bias → Dense): logits and probabilities equal TF.js within 1e-4, seq_len 1 and 3', async () => {
  for (const seqLen of [1, 3]) {
    const model = buildNidsModel({ inputDim: 13, seqLen, hiddenSize: 10, numClasses: 4, dropout: 0.2, seed: 8 });
    randomiseWeights(model, 9);
    const n = 1200;
    const shape = [n, seqLen, 13];
    const x = randomInput(shape, 10);
    const net = networkToOnnx(model, { kind: 'classifier' });
    assert.equal(graphOf(net.bytes).nodes.find((nd) => nd.opType === 'GRU')!.input!.length, 3, 'no bias input');
    const session = await OrtSession.create(net.bytes);
    const out = await session.run(x, shape, ['logits', 'probabilities']);
    const logits = predict(model, x, shape);
    assert.ok(maxAbsDiff(out.logits.data, logits) <= TOL);
    const probs = tf.tidy(() => tf.softmax(tf.tensor2d(logits, [n, 4])).dataSync());
    assert.ok(maxAbsDiff(out.probabilities.data, probs) <= TOL);
    await session.release();
    model.dispose();
  }
});

test('export errors name the layer and its class; graph input and output names are fixed', async () => {
  const input = tf.input({ shape: [4, 3] });
  const out = tf.layers.conv1d({ filters: 2, kernelSize: 3, padding: 'causal' }).apply(input) as tf.SymbolicTensor;
  const m = tf.model({ inputs: input, outputs: out });
  assert.throws(() => networkToOnnx(m, { kind: 'reconstruction', reduction: 'mean' }), /padding "causal"/);
  const input2 = tf.input({ shape: [4] });
  const m2 = tf.model({ inputs: input2, outputs: tf.layers.gaussianNoise({ stddev: 1 }).apply(input2) as tf.SymbolicTensor });
  assert.throws(() => networkToOnnx(m2, { kind: 'reconstruction', reduction: 'mean' }), /class GaussianNoise has no translation/);
  const dense = buildDenseAutoencoder(5, { units: [3], seed: 1 });
  const g = graphOf(networkToOnnx(dense, { kind: 'reconstruction', reduction: 'mean' }).bytes);
  assert.deepEqual(g.inputs.map((v) => v.name), ['x']);
  assert.deepEqual(g.outputs.map((v) => v.name), ['reconstruction', 'score']);
  m.dispose();
  m2.dispose();
  dense.dispose();
});
