import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadClassifier } from '../lib/detectors';
import { initEngine, loadModel, readModelMetadata, tf } from '../lib/engine';
import { evaluateClassifier } from '../lib/nids/02-train-evaluate/evaluate';
import { readJson } from '../lib/io/files';
import { createRng } from '../lib/random';
import { resolveNidsConfig } from '../lib/nids/config';
import { saveLabelIndexer } from '../lib/nids/01-prepare/indexer';
import { writePreparedParquet } from '../lib/nids/01-prepare/parquet';
import { runNids } from '../lib/nids/run';

before(async () => {
  await initEngine({ force: 'wasm', quiet: true });
});

/** A prepared set in the original schema: 3 Gaussian blobs, class 0 "BENIGN". */
function writePreparedSet(dir: string): void {
  const rng = createRng(9);
  const make = (n: number) => {
    const y = Int32Array.from({ length: n }, () => rng.int(0, 2));
    const x = Float32Array.from({ length: n * 5 }, (_, i) => rng.normal() * 0.6 + (i % 5 === y[Math.floor(i / 5)] ? 2.5 : 0));
    return { x, y, w: new Float32Array(n).fill(1), n };
  };
  writePreparedParquet(path.join(dir, 'train_df.parquet'), make(400), 5);
  writePreparedParquet(path.join(dir, 'val_df.parquet'), make(100), 5);
  writePreparedParquet(path.join(dir, 'test_df.parquet'), make(100), 5);
  saveLabelIndexer(path.join(dir, 'label_indexer.json'), { labels: ['BENIGN', 'DoS', 'PortScan'], counts: null, stringOrderType: 'frequencyDesc', inputCol: 'Label', outputCol: 'label' });
}

test('runNids on a prepared parquet set (path flags): every output in the run folder, flat metrics with the binary view and baselines; a bad run leaves the folder as it was', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'seqsentry-nids-run-'));
  const data = path.join(root, 'prepared');
  fs.mkdirSync(data);
  writePreparedSet(data);
  const out = path.join(root, 'run');
  const cfg = resolveNidsConfig({
    env: {}, preset: 'default',
    overrides: { train_path: path.join(data, 'train_df.parquet'), output_dir: out, epochs: 3, hidden_size: 8, batch_size: 64, progress: false, 'baselines.softmax_epochs': 2 },
  });
  const lines: string[] = [];
  const before = tf.memory().numTensors;
  const r = await runNids(cfg, { log: (l) => lines.push(l) });
  assert.equal(tf.memory().numTensors, before, 'the run disposes its models');
  for (const f of ['best_model/model.json', 'model_info.json', 'training_history.json', 'training_history.png', 'confusion_matrix.json', 'confusion_matrix.png',
    'classification_report.json', 'experiment_summary.json', 'metrics.json', 'report.html', 'config.json', 'label_indexer.json']) {
    assert.ok(fs.existsSync(path.join(out, f)), `${f} written`);
  }
  const metrics = readJson<Record<string, number>>(path.join(out, 'metrics.json'));
  for (const k of ['gru_classifier.test.macro_f1', 'gru_classifier.test.weighted_f1', 'gru_classifier.test.accuracy', 'gru_classifier.test.binary_roc_auc', 'softmax_regression.test.weighted_f1', 'majority.test.accuracy']) {
    assert.equal(typeof metrics[k], 'number', k);
  }
  assert.ok(metrics['gru_classifier.test.accuracy'] > metrics['majority.test.accuracy']);
  const report = readJson<Record<string, { support?: number; 'f1-score'?: number }>>(path.join(out, 'classification_report.json'));
  assert.deepEqual(Object.keys(report), ['BENIGN', 'DoS', 'PortScan', 'accuracy', 'macro avg', 'weighted avg']);
  // Per-class F1 in the record too (the rare classes' F1 sit beside the macro average in every suite job).
  for (const [name, key] of [['BENIGN', 'benign'], ['DoS', 'dos'], ['PortScan', 'portscan']]) assert.equal(metrics[`gru_classifier.test.f1@${key}`], report[name]['f1-score'], name);
  assert.equal(typeof metrics['softmax_regression.test.f1@portscan'], 'number');
  const cm = readJson<{ class_names: string[]; matrix: number[][] }>(path.join(out, 'confusion_matrix.json'));
  assert.equal(cm.matrix.flat().reduce((a, b) => a + b, 0), 100);
  const html = fs.readFileSync(path.join(out, 'report.html'), 'utf8');
  assert.ok(html.includes('Baselines on the same split') && !/<script[^>]+src=/.test(html), 'offline report');
  assert.deepEqual(readModelMetadata(path.join(out, 'best_model')).class_names, ['BENIGN', 'DoS', 'PortScan']);
  const loaded = await loadModel(path.join(out, 'best_model'));
  assert.equal(loaded.countParams(), r.trained.model.countParams());
  loaded.dispose();
  // The saved classifier reproduces the test evaluation exactly, and carries its label indexer.
  const clf = await loadClassifier(path.join(out, 'best_model'));
  const d = r.prepared.data;
  assert.deepEqual(evaluateClassifier(await clf.predictProba(d.test), d.indexer.labels, d.benignIndex).metrics, r.evaluation.test.metrics);
  assert.deepEqual((clf.describe().preprocessing as { label_indexer: { labels: string[] } }).label_indexer.labels, ['BENIGN', 'DoS', 'PortScan']);
  clf.dispose();
  assert.ok(lines.some((l) => l.startsWith('--- EPOCH 3/3 ---')));
  assert.equal(readJson<{ scoring: { flows_per_s: number } }>(path.join(out, 'experiment_summary.json')).scoring.flows_per_s > 0, true);

  // Refused runs (a missing input, an output folder holding the input) leave the folder as it was.
  const stamp = fs.statSync(path.join(out, 'metrics.json')).mtimeMs;
  const bad = resolveNidsConfig({ env: {}, preset: 'default', overrides: { train_path: path.join(data, 'train_df.parquet'), test_path: path.join(data, 'nope.parquet'), output_dir: out, epochs: 1 } });
  await assert.rejects(runNids(bad, { log: () => {} }), /test file \(--test-path\) not found/);
  assert.equal(fs.statSync(path.join(out, 'metrics.json')).mtimeMs, stamp);
  const inside = resolveNidsConfig({ env: {}, preset: 'default', overrides: { train_path: path.join(data, 'train_df.parquet'), output_dir: root, epochs: 1 } });
  await assert.rejects(runNids(inside, { log: () => {} }), /holds an input of this run .*choose another --out/);
  assert.equal(fs.statSync(path.join(out, 'metrics.json')).mtimeMs, stamp);
  fs.rmSync(root, { recursive: true, force: true });
});
