import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { initEngine, tf, type HostArray } from '../lib/engine';
import { buildGruSae } from '../lib/models/gru-sae';
import { createRng } from '../lib/random';
import { trainAutoencoder, type TrainAutoencoderOptions } from '../lib/train';
import { replicaJson, splitBatch } from '../lib/train/data-parallel';

// train.workers N (lib/train/data-parallel.ts): real worker_threads with model replicas. Training with
// 2 or 3 replicas equals one process up to float summation order; bad options are named errors.

before(async () => {
  await initEngine({ force: 'wasm', quiet: true });
});

function sequences(n: number, seed: number): HostArray {
  const rng = createRng(seed);
  return { data: Float32Array.from({ length: n * 6 * 5 }, () => rng.normal()), shape: [n, 6, 5] };
}

const model = (dropout = 0) => buildGruSae({ inputDim: 5, seqLen: 6, encoderUnits: [8, 4], decoderUnits: [4, 8], dropout, seed: 3 });

function options(over: Partial<TrainAutoencoderOptions> = {}): TrainAutoencoderOptions {
  return {
    train: sequences(90, 1), val: sequences(20, 2), epochs: 3, batchSize: 32, learningRate: 0.01, clipnorm: 1,
    stopping: { strategy: 'standard', patience: 10 }, seed: 5, ...over,
  };
}

async function trainWith(workers: number, over: Partial<TrainAutoencoderOptions> = {}) {
  const before = tf.memory().numTensors;
  const m = model();
  const r = await trainAutoencoder(m, options({ workers, ...over }));
  const weights = m.getWeights().map((w) => Array.from(w.dataSync()));
  m.dispose();
  return { history: r.history, weights, leaked: tf.memory().numTensors - before };
}

function maxRelDiff(a: number[], b: number[]): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]) / Math.max(1e-3, Math.abs(a[i])));
  return d;
}

test('splitBatch: contiguous parts covering the batch, sizes within one of each other', () => {
  assert.deepEqual(splitBatch(32, 2), [[0, 16], [16, 32]]);
  assert.deepEqual(splitBatch(26, 3), [[0, 9], [9, 18], [18, 26]]);
  assert.deepEqual(splitBatch(1, 2), [[0, 1], [1, 1]]);
});

test('2 and 3 replicas (worker_threads) train as one process does, up to float summation order; no tensors left', async () => {
  const one = await trainWith(1);
  for (const workers of [2, 3]) {
    const many = await trainWith(workers);
    assert.equal(many.history.length, one.history.length);
    one.history.forEach((row, i) => {
      const d = Math.abs(row.loss - many.history[i].loss) / row.loss;
      assert.ok(d < 1e-4, `workers ${workers}, epoch ${i + 1}: loss ${many.history[i].loss} vs ${row.loss}`);
      assert.ok(Math.abs(row.val_loss! - many.history[i].val_loss!) / row.val_loss! < 1e-4, `workers ${workers}, epoch ${i + 1}: val_loss`);
    });
    const d = Math.max(...one.weights.map((w, i) => maxRelDiff(w, many.weights[i])));
    assert.ok(d < 1e-3, `workers ${workers}: weights differ by ${d} (relative)`);
    // The replicas really ran: partial sums added in another order leave some weight a few ulps apart.
    assert.ok(many.weights.some((w, i) => w.some((v, j) => v !== one.weights[i][j])), `workers ${workers}: bit-identical to one process`);
    assert.equal(many.leaked, 0, `workers ${workers}: tensors leaked`);
  }
  // A last batch of 26 over 3 replicas (9, 9, 8) and Huber: still one process's result.
  const h1 = await trainWith(1, { train: sequences(58, 7), lossFn: { huber: 0.5 } });
  const h3 = await trainWith(3, { train: sequences(58, 7), lossFn: { huber: 0.5 } });
  assert.ok(Math.abs(h1.history[2].loss - h3.history[2].loss) / h1.history[2].loss < 1e-4, 'huber, uneven parts');
});

test('replicas draw dropout masks from their own seeds; bad options are named errors', async () => {
  const json = JSON.stringify(model(0.2).toJSON(undefined, false));
  const seeds = (j: string) => (JSON.parse(j).config.layers as { class_name: string; config: { seed: number } }[]).filter((l) => l.class_name === 'SeqSentryDropout').map((l) => l.config.seed);
  assert.ok(seeds(json).length > 0);
  assert.deepEqual(seeds(replicaJson(json, 2)), seeds(json).map((s) => s + 2 * 7919));
  const m = model();
  await assert.rejects(trainAutoencoder(m, options({ workers: 0 })), /workers must be an integer ≥ 1, got 0/);
  await assert.rejects(trainAutoencoder(m, options({ workers: 2, lossFn: (x, r) => tf.mean(tf.abs(tf.sub(x, r)), [1, 2]) })), /workers > 1 needs a named lossFn/);
  await assert.rejects(trainAutoencoder(m, options({ workers: 2, resample: () => sequences(90, 1) })), /cannot resample/);
  m.dispose();
});
