import { test } from 'node:test';
import assert from 'node:assert/strict';
import { materializeWindows, planWindows, sampleBlocks, windowCount, windowLabels, type WindowPlan } from '../lib/features';
import { createRng } from '../lib/random';

test('windows: stride, window-end label y, any-in-window y_any, end time t, groups never mixed', () => {
  const label = [0, 0, 1, 0, 0, 0, 0, 1];
  const time = Float64Array.from({ length: 8 }, (_, i) => 1000 + i);
  const plan = planWindows(8, { seqLen: 3, stride: 2 });
  assert.deepEqual(Array.from(plan.ends), [2, 4, 6]);
  const { end: y, any: yAny, t } = windowLabels(plan, label, time);
  assert.deepEqual(Array.from(y), [1, 0, 0]);
  assert.deepEqual(Array.from(yAny), [1, 1, 0]);
  assert.deepEqual(Array.from(t), [1002, 1004, 1006]);
  const feats = Float32Array.from({ length: 16 }, (_, i) => i); // row r = [2r, 2r+1]
  assert.deepEqual(Array.from(materializeWindows(plan, feats, 2).subarray(0, 6)), [0, 1, 2, 3, 4, 5]);
  // Two hosts interleaved: windows stay within a host and come out in end-time order.
  const seg = Int32Array.from([0, 1, 0, 1, 0, 1, 0]);
  const g = planWindows(7, { seqLen: 2, stride: 1, segments: seg });
  const rowsOf = Array.from(g.ends, (e) => [g.order[e - 1], g.order[e]]);
  assert.deepEqual(rowsOf, [[0, 2], [1, 3], [2, 4], [3, 5], [4, 6]]);
  assert.equal(planWindows(2, { seqLen: 3, stride: 1 }).ends.length, 0);
  assert.throws(() => planWindows(5, { seqLen: 0, stride: 1 }), /seq_len must be a positive integer/);
});

test('windowLabels: window-end label and any-in-window, stride 1', () => {
  const labels = Uint8Array.from([0, 0, 1, 0, 0, 0, 1, 1]);
  const { end, any } = windowLabels(labels, 3);
  assert.equal(windowCount(labels.length, 3), 6);
  assert.deepEqual([...end], [1, 0, 0, 0, 1, 1]);
  assert.deepEqual([...any], [1, 1, 1, 0, 1, 1]);
  assert.equal(windowCount(2, 3), 0);
});

test('sampleBlocks: exact count, sorted, few contiguous runs, seeded', () => {
  const k = sampleBlocks(1000, 100, createRng(1), 5);
  assert.equal(k.length, 100);
  let runs = 1;
  for (let i = 1; i < k.length; i++) {
    assert.ok(k[i] > k[i - 1]);
    if (k[i] !== k[i - 1] + 1) runs++;
  }
  assert.ok(runs <= 5, `${runs} runs`);
  assert.deepEqual(sampleBlocks(1000, 100, createRng(1), 5), k);
  assert.equal(sampleBlocks(10, 50, createRng(1)).length, 10);
});

// The two labellings this one replaced, verbatim (lib/gru-sae/windows.ts windowTargets and
// lib/l1/windows.ts windowLabels at 27a6c97): the merged function must give the same arrays.
function oldWindowTargets(plan: WindowPlan, label: ArrayLike<number>, time: Float64Array): { y: Uint8Array; yAny: Uint8Array; t: Float64Array } {
  const { order, ends, seqLen } = plan;
  // Prefix sums of attack rows along `order` make y_any O(1) per window.
  const prefix = new Int32Array(order.length + 1);
  for (let p = 0; p < order.length; p++) prefix[p + 1] = prefix[p] + (label[order[p]] ? 1 : 0);
  const y = new Uint8Array(ends.length);
  const yAny = new Uint8Array(ends.length);
  const t = new Float64Array(ends.length);
  ends.forEach((e, w) => {
    const last = order[e];
    y[w] = label[last] ? 1 : 0;
    yAny[w] = prefix[e + 1] - prefix[e + 1 - seqLen] > 0 ? 1 : 0;
    t[w] = time[last];
  });
  return { y, yAny, t };
}

function oldL1WindowLabels(labels: Uint8Array, T: number): { end: Uint8Array; any: Uint8Array } {
  const n = windowCount(labels.length, T);
  const end = labels.slice(T - 1, T - 1 + n);
  const any = new Uint8Array(n);
  let inWindow = 0;
  for (let i = 0; i < labels.length; i++) {
    inWindow += labels[i];
    if (i >= T) inWindow -= labels[i - T];
    if (i >= T - 1) any[i - T + 1] = inWindow > 0 ? 1 : 0;
  }
  return { end, any };
}

test('windowLabels equals both former labellings: GRU-SAE windowTargets (strides, segments) and L1 windowLabels (stride 1)', () => {
  const rng = createRng(31);
  for (let trial = 0; trial < 300; trial++) {
    const n = rng.int(0, 120);
    const label = Uint8Array.from({ length: n }, () => (rng.bool(rng.uniform(0, 0.3)) ? 1 : 0));
    const time = Float64Array.from({ length: n }, (_, i) => 1.7e12 + i * 1000 + rng.next());
    const seqLen = rng.int(1, 12);
    const segments = rng.bool(0.5) ? Int32Array.from({ length: n }, () => rng.int(0, 3)) : undefined;
    const plan = planWindows(n, { seqLen, stride: rng.int(1, 4), segments });
    const merged = windowLabels(plan, label, time);
    const old = oldWindowTargets(plan, label, time);
    assert.deepEqual(merged.end, old.y);
    assert.deepEqual(merged.any, old.yAny);
    assert.ok(Buffer.from(merged.t.buffer).equals(Buffer.from(old.t.buffer)));
    const l1 = oldL1WindowLabels(label, seqLen);
    const short = windowLabels(label, seqLen);
    assert.deepEqual(short.end, l1.end);
    assert.deepEqual(short.any, l1.any);
    assert.equal(short.end.length, windowCount(n, seqLen));
    assert.ok(!('t' in short), 'no time, no t');
  }
  assert.throws(() => windowLabels(planWindows(5, { seqLen: 2, stride: 1 }), [0, 1]), /windowLabels: 2 labels for 5 rows/);
  assert.throws(() => windowLabels(planWindows(2, { seqLen: 2, stride: 1 }), [0, 1], new Float64Array(3)), /3 times for 2 rows/);
});

test('materializeWindows copies each planned window\'s rows in order; a plan over too few rows is an error', () => {
  const plan = planWindows(5, { seqLen: 2, stride: 2, segments: Int32Array.from([0, 0, 1, 0, 1]) });
  // Segment 0: rows 0, 1, 3 → a window ending at row 1; segment 1: rows 2, 4 → one ending at row 4.
  const feats = Float32Array.from({ length: 5 }, (_, i) => 10 * i);
  assert.deepEqual(Array.from(materializeWindows(plan, feats, 1)), [0, 10, 20, 40]);
  assert.throws(() => materializeWindows(plan, new Float32Array(4), 1), /4 feature values are not 5 rows × 1/);
});
