import { test } from 'node:test';
import assert from 'node:assert/strict';
import { affiliationFromEvents, affiliationMetrics } from '../lib/eval/affiliation';
import type { Interval } from '../lib/eval/affiliation-integrals';
import { runsOf } from '../lib/eval/runs';
import { createRng } from '../lib/random';
import { randomMask } from './helpers';

const close = (actual: number, expected: number, tol: number, what: string): void =>
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: expected ${expected}, got ${actual}`);
/** Python-style event list: ev([1, 3], [6, 18]) → [{start: 1, end: 3}, {start: 6, end: 18}]. */
const ev = (...pairs: [number, number][]): Interval[] => pairs.map(([start, end]) => ({ start, end }));
const R = (start: number, end: number): Interval => ({ start, end });
const field = (pred: Interval[], gt: Interval[], range: Interval, key: 'precision' | 'recall' | 'precisionDistance' | 'recallDistance'): number[] =>
  affiliationFromEvents(pred, gt, range).zones.map((z) => z[key]);

test('affiliation: worked example from the module doc', () => {
  const r = affiliationMetrics([0, 0, 1, 1, 0, 0, 0, 0], [0, 0, 0, 1, 1, 0, 0, 0]);
  close(r.precision, 0.8125, 1e-15, 'precision');
  close(r.recall, 0.9375, 1e-15, 'recall');
  close(r.f1, (2 * 0.8125 * 0.9375) / (0.8125 + 0.9375), 1e-15, 'f1');
  assert.deepEqual(r.zones[0].zone, { start: 0, end: 8 });
  assert.deepEqual(r.zones[0].event, { start: 2, end: 4 });
});

// The cases below are ported from ahstat/affiliation-metrics-py tests/test_metrics.py
// (Test_pr_from_events), with the events as half-open intervals and Trange as `range`.
test('affiliation (ahstat test_metrics.py): test_empty', () => {
  const r = affiliationFromEvents([], ev([1, 10]), R(1, 10));
  assert.ok(Number.isNaN(r.precision));
  assert.equal(r.recall, 0);
  assert.ok(Number.isNaN(r.f1));
  assert.equal(r.zones.length, 1);
  assert.equal(r.zones[0].recallDistance, Infinity);
  assert.equal(r.zones[0].recall, 0);
  assert.ok(Number.isNaN(r.zones[0].precisionDistance));
  assert.ok(Number.isNaN(r.zones[0].precision));
});

test('affiliation (ahstat test_metrics.py): test_generic_precision_distance', () => {
  const gt4 = ev([1, 8], [16, 17], [25, 28], [29, 31]);
  assert.deepEqual(field(ev([1, 3], [6, 18], [25, 26]), gt4, R(1, 31), 'precisionDistance'), [8 / 8, 8.5 / 6, 0 / 1, NaN]);
  const results0 = field(ev([1, 3], [5, 10]), ev([1, 8], [16, 17]), R(1, 31), 'precisionDistance');
  const results1 = field(ev([1, 3]), ev([1, 8], [16, 17]), R(1, 31), 'precisionDistance');
  const results2 = field(ev([1, 3], [5, 10]), ev([1, 8]), R(1, 31), 'precisionDistance');
  const results3 = field(ev([2, 3]), ev([1, 8]), R(1, 31), 'precisionDistance');
  assert.deepEqual(results0, [(0 + 2 ** 2 / 2) / 7, NaN]);
  assert.deepEqual(results1, [0, NaN]);
  assert.deepEqual(results2, [results0[0]]);
  assert.deepEqual(results3, [results1[0]]);
});

test('affiliation (ahstat test_metrics.py): test_generic_recall_distance', () => {
  const gt4 = ev([1, 8], [16, 17], [25, 28], [29, 31]);
  assert.deepEqual(field(ev([1, 3], [6, 18], [25, 26]), gt4, R(1, 31), 'recallDistance'), [2.25 / 7, 0 / 1, 2 / 3, Infinity]);
  const results0 = field(ev([1, 3], [5, 10]), ev([1, 8], [16, 17]), R(1, 31), 'recallDistance');
  const results1 = field(ev([1, 3]), ev([1, 8], [16, 17]), R(1, 31), 'recallDistance');
  assert.deepEqual(results0, [(1 ** 2 / 2 + 1 ** 2 / 2) / 7, Infinity]);
  assert.deepEqual(results1, [5 ** 2 / 2 / 7, Infinity]);
  assert.deepEqual(field(ev([1, 3], [5, 10]), ev([1, 8]), R(1, 31), 'recallDistance'), [results0[0]]);
  assert.deepEqual(field(ev([1, 3]), ev([1, 8]), R(1, 31), 'recallDistance'), [results1[0]]);
});

test('affiliation (ahstat test_metrics.py): test_check_coherence', () => {
  const r = affiliationFromEvents(ev([1, 3], [6, 18], [25, 26]), ev([1, 8], [16, 17], [25, 28], [29, 31]), R(1, 40));
  assert.equal(r.zones[2].precision, 1);
  assert.ok(Number.isNaN(r.zones[3].precision));
  assert.equal(r.zones[3].recall, 0);
  assert.equal(r.zones[3].recallDistance, Infinity);
  assert.equal(r.zones[1].recall, 1);
  assert.equal(r.zones[1].recallDistance, 0);
});

test('affiliation (ahstat test_metrics.py): test_paper (the example of the KDD paper, in seconds)', () => {
  const gt = ev([0, 10 * 60], [50 * 60, 70 * 60], [170 * 60, 175 * 60]);
  const pred = ev([5 * 60, 6 * 60], [7 * 60, 10 * 60], [11 * 60, 12 * 60], [40 * 60, 60 * 60], [115 * 60, 130 * 60], [135 * 60, 140 * 60], [165 * 60, 170 * 60]);
  const r = affiliationFromEvents(pred, gt, R(0, 180 * 60));
  // assertAlmostEqual on lists passes only on equality, so these are exact in the reference too.
  assert.deepEqual(r.zones.map((z) => z.precisionDistance), [18, 60 * 11.5, 60 * 31.25]);
  assert.deepEqual(r.zones.map((z) => z.recallDistance), [76.5, 60 * 2.5, 60 * 2.5]);
  close(r.zones[1].precision, 0.672222222, 5e-8, 'precision probability, zone 2');
  close(r.zones[1].recall, 0.944444444, 5e-8, 'recall probability, zone 2');
});

// ahstat tests/test_single_ground_truth_event.py: per-event functions, reproduced through a single
// ground-truth event whose zone is the whole range (distances do not depend on the zone).
test('affiliation (ahstat test_single_ground_truth_event.py): distances and probabilities for one event', () => {
  const J = ev([1, 8]);
  const pd = (...p: [number, number][]) => field(ev(...p), J, R(0, 20), 'precisionDistance')[0];
  assert.equal(pd([1, 3]), 0);
  assert.equal(pd([1, 8]), 0);
  assert.equal(pd([1, 9]), 1 / 2 / 8);
  assert.equal(pd([0, 9]), 1 / 9);
  assert.equal(pd([1, 2], [3, 4]), 0);
  assert.equal(pd([7, 9]), 1 / 4);
  assert.equal(pd([8, 9]), 1 / 2);
  assert.equal(pd([9, 10]), 3 / 2);
  assert.equal(pd([1, 2], [9, 10]), 3 / 4);
  assert.equal(pd([6, 12]), 8 / 6);
  assert.equal(field(ev([12, 18]), ev([16, 17]), R(0, 20), 'precisionDistance')[0], 8.5 / 6);
  const rd = (...p: [number, number][]) => field(ev(...p), J, R(0, 20), 'recallDistance')[0];
  assert.equal(rd([1, 3]), 0 * (2 / 7) + 2.5 * (5 / 7));
  assert.equal(rd([1, 8]), 0);
  assert.equal(rd([1, 9]), 0);
  assert.equal(rd([0, 9]), 0);
  // test_paper: the three events of the paper, one at a time.
  assert.equal(field(ev([300, 360], [420, 600], [660, 720]), ev([0, 600]), R(0, 1000), 'precisionDistance')[0], 18);
  assert.equal(field(ev([300, 360], [420, 600], [660, 720]), ev([0, 600]), R(0, 1000), 'recallDistance')[0], 76.5);
  // Test_single_ground_truth_event_misc: E = (1, 91), Is = [(11,31), (86,91)], J = (21, 41).
  const z = affiliationFromEvents(ev([11, 31], [86, 91]), ev([21, 41]), R(1, 91)).zones[0];
  close(z.recallDistance, 2.5, 5e-8, 'recall distance');
  close(z.precisionDistance, 11.5, 5e-8, 'precision distance');
  close(z.recall, 0.944444444, 5e-8, 'recall probability');
  close(z.precision, 0.672222222, 5e-8, 'precision probability');
});

// ahstat tests/test_integral_interval.py: closed forms and the values quoted in its comments.
test('affiliation (ahstat test_integral_interval.py): closed forms for real-valued intervals', () => {
  // test_closed: ∫_E F̄ = (|E| + |J|²/|E|)/2 when the prediction is the whole zone.
  for (const [E, J] of [[R(-3, 3), R(-1, 2.4)], [R(-10, 3), R(0, 2.9)]] as [Interval, Interval][]) {
    const dE = E.end - E.start;
    const dJ = J.end - J.start;
    close(affiliationFromEvents([E], [J], E).precision * dE, (dE + dJ ** 2 / dE) / 2, 1e-7, 'closed form');
  }
  const size = 1e-9;
  // test_special_cases: J = E, I an almost-point at the centre → recall 5/8.
  close(affiliationFromEvents(ev([2 - size, 2 + size]), ev([1, 3]), R(1, 3)).recall, 0.625, 1e-7, 'centre');
  // test_behavior_when_I_increases: E = (-5, 5), J = (-3, 3); values from the comments.
  for (const [half, expected] of [[1, 0.8666], [2, 0.9666], [2.9, 0.999666]]) {
    close(affiliationFromEvents(ev([-half, half]), ev([-3, 3]), R(-5, 5)).recall, expected, 1e-4, `I = ±${half}`);
  }
  close(affiliationFromEvents(ev([-size, size]), ev([-3, 3]), R(-5, 5)).recall, 0.708, 1e-3, 'I = point');
  // test_behavior_when_E_increases: J = (-3, 3), I = (10, 10 + 1e-9), E growing to the right.
  for (const [right, expected] of [[12, 0.1590909], [18, 0.3392857], [30, 0.5375], [100, 0.8318182], [10000, 0.9981518]]) {
    close(affiliationFromEvents(ev([10, 10 + size]), ev([-3, 3]), R(-10, right)).recall, expected, 5e-7, `E = (-10, ${right})`);
  }
});

/**
 * Slow reference straight from the definitions (paper §3), by the midpoint rule on a grid of
 * step 1/8. With integer inputs every kink of the integrands (zone bounds at half-integers,
 * nearest-prediction cuts and min(d, m) switches at multiples of 1/4) lies on a cell border and
 * the integrands are linear inside each cell, so the rule is exact up to rounding.
 *   precision in zone E of J: mean over predicted x ∈ E of P(d(X, J) ≥ d(x, J)), X ~ U(E)
 *   recall: mean over y ∈ J of P(|X − y| ≥ d(y, P ∩ E)), X ~ U(E)
 */
function slowAffiliation(labels: number[], preds: number[]) {
  const n = labels.length;
  const gt = runsOf(labels);
  const h = 1 / 8;
  const len = (a: number, b: number, E: Interval): number => Math.max(0, Math.min(b, E.end) - Math.max(a, E.start));
  const dist = (x: number, I: Interval): number => Math.max(I.start - x, x - I.end, 0);
  return gt.map((J, j) => {
    const E = { start: j === 0 ? 0 : (gt[j - 1].end + J.start) / 2, end: j === gt.length - 1 ? n : (J.end + gt[j + 1].start) / 2 };
    const dE = E.end - E.start;
    const pieces = runsOf(preds).map((I) => ({ start: Math.max(I.start, E.start), end: Math.min(I.end, E.end) })).filter((I) => I.start < I.end);
    let pSum = 0, pdSum = 0, count = 0;
    for (let c = E.start; c < E.end; c += h) {
      const x = c + h / 2;
      if (preds[Math.floor(x)] !== 1) continue;
      const d = dist(x, J);
      pSum += d === 0 ? 1 : 1 - len(J.start - d, J.end + d, E) / dE;
      pdSum += d;
      count++;
    }
    if (pieces.length === 0) return { precision: NaN, precisionDistance: NaN, recall: 0, recallDistance: Infinity };
    let rSum = 0, rdSum = 0, cells = 0;
    for (let c = J.start; c < J.end; c += h) {
      const y = c + h / 2;
      const d = Math.min(...pieces.map((I) => dist(y, I)));
      rSum += d === 0 ? 1 : 1 - len(y - d, y + d, E) / dE;
      rdSum += d;
      cells++;
    }
    return { precision: pSum / count, precisionDistance: pdSum / count, recall: rSum / cells, recallDistance: rdSum / cells };
  });
}


const same = (a: number, b: number, what: string): void => {
  if (Number.isNaN(b) || !Number.isFinite(b)) assert.equal(a, b, what);
  else close(a, b, 1e-9 * Math.max(1, Math.abs(b)), what);
};

test('affiliation: equals the slow grid-integration reference on 300 random cases', () => {
  const rng = createRng(2206);
  for (let c = 0; c < 300; c++) {
    const n = rng.int(20, 300);
    const labels = randomMask(rng, n, true);
    const preds = randomMask(rng, n, rng.bool(0.95));
    const fast = affiliationMetrics(labels, preds);
    const slow = slowAffiliation(labels, preds);
    assert.equal(fast.zones.length, slow.length);
    fast.zones.forEach((z, j) => {
      for (const k of ['precision', 'recall', 'precisionDistance', 'recallDistance'] as const) same(z[k], slow[j][k], `case ${c} zone ${j} ${k}`);
    });
    const defined = slow.filter((z) => !Number.isNaN(z.precision));
    same(fast.precision, defined.length ? defined.reduce((s, z) => s + z.precision, 0) / defined.length : NaN, `case ${c} precision`);
    same(fast.recall, slow.reduce((s, z) => s + z.recall, 0) / slow.length, `case ${c} recall`);
  }
});

test('affiliation: worse is worse', () => {
  const rng = createRng(42);
  for (let c = 0; c < 200; c++) {
    const n = rng.int(30, 300);
    const labels = randomMask(rng, n, true);
    const preds = randomMask(rng, n, true);
    const base = affiliationMetrics(labels, preds);
    // Removing a whole predicted range never raises recall (distances to the nearest prediction grow).
    const runs = runsOf(preds);
    const drop = rng.choice(runs);
    const fewer = preds.slice();
    for (let i = drop.start; i < drop.end; i++) fewer[i] = 0;
    assert.ok(affiliationMetrics(labels, fewer).recall <= base.recall + 1e-12, `case ${c}: removal raised recall`);
    // Moving a lone predicted range away from its event, inside the event's zone, never raises precision.
    const z = base.zones[rng.int(0, base.zones.length - 1)];
    const w = rng.int(1, 3);
    let prev = Infinity;
    for (let s = z.event.end; s + w <= Math.floor(z.zone.end); s++) {
      const lone = new Array(n).fill(0);
      for (let i = s; i < s + w; i++) lone[i] = 1;
      const p = affiliationMetrics(labels, lone).zones.find((q) => q.event.start === z.event.start)!.precision;
      assert.ok(p <= prev + 1e-12, `case ${c}: moving away raised precision`);
      prev = p;
    }
  }
  // A perfect prediction scores 1 and 1.
  const labels = randomMask(createRng(1), 200, true);
  const r = affiliationMetrics(labels, labels);
  assert.equal(r.precision, 1);
  assert.equal(r.recall, 1);
});

test('affiliation: edge cases', () => {
  // No prediction: precision undefined (NaN), recall 0, as the reference (test_empty).
  const none = affiliationMetrics([0, 1, 1, 0, 0], [0, 0, 0, 0, 0]);
  assert.ok(Number.isNaN(none.precision) && Number.isNaN(none.f1));
  assert.equal(none.recall, 0);
  // All anomalous, all predicted.
  const all = affiliationMetrics([1, 1, 1], [1, 1, 1]);
  assert.equal(all.precision, 1);
  assert.equal(all.recall, 1);
  assert.throws(() => affiliationMetrics([0, 0, 0], [0, 1, 0]), /affiliationMetrics: labels hold no anomalous event/);
});

test('affiliation: array types give identical results; bad inputs are named errors', () => {
  const rng = createRng(5);
  const labels = randomMask(rng, 250, true);
  const preds = randomMask(rng, 250, true);
  const ref = affiliationMetrics(labels, preds);
  assert.deepEqual(affiliationMetrics(Uint8Array.from(labels), Uint8Array.from(preds)), ref);
  assert.deepEqual(affiliationMetrics(Float64Array.from(labels), Float32Array.from(preds)), ref);
  const f = 'affiliationMetrics';
  assert.throws(() => affiliationMetrics([0, 1], [0, 1, 0]), new RegExp(`${f}: labels has length 2 but predictions has length 3`));
  assert.throws(() => affiliationMetrics([], []), new RegExp(`${f}: empty input`));
  assert.throws(() => affiliationMetrics([0, NaN], [0, 1]), new RegExp(`${f}: labels must be 0 or 1, got NaN at index 1`));
  assert.throws(() => affiliationMetrics([0, 1], [0, -1]), new RegExp(`${f}: predictions must be 0 or 1, got -1 at index 1`));
  const g = 'affiliationFromEvents';
  assert.throws(() => affiliationFromEvents(ev([1, 3]), [], R(0, 10)), new RegExp(`${g}: groundTruth needs at least one event`));
  assert.throws(() => affiliationFromEvents(ev([4, 6], [6, 7]), ev([1, 2]), R(0, 10)), new RegExp(`${g}: predicted must be sorted and disjoint`));
  assert.throws(() => affiliationFromEvents(ev([4, 6], [1, 2]), ev([1, 2]), R(0, 10)), new RegExp(`${g}: predicted must be sorted and disjoint`));
  assert.throws(() => affiliationFromEvents(ev([3, 3]), ev([1, 2]), R(0, 10)), new RegExp(`${g}: predicted\\[0\\] = \\[3, 3\\) must have start < end`));
  assert.throws(() => affiliationFromEvents(ev([1, 3]), ev([5, 12]), R(0, 10)), new RegExp(`${g}: range \\[0, 10\\) must include every event`));
  assert.throws(() => affiliationFromEvents(ev([1, NaN]), ev([5, 6]), R(0, 10)), new RegExp(`${g}: predicted\\[0\\] has a non-finite bound`));
});

test('affiliation: 100k points with ~100 events each run in well under a second', (t) => {
  const n = 100_000;
  const labels = new Uint8Array(n);
  const preds = new Uint8Array(n);
  const rng = createRng(11);
  for (let k = 0; k < 100; k++) {
    const s = k * 1000 + rng.int(0, 800);
    for (let i = s; i < s + rng.int(5, 150); i++) labels[i] = 1;
    for (let m = 0; m < 3; m++) {
      const q = s + rng.int(-300, 300);
      for (let i = Math.max(0, q); i < Math.min(n, q + rng.int(1, 60)); i++) preds[i] = 1;
    }
  }
  const t0 = performance.now();
  const r = affiliationMetrics(labels, preds);
  const ms = performance.now() - t0;
  t.diagnostic(`affiliationMetrics on 100k points (${r.zones.length} events): ${ms.toFixed(2)} ms`);
  assert.ok(ms < 1000, `took ${ms} ms`);
});
