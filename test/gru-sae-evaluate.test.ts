import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { tf, initEngine, saveModel } from '../lib/engine';
import { DETECTOR_FORMAT, GRU_SAE_DETECTOR_DEFAULTS, writeDescription } from '../lib/detectors';
import { GRU_SAE_DEFAULTS, type GruSaeConfig } from '../lib/gru-sae/config';
import { evaluateStage } from '../lib/gru-sae/04-evaluate';
import { saveNpy } from '../lib/io/npy';
import { readCsv, columnAsFloat64 } from '../lib/io/tables';
import { createRng } from '../lib/random';

const T = 5;
const F = 4;
/** Benign rows live in the plane of u1, u2; attack rows step off it along w. */
const U = [[0.5, 0.5, 0.5, 0.5], [0.5, -0.5, 0.5, -0.5]];
const W = [0.5, 0.5, -0.5, -0.5];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'seqsentry-evaluate-'));

before(async () => {
  await initEngine({ force: 'wasm', quiet: true });
});
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Rows of one split (attack rows where `attack(i)`), windowed with stride 1 and saved as stage 2 would. */
function writeSplit(dir: string, split: string, nRows: number, attack: (i: number) => boolean, seed: number): void {
  const rng = createRng(seed);
  const rowsData = new Float32Array(nRows * F);
  const rowLabel = new Uint8Array(nRows);
  for (let i = 0; i < nRows; i++) {
    const a = rng.normal() * 2, b = rng.normal();
    const off = attack(i) ? 4 + rng.next() : 0;
    rowLabel[i] = off > 0 ? 1 : 0;
    for (let j = 0; j < F; j++) rowsData[i * F + j] = a * U[0][j] + b * U[1][j] + off * W[j] + 0.05 * rng.normal();
  }
  const n = nRows - T + 1;
  const X = new Float32Array(n * T * F);
  const y = new Uint8Array(n);
  const yAny = new Uint8Array(n);
  const t = new Float64Array(n);
  for (let w = 0; w < n; w++) {
    X.set(rowsData.subarray(w * F, (w + T) * F), w * T * F);
    y[w] = rowLabel[w + T - 1];
    yAny[w] = rowLabel.subarray(w, w + T).some((v) => v === 1) ? 1 : 0;
    t[w] = 1.7e12 + (w + T - 1) * 1000;
  }
  const enc = path.join(dir, 'encoded');
  saveNpy(path.join(enc, `X_${split}.npy`), { data: X, shape: [n, T, F] });
  saveNpy(path.join(enc, `y_${split}.npy`), { data: y, shape: [n] });
  saveNpy(path.join(enc, `y_any_${split}.npy`), { data: yAny, shape: [n] });
  saveNpy(path.join(enc, `t_${split}.npy`), { data: t, shape: [n] });
}

/** A fixed linear autoencoder [T, F] → [T, F] projecting each step onto the benign plane (no training needed). */
async function writeModel(dir: string): Promise<void> {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ units: 2, useBias: false, inputShape: [T, F] }),
      tf.layers.dense({ units: F, useBias: false }),
    ],
  });
  const enc = tf.tensor2d([0, 1, 2, 3].map((j) => [U[0][j], U[1][j]]));
  const dec = tf.tensor2d(U);
  model.layers[0].setWeights([enc]);
  model.layers[1].setWeights([dec]);
  await saveModel(model, path.join(dir, 'model', 'best'));
  // Stage 4 loads model/best through the detector contract: its detector.json says what it is.
  writeDescription(path.join(dir, 'model', 'best'), { format: DETECTOR_FORMAT, kind: 'gru_sae', config: GRU_SAE_DETECTOR_DEFAULTS, input: { shape: [T, F] }, preprocessing: null, facts: {} });
  tf.dispose([enc, dec]);
  model.dispose();
}

async function runFolder(name: string): Promise<string> {
  const dir = path.join(tmp, name);
  writeSplit(dir, 'train', 400, (i) => i % 97 === 50, 1); // a few attack rows: their windows must not reach the baselines
  writeSplit(dir, 'val', 200, (i) => i >= 120 && i < 135, 2);
  writeSplit(dir, 'test', 260, (i) => (i >= 100 && i < 120) || (i >= 200 && i < 206), 3);
  await writeModel(dir);
  return dir;
}

function config(dir: string): GruSaeConfig {
  const cfg = structuredClone(GRU_SAE_DEFAULTS);
  return { ...cfg, out: dir, seed: 5, eval: { ...cfg.eval, vus_max_window: 8, batch_size: 64 }, baselines: { ...cfg.baselines, pca_components: 10, iforest_trees: 50 } };
}

const quiet = { log: () => {} };

