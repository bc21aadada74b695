import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import test from 'node:test';
import { initEngine, loadModel, tf } from '../lib/engine';
import { resolveL1Config } from '../lib/l1/config';
import { buildL1Model, embeddingModel, EMBEDDING_LAYER } from '../lib/models/conv1d-ae';
import { runL1 } from '../lib/l1/run';
import { loadDetector, reconstructionScores, samplesFromSeries } from '../lib/detectors';
import { loadNpy } from '../lib/io/npy';
import { loadL1Data } from '../lib/l1/01-inputs/data';
import { transformStandard } from '../lib/features';
import { syntheticL1Data, toCsv } from '../lib/l1/01-inputs/synthetic';

/** The synthetic series written as SMD-style CSV files the run has never seen; `testF` ≠ F makes a mismatch. */
function synthetic(dir: string, opts: { F?: number; testF?: number } = {}) {
  const d = syntheticL1Data({ features: opts.F ?? 4 });
  const t = opts.testF ? syntheticL1Data({ features: opts.testF }) : d;
  const files = { train: path.join(dir, 'train.csv'), test: path.join(dir, 'test.csv'), labels: path.join(dir, 'labels.csv') };
  fs.writeFileSync(files.train, toCsv(d.train.data, d.train.names.length));
  fs.writeFileSync(files.test, toCsv(t.test.data, t.test.names.length));
  fs.writeFileSync(files.labels, toCsv(d.labels, 1));
  return files;
}

const TINY = {
  'preprocess.window': 16, 'model.filters': [8, 8, 8, 8], 'train.epochs': 2, 'train.steps_per_epoch': 4, 'train.batch_size': 32, 'train.val_steps': 1,
  'eval.vus_max_window': 10, 'eval.baselines.fit_windows': 200, 'eval.baselines.iforest_trees': 20, 'finetune.epochs': 1, 'finetune.margin': 16,
  'clusters.sample': 150, 'clusters.min_cluster_size': 10, 'clusters.min_samples': 5,
};

test('buildL1Model: [batch, T, F] → [batch, T, F], En4 embedding of the last encoder width, seeded; scoring leaks no tensors', async () => {
  await initEngine();
  const m = buildL1Model({ window: 16, features: 3, seed: 1, filters: [8, 8, 6, 4] });
  assert.deepEqual(m.outputs[0].shape, [null, 16, 3]);
  const emb = embeddingModel(m);
  assert.deepEqual(emb.outputs[0].shape, [null, 4]);
  assert.ok(m.getLayer(EMBEDDING_LAYER));
  const data = Float32Array.from({ length: 40 * 3 }, (_, i) => Math.sin(i));
  const before = tf.memory().numTensors;
  const s = await reconstructionScores(m, samplesFromSeries({ data, F: 3 }, 16), { batchSize: 8, reduction: 'feature_mean' });
  assert.equal(s.errors.length, 25);
  assert.equal(tf.memory().numTensors, before);
  const x = tf.tensor(data.slice(5 * 3, (5 + 16) * 3), [1, 16, 3]);
  const direct = tf.tidy(() => tf.mean(tf.squaredDifference(m.predict(x) as tf.Tensor, x)).dataSync()[0]);
  assert.ok(Math.abs(s.errors[5] - direct) < 1e-5, `streamed ${s.errors[5]} vs direct ${direct}`);
  const again = buildL1Model({ window: 16, features: 3, seed: 1, filters: [8, 8, 6, 4] });
  assert.deepEqual(await again.getWeights()[0].data(), await m.getWeights()[0].data());
  assert.throws(() => buildL1Model({ window: 16, features: 3, seed: 1, norm: 'group' as 'layer' }), /norm must be/);
  x.dispose();
  m.dispose();
  again.dispose();
});

