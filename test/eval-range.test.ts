import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rangePrecisionRecall, type Cardinality, type PositionalBias, type RangeOptions } from '../lib/eval/range';
import { createRng } from '../lib/random';
import { randomMask } from './helpers';

const close = (actual: number, expected: number, tol: number, what: string): void =>
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: expected ${expected}, got ${actual}`);

test('range: worked example from the module doc (also the aeon/prts "multiple overlapping ranges" case)', () => {
  const labels = [0, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1];
  const preds = [0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0];
  const one = rangePrecisionRecall(labels, preds, { cardinality: 'one' });
  close(one.precision, 2 / 3, 1e-15, 'precision');
  close(one.recall, 0.4, 1e-15, 'recall');
  close(one.f1, 0.5, 1e-15, 'f1');
  const rec = rangePrecisionRecall(labels, preds); // default cardinality 'reciprocal'
  close(rec.recall, 0.2, 1e-15, 'recall (reciprocal)');
});

// aeon-toolkit/aeon aeon/benchmarking/metrics/anomaly_detection/tests/test_range_ts_metrics.py
// (expected values produced with the prts package; compared there to 6 decimals).
const AEON_CASES: { name: string; y: number[]; p: number[]; card: Cardinality; bias: PositionalBias; exp: [number, number, number] }[] = [
  { name: 'single overlapping range', y: [0, 0, 1, 1, 1, 1, 1], p: [0, 1, 1, 1, 1, 0, 0], card: 'one', bias: 'flat', exp: [0.75, 0.6, 0.666667] },
  { name: 'multiple non-overlapping ranges', y: [0, 0, 0, 1, 1, 0, 0, 0, 0, 1, 1], p: [0, 1, 1, 0, 0, 0, 0, 1, 1, 0, 0], card: 'one', bias: 'flat', exp: [0, 0, 0] },
  { name: 'multiple overlapping ranges', y: [0, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1], p: [0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0], card: 'one', bias: 'flat', exp: [0.666667, 0.4, 0.5] },
  { name: 'nested lists of predictions', y: [0, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 0, 0], p: [0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 1, 1, 1], card: 'one', bias: 'flat', exp: [0.555556, 0.566667, 0.561056] },
  { name: 'all encompassing range', y: [0, 0, 1, 1, 0, 1, 1, 0, 1, 1, 0], p: [0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], card: 'one', bias: 'flat', exp: [0.6, 1, 0.75] },
  { name: 'overlapping, reciprocal', y: [0, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1], p: [0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0], card: 'reciprocal', bias: 'flat', exp: [0.666667, 0.2, 0.307692] },
  { name: 'overlapping, middle bias', y: [0, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1], p: [0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0], card: 'one', bias: 'middle', exp: [0.75, 0.333333, 0.461538] },
  { name: 'overlapping, middle bias, reciprocal', y: [0, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1], p: [0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0], card: 'reciprocal', bias: 'middle', exp: [0.75, 0.166667, 0.272727] },
  { name: 'range-based input, reciprocal', y: [0, 1, 0, 0], p: [0, 1, 1, 0], card: 'reciprocal', bias: 'flat', exp: [0.5, 1, 0.666667] },
];

test('range: aeon/prts expected values (6 decimals)', () => {
  for (const c of AEON_CASES) {
    const r = rangePrecisionRecall(c.y, c.p, { cardinality: c.card, bias: c.bias });
    close(r.precision, c.exp[0], 5e-7, `${c.name} precision`);
    close(r.recall, c.exp[1], 5e-7, `${c.name} recall`);
    close(r.f1, c.exp[2], 5e-7, `${c.name} f1`);
  }
});

// IntelLabs/TSAD-Evaluator examples/simple/simple.{real,pred} as run by scripts/test_simple
// ("1 0 reciprocal flat <delta_r>"); the repository stores no expected output, so by hand:
// real ranges [20,21], [25,27], [44,47]; predicted [19,20], [23,30], [37,37], [49,49].
// Precision (flat): [19,20] overlaps {20} → 1/2; [23,30] overlaps [25,27] → 3/8; the others 0
//   → P = (1/2 + 3/8)/4 = 7/32.
// Recall: [20,21] overlaps {20} (position 1 of 2), [25,27] fully, [44,47] not at all.
//   flat 1/2 → R = 1.5/3 = 1/2; front δ = 2,1 → 2/3, R = 5/9; back δ = 1,2 → 1/3, R = 4/9;
//   middle (ℓ = 2: δ = 1,1) → 1/2, R = 1/2.
test('range: TSAD-Evaluator "simple" example, hand-worked', () => {
  const real = Array(50).fill(0);
  for (const i of [20, 21, 25, 26, 27, 44, 45, 46, 47]) real[i] = 1;
  const pred = Array(50).fill(0);
  for (const i of [19, 20, 23, 24, 25, 26, 27, 28, 29, 30, 37, 49]) pred[i] = 1;
  const expected: [PositionalBias, number][] = [['flat', 1 / 2], ['front', 5 / 9], ['back', 4 / 9], ['middle', 1 / 2]];
  for (const [recallBias, r] of expected) {
    const out = rangePrecisionRecall(real, pred, { cardinality: 'reciprocal', precisionBias: 'flat', recallBias });
    close(out.precision, 7 / 32, 1e-15, `${recallBias} precision`);
    close(out.recall, r, 1e-15, `${recallBias} recall`);
    close(out.f1, (2 * (7 / 32) * r) / (7 / 32 + r), 1e-15, `${recallBias} f1`);
  }
});

/**
 * Slow reference: TSAD-Evaluator's algorithm written out with closed ranges, a per-index positional
 * weight loop (omega_function) and all pairs of ranges (compute_precision / compute_recall).
 */
function slowRange(labels: number[], preds: number[], o: { alpha: number; card: Cardinality; pBias: PositionalBias; rBias: PositionalBias }) {
  const ranges = (x: number[]): [number, number][] => {
    const out: [number, number][] = [];
    for (let i = 0; i < x.length; i++) {
      if (x[i] === 1 && (i === 0 || x[i - 1] === 0)) out.push([i, i]);
      if (x[i] === 1) out[out.length - 1][1] = i;
    }
    return out;
  };
  const delta = (bias: PositionalBias, t: number, len: number): number =>
    bias === 'flat' ? 1 : bias === 'front' ? len - t + 1 : bias === 'back' ? t : t <= Math.floor(len / 2) ? t : len - t + 1;
  const omegaFn = (r: [number, number], ov: [number, number], bias: PositionalBias): number => {
    const len = r[1] - r[0] + 1;
    let mine = 0;
    let max = 0;
    for (let t = 1; t <= len; t++) {
      const w = delta(bias, t, len);
      max += w;
      const j = r[0] + t - 1;
      if (j >= ov[0] && j <= ov[1]) mine += w;
    }
    return mine / max;
  };
  const score = (targets: [number, number][], others: [number, number][], alpha: number, bias: PositionalBias): number => {
    if (targets.length === 0) return 0;
    let sum = 0;
    for (const t of targets) {
      let om = 0;
      let count = 0;
      for (const q of others) {
        if (t[1] < q[0] || t[0] > q[1]) continue;
        count++;
        om += omegaFn(t, [Math.max(t[0], q[0]), Math.min(t[1], q[1])], bias);
      }
      const gamma = o.card === 'reciprocal' && count > 1 ? 1 / count : 1;
      sum += alpha * (count > 0 ? 1 : 0) + (1 - alpha) * (gamma * om);
    }
    return sum / targets.length;
  };
  const R = ranges(labels);
  const P = ranges(preds);
  return { precision: score(P, R, 0, o.pBias), recall: score(R, P, o.alpha, o.rBias) };
}


const BIASES: PositionalBias[] = ['flat', 'front', 'back', 'middle'];

test('range: equals the slow all-pairs reference on 400 random cases', () => {
  const rng = createRng(20180312);
  for (let c = 0; c < 400; c++) {
    const n = rng.int(20, 300);
    const labels = randomMask(rng, n, true);
    const preds = randomMask(rng, n, rng.bool(0.95));
    const alpha = rng.choice([0, 0, 0.5, 1, rng.next()]);
    const card = rng.choice<Cardinality>(['one', 'reciprocal']);
    const pBias = rng.choice(BIASES);
    const rBias = rng.choice(BIASES);
    const fast = rangePrecisionRecall(labels, preds, { alpha, cardinality: card, precisionBias: pBias, recallBias: rBias });
    const slow = slowRange(labels, preds, { alpha, card, pBias, rBias });
    // Same integers, same operation order: the results agree bit for bit.
    assert.equal(fast.precision, slow.precision, `case ${c} precision`);
    assert.equal(fast.recall, slow.recall, `case ${c} recall`);
  }
});

test('range: worse is worse', () => {
  const rng = createRng(7);
  let checkedFp = 0;
  let checkedRemoval = 0;
  for (let c = 0; c < 300; c++) {
    const n = rng.int(30, 300);
    const labels = randomMask(rng, n, true);
    const preds = randomMask(rng, n, true);
    const opts: RangeOptions = { alpha: rng.next(), cardinality: rng.choice<Cardinality>(['one', 'reciprocal']), bias: rng.choice(BIASES) };
    const base = rangePrecisionRecall(labels, preds, opts);
    // Adding an isolated false-positive range (labels 0 there, not touching another predicted range)
    // never raises precision and leaves recall unchanged.
    const s = rng.int(1, n - 3);
    const len = rng.int(1, 3);
    let ok = s + len < n;
    for (let i = s - 1; ok && i <= s + len; i++) ok = preds[i] === 0 && labels[i] === 0;
    if (ok) {
      const withFp = preds.slice();
      for (let i = s; i < s + len; i++) withFp[i] = 1;
      const r = rangePrecisionRecall(labels, withFp, opts);
      assert.ok(r.precision <= base.precision, `case ${c}: FP raised precision ${base.precision} → ${r.precision}`);
      assert.equal(r.recall, base.recall);
      checkedFp++;
    }
    // Removing a whole predicted range never raises recall under cardinality 'one' (any bias, any α).
    const runs: [number, number][] = [];
    for (let i = 0; i < n; i++) if (preds[i] === 1 && (i === 0 || preds[i - 1] === 0)) runs.push([i, i]);
    for (const r of runs) while (r[1] + 1 < n && preds[r[1] + 1] === 1) r[1]++;
    const [a, b] = rng.choice(runs);
    const fewer = preds.slice();
    for (let i = a; i <= b; i++) fewer[i] = 0;
    const one = { ...opts, cardinality: 'one' as const };
    assert.ok(
      rangePrecisionRecall(labels, fewer, one).recall <= rangePrecisionRecall(labels, preds, one).recall,
      `case ${c}: removing a predicted range raised recall`,
    );
    checkedRemoval++;
    // α = 1: recall is the share of real ranges that any prediction touches.
    const realRuns: [number, number][] = [];
    for (let i = 0; i < n; i++) if (labels[i] === 1 && (i === 0 || labels[i - 1] === 0)) realRuns.push([i, i]);
    for (const r of realRuns) while (r[1] + 1 < n && labels[r[1] + 1] === 1) r[1]++;
    const hit = realRuns.filter(([x, y]) => preds.slice(x, y + 1).includes(1)).length;
    close(rangePrecisionRecall(labels, preds, { ...opts, alpha: 1 }).recall, hit / realRuns.length, 1e-12, `case ${c} existence`);
  }
  assert.ok(checkedFp > 50 && checkedRemoval === 300);
});

test('range: with the reciprocal cardinality, dropping a fragment can raise recall (γ penalises fragmentation)', () => {
  // Real range [0,9]; predictions [0,7] and [9,9]: recall (0.8 + 0.1)/2 = 0.45; drop [9,9]: 0.8.
  const labels = Array(12).fill(0).map((_, i) => (i <= 9 ? 1 : 0));
  const both = labels.map((_, i) => (i <= 7 || i === 9 ? 1 : 0));
  const one = labels.map((_, i) => (i <= 7 ? 1 : 0));
  close(rangePrecisionRecall(labels, both).recall, 0.45, 1e-15, 'two fragments');
  close(rangePrecisionRecall(labels, one).recall, 0.8, 1e-15, 'one fragment');
});

test('range: edge cases', () => {
  // No predicted range: precision 0 (the reference's compute_precision returns 0.0), recall 0, f1 0.
  assert.deepEqual(rangePrecisionRecall([0, 1, 1, 0], [0, 0, 0, 0], { alpha: 0.5 }), { precision: 0, recall: 0, f1: 0 });
  // Everything anomalous and predicted.
  assert.deepEqual(rangePrecisionRecall([1, 1, 1], [1, 1, 1], { bias: 'front' }), { precision: 1, recall: 1, f1: 1 });
  // No real range: recall undefined.
  assert.throws(() => rangePrecisionRecall([0, 0, 0], [0, 1, 0]), /rangePrecisionRecall: labels hold no anomalous range/);
});

test('range: array types give identical results; bad inputs are named errors', () => {
  const rng = createRng(3);
  const labels = randomMask(rng, 200, true);
  const preds = randomMask(rng, 200, true);
  const opts: RangeOptions = { alpha: 0.3, bias: 'back', cardinality: 'reciprocal' };
  const ref = rangePrecisionRecall(labels, preds, opts);
  assert.deepEqual(rangePrecisionRecall(Uint8Array.from(labels), Uint8Array.from(preds), opts), ref);
  assert.deepEqual(rangePrecisionRecall(Float64Array.from(labels), Float32Array.from(preds), opts), ref);
  const f = 'rangePrecisionRecall';
  assert.throws(() => rangePrecisionRecall([0, 1], [0, 1, 0]), new RegExp(`${f}: labels has length 2 but predictions has length 3`));
  assert.throws(() => rangePrecisionRecall([], []), new RegExp(`${f}: empty input`));
  assert.throws(() => rangePrecisionRecall([0, 2], [0, 1]), new RegExp(`${f}: labels must be 0 or 1, got 2 at index 1`));
  assert.throws(() => rangePrecisionRecall([0, 1], [NaN, 1]), new RegExp(`${f}: predictions must be 0 or 1, got NaN at index 0`));
  assert.throws(() => rangePrecisionRecall([0, 1], [0, 0.5]), new RegExp(`${f}: predictions must be 0 or 1, got 0.5`));
  assert.throws(() => rangePrecisionRecall([0, 1], [0, 1], { alpha: 1.5 }), new RegExp(`${f}: alpha must be a number in \\[0, 1\\]`));
  assert.throws(() => rangePrecisionRecall([0, 1], [0, 1], { bias: 'sideways' as PositionalBias }), new RegExp(`${f}: bias must be one of`));
  assert.throws(() => rangePrecisionRecall([0, 1], [0, 1], { cardinality: 'x' as Cardinality }), new RegExp(`${f}: cardinality must be one of`));
  assert.throws(() => rangePrecisionRecall([0, 1], [0, 1], { gamma: 'one' } as RangeOptions), new RegExp(`${f}: unknown option "gamma"`));
});

test('range: 100k points with ~100 events each run in well under a second', (t) => {
  const n = 100_000;
  const labels = new Uint8Array(n);
  const preds = new Uint8Array(n);
  const rng = createRng(11);
  for (let k = 0; k < 100; k++) {
    const s = k * 1000 + rng.int(0, 800);
    for (let i = s; i < s + rng.int(5, 150); i++) labels[i] = 1;
    const q = s + rng.int(-100, 100);
    for (let i = Math.max(0, q); i < Math.min(n, q + rng.int(5, 150)); i++) preds[i] = 1;
  }
  const t0 = performance.now();
  for (const bias of BIASES) rangePrecisionRecall(labels, preds, { bias, alpha: 0.5 });
  const ms = (performance.now() - t0) / BIASES.length;
  t.diagnostic(`rangePrecisionRecall on 100k points: ${ms.toFixed(2)} ms per call`);
  assert.ok(ms < 1000, `took ${ms} ms`);
});
