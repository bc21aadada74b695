import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  budgetMask,
  detectionDelays,
  eventMetrics,
  eventMetricsAtThreshold,
  eventMetricsFromPredictions,
} from '../lib/eval/events';
import { quantileLinear } from '../lib/eval/events-delay';
import { pointAdjust, pointAdjustedF1 } from '../lib/eval/point-adjust';
import { createRng, type Rng } from '../lib/random';

const close = (a: number | null, b: number, tol = 1e-12): void => {
  assert.ok(a !== null && Math.abs(a - b) <= tol, `${a} vs ${b}`);
};

test('worked example: event recall, precision, F1 and delay by hand', () => {
  // events [1,4) and [6,8); clusters [2,3) (inside event 1) and [8,10) (touches nothing).
  // Event 1 detected at index 2: delay 2 − 1 = 1 step. Event 2 missed.
  // recall 1/2, precision 1/2, F1 1/2; one delay, so median = p95 = 1.
  const labels = [0, 1, 1, 1, 0, 0, 1, 1, 0, 0];
  const predictions = [0, 0, 1, 0, 0, 0, 0, 0, 1, 1];
  const ts = labels.map((_, i) => 1_700_000_000_000 + 250 * i); // 4 Hz, epoch ms
  const m = eventMetricsFromPredictions(labels, predictions, { timestampsMs: ts });
  assert.deepEqual(m, {
    events: 2, detected: 1, missed: 1, clusters: 2, falseClusters: 1, alerts: 3, threshold: null,
    eventRecall: 0.5, eventPrecision: 0.5, eventF1: 0.5,
    delayMedianSteps: 1, delayP95Steps: 1, delayMedianSeconds: 0.25, delayP95Seconds: 0.25,
  });
  assert.deepEqual(detectionDelays(labels, predictions), [{ start: 1, end: 4, firstAlert: 2, delaySteps: 1, delaySeconds: null }]);
});

test('budget: top ⌈budget·N⌉ scores, ties by index, and the threshold-based twin agrees', () => {
  // scores: index 3 and 6 tie at 0.9; budget 0.2 of 10 → 2 alerts: indices 3, 6 (then 0.8 at 7 is out)
  const labels = [0, 0, 1, 1, 1, 0, 1, 1, 0, 0];
  const scores = [0.1, 0.2, 0.3, 0.9, 0.5, 0.1, 0.9, 0.8, 0.0, 0.4];
  const m = eventMetrics(labels, scores, { budget: 0.2 });
  // events [2,5) (first alert 3: delay 1) and [6,8) (alert 6: delay 0); clusters [3,4), [6,7)
  assert.equal(m.alerts, 2);
  assert.equal(m.threshold, 0.9);
  assert.equal(m.eventRecall, 1);
  assert.equal(m.eventPrecision, 1);
  assert.equal(m.delayMedianSteps, 0.5); // linear quantile of [0, 1]
  close(m.delayP95Steps, 0.95);
  assert.deepEqual(eventMetricsAtThreshold(labels, scores, 0.9), m);
  // all ties: the earliest samples win
  assert.deepEqual([...budgetMask('t', [1, 1, 1, 1, 1], 0.4).mask], [1, 1, 0, 0, 0]);
  // 0.1·30 = 3.0000000000000004 in floating point; still 3 alerts
  assert.equal(budgetMask('t', new Array(30).fill(0), 0.1).mask.reduce((a, b) => a + b, 0), 3);
  assert.equal(budgetMask('t', [3, 2, 1], 0.34).mask.reduce((a, b) => a + b, 0), 2); // ⌈1.02⌉
  const none = eventMetrics(labels, scores, { budget: 0 });
  assert.equal(none.threshold, null);
  assert.equal(none.eventPrecision, 0);
  assert.equal(none.eventF1, 0);
  assert.equal(none.delayMedianSteps, null);
  assert.equal(eventMetrics(labels, scores, { budget: 1 }).eventRecall, 1);
});

test('quantiles follow numpy linear', () => {
  // np.quantile([0,1,2,10], [.5,.95]) = [1.5, 8.8]; np.quantile([7], .95) = 7
  close(quantileLinear([0, 1, 2, 10], 0.5), 1.5);
  close(quantileLinear([0, 1, 2, 10], 0.95), 8.8);
  assert.equal(quantileLinear([7], 0.95), 7);
  assert.equal(quantileLinear([], 0.5), null);
});

/** Slow reference: pairwise loops over events and clusters, no shared code with the kernel. */
function slowEvents(labels: number[], pred: number[]) {
  const runs = (m: number[]) => {
    const out: [number, number][] = [];
    m.forEach((v, i) => {
      if (v === 1 && (i === 0 || m[i - 1] !== 1)) out.push([i, i + 1]);
      else if (v === 1) out[out.length - 1][1] = i + 1;
    });
    return out;
  };
  const events = runs(labels);
  const clusters = runs(pred);
  const overlaps = (a: [number, number], b: [number, number]) => a[0] < b[1] && b[0] < a[1];
  const detected = events.filter((e) => clusters.some((c) => overlaps(e, c)));
  const good = clusters.filter((c) => events.some((e) => overlaps(e, c)));
  const delays = detected.map((e) => {
    for (let i = e[0]; i < e[1]; i++) if (pred[i] === 1) return i - e[0];
    throw new Error('unreachable');
  });
  return { events: events.length, detected: detected.length, clusters: clusters.length, good: good.length, delays };
}

