import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { adamw, initEngine, tf } from '../lib/engine';
import { createRng } from '../lib/random';
import type { NidsSplit } from '../lib/nids/01-prepare/data';
import { evaluateClassifier, predictProba } from '../lib/nids/02-train-evaluate/evaluate';
import { buildNidsModel, buildSoftmaxRegression } from '../lib/models/gru-classifier';
import { epochBatches, sequenceEnds, shardTensors } from '../lib/nids/02-train-evaluate/shards';
import { applyAveragedGradients, computeShardGradients, sumShardGradients, trainNidsClassifier, weightedCrossEntropy } from '../lib/nids/02-train-evaluate/train';

before(async () => {
  await initEngine({ force: 'wasm', quiet: true });
});

/** k Gaussian blobs in f dimensions: class c centred at 3·e_c. */
function blobs(n: number, f: number, k: number, seed: number): NidsSplit {
  const rng = createRng(seed);
  const y = Int32Array.from({ length: n }, () => rng.int(0, k - 1));
  const x = Float32Array.from({ length: n * f }, (_, i) => rng.normal() * 0.7 + (i % f === y[Math.floor(i / f)] ? 3 : 0));
  return { x, y, w: Float32Array.from(y, (c) => (c === 0 ? 0.5 : 1.5)), n };
}

test('model: Dense → GRU → Dropout → Dense, no bias anywhere; logits [batch, classes]; softmax regression has one biased Dense', () => {
  const model = buildNidsModel({ inputDim: 5, seqLen: 2, hiddenSize: 4, numClasses: 3, dropout: 0.2, seed: 1 });
  assert.deepEqual(model.weights.map((w) => w.name), ['input_projection/kernel', 'gru/kernel', 'gru/recurrent_kernel', 'classifier/kernel']);
  assert.deepEqual(model.outputs[0].shape, [null, 3]);
  assert.deepEqual(model.layers.map((l) => l.getClassName()), ['InputLayer', 'Dense', 'SeqSentryFastGRU', 'SeqSentryDropout', 'Dense']);
  const same = buildNidsModel({ inputDim: 5, seqLen: 2, hiddenSize: 4, numClasses: 3, dropout: 0.2, seed: 1 });
  model.getWeights().forEach((w, i) => assert.deepEqual(w.arraySync(), same.getWeights()[i].arraySync(), 'same seed, same weights'));
  const lin = buildSoftmaxRegression({ inputDim: 5, seqLen: 2, numClasses: 3, seed: 1 });
  assert.deepEqual(lin.weights.map((w) => w.shape), [[10, 3], [3]]);
  assert.throws(() => buildNidsModel({ inputDim: 5, seqLen: 1, hiddenSize: 4, numClasses: 1, dropout: 0, seed: 1 }), /numClasses must be ≥ 2/);
  [model, same, lin].forEach((m) => m.dispose());
});

test('sequences: seq_len consecutive flows ending at each row, labelled by the last flow; batches cover every row once', () => {
  const s: NidsSplit = { x: Float32Array.from({ length: 12 }, (_, i) => i), y: Int32Array.from([0, 1, 0, 1, 1, 0]), w: new Float32Array(6).fill(1), n: 6 };
  const ends = sequenceEnds(6, 3);
  assert.deepEqual(Array.from(ends), [2, 3, 4, 5]);
  const t = shardTensors(s, 2, 3, Int32Array.from([3]));
  assert.deepEqual(t.x.arraySync(), [[[2, 3], [4, 5], [6, 7]]]);
  assert.deepEqual(t.y.arraySync(), [1]);
  tf.dispose([t.x, t.y, t.w]);
  const seen = [...epochBatches(Int32Array.from({ length: 10 }, (_, i) => i), { batchSize: 4, shards: 2, rng: createRng(3) })];
  assert.deepEqual(seen.map((b) => b.map((sh) => sh.rows.length)), [[2, 2], [2, 2], [1, 1]]);
  assert.deepEqual(seen.flatMap((b) => b.flatMap((sh) => Array.from(sh.rows))).sort((a, b) => a - b), Array.from({ length: 10 }, (_, i) => i));
  assert.throws(() => sequenceEnds(2, 3, 'test split'), /test split has 2 rows, fewer than seq_len 3/);
});

