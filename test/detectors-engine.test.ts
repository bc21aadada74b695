/**
 * The scoring engine of network detectors (lib/detectors/engine.ts): ONNX Runtime by default where the
 * network exports, TF.js with SEQSENTRY_SCORER=tfjs; both agree within 1e-4; a session never outlives
 * the weights it was built from; a bad setting is an error naming the variable.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createDetector, createClassifier, samplesFromArray, samplesFromSeries, SCORER_ENV, scorerSetting, setEngineLog, type Conv1dAeDetector, type GruSaeDetector } from '../lib/detectors';
import { initEngine, tf } from '../lib/engine';
import { buildNidsModel } from '../lib/models/gru-classifier';
import { createRng } from '../lib/random';

const lines: string[] = [];
const saved = process.env[SCORER_ENV];

before(async () => {
  await initEngine({ quiet: true });
  setEngineLog((l) => lines.push(l));
});

after(() => {
  if (saved === undefined) delete process.env[SCORER_ENV];
  else process.env[SCORER_ENV] = saved;
});

function withScorer<T>(value: string | undefined, f: () => Promise<T>): Promise<T> {
  const prev = process.env[SCORER_ENV];
  if (value === undefined) delete process.env[SCORER_ENV];
  else process.env[SCORER_ENV] = value;
  return f().finally(() => {
    if (prev === undefined) delete process.env[SCORER_ENV];
    else process.env[SCORER_ENV] = prev;
  });
}

const data = (shape: number[], seed: number) => {
  const rng = createRng(seed);
  return { data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal()), shape };
};

function maxRelDiff(a: Float64Array | Float32Array, b: Float64Array | Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  return m;
}

test('SEQSENTRY_SCORER: auto by default, ort and tfjs accepted, anything else an error naming it', async () => {
  await withScorer(undefined, async () => assert.equal(scorerSetting(), 'auto'));
  await withScorer('tfjs', async () => assert.equal(scorerSetting(), 'tfjs'));
  await withScorer('gpu', async () => assert.throws(() => scorerSetting(), /SEQSENTRY_SCORER must be one of auto, ort, tfjs, got "gpu"/));
});

test('GRU-SAE detector: ONNX Runtime (default) and TF.js scores agree within 1e-4 on 1,200 windows; the engine is named once; no tensor left behind', async () => {
  const det = (await createDetector('gru_sae', { encoder_units: [8, 4], decoder_units: [4, 8], epochs: 1, batch_size: 64, score_batch_size: 500 })) as GruSaeDetector;
  const train = samplesFromArray(data([256, 6, 5], 1));
  await det.fit(train, { val: samplesFromArray(data([64, 6, 5], 2)) });
  const x = samplesFromArray(data([1200, 6, 5], 3));
  lines.length = 0;
  const before = tf.memory().numTensors;
  const ort = await withScorer(undefined, () => det.score(x));
  const ort2 = await withScorer('ort', () => det.score(x));
  assert.equal(tf.memory().numTensors, before);
  const tfjs = await withScorer('tfjs', () => det.score(x));
  assert.deepEqual(ort2, ort, 'ORT scoring is deterministic');
  assert.ok(maxRelDiff(ort, tfjs) <= 1e-4, `differ by ${maxRelDiff(ort, tfjs)}`);
  assert.equal(lines.filter((l) => l.startsWith('scoring engine for gru_sae: onnxruntime-node')).length, 1, lines.join('\n'));
  assert.equal(lines.filter((l) => /scoring engine for gru_sae: TF\.js \(SEQSENTRY_SCORER=tfjs\)/.test(l)).length, 1);
  assert.equal(await withScorer(undefined, () => det.engine()), 'ort');
  det.dispose();
});

test('Conv1D AE over a series, scored on the last 6 of 16 rows: per-feature errors agree; after the weights change (fine-tuning) ORT scores the new weights, not a stale session', async () => {
  const det = (await createDetector('conv1d_ae', {
    preprocess: { window: 16 }, model: { filters: [8, 4, 4, 4], bottleneck: 4 }, train: { epochs: 1, steps_per_epoch: 2, batch_size: 16, val_steps: 1 }, score_batch_size: 128, score_rows: 6,
  })) as Conv1dAeDetector;
  const series = { data: data([600, 5], 4).data, F: 5 };
  await det.fit(samplesFromSeries(series, 16));
  const x = samplesFromSeries({ data: data([1100, 5], 5).data, F: 5 }, 16);
  const a = await det.errors(x);
  const b = await withScorer('tfjs', () => det.errors(x));
  assert.ok(maxRelDiff(a.errors, b.errors) <= 1e-4);
  assert.ok(maxRelDiff(a.perFeature!, b.perFeature!) <= 1e-4);
  assert.deepEqual(det.head, { kind: 'reconstruction', reduction: 'feature_mean', rows: 6 });
  // Change the weights in place, as fine-tuning does, without telling the detector.
  const w = det.network.getWeights();
  det.network.setWeights(w.map((t) => tf.mul(t, 1.1)));
  const c = await det.errors(x);
  const d = await withScorer('tfjs', () => det.errors(x));
  assert.ok(maxRelDiff(c.errors, d.errors) <= 1e-4, 'the session follows the new weights');
  assert.ok(maxRelDiff(c.errors, a.errors) > 1e-3, 'and the scores moved');
  det.dispose();
});

test('NIDS classifier: probabilities by ONNX Runtime and TF.js agree within 1e-4 (predictProba and gathered sequences)', async () => {
  const clf = createClassifier({ seq_len: 2, hidden_size: 8, epochs: 1, eval_batch_size: 300 });
  // A built model stands in for a trained one: probabilities are what is compared.
  const model = buildNidsModel({ inputDim: 6, seqLen: 2, hiddenSize: 8, numClasses: 3, dropout: 0.2, seed: 1 });
  Object.assign(clf as unknown as { model: tf.LayersModel; input: number[] }, { model, input: [2, 6] });
  const n = 1001;
  const split = { x: data([n, 6], 6).data, y: new Int32Array(n), w: new Float32Array(n).fill(1), n };
  const a = await clf.predictProba(split);
  const b = await withScorer('tfjs', () => clf.predictProba(split));
  assert.equal(a.probs.length, (n - 1) * 3);
  assert.ok(maxRelDiff(a.probs, b.probs) <= 1e-4);
  const seqs = data([50, 2, 6], 7).data;
  const p = await clf.probabilities(seqs, 50);
  const q = await withScorer('tfjs', () => clf.probabilities(seqs, 50));
  assert.ok(maxRelDiff(p, q) <= 1e-4);
  clf.dispose();
});
