import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  IsolationForest, PcaDetector, averagePathLength, flattenWindows, summariseWindows, windowRows,
  windowRepresentation, takeWindows, type Detector, type Rows,
} from '../lib/baselines';
import { rocAuc } from '../lib/eval';
import { createRng } from '../lib/random';

const rows = (data: ArrayLike<number>, d: number): Rows => ({ data: Float32Array.from(data), shape: [data.length / d, d] });
const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((s, v, i) => s + v * b[i], 0);

/** Rows a·3·u1 + b·1.5·u2 + 0.1·noise in 4-d; every feature has the same variance, so standardising keeps the directions. */
function planeData(n: number, seed: number) {
  const u1 = [0.5, 0.5, 0.5, 0.5];
  const u2 = [0.5, -0.5, 0.5, -0.5];
  const rng = createRng(seed);
  const data = new Float32Array(n * 4);
  for (let i = 0; i < n; i++) {
    const a = rng.normal() * 3;
    const b = rng.normal() * 1.5;
    for (let j = 0; j < 4; j++) data[i * 4 + j] = a * u1[j] + b * u2[j] + 0.1 * rng.normal() + 10;
  }
  return { rows: { data, shape: [n, 4] } as Rows, u1, u2 };
}

test('PCA: recovers planted principal directions and explained variance; off-subspace points score higher', () => {
  const { rows: train, u1, u2 } = planeData(4000, 1);
  const pca = new PcaDetector({ components: 2 });
  pca.fit(train);
  const m = pca.model;
  assert.equal(m.k, 2);
  assert.ok(Math.abs(Math.abs(dot(m.components.subarray(0, 4), u1)) - 1) < 1e-3);
  assert.ok(Math.abs(Math.abs(dot(m.components.subarray(4, 8), u2)) - 1) < 1e-3);
  // Variances 9, 2.25 and 4 × 0.01 of noise: ratios 9/11.29 and 2.25/11.29.
  assert.ok(Math.abs(m.explainedVarianceRatio[0] - 9 / 11.29) < 0.02, `${m.explainedVarianceRatio[0]}`);
  assert.ok(Math.abs(m.explainedVarianceRatio[1] - 2.25 / 11.29) < 0.02, `${m.explainedVarianceRatio[1]}`);
  // In the plane but far out vs. a short step off it.
  const onPlane = [0, 1].map((s) => [0, 1, 2, 3].map((j) => 10 + (s ? -6 : 6) * u1[j] + 3 * u2[j])).flat();
  const offPlane = [10 + 1, 10 + 1, 10 - 1, 10 - 1];
  const s = pca.score(rows([...onPlane, ...offPlane], 4));
  assert.ok(s[2] > 10 * Math.max(s[0], s[1]), `${Array.from(s)}`);
  const big = new PcaDetector({ components: 50 });
  big.fit(train);
  assert.equal(big.model.k, 4, 'components clamp to the feature count');
  assert.ok(Math.max(...big.score(train)) < 1e-6, 'all components: no residual');
});

test('IsolationForest: c(n) matches the paper, outliers of a Gaussian blob score higher, seeded determinism', () => {
  assert.ok(Math.abs(averagePathLength(256) - 10.2448) < 1e-3, `${averagePathLength(256)}`);
  assert.equal(averagePathLength(2), 1);
  assert.equal(averagePathLength(1), 0);
  assert.equal(averagePathLength(0), 0);
  assert.ok(Math.abs(averagePathLength(10) - (2 * (Math.log(9) + 0.5772156649) - 1.8)) < 1e-9);
  const rng = createRng(3);
  const d = 5;
  const blob = Array.from({ length: 1000 * d }, () => rng.normal());
  const train = rows(blob, d);
  const test = [...blob.slice(0, 200 * d)];
  const labels = new Uint8Array(220);
  for (let i = 0; i < 20; i++) {
    const dir = Array.from({ length: d }, () => rng.normal());
    const norm = Math.sqrt(dot(dir, dir));
    const r = rng.uniform(5, 8);
    test.push(...dir.map((v) => (v / norm) * r));
    labels[200 + i] = 1;
  }
  const forest = new IsolationForest({ seed: 11 });
  forest.fit(train);
  const s = forest.score(rows(test, d));
  assert.ok(rocAuc(labels, s) > 0.95, `AUC ${rocAuc(labels, s)}`);
  assert.ok(s.every((v) => v > 0 && v <= 1));
  assert.equal(forest.effectiveSampleSize, 256);
  const again = new IsolationForest({ seed: 11 });
  again.fit(train);
  assert.deepEqual(again.score(rows(test, d)), s, 'same seed, same scores');
  const other = new IsolationForest({ seed: 12 });
  other.fit(train);
  const s2 = other.score(rows(test, d));
  assert.notDeepEqual(s2, s, 'another seed draws other trees');
  assert.ok(rocAuc(labels, s2) > 0.95);
});