test('data-parallel step: gradients of two shards, summed and divided by the total weight, equal the one-shard step; weighted CE matches by hand; no leaks', () => {
  const model = buildNidsModel({ inputDim: 4, seqLen: 1, hiddenSize: 6, numClasses: 3, dropout: 0, seed: 2 });
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const data = blobs(16, 4, 3, 5);
  const rows = Int32Array.from({ length: 16 }, (_, i) => i);
  const before = tf.memory().numTensors;
  const grads = (shards: Int32Array[]) => tf.tidy(() => {
    const total = sumShardGradients(shards.map((r) => computeShardGradients(model, vars, shardTensors(data, 4, 1, r))));
    const denom = total.weightSum;
    return Object.fromEntries(Object.entries(total.grads).map(([n, g]) => [n, tf.div(g, denom)]));
  });
  const one = grads([rows]);
  const two = grads([rows.subarray(0, 5), rows.subarray(5)]);
  for (const n of Object.keys(one)) {
    const d = tf.tidy(() => tf.max(tf.abs(tf.sub(one[n], two[n]))).dataSync()[0]);
    assert.ok(d < 1e-5, `${n}: max diff ${d}`);
  }
  tf.dispose([...Object.values(one), ...Object.values(two)]);
  assert.equal(tf.memory().numTensors, before, 'the step functions leave nothing behind');
  const ce = tf.tidy(() => weightedCrossEntropy(tf.tensor2d([[0, Math.log(3)]]), tf.tensor1d([1], 'int32'), tf.tensor1d([2])).dataSync()[0]);
  assert.ok(Math.abs(ce - 2 * -Math.log(3 / 4)) < 1e-6);
  const opt = adamw({ learningRate: 0.01, clipnorm: 1 });
  const w0 = model.getWeights()[0].dataSync()[0];
  tf.tidy(() => applyAveragedGradients(opt, computeShardGradients(model, vars, shardTensors(data, 4, 1, rows))));
  assert.notEqual(model.getWeights()[0].dataSync()[0], w0);
  opt.dispose();
  model.dispose();
});

test('training loop: learns separable classes, keeps the best validation accuracy, prints the monitoring block, early-stops; predict leaks no tensors', async () => {
  const train = blobs(600, 6, 3, 11);
  const val = blobs(150, 6, 3, 12);
  const model = buildNidsModel({ inputDim: 6, seqLen: 1, hiddenSize: 8, numClasses: 3, dropout: 0.1, seed: 3 });
  const before = tf.memory().numTensors;
  const lines: string[] = [];
  const result = await trainNidsClassifier(model, {
    train, val, nFeatures: 6, seqLen: 1, epochs: 12, batchSize: 32, learningRate: 0.01, weightDecay: 0.01, clipnorm: 1,
    patience: 2, seed: 4, evalBatchSize: 64, log: (l) => lines.push(l),
  });
  assert.equal(tf.memory().numTensors, before, 'training leaves only the model');
  assert.ok(result.bestValAccuracy > 0.9, `val accuracy ${result.bestValAccuracy}`);
  assert.equal(lines[0], '--- EPOCH 1/12 ---');
  assert.ok(lines.some((l) => /^🎉 New best validation accuracy: \d\.\d{4}$/.test(l)));
  assert.ok(result.history.every((h) => Number.isFinite(h.loss) && Number.isFinite(h.accuracy) && h.val_seconds >= 0 && h.train_seconds >= 0));
  assert.equal(result.history.find((h) => h.epoch === result.bestEpoch)!.val_accuracy, result.bestValAccuracy);
  if (result.stoppedEarly) {
    assert.match(result.stoppedReason, /val_accuracy did not improve for 2 epochs \(patience 2\)/);
    assert.match(lines[lines.length - 1], /^early stopping: val_accuracy did not improve/);
  }
  const scored = await predictProba(model, val, { nFeatures: 6, seqLen: 1, batchSize: 64 });
  assert.equal(tf.memory().numTensors, before, 'predict leaves nothing behind');
  const ev = evaluateClassifier(scored, ['BENIGN', 'dos', 'scan'], 0);
  assert.equal(ev.metrics.accuracy, result.bestValAccuracy, 'the model holds the best epoch\'s weights');
  assert.ok(ev.metrics['binary_roc_auc'] > 0.9);
  assert.ok(Math.abs(scored.probs.subarray(0, 3).reduce((a, b) => a + b, 0) - 1) < 1e-5);
  model.dispose();
});

