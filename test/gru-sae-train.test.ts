import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { tf, initEngine, loadModel, readModelMetadata, type HostArray } from '../lib/engine';
import { saveNpy } from '../lib/io/npy';
import { createRng } from '../lib/random';
import { GRU_SAE_DEFAULTS, type GruSaeConfig } from '../lib/gru-sae/config';
import { buildGruSae, latentModel, LATENT_LAYER, type GruSaeOptions } from '../lib/models/gru-sae';
import { trainStage } from '../lib/gru-sae/03-train';
import { trainAutoencoder } from '../lib/train';

before(async () => {
  await initEngine({ force: 'wasm', quiet: true });
});

const T = 6;
const F = 5;
const tiny: GruSaeOptions = { inputDim: F, seqLen: T, encoderUnits: [8, 4], decoderUnits: [4, 8], dropout: 0, seed: 3 };

/** Smooth periodic sequences with random phase, plus a little noise: [n, T, F]. */
function sequences(n: number, seed: number): HostArray {
  const rng = createRng(seed);
  const data = new Float32Array(n * T * F);
  for (let i = 0; i < n; i++) {
    const phase = rng.uniform(0, 2 * Math.PI);
    for (let t = 0; t < T; t++) for (let f = 0; f < F; f++) data[(i * T + t) * F + f] = Math.sin(phase + 0.7 * t + f) + 0.05 * rng.normal();
  }
  return { data, shape: [n, T, F] };
}

// ---------- model ----------

test('buildGruSae: [batch, T, F] → [batch, T, F]; latent layer; silent; seeded', async () => {
  const warn = console.warn;
  const warnings: unknown[] = [];
  console.warn = (...a: unknown[]) => void warnings.push(a);
  let big: tf.LayersModel;
  try {
    big = buildGruSae({ inputDim: 32, seqLen: 10, encoderUnits: [32, 16], decoderUnits: [16, 32], dropout: 0.1, seed: 1 });
  } finally {
    console.warn = warn;
  }
  assert.deepEqual(warnings, [], 'pure and silent (no orthogonal-initialiser warning)');
  assert.deepEqual(big.outputs[0].shape, [null, 10, 32]);
  assert.deepEqual(big.getLayer(LATENT_LAYER).outputShape, [null, 16]);
  assert.ok(big.layers.some((l) => l.getClassName() === 'SeqSentryDropout'));
  assert.ok(!big.layers.some((l) => l.getClassName() === 'TimeDistributed'));
  // FastGRU by default: Keras reset_after parameter count 3·U·(D + U + 2) per layer.
  assert.equal(big.getLayer(LATENT_LAYER).getClassName(), 'SeqSentryFastGRU');
  assert.equal(big.getLayer(LATENT_LAYER).countParams(), 3 * 16 * (32 + 16 + 2));
  big.dispose();
  const stock = buildGruSae({ ...tiny, recurrentLayer: 'tfjs' });
  assert.equal(stock.getLayer(LATENT_LAYER).getClassName(), 'GRU');
  stock.dispose();
  assert.throws(() => buildGruSae({ ...tiny, recurrentLayer: 'lstm' as 'fast' }), /recurrentLayer must be "fast" or "tfjs"/);

  const a = buildGruSae(tiny);
  const b = buildGruSae(tiny);
  const c = buildGruSae({ ...tiny, seed: 4 });
  const flat = (m: tf.LayersModel) => m.getWeights().flatMap((w) => Array.from(w.dataSync()));
  assert.deepEqual(flat(a), flat(b), 'same seed, same initial weights');
  assert.notDeepEqual(flat(a), flat(c));
  assert.ok(!a.layers.some((l) => l.getClassName() === 'SeqSentryDropout'), 'dropout 0 adds no layer');
  const x = tf.ones([3, T, F]);
  const y = a.predict(x) as tf.Tensor;
  assert.deepEqual(y.shape, [3, T, F]);
  const enc = latentModel(a);
  const z = enc.predict(x) as tf.Tensor;
  assert.deepEqual(z.shape, [3, 4]);
  tf.dispose([x, y, z]);
  [a, b, c].forEach((m) => m.dispose());
});

