import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { tf, initEngine, loadModel } from '../lib/engine';
import { withDefaults, type DemoOptions } from '../lib/demo';
import { loadDetector, samplesFromArray } from '../lib/detectors';
import { loadScoresCsv } from '../lib/io/scores';
import { ensureDemoData, loadFlows, prepareFlows, labelCounts, runQuickstart, QUICKSTART_DEFAULTS } from '../lib/quickstart';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'seqsentry-quickstart-'));
const demo: DemoOptions = withDefaults({
  seed: 3,
  out: path.join(tmp, 'demo'),
  sysmon: { ...withDefaults().sysmon, files: 6, days: 2, events: 3000 },
  flows: { ...withDefaults().flows, rows: 2500, days: 2, bursts: 6 },
});

before(async () => {
  await initEngine({ force: 'wasm', quiet: true });
});

test('ensureDemoData generates once and reuses files made with the same options', async () => {
  const first = await ensureDemoData(demo);
  assert.equal(first.generated, true);
  const again = await ensureDemoData(demo);
  assert.equal(again.generated, false);
  const reseeded = await ensureDemoData({ ...demo, seed: 4 });
  assert.equal(reseeded.generated, true);
  assert.equal((await ensureDemoData(demo)).generated, true); // back to seed 3 for the tests below
  fs.rmSync(path.join(demo.out, 'sysmon', 'dataset-2.csv'));
  assert.equal((await ensureDemoData(demo)).generated, true, 'a manifest whose files are missing is not reused');
  fs.writeFileSync(path.join(demo.out, 'manifest.json'), '{ truncated');
  await assert.rejects(ensureDemoData(demo), /demo data manifest .*manifest\.json is not valid JSON/);
  assert.equal((await ensureDemoData(demo, true)).generated, true);
});

test('prepareFlows splits in time order and fits the scaler on benign training rows only', async () => {
  await ensureDemoData(demo);
  const df = loadFlows(demo.out);
  const counts = labelCounts(df);
  assert.equal(counts[0].category, 'BENIGN');
  assert.equal(counts.reduce((s, c) => s + c.count, 0), df.height);
  const p = prepareFlows(df, { train: 0.6, val: 0.2 });
  const f = p.columns.length;
  assert.ok(!p.columns.includes('Label') && !p.columns.includes('Dst Port') && !p.columns.includes('Timestamp'));
  assert.equal(p.scaler.nSamples, p.train.shape[0], 'scaler statistics come from the benign training rows');
  assert.equal(p.val.shape[0] + p.test.shape[0] + p.split.train[1], df.height);
  assert.ok(p.val.attack.some((a) => a === 1) && p.test.attack.some((a) => a === 1), 'attacks in val and test');
  // Scaled benign training rows are centred (before clipping, exactly; after ±8 clipping, nearly).
  for (let j = 0; j < f; j++) {
    let s = 0;
    for (let i = 0; i < p.train.shape[0]; i++) s += p.train.data[i * f + j];
    assert.ok(Math.abs(s / p.train.shape[0]) < 0.1, `feature ${p.columns[j]} mean ${s / p.train.shape[0]}`);
  }
  assert.ok(p.val.data.every(Number.isFinite) && p.test.data.every(Number.isFinite));
});

test('runQuickstart writes a complete run folder, a loadable model and leaks no tensors', async () => {
  const out = path.join(tmp, 'run');
  const before = tf.memory().numTensors;
  const lines: string[] = [];
  const { metrics, run } = await runQuickstart({ ...QUICKSTART_DEFAULTS, epochs: 8, out }, demo, (l) => lines.push(l));
  assert.equal(tf.memory().numTensors, before, 'tensors leaked');
  for (const f of ['config.json', 'metrics.json', 'run.json', 'summary.json', 'scores/test.csv', 'history.json', 'scaler.json', 'loss.png', 'label_distribution.svg', 'test_timeline.vl.json', 'model/model.json']) {
    assert.ok(fs.existsSync(path.join(out, f)), `missing ${f}`);
  }
  assert.equal(JSON.parse(fs.readFileSync(path.join(out, 'history.json'), 'utf8')).length, 8);
  const onDisk = JSON.parse(fs.readFileSync(path.join(out, 'metrics.json'), 'utf8')) as Record<string, number>;
  assert.equal(onDisk['dense_ae.test.roc_auc'], metrics.roc_auc);
  assert.ok(Object.values(onDisk).every((v) => typeof v === 'number'), 'metrics.json is flat numbers');
  assert.equal(metrics['threshold@val_q0.99'], run.threshold.value, 'the threshold comes from validation');
  assert.ok(metrics.average_precision > 2 * metrics['random.average_precision'] && metrics['fpr@val_q0.99'] < 0.1, `AP ${metrics.average_precision} vs random ${metrics['random.average_precision']}, fpr ${metrics['fpr@val_q0.99']}`);
  assert.ok('random.average_precision' in metrics);
  assert.equal(onDisk['random.test.average_precision'], metrics['random.average_precision'], 'the control is keyed random.test.* on disk');
  assert.ok(lines.some((l) => l.startsWith('test at the validation threshold: recall')));
  const model = await loadModel(path.join(out, 'model'));
  assert.deepEqual(model.inputs[0].shape, [null, run.features]);
  model.dispose();
  // The saved detector reproduces the run's test scores bit for bit.
  const det = await loadDetector(path.join(out, 'model'));
  const flows = prepareFlows(loadFlows(demo.out), QUICKSTART_DEFAULTS.split);
  const scoresOnDisk = loadScoresCsv(path.join(out, 'scores', 'test.csv'), { scoreCol: 'dense_ae' }).scores;
  assert.deepEqual(await det.score(samplesFromArray(flows.test)), scoresOnDisk);
  assert.deepEqual((det.describe().preprocessing as { columns: string[] }).columns, flows.columns);
  det.dispose();
});

test('bad quickstart settings fail before any work, naming the key, and leave the run folder untouched', async () => {
  const out = path.join(tmp, 'run');
  const beforeFiles = fs.readdirSync(out).sort();
  const cases: [Partial<typeof QUICKSTART_DEFAULTS>, RegExp][] = [
    [{ epochs: 0 }, /"epochs" must be an integer ≥ 1, got 0/],
    [{ threshold_quantile: 1.5 }, /"threshold_quantile" must be in \(0, 1\), got 1\.5/],
    [{ learning_rate: 0 }, /"learning_rate" must be > 0/],
    [{ units: [8, 0] }, /"units" must be a list of integers ≥ 1/],
    [{ split: { train: 0.9, val: 0.2 } }, /"split" must be train > 0, val > 0, train \+ val < 1/],
  ];
  for (const [patch, want] of cases) {
    const lines: string[] = [];
    await assert.rejects(runQuickstart({ ...QUICKSTART_DEFAULTS, out, ...patch }, demo, (l) => lines.push(l)), want);
    assert.deepEqual(lines, [], 'nothing ran');
  }
  assert.deepEqual(fs.readdirSync(out).sort(), beforeFiles);
});