test('IsolationForest: constant training data gives s = 0.5 everywhere; ψ clamps to n', () => {
  const f = new IsolationForest({ trees: 10, sampleSize: 256, seed: 1 });
  f.fit(rows(new Array(50 * 3).fill(2), 3));
  assert.equal(f.effectiveSampleSize, 50);
  assert.ok(f.score(rows([2, 2, 2, 100, -5, 7], 3)).every((v) => Math.abs(v - 0.5) < 1e-12));
});

const registry: (() => Detector)[] = [() => new PcaDetector({ components: 2 }), () => new IsolationForest({ trees: 50, seed: 2 })];

test('detector contract: finite scores, one per row, higher = more anomalous; misuse is an error', () => {
  const rng = createRng(4);
  const train = rows(Array.from({ length: 600 * 6 }, () => rng.normal()), 6);
  const probe = rows([...new Array(6).fill(0), ...new Array(6).fill(9)], 6);
  for (const make of registry) {
    const det = make();
    assert.throws(() => det.score(probe), /fit\(\) first/);
    det.fit(train);
    const s = det.score(train);
    assert.ok(s instanceof Float64Array && s.length === 600 && s.every(Number.isFinite), det.name);
    const p = det.score(probe);
    assert.ok(p[1] > p[0], `${det.name}: far point ${p[1]} ≤ centre ${p[0]}`);
    assert.throws(() => det.score(rows([1, 2, 3], 3)), /fitted on 6/);
    assert.throws(() => det.score(rows([...new Array(5).fill(0), NaN], 6)), /non-finite value NaN at row 0, feature 5/);
    assert.throws(() => make().fit(rows([1, 2, 3, 4, 5, 6], 6)), /at least 2 rows/);
  }
});

test('windows → rows: flatten is a view, summarise gives mean, std, last per feature, windowRows picks by T·F', () => {
  // 2 windows, T = 3, F = 2.
  const w = { data: Float32Array.from([1, 10, 2, 20, 3, 30, 5, 0, 5, 0, 5, 6]), shape: [2, 3, 2] };
  const flat = flattenWindows(w);
  assert.deepEqual(flat.shape, [2, 6]);
  assert.equal(flat.data, w.data);
  const sum = summariseWindows(w);
  assert.deepEqual(sum.shape, [2, 6]);
  const sd = Math.sqrt(2 / 3);
  const want = [2, 20, sd, 10 * sd, 3, 30, 5, 2, 0, Math.sqrt(8), 5, 6];
  want.forEach((v, i) => assert.ok(Math.abs(sum.data[i] - v) < 1e-5, `${i}: ${sum.data[i]} vs ${v}`));
  assert.equal(windowRepresentation(10, 51), 'flatten');
  assert.equal(windowRepresentation(10, 52), 'summarise');
  assert.deepEqual(windowRows(w, { maxFlat: 5 }).shape, [2, 6]);
  assert.equal(windowRows(w).data, w.data);
  assert.deepEqual(Array.from(takeWindows(w, [1]).data), [5, 0, 5, 0, 5, 6]);
  assert.throws(() => flattenWindows({ data: new Float32Array(5), shape: [2, 3, 2] }), /does not match/);
  assert.throws(() => takeWindows(w, [2]), /out of range/);
});