test('buildGruSae rejects bad options by name', () => {
  assert.throws(() => buildGruSae({ ...tiny, inputDim: 0 }), /inputDim must be a positive integer, got 0/);
  assert.throws(() => buildGruSae({ ...tiny, seqLen: 2.5 }), /seqLen must be a positive integer/);
  assert.throws(() => buildGruSae({ ...tiny, encoderUnits: [] }), /encoderUnits must be a non-empty list of positive integers, got \[\]/);
  assert.throws(() => buildGruSae({ ...tiny, decoderUnits: [8, -1] }), /decoderUnits/);
  assert.throws(() => buildGruSae({ ...tiny, dropout: 1 }), /dropout must be a number in \[0, 1\), got 1/);
  const dense = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 2 })] });
  assert.throws(() => latentModel(dense), /has no layer named "latent"/);
  dense.dispose();
});

test('the shared loop trains a GRU-SAE (loss falls, no tensor leak, dropout on)', async () => {
  const model = buildGruSae({ ...tiny, dropout: 0.1 });
  const before = tf.memory().numTensors;
  const r = await trainAutoencoder(model, {
    train: sequences(128, 1), val: sequences(64, 2), epochs: 6, batchSize: 32, learningRate: 0.01, clipnorm: 1,
    stopping: { strategy: 'standard', patience: 3 }, seed: 1,
  });
  assert.equal(tf.memory().numTensors, before);
  const first = r.history[0];
  const best = r.history[r.bestEpoch - 1];
  assert.ok(best.val_loss < first.val_loss * 0.8, `val_loss fell: ${r.history.map((h) => h.val_loss.toFixed(4))}`);
  assert.ok(r.history.at(-1)!.loss < first.loss);
  model.dispose();
});

// ---------- stage 3 ----------

function tmpRun(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'gru-sae-train-'));
}

/** Encoded artefacts of stage 2: the last `attacks` windows of each split have y_any = 1. */
function writeEncoded(dir: string, sizes: { train: number; val: number }, attacks: { train: number; val: number }): void {
  const enc = path.join(dir, 'encoded');
  for (const split of ['train', 'val'] as const) {
    const x = sequences(sizes[split], split === 'train' ? 1 : 2);
    const y = new Uint8Array(sizes[split]);
    for (let i = sizes[split] - attacks[split]; i < sizes[split]; i++) {
      y[i] = 1;
      x.data.fill(9, i * T * F, (i + 1) * T * F); // attack windows are far off: they must not be trained on
    }
    saveNpy(path.join(enc, `X_${split}.npy`), x);
    saveNpy(path.join(enc, `y_any_${split}.npy`), { data: y, shape: [sizes[split]] });
  }
}

function stageConfig(out: string, over: Partial<GruSaeConfig['train']> = {}): GruSaeConfig {
  const cfg = structuredClone(GRU_SAE_DEFAULTS);
  cfg.out = out;
  cfg.seed = 5;
  cfg.model = { ...cfg.model, encoder_units: [8, 4], decoder_units: [4, 8], dropout: 0.1 };
  cfg.train = { ...cfg.train, epochs: 3, batch_size: 32, learning_rate: 0.01, max_train: 60, max_val: 30, ...over };
  return cfg;
}