function randomMask(rng: Rng, n: number, p: number): number[] {
  const m: number[] = [];
  let on = false;
  for (let i = 0; i < n; i++) {
    if (rng.bool(p)) on = !on;
    m.push(on ? 1 : 0);
  }
  return m;
}

test('kernel matches explicit loops over events and clusters on seeded random inputs', () => {
  const rng = createRng(42);
  for (let trial = 0; trial < 200; trial++) {
    const n = rng.int(5, 200);
    const labels = randomMask(rng, n, 0.08);
    if (!labels.includes(1)) labels[rng.int(0, n - 1)] = 1;
    const scores = labels.map((y) => y * 0.5 + rng.next());
    const budget = rng.next() * 0.5;
    const m = eventMetrics(labels, scores, { budget });
    const pred = [...budgetMask('t', scores, budget).mask];
    const s = slowEvents(labels, pred);
    assert.equal(m.events, s.events);
    assert.equal(m.detected, s.detected);
    assert.equal(m.clusters, s.clusters);
    assert.equal(m.clusters - m.falseClusters, s.good);
    close(m.eventRecall, s.detected / s.events);
    close(m.eventPrecision, s.clusters ? s.good / s.clusters : 0);
    const sorted = s.delays.slice().sort((a, b) => a - b);
    if (sorted.length) close(m.delayMedianSteps, quantileLinear(sorted, 0.5) as number);
    else assert.equal(m.delayMedianSteps, null);
    // the budget picked exactly ⌈budget·n⌉ samples, all scoring ≥ every unpicked one
    assert.equal(m.alerts, Math.ceil(budget * n - 1e-9));
    const minIn = Math.min(...scores.filter((_, i) => pred[i] === 1));
    const maxOut = Math.max(...scores.filter((_, i) => pred[i] === 0));
    if (m.alerts > 0 && m.alerts < n) assert.ok(minIn >= maxOut);
  }
});

test('worse is worse', () => {
  const rng = createRng(9);
  for (let trial = 0; trial < 100; trial++) {
    const n = 120;
    const labels = randomMask(rng, n, 0.06);
    if (!labels.includes(1)) labels[60] = 1;
    const pred = randomMask(rng, n, 0.1);
    const base = eventMetricsFromPredictions(labels, pred);
    // an isolated false-positive cluster (no event, no alert next to it) never raises precision
    for (let i = 1; i < n - 1; i++) {
      if (labels[i] === 0 && pred[i - 1] === 0 && pred[i] === 0 && pred[i + 1] === 0) {
        const worse = pred.slice();
        worse[i] = 1;
        assert.ok(eventMetricsFromPredictions(labels, worse).eventPrecision <= base.eventPrecision);
        break;
      }
    }
  }
  // a later first detection never shortens time to detect
  const labels = [0, 0, 1, 1, 1, 1, 1, 0];
  for (let first = 2; first < 6; first++) {
    const early = labels.map((_, i) => (i === first ? 1 : 0));
    const late = labels.map((_, i) => (i === first + 1 ? 1 : 0));
    const a = eventMetricsFromPredictions(labels, early).delayMedianSteps as number;
    const b = eventMetricsFromPredictions(labels, late).delayMedianSteps as number;
    assert.ok(b > a);
  }
  // shifting the only detection out of the event loses the event
  const inside = [0, 0, 0, 1, 0, 0, 0, 0];
  const outside = [0, 0, 0, 0, 0, 0, 0, 1];
  assert.equal(eventMetricsFromPredictions(labels, inside).eventRecall, 1);
  assert.equal(eventMetricsFromPredictions(labels, outside).eventRecall, 0);
});

test('invariance: array types give identical records; reversal keeps counts', () => {
  const rng = createRng(4);
  const labels = randomMask(rng, 300, 0.05);
  labels[10] = 1;
  const scores = labels.map((y) => Math.round((y * 0.4 + rng.next()) * 64) / 64); // exact in Float32
  const a = eventMetrics(labels, scores, { budget: 0.1 });
  assert.deepEqual(eventMetrics(Uint8Array.from(labels), Float32Array.from(scores), { budget: 0.1 }), a);
  assert.deepEqual(eventMetrics(Float64Array.from(labels), Float64Array.from(scores), { budget: 0.1 }), a);
  // reversing time keeps which events and clusters overlap (delays change: they measure from the start)
  const pred = labels.map((_, i) => (scores[i] >= 0.9 ? 1 : 0));
  const f = eventMetricsFromPredictions(labels, pred);
  const r = eventMetricsFromPredictions(labels.slice().reverse(), pred.slice().reverse());
  for (const key of ['events', 'detected', 'clusters', 'falseClusters', 'alerts', 'eventF1'] as const) assert.equal(r[key], f[key]);
});