// Recorded on commit 27a6c97 (the classifier's own loop, before lib/train's trainModel) with this exact
// setup: seq_len 2, two shards per batch, dropout 0 (TF.js dropout masks are not seeded, so only a
// dropout-free run repeats bit for bit). Rows: [loss, accuracy, val_loss, val_accuracy, best].
const RECORDED_27A6C97 = [
  [0.46852345741583157, 0.7625418060200669, 0.07917687806440758, 0.9775280898876404, true],
  [0.04891362035995462, 0.9966555183946488, 0.060179260728272746, 0.9662921348314607, false],
  [0.02139432185477513, 0.9866220735785953, 0.06666466609183988, 0.9887640449438202, true],
  [0.015261490469072774, 0.9933110367892977, 0.027477113694106978, 0.9887640449438202, false],
  [0.02707902288638087, 0.9832775919732442, 0.06325184125356724, 0.9775280898876404, false],
];

test('on the shared loop the classifier repeats the old loop bit for bit (fixed seed, dropout 0): history, best epoch, early stop, restored weights', async () => {
  const model = buildNidsModel({ inputDim: 6, seqLen: 2, hiddenSize: 8, numClasses: 3, dropout: 0, seed: 3 });
  const val = blobs(90, 6, 3, 12);
  const before = tf.memory().numTensors;
  const lines: string[] = [];
  const r = await trainNidsClassifier(model, {
    train: blobs(300, 6, 3, 11), val, nFeatures: 6, seqLen: 2, epochs: 8, batchSize: 32, learningRate: 0.05,
    weightDecay: 0.01, clipnorm: 1, patience: 2, seed: 4, evalBatchSize: 64, shards: 2, log: (l) => lines.push(l),
  });
  assert.equal(tf.memory().numTensors, before);
  assert.deepEqual(r.history.map((h) => [h.loss, h.accuracy, h.val_loss, h.val_accuracy, h.best]), RECORDED_27A6C97);
  assert.deepEqual(r.history.map((h) => h.lr), [0.05, 0.05, 0.05, 0.05, 0.05]);
  assert.deepEqual([r.bestEpoch, r.bestValAccuracy, r.stoppedEarly], [3, 0.9887640449438202, true]);
  // the monitoring block in the original's format (--- EPOCH, Val Loss | Val Acc, Train Time | Val Time, 🎉 New best …)
  assert.deepEqual(lines.filter((l) => !/^ {2}(Train|Val) /.test(l)), [
    '--- EPOCH 1/8 ---', '🎉 New best validation accuracy: 0.9775', '--- EPOCH 2/8 ---', '--- EPOCH 3/8 ---',
    '🎉 New best validation accuracy: 0.9888', '--- EPOCH 4/8 ---', '--- EPOCH 5/8 ---',
    'early stopping: val_accuracy did not improve for 2 epochs (patience 2); best val_accuracy 0.9888 at epoch 3',
  ]);
  assert.equal(lines[1], '  Train Loss: 0.4685 | Train Acc: 0.7625');
  assert.equal(lines[2], '  Val Loss: 0.0792 | Val Acc: 0.9775');
  assert.match(lines[3], /^ {2}Train Time: \d+\.\d{2}s \| Val Time: \d+\.\d{2}s$/);
  const scored = await predictProba(model, val, { nFeatures: 6, seqLen: 2, batchSize: 64 });
  assert.equal(evaluateClassifier(scored, ['BENIGN', 'dos', 'scan'], 0).metrics.accuracy, 0.9887640449438202, 'epoch 3 weights restored');
  model.dispose();
});