test('trainStage: benign windows only, sampled to max_train / max_val; writes model/best, model/final, history.json, metadata.json', async () => {
  const dir = tmpRun();
  try {
    writeEncoded(dir, { train: 100, val: 50 }, { train: 20, val: 10 });
    const lines: string[] = [];
    const epochs: number[] = [];
    const before = tf.memory().numTensors;
    const r = await trainStage(stageConfig(dir), { log: (l) => lines.push(l), progress: false, onEpoch: (row) => void epochs.push(row.epoch) });
    assert.equal(tf.memory().numTensors, before, 'the stage disposes its model');
    assert.deepEqual(r.rows, { train_total: 100, train_benign: 80, train_used: 60, val_total: 50, val_benign: 40, val_used: 30 });
    assert.deepEqual(epochs, [1, 2, 3]);
    assert.match(lines[0], /60 benign training windows \(of 80 benign, 100 total\), 30 benign validation windows; windows \[6, 5\]/);
    for (const f of ['model/best/model.json', 'model/best/weights.bin', 'model/final/model.json', 'model/final/weights.bin', 'history.json', 'metadata.json']) {
      assert.ok(fs.existsSync(path.join(dir, f)), `${f} written`);
    }
    const history = JSON.parse(fs.readFileSync(path.join(dir, 'history.json'), 'utf8'));
    assert.equal(history.length, 3);
    assert.deepEqual(Object.keys(history[0]), ['epoch', 'loss', 'val_loss', 'seconds', 'lr']);
    const meta = JSON.parse(fs.readFileSync(path.join(dir, 'metadata.json'), 'utf8'));
    assert.equal(meta.model.parameters, r.parameters);
    assert.ok(meta.model.layers.some((l: { name: string }) => l.name === 'latent'));
    assert.equal(meta.backend.choice, 'wasm');
    assert.equal(meta.training.best_epoch, r.bestEpoch);
    assert.equal(meta.config.train.max_train, 60);
    assert.ok(meta.seconds.per_epoch > 0);
    // The attack windows (all 9s) would dominate the loss if they were trained or validated on.
    assert.ok(r.bestValLoss < 1, `benign-only validation loss ${r.bestValLoss}`);

    const best = await loadModel(path.join(dir, 'model', 'best'));
    const x = tf.zeros([2, T, F]);
    const y = best.predict(x) as tf.Tensor;
    assert.deepEqual(y.shape, [2, T, F]);
    const z = latentModel(best).predict(x) as tf.Tensor;
    assert.deepEqual(z.shape, [2, 4]);
    tf.dispose([x, y, z]);
    best.dispose();
    const bestMeta = readModelMetadata(path.join(dir, 'model', 'best'));
    assert.equal(bestMeta.which, 'best');
    assert.equal(bestMeta.epoch, r.bestEpoch);
    assert.equal(readModelMetadata(path.join(dir, 'model', 'final')).epoch, 3);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('trainStage: clear errors for missing stage-2 artefacts, no benign windows, bad config', async () => {
  const dir = tmpRun();
  try {
    await assert.rejects(trainStage(stageConfig(dir), { log: () => {}, progress: false }), (err: Error) => {
      assert.match(err.message, /lacks X_train\.npy, y_any_train\.npy, X_val\.npy, y_any_val\.npy/);
      // The full rebuild command (preset and overrides included) is the pipeline's resume check: run-layer.test.ts.
      assert.match(err.message, /run stage 2 \(encode\) first/);
      return true;
    });
    writeEncoded(dir, { train: 10, val: 10 }, { train: 10, val: 0 });
    await assert.rejects(trainStage(stageConfig(dir), { log: () => {}, progress: false }), /no benign train windows: all 10 windows of X_train\.npy contain an attack/);
    writeEncoded(dir, { train: 10, val: 10 }, { train: 0, val: 10 });
    await assert.rejects(trainStage(stageConfig(dir), { log: () => {}, progress: false }), /no benign val windows/);
    await assert.rejects(trainStage(stageConfig(dir, { max_train: 0 }), { log: () => {}, progress: false }), /"train\.max_train" must be an integer ≥ 1 or null/);
    const badStop = stageConfig(dir);
    badStop.train.stopping.strategy = 'eventually';
    await assert.rejects(trainStage(badStop, { log: () => {}, progress: false }), /train\.stopping\.strategy "eventually" is unknown/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
