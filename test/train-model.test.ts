import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { adam, initEngine, tf, type HostArray } from '../lib/engine';
import { buildDenseAutoencoder } from '../lib/models/dense-autoencoder';
import { createRng } from '../lib/random';
import {
  gather, shuffledBatches, terminalProgress, trainAutoencoder, trainModel,
  type EpochRecord, type HostBatch, type TrainModelOptions, type Validation,
} from '../lib/train';

// The one training loop (lib/train loop.ts) driven directly: a real optimisation step on a small dense
// AE, and a scripted validation so stopping, best weights and reduce-LR are exact to check.

before(async () => {
  await initEngine({ force: 'wasm', quiet: true });
});

function data(n: number, seed: number): HostArray {
  const rng = createRng(seed);
  return { data: Float32Array.from({ length: n * 8 }, () => rng.normal()), shape: [n, 8] };
}

/** Options around `model` whose validation returns `script[epoch − 1]` (val_loss 1 unless given). */
function scripted(model: tf.LayersModel, script: Partial<Validation>[], over: Partial<TrainModelOptions<HostBatch>> = {}): TrainModelOptions<HostBatch> {
  const optimizer = adam({ learningRate: 0.1 });
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const rng = createRng(1);
  const train = data(64, 2);
  return {
    epochs: script.length,
    optimizer,
    batches: () => {
      const items = shuffledBatches(train, 16, rng);
      return { steps: items.length, items };
    },
    step: (b) => {
      const x = gather(b.data, b.idx);
      const cost = optimizer.minimize(() => tf.mean(tf.squaredDifference(model.apply(x, { training: true }) as tf.Tensor, x)) as tf.Scalar, true, vars) as tf.Scalar;
      return { lossSum: tf.mul(cost, b.idx.length) as tf.Scalar, samples: b.idx.length };
    },
    validate: async (epoch) => ({ val_loss: 1, ...script[epoch - 1] }),
    stopping: { strategy: 'none' },
    ...over,
  };
}

const model = () => buildDenseAutoencoder(8, { units: [4], norm: false, seed: 3 });
const flat = (m: tf.LayersModel) => m.getWeights().flatMap((w) => Array.from(w.dataSync()));

test('patience on val_accuracy (higher is better): stops after `patience` epochs without a better accuracy, restores that epoch\'s weights, leaks nothing', async () => {
  const m = model();
  const before = tf.memory().numTensors;
  const seen: number[][] = [];
  const acc = [0.5, 0.8, 0.8, 0.7, 0.9];
  const r = await trainModel(m, scripted(m, acc.map((a) => ({ val_accuracy: a })), {
    monitor: { metric: 'val_accuracy', mode: 'max' },
    stopping: { strategy: 'standard', patience: 2, restore_best: true },
    extraFields: ['best'],
    onEpoch: () => void seen.push(flat(m)),
  }));
  assert.equal(tf.memory().numTensors, before, 'the optimizer and the weight copies are gone');
  // 0.8 again at epoch 3 is not better: epochs 3 and 4 make patience 2 → stop after epoch 4.
  assert.deepEqual(r.history.map((h) => [h.val_accuracy, h.best]), [[0.5, true], [0.8, true], [0.8, false], [0.7, false]]);
  assert.deepEqual([r.bestEpoch, r.bestValue, r.stoppedEarly, r.restoredBest], [2, 0.8, true, true]);
  assert.match(r.stoppedReason, /^val_accuracy did not improve for 2 epochs \(patience 2\); best val_accuracy 0\.8000 at epoch 2$/);
  assert.deepEqual(flat(m), seen[1], 'the model holds epoch 2\'s weights');
  assert.notDeepEqual(seen[3], seen[1]);
  m.dispose();
});