test('time to detect in seconds uses the timestamps, not the steps', () => {
  const labels = [0, 1, 1, 1, 0, 0, 1, 1, 1, 0];
  const predictions = [0, 0, 0, 1, 0, 0, 1, 0, 0, 0];
  const ts = [0, 1000, 1500, 4000, 5000, 6000, 7000, 7100, 7200, 8000]; // irregular sampling
  const m = eventMetricsFromPredictions(labels, predictions, { timestampsMs: ts });
  // delays: event 1 → 2 steps, (4000 − 1000)/1000 = 3 s; event 2 → 0 steps, 0 s
  assert.equal(m.delayMedianSteps, 1);
  close(m.delayP95Steps, 1.9);
  assert.equal(m.delayMedianSeconds, 1.5);
  close(m.delayP95Seconds, 2.85);
});

test('PA%K: worked example and the K = 0 / K = 100 ends', () => {
  // event [1,5) has 1/4 flagged, event [6,8) 2/2; one false alarm at 9.
  // K = 20: 1 > 0.8 → event 1 adjusted: TP 6, FP 1, FN 0 → F1 = 12/13.
  // K = 25: 1 > 1 is false → raw: TP 3, FP 1, FN 3 → F1 = 6/10.
  const labels = [0, 1, 1, 1, 1, 0, 1, 1, 0, 0];
  const predictions = [0, 0, 1, 0, 0, 0, 1, 1, 0, 1];
  close(pointAdjustedF1(labels, predictions, { k: 20 }), 12 / 13);
  close(pointAdjustedF1(labels, predictions, { k: 25 }), 0.6);
  close(pointAdjustedF1(labels, predictions, { k: 0 }), 12 / 13); // classic PA
  close(pointAdjustedF1(labels, predictions, { k: 100 }), 0.6); // raw point-wise F1
  assert.deepEqual([...pointAdjust(labels, predictions, { k: 20 })], [0, 1, 1, 1, 1, 0, 1, 1, 0, 1]);
  assert.deepEqual([...pointAdjust(labels, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], { k: 0 })], new Array(10).fill(0));
  // PA-F1 never decreases as K falls
  const rng = createRng(2);
  for (let t = 0; t < 50; t++) {
    const lab = randomMask(rng, 80, 0.05);
    lab[40] = 1;
    const pred = randomMask(rng, 80, 0.2);
    let prev = -1;
    for (const k of [100, 80, 50, 20, 5, 0]) {
      const f = pointAdjustedF1(lab, pred, { k });
      assert.ok(f >= prev - 1e-12);
      prev = f;
    }
  }
});

test('bad input fails loudly, naming the function', () => {
  const labels = [0, 1, 1, 0];
  const scores = [0.1, 0.5, 0.7, 0.2];
  assert.throws(() => eventMetrics(labels, [0.1], { budget: 0.5 }), /eventMetrics: labels has length 4 but scores has length 1/);
  assert.throws(() => eventMetrics(labels, [0.1, NaN, 0, 0], { budget: 0.5 }), /eventMetrics: scores must be finite/);
  assert.throws(() => eventMetrics(labels, scores, { budget: 1.5 }), /eventMetrics: budget must be a number in \[0, 1\]/);
  assert.throws(() => eventMetrics(labels, scores, {} as { budget: number }), /eventMetrics: budget must be/);
  assert.throws(() => eventMetrics([0, 0, 0, 0], scores, { budget: 0.5 }), /eventMetrics: labels hold no event/);
  assert.throws(() => eventMetricsAtThreshold(labels, scores, NaN), /eventMetricsAtThreshold: threshold must be a number/);
  assert.throws(
    () => eventMetricsAtThreshold(labels, scores, 0.5, { timestampsMs: [0, 2, 1, 3] }),
    /eventMetricsAtThreshold: timestampsMs must be non-decreasing/,
  );
  assert.throws(
    () => eventMetricsAtThreshold(labels, scores, 0.5, { timestampMs: [0, 1, 2, 3] } as object),
    /eventMetricsAtThreshold: unknown option 'timestampMs'/,
  );
  assert.throws(() => eventMetricsFromPredictions(labels, [0, 0.5, 1, 0]), /eventMetricsFromPredictions: predictions must be 0 or 1/);
  assert.throws(() => detectionDelays(labels, [0, 1, 1, 0], { timestampsMs: [0, 1] }), /detectionDelays: labels has length 4 but timestampsMs/);
  assert.throws(() => pointAdjustedF1(labels, [0, 1, 1, 0], { k: 120 }), /pointAdjustedF1: k must be a percentage/);
  assert.throws(() => pointAdjust([2, 1, 1, 0], [0, 1, 1, 0], { k: 10 }), /pointAdjust: labels must be 0 or 1/);
});