test('evaluateStage: one flat record for gru_sae, the classical baselines (pca, iforest, kmeans, knn, hbos) and the random control; validation thresholds; score CSVs', async () => {
  const dir = await runFolder('ok');
  const before = tf.memory().numTensors;
  const res = await evaluateStage(config(dir), quiet);
  assert.equal(tf.memory().numTensors, before, 'scoring leaks no tensors');
  const metrics = JSON.parse(fs.readFileSync(path.join(dir, 'metrics.json'), 'utf8')) as Record<string, number>;
  assert.deepEqual(metrics, res.record);
  assert.ok(Object.values(metrics).every((v) => typeof v === 'number' && Number.isFinite(v)));
  const all = ['gru_sae', 'pca', 'iforest', 'kmeans', 'knn', 'hbos', 'random'];
  for (const d of all) {
    for (const m of ['roc_auc', 'average_precision', 'vus_pr', 'f1@val_q0.99', 'f1@val_best_f1', 'event_f1@budget0.04', 'threshold@val_q0.99', 'ttd_median_s@budget0.04']) {
      assert.ok(`${d}.test.${m}` in metrics, `missing ${d}.test.${m}`);
    }
  }
  assert.ok(!Object.keys(metrics).some((k) => /^(gru_sae|pca|iforest|kmeans|knn|hbos)\.test\.random\./.test(k)), 'the control appears once, as random.test.*');
  for (const k of ['attack_ratio', 'attack_ratio_any', 'attack_ratio_trimmed']) assert.ok(metrics[`gru_sae.test.${k}`] > 1, k);
  for (const d of ['gru_sae', 'pca', 'iforest', 'kmeans', 'knn', 'hbos']) assert.ok(metrics[`${d}.test.roc_auc`] > 0.9, `${d} AUC ${metrics[`${d}.test.roc_auc`]}`);
  assert.ok(Math.abs(metrics['random.test.roc_auc'] - 0.5) < 0.2);
  assert.equal(metrics['counts.test.windows'], 256);
  assert.ok(metrics['counts.train.benign'] < 396);
  for (const d of ['pca', 'iforest', 'kmeans', 'knn', 'hbos']) assert.equal(metrics[`${d}.train.fit_windows`], metrics['counts.train.benign'], `${d} fits on every benign training window`);

  const thresholds = JSON.parse(fs.readFileSync(path.join(dir, 'thresholds.json'), 'utf8'));
  assert.deepEqual(Object.keys(thresholds), all);
  for (const d of Object.keys(thresholds)) {
    assert.equal(thresholds[d]['val_q0.99'], metrics[`${d}.test.threshold@val_q0.99`], d);
    assert.equal(thresholds[d].val_best_f1, metrics[`${d}.test.threshold@val_best_f1`], d);
  }

  for (const split of ['val', 'test']) {
    const file = path.join(dir, 'scores', `${split}.csv`);
    const df = readCsv(file);
    assert.deepEqual(df.columns, ['index', 't_ms', 'label', 'label_any', ...all, ...all.map((d) => `${d}_pred`)]);
    assert.equal(df.height, metrics[`counts.${split}.windows`]);
    for (const d of all.slice(0, -1)) {
      const s = columnAsFloat64(df, d);
      const p = columnAsFloat64(df, `${d}_pred`);
      assert.ok(s.every((v, i) => p[i] === (v >= thresholds[d]['val_q0.99'] ? 1 : 0)), `${split} ${d}_pred`);
    }
  }
  assert.match(res.summary.table, /^detector .*\ngru_sae .*\npca .*\niforest .*\nkmeans .*\nknn .*\nhbos .*\nrandom /);
  assert.equal(res.summary.rows.length, 7);
});

test('evaluateStage: thresholds come from validation only (relabelled test → same thresholds.json)', async () => {
  const dir = await runFolder('relabel');
  await evaluateStage(config(dir), quiet);
  const first = fs.readFileSync(path.join(dir, 'thresholds.json'), 'utf8');
  const auc = JSON.parse(fs.readFileSync(path.join(dir, 'metrics.json'), 'utf8'))['gru_sae.test.roc_auc'];
  const yFile = path.join(dir, 'encoded', 'y_test.npy');
  const y = new Uint8Array(256);
  for (let i = 0; i < 256; i += 7) y[i] = 1;
  saveNpy(yFile, { data: y, shape: [256] });
  await evaluateStage(config(dir), quiet);
  assert.equal(fs.readFileSync(path.join(dir, 'thresholds.json'), 'utf8'), first);
  assert.notEqual(JSON.parse(fs.readFileSync(path.join(dir, 'metrics.json'), 'utf8'))['gru_sae.test.roc_auc'], auc);
});

test('evaluateStage: missing artefacts and a single-class test split are clear errors', async () => {
  const dir = await runFolder('broken');
  fs.rmSync(path.join(dir, 'model'), { recursive: true });
  fs.rmSync(path.join(dir, 'encoded', 'X_val.npy'));
  await assert.rejects(evaluateStage(config(dir), quiet), (err: Error) => {
    assert.match(err.message, /X_val\.npy \(stage 2 encode\)/);
    assert.match(err.message, /model\.json \(stage 3 train\)/);
    return true;
  });
  const single = await runFolder('single');
  saveNpy(path.join(single, 'encoded', 'y_test.npy'), { data: new Uint8Array(256), shape: [256] });
  await assert.rejects(evaluateStage(config(single), quiet), /test split holds only benign windows.*test_campaigns/s);
  assert.ok(!fs.existsSync(path.join(single, 'metrics.json')), 'nothing written on failure');
});