test('best weights: restore_best false leaves the last epoch and hands back the best as copies; on val_loss (lower is better)', async () => {
  const m = model();
  const seen: number[][] = [];
  const r = await trainModel(m, scripted(m, [{ val_loss: 3 }, { val_loss: 1 }, { val_loss: 2 }], {
    stopping: { strategy: 'none', restore_best: false }, keepWeights: true, onEpoch: () => void seen.push(flat(m)),
  }));
  assert.deepEqual([r.bestEpoch, r.bestValue, r.restoredBest, r.finalWeights], [2, 1, false, undefined]);
  assert.match(r.stoppedReason, /^completed all 3 epochs; best val_loss 1\.000 at epoch 2$/);
  assert.deepEqual(flat(m), seen[2]);
  assert.deepEqual(r.bestWeights!.flatMap((w) => Array.from(w.dataSync())), seen[1]);
  tf.dispose(r.bestWeights!);
  m.dispose();
});

test('ReduceLROnPlateau on the monitored metric: lr × factor after `patience` epochs without a new best, never below minLr; the counter restarts', async () => {
  const m = model();
  const loss = [1, 0.9, 0.95, 0.96, 0.97, 0.8, 0.85, 0.86, 0.87, 0.88, 0.89];
  const r = await trainModel(m, scripted(m, loss.map((v) => ({ val_loss: v })), { reduceLr: { factor: 0.5, patience: 2, minLr: 0.03 } }));
  // new bests at epochs 1, 2, 6; two epochs without one after 4 (→ 0.05), 8 (→ 0.025 → floor 0.03), 10 (at the floor: stays).
  assert.deepEqual(r.history.map((h) => h.lr), [0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0.03, 0.03, 0.03]);
  const byAccuracy = await trainModel(m, scripted(m, [0.5, 0.4, 0.3, 0.6].map((a) => ({ val_accuracy: a })), {
    monitor: { metric: 'val_accuracy', mode: 'max' }, reduceLr: { factor: 0.1, patience: 2, minLr: 0 },
  }));
  assert.deepEqual(byAccuracy.history.map((h) => h.lr.toPrecision(6)), ['0.100000', '0.100000', '0.100000', '0.0100000']);
  await assert.rejects(trainModel(m, scripted(m, [{}], { reduceLr: { factor: 1, patience: 1, minLr: 0 } })), /reduceLr needs 0 < factor < 1/);
  m.dispose();
});

test('divergence: a non-finite training or validation loss stops with an error naming the learning-rate flag; nothing leaks', async () => {
  const m = model();
  const before = tf.memory().numTensors;
  const nanStep = (): TrainModelOptions<HostBatch>['step'] => () => ({ lossSum: tf.scalar(NaN), samples: 1 });
  await assert.rejects(
    trainModel(m, scripted(m, [{}], { step: nanStep(), learningRateFlag: '--learning-rate' })),
    /^Error: training diverged at epoch 1 \(loss NaN\); lower the learning rate \(--learning-rate\) or check the inputs for NaN\/Inf$/,
  );
  await assert.rejects(
    trainModel(m, scripted(m, [{}, { val_loss: Infinity }], { learningRateFlag: 'LEARNING_RATE' })),
    /validation loss is Infinity at epoch 2: .*lower the learning rate \(LEARNING_RATE\)/,
  );
  await assert.rejects(trainModel(m, scripted(m, [{}], { monitor: { metric: 'val_accuracy', mode: 'max' } })), /validate\(\) returned no val_accuracy/);
  assert.equal(tf.memory().numTensors, before, 'failed runs dispose the optimizer, the sums and the best copy');
  m.dispose();
});