test('runL1 on unseen CSV files: every artefact of the run folder, flat metrics keys, loadable models', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'l1-run-'));
  const files = synthetic(dir);
  const out = path.join(dir, 'run');
  const cfg = resolveL1Config({ preset: 'default', overrides: { ...TINY, 'data.train': files.train, 'data.test': files.test, 'data.labels': files.labels } });
  const r = await runL1(cfg, out, { log: () => {} });
  for (const f of [
    'model/model.json', 'std_mean.npy', 'std_scale.npy', 'preprocessing_config.json', 'hyperparams.json', 'train_history.json', 'train_curve.png',
    'ar_values.json', 'diagnostics.json', 'event_metrics_val.json', 'event_metrics_final.json', 'per_feature_errors_val.json', 'per_feature_errors_final.json',
    'hist_reconstruction_error_val.png', 'hist_reconstruction_error_final.png', 'hdbscan_idx_subset.npy', 'hdbscan_labels_subset.npy',
    'hdbscan_cluster_stats.json', 'hdbscan_pca_subset.png', 'summary.txt', 'config.json', 'metrics.json', 'report.html',
    'finetuned/model/model.json', 'finetuned/finetune_info.json', 'finetuned/compare_before_after.json',
    'finetuned/event_metrics_val_after_ft.json', 'finetuned/event_metrics_final_after_ft.json',
  ]) assert.ok(fs.existsSync(path.join(out, f)), `missing ${f}`);
  for (const d of ['pca', 'iforest', 'kmeans', 'knn', 'hbos']) assert.ok(fs.existsSync(path.join(out, 'detectors', d, 'detector.json')), `missing detectors/${d}`);
  assert.ok(fs.readdirSync(out).some((f) => /^hist_feature_f\d\.png$/.test(f)));
  const m = JSON.parse(fs.readFileSync(path.join(out, 'metrics.json'), 'utf8'));
  for (const k of ['conv1d_ae.test.vus_pr', 'conv1d_ae.test.event_recall@budget0.04', 'conv1d_ae.test.attack_ratio', 'conv1d_ae.val.event_recall@budget0.04',
    'conv1d_ae_ft.test.vus_pr', 'conv1d_ae_ft.test.event_recall@budget0.04', 'pca.test.vus_pr', 'iforest.test.roc_auc', 'kmeans.test.vus_pr', 'knn.test.vus_pr', 'hbos.test.vus_pr', 'random.test.vus_pr']) {
    assert.equal(typeof m[k], 'number', k);
  }
  assert.deepEqual(m, r.metrics);
  // The shifts are obvious: the autoencoder must rank attack windows above normal ones.
  assert.ok(m['conv1d_ae.test.roc_auc'] > 0.8, `roc_auc ${m['conv1d_ae.test.roc_auc']}`);
  assert.ok(Object.keys(m).every((k) => /^(counts|[a-z0-9_]+)\.(train|val|test)\.[a-z0-9_]+(@[a-z0-9_.]+)?$/.test(k)), 'one key scheme <detector>.<split>.<metric>[@<param>]');
  const pre = JSON.parse(fs.readFileSync(path.join(out, 'preprocessing_config.json'), 'utf8'));
  assert.deepEqual(pre.clip_range, [-8, 8]);
  assert.equal(pre.window_size, 16);
  assert.equal(pre.error_metric, 'mse_window_mean');
  assert.equal(pre.feature_names.length, 4);
  const info = JSON.parse(fs.readFileSync(path.join(out, 'finetuned/finetune_info.json'), 'utf8'));
  assert.ok(info.windows > 0);
  const loaded = await loadModel(path.join(out, 'finetuned/model'));
  assert.deepEqual(loaded.outputs[0].shape, [null, 16, 4]);
  loaded.dispose();
  // The saved detector and the preprocessing it carries reproduce the run's window errors bit for bit.
  const det = await loadDetector(path.join(out, 'model'));
  const p = det.describe().preprocessing as { mean: number[]; scale: number[]; clip_range: [number, number] };
  const test = loadL1Data(files).test;
  const z = transformStandard(test.data, { mean: p.mean, scale: p.scale, nSamples: 0 }, { clip: p.clip_range[1] });
  const errors = loadNpy(path.join(out, 'window_errors.npy')).data;
  assert.deepEqual(await det.score(samplesFromSeries({ data: z, F: 4 }, 16)), errors);
  det.dispose();
  assert.ok(!fs.readdirSync(dir).some((f) => f.includes('.tmp-')), 'no temp folder left behind');
});

test('runL1: mismatched feature counts fail before anything is written', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'l1-bad-'));
  const files = synthetic(dir, { F: 4, testF: 5 });
  const out = path.join(dir, 'run');
  const cfg = resolveL1Config({ preset: 'default', overrides: { ...TINY, 'data.train': files.train, 'data.test': files.test, 'data.labels': files.labels } });
  await assert.rejects(runL1(cfg, out, { log: () => {} }), /feature count mismatch/);
  assert.deepEqual(fs.readdirSync(dir).sort(), ['labels.csv', 'test.csv', 'train.csv']);
  // One-class test labels: refused before training, nothing left behind.
  const good = synthetic(dir);
  fs.writeFileSync(good.labels, '0\n'.repeat(700));
  const oneClass = resolveL1Config({ preset: 'default', overrides: { ...TINY, 'data.train': good.train, 'data.test': good.test, 'data.labels': good.labels } });
  await assert.rejects(runL1(oneClass, out, { log: () => {} }), /only one class/);
  assert.deepEqual(fs.readdirSync(dir).sort(), ['labels.csv', 'test.csv', 'train.csv']);
});
