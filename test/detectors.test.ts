// The one detector contract (lib/detectors): registry, fit → save → load → the same scores bit for bit,
// and the saved detectors of a GRU-SAE run folder reproducing its scores/test.csv.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  createDetector, DETECTOR_KINDS, detectorDefaults, loadClassifier, loadDetector, samplesFromArray, samplesFromSeries, subset, range, type Samples,
} from '../lib/detectors';
import { KNN_DEFAULTS, KnnModel } from '../lib/detectors/rows-models/knn';
import { initEngine, tf } from '../lib/engine';
import { resolveGruSaeConfig } from '../lib/gru-sae/config';
import { runPipeline } from '../lib/gru-sae/pipeline';
import { GRU_SAE_STAGES } from '../lib/gru-sae/stages';
import { loadNpy } from '../lib/io/npy';
import { loadScoresCsv } from '../lib/io/scores';
import { createRng } from '../lib/random';
import { sharedApt29 } from './helpers';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'seqsentry-detectors-'));
test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function randomArray(n: number, shape: number[], seed: number): Samples {
  const rng = createRng(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  return samplesFromArray({ data: Float32Array.from({ length: n * size }, () => rng.normal()), shape: [n, ...shape] });
}

test('registry: every kind by name with its defaults; unknown kinds and config keys are errors naming them', async () => {
  assert.deepEqual([...DETECTOR_KINDS].sort(), ['conv1d_ae', 'dense_ae', 'gru_sae', 'hbos', 'iforest', 'kmeans', 'knn', 'pca', 'random']);
  assert.equal(detectorDefaults('pca').components, 8);
  await assert.rejects(createDetector('lstm'), /unknown detector "lstm"; known detectors: gru_sae, conv1d_ae, dense_ae, pca, iforest, kmeans, knn, hbos, random/);
  await assert.rejects(createDetector('pca', { compnents: 3 }), /detector "pca" config: unknown config key "compnents"/);
  await assert.rejects(loadDetector(path.join(tmp, 'nothing')), /no saved detector in .*detector\.json is missing/);
});

test('every detector: fit, score (one finite score per sample), save, load → the same scores bit for bit; no tensor left behind', async () => {
  await initEngine({ quiet: true });
  const rows = { train: randomArray(300, [6], 1), val: randomArray(60, [6], 2), test: randomArray(80, [6], 3) };
  const windows = { train: randomArray(200, [5, 3], 4), val: randomArray(40, [5, 3], 5), test: randomArray(70, [5, 3], 6) };
  const rng = createRng(7);
  const series = { data: Float32Array.from({ length: 400 * 3 }, () => rng.normal()), F: 3 };
  const tiny = {
    dense_ae: { units: [4, 2], epochs: 2, batch_size: 32 },
    gru_sae: { encoder_units: [4], decoder_units: [4], epochs: 2, batch_size: 32, dropout: 0 },
    conv1d_ae: { preprocess: { window: 8 }, model: { filters: [4, 4, 4, 4] }, train: { epochs: 1, steps_per_epoch: 2, batch_size: 16, val_steps: 1, holdout_fraction: 0.1 } },
  } as Record<string, Record<string, unknown>>;
  const cases: [string, Samples, Samples | undefined, Samples][] = [
    ['pca', windows.train, undefined, windows.test],
    ['iforest', rows.train, undefined, rows.test],
    ['kmeans', windows.train, undefined, windows.test],
    ['knn', rows.train, undefined, rows.test],
    ['hbos', windows.train, undefined, windows.test],
    ['random', rows.train, undefined, rows.test],
    ['dense_ae', rows.train, rows.val, rows.test],
    ['gru_sae', windows.train, windows.val, windows.test],
    ['conv1d_ae', samplesFromSeries(series, 8), undefined, subset(samplesFromSeries(series, 8), range(100, 50))],
  ];
  for (const [kind, train, val, x] of cases) {
    const det = await createDetector(kind, tiny[kind] ?? {});
    const report = await det.fit(train, { val });
    const before = tf.memory().numTensors;
    const scores = await det.score(x);
    assert.equal(tf.memory().numTensors, before, `${kind}: scoring leaks no tensors`);
    assert.equal(scores.length, x.n, kind);
    assert.ok(scores.every(Number.isFinite), kind);
    assert.ok(report.seconds >= 0 && typeof report.facts === 'object', kind);
    det.preprocessing = { kind: 'test.preprocessing', mean: [1.5, -2] };
    const dir = path.join(tmp, `saved-${kind}`);
    await det.save(dir);
    const d = JSON.parse(fs.readFileSync(path.join(dir, 'detector.json'), 'utf8'));
    assert.equal(d.kind, kind);
    assert.deepEqual(d.input.shape, [...x.shape], `${kind}: detector.json says what it takes`);
    assert.deepEqual(d.preprocessing, { kind: 'test.preprocessing', mean: [1.5, -2] });
    const loaded = await loadDetector(dir);
    assert.deepEqual(loaded.describe(), det.describe(), kind);
    assert.deepEqual(await loaded.score(x), scores, `${kind}: a loaded detector reproduces its scores bit for bit`);
    await assert.rejects(loaded.score(randomArray(3, [2, 2], 9)), /samples have shape \[2,2\] but the detector was fitted on/);
    await assert.rejects(loadClassifier(dir), /not a classifier: use loadDetector/);
    det.dispose();
    loaded.dispose();
  }
});

test('a GRU-SAE run folder: model/best and detectors/{pca,iforest,kmeans,knn,hbos} load and reproduce scores/test.csv bit for bit', { timeout: 600_000 }, async () => {
  const previous = process.env.SEQSENTRY_SHARED_DATA;
  process.env.SEQSENTRY_SHARED_DATA = await sharedApt29(path.join(tmp, 'apt29'));
  try {
    const out = path.join(tmp, 'gru-sae-run');
    const cfg = resolveGruSaeConfig({ preset: 'smoke', overrides: { dataset: 'apt29', out } });
    const results = await runPipeline(cfg, GRU_SAE_STAGES, { stopAt: 4, log: () => {}, argv: [] });
    assert.deepEqual(results.map((r) => r.status), ['ok', 'ok', 'ok', 'ok', 'skipped'], results.map((r) => r.error ?? '').join(' '));
    const X = loadNpy(path.join(out, 'encoded', 'X_test.npy'));
    const test = samplesFromArray({ data: X.data as Float32Array, shape: X.shape });
    for (const [name, dir] of [['gru_sae', path.join(out, 'model', 'best')], ...['pca', 'iforest', 'kmeans', 'knn', 'hbos'].map((d) => [d, path.join(out, 'detectors', d)])]) {
      const det = await loadDetector(dir);
      const onDisk = loadScoresCsv(path.join(out, 'scores', 'test.csv'), { scoreCol: name }).scores;
      assert.deepEqual(await det.score(test), onDisk, `${name} reproduces its test scores`);
      det.dispose();
    }
    const best = JSON.parse(fs.readFileSync(path.join(out, 'model', 'best', 'detector.json'), 'utf8'));
    assert.equal(best.preprocessing.kind, 'gru_sae.encoder', 'the detector names the fitted encoder it expects');
    assert.ok(fs.existsSync(path.resolve(out, 'model', 'best', best.preprocessing.dir, 'encoder_state.json')), 'and where it is');
  } finally {
    if (previous === undefined) delete process.env.SEQSENTRY_SHARED_DATA;
    else process.env.SEQSENTRY_SHARED_DATA = previous;
  }
});

test('KMeansAD, kNN and HBOS rank points far from the training data above it; worked kNN and HBOS values', async () => {
  const rng = createRng(11);
  const blob = (n: number, cx: number) => Array.from({ length: n }, () => [cx + rng.normal() * 0.3, -cx + rng.normal() * 0.3]);
  const train = samplesFromArray({ data: Float32Array.from([...blob(150, 2), ...blob(150, -2)].flat()), shape: [300, 2] });
  const normal = [...blob(20, 2), ...blob(20, -2)];
  const far = [[0, 0], [6, 6], [-5, 4], [3, -7]];
  const x = samplesFromArray({ data: Float32Array.from([...normal, ...far].flat()), shape: [44, 2] });
  for (const kind of ['kmeans', 'knn', 'hbos']) {
    const det = await createDetector(kind, kind === 'kmeans' ? { k: 2 } : {});
    await det.fit(train);
    const s = await det.score(x);
    const maxNormal = Math.max(...s.subarray(0, 40));
    assert.ok(far.every((_, i) => s[40 + i] > maxNormal), `${kind}: every far point scores above every normal one (${[...s.subarray(40)].map((v) => v.toFixed(2))} vs ${maxNormal.toFixed(2)})`);
  }
  // kNN by hand: 1-D training rows 0, 1, 2, 3 standardise to (x − 1.5) / sd; the 2nd neighbour of 10 is 2.
  const knn = await createDetector('knn', { k: 2 });
  await knn.fit(samplesFromArray({ data: Float32Array.from([0, 1, 2, 3]), shape: [4, 1] }));
  const sd = Math.sqrt(1.25);
  assert.ok(Math.abs((await knn.score(samplesFromArray({ data: Float32Array.from([10]), shape: [1, 1] })))[0] - 8 / sd) < 1e-12);
  // HBOS by hand: 10 values 0..9, 2 bins [0, 4.5) [4.5, 9] with 5 each: density 5 / (10 · 4.5); alpha 0.1.
  const hbos = await createDetector('hbos', { bins: 2 });
  await hbos.fit(samplesFromArray({ data: Float32Array.from({ length: 10 }, (_, i) => i), shape: [10, 1] }));
  const h = await hbos.score(samplesFromArray({ data: Float32Array.from([1, 100]), shape: [2, 1] }));
  assert.ok(Math.abs(h[0] + Math.log2(5 / 45 + 0.1)) < 1e-12, `in range: ${h[0]}`);
  assert.ok(Math.abs(h[1] + Math.log2(5 / 45 + 0.1)) < 1e-12, 'far outside: the lowest density of the dimension (both bins equal here)');
});

test('kNN: the matrix-product candidate search gives the brute-force scores bit for bit (clusters, exact duplicates, test rows equal to training rows, wide rows)', async () => {
  await initEngine({ quiet: true });
  const rng = createRng(5);
  for (const [n, d, clusters] of [[3000, 40, 6], [1200, 534, 3]]) {
    const centres = Array.from({ length: clusters }, () => Array.from({ length: d }, () => rng.normal() * 3));
    const row = () => { const c = centres[Math.floor(rng.uniform(0, clusters))]; return c.map((v) => v + rng.normal() * 0.5); };
    const trainRows = Array.from({ length: n }, row);
    for (let i = 0; i < 50; i++) trainRows[i + 50] = trainRows[i].slice(); // exact duplicates: ties among the neighbours
    const testRows = [...Array.from({ length: 400 }, row), ...trainRows.slice(0, 30), ...Array.from({ length: 20 }, () => Array.from({ length: d }, () => rng.normal() * 10))];
    const model = new KnnModel({ ...KNN_DEFAULTS, max_fit: n });
    model.fit({ data: Float32Array.from(trainRows.flat()), shape: [n, d] });
    const x = { data: Float32Array.from(testRows.flat()), shape: [testRows.length, d] as [number, number] };
    const before = tf.memory().numTensors;
    const fast = model.score(x);
    assert.equal(tf.memory().numTensors, before, 'no tensor left behind');
    assert.deepEqual(fast, model.scoreExact(x), `n ${n}, d ${d}`);
  }
});