test('sums: loss = Σ lossSum / Σ weightSum, accuracy = Σ correct / Σ samples, read once per epoch; extras and the bar-only progress', async () => {
  const m = model();
  const rows: EpochRecord[] = [];
  const tty: string[] = [];
  const bar = terminalProgress({ stream: { write: (s: string) => tty.push(s), isTTY: true, columns: 200 }, intervalMs: 0, epochLines: false });
  const base = scripted(m, [{ val_accuracy: 0.5 }, { val_accuracy: 0.6 }]);
  let lossSeen = NaN;
  const r = await trainModel(m, {
    ...base,
    step: (b) => {
      base.step(b);
      return { lossSum: tf.scalar(2 * b.idx.length), weightSum: tf.scalar(4 * b.idx.length), correct: tf.scalar(b.idx.length / 4), samples: b.idx.length };
    },
    extraFields: ['train_seconds', 'val_seconds'],
    onBatch: (info) => {
      bar.onBatch(info);
      if (info.batch === info.batches) lossSeen = info.lossSoFar();
    },
    onEpoch: (row, info) => {
      bar.onEpoch(row, info);
      rows.push(row);
    },
  });
  assert.deepEqual(r.history.map((h) => [h.loss, h.accuracy, h.val_accuracy]), [[0.5, 0.25, 0.5], [0.5, 0.25, 0.6]]);
  assert.equal(lossSeen, 0.5);
  assert.deepEqual(Object.keys(r.history[0]), ['epoch', 'loss', 'val_loss', 'seconds', 'lr', 'accuracy', 'val_accuracy', 'train_seconds', 'val_seconds']);
  assert.ok(r.history.every((h) => h.train_seconds! + h.val_seconds! <= h.seconds + 1e-9));
  assert.deepEqual(rows, r.history);
  assert.match(tty[0], /^\repoch 1\/2 \[#+-*\] 1\/4 loss 0\.5000 ETA/);
  assert.equal(tty.filter((s) => s === '\r\x1b[K').length, 2, 'the bar is cleared once per epoch, no epoch line');
  m.dispose();
});

test('trainAutoencoder on the shared loop repeats 27a6c97 bit for bit (resample, AdamW, reduceLr)', async () => {
  // Recorded on commit 27a6c97 with the autoencoder's own loop: [loss, val_loss, lr] per epoch.
  const RECORDED = [
    [2.6850807666778564, 8.386723518371582, 0.3], [2.548741181691488, 1.7265328168869019, 0.3], [2.031126340230306, 1.530759572982788, 0.3],
    [1.1790966192881267, 1.6101619005203247, 0.3], [1.888201395670573, 1.5129516124725342, 0.15], [1.5717932383219402, 1.497536301612854, 0.15],
  ];
  const lowRank = (n: number, seed: number): HostArray => {
    const basis = createRng(99);
    const w = Array.from({ length: 16 }, () => basis.normal());
    const rng = createRng(seed);
    const out = new Float32Array(n * 8);
    for (let i = 0; i < n; i++) {
      const z = [rng.normal(), rng.normal()];
      for (let j = 0; j < 8; j++) out[i * 8 + j] = z[0] * w[j] + z[1] * w[8 + j] + 0.05 * rng.normal();
    }
    return { data: out, shape: [n, 8] };
  };
  const m = buildDenseAutoencoder(8, { units: [6, 2], norm: false, seed: 4 });
  const r = await trainAutoencoder(m, {
    train: lowRank(64, 1), val: lowRank(64, 2), epochs: 6, batchSize: 32, learningRate: 0.3, clipnorm: 0, weightDecay: 0.01,
    stopping: { strategy: 'none' }, seed: 1, resample: (epoch) => lowRank(96, 10 + epoch), reduceLr: { factor: 0.5, patience: 1, minLr: 0.1 },
  });
  assert.deepEqual(r.history.map((h) => [h.loss, h.val_loss, h.lr]), RECORDED);
  assert.deepEqual([r.bestEpoch, r.bestValLoss], [6, 1.497536301612854]);
  assert.deepEqual(Array.from(m.getWeights()[0].dataSync().slice(0, 4)), [-0.7604172229766846, 1.9860084056854248, -0.23543642461299896, 1.030832052230835]);
  m.dispose();
});
