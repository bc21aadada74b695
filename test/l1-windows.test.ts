import assert from 'node:assert/strict';
import test from 'node:test';
import { summariseWindows } from '../lib/baselines';
import { dilateMask, selectHardNormals } from '../lib/l1/finetune';
import { attackRatios, finalRecord, l1SplitRecord, budgetEvents, splitWindows } from '../lib/l1/evaluate';
import { L1_DEFAULTS } from '../lib/l1/config';
import { gatherWindows, randomStarts, startRange } from '../lib/features';
import { summariseAt } from '../lib/l1/windows';
import { createRng } from '../lib/random';

test('gatherWindows and summariseAt agree with lib/baselines summariseWindows on the same windows', () => {
  const rng = createRng(1);
  const F = 3, rows = 40, T = 7;
  const data = Float32Array.from({ length: rows * F }, () => rng.normal());
  const starts = randomStarts(0, rows, T, 25, rng);
  assert.ok(starts.every((s) => s >= 0 && s + T <= rows));
  const w = gatherWindows({ data, F }, T, starts);
  assert.deepEqual(w.shape, [25, T, F]);
  assert.deepEqual([...w.data.subarray(0, T * F)], [...data.subarray(starts[0] * F, (starts[0] + T) * F)]);
  const ref = summariseWindows(w);
  const fast = summariseAt({ data, F }, T, starts);
  assert.deepEqual(fast.shape, ref.shape);
  for (let i = 0; i < ref.data.length; i++) assert.ok(Math.abs(fast.data[i] - ref.data[i]) < 1e-4, `value ${i}: ${fast.data[i]} vs ${ref.data[i]}`);
  assert.throws(() => randomStarts(0, 5, T, 1, rng), /no window of 7 rows/);
});

test('dilateMask marks every position within `margin` of a set one', () => {
  assert.deepEqual([...dilateMask(Uint8Array.from([0, 0, 0, 1, 0, 0, 0, 0, 0]), 2)], [0, 1, 1, 1, 1, 1, 0, 0, 0]);
  assert.deepEqual([...dilateMask(Uint8Array.from([1, 0, 0, 0]), 0)], [1, 0, 0, 0]);
});

test('selectHardNormals: only validation-prefix windows, normal and far from attacks, highest error first, capped', () => {
  const n = 200, valEnd = 100;
  const any = new Uint8Array(n);
  any.fill(1, 40, 50); // an attack in the prefix
  any.fill(1, 150, 160); // an attack in the final split: must not matter
  const errors = Float64Array.from({ length: n }, (_, i) => (i >= valEnd ? 1000 + i : i % 17));
  const cfg = { ...L1_DEFAULTS.finetune, margin: 5, top_share: 0.5, max_windows: 30 };
  const hard = selectHardNormals(errors, any, valEnd, cfg);
  assert.equal(hard.safeNormals, 100 - 20);
  assert.equal(hard.indices.length, 30);
  for (const i of hard.indices) {
    assert.ok(i < valEnd, 'never a final-split window');
    assert.ok(i < 35 || i > 54, `window ${i} is within the margin of the attack`);
  }
  for (let k = 1; k < hard.indices.length; k++) assert.ok(errors[hard.indices[k - 1]] >= errors[hard.indices[k]]);
});

test('L1 evaluation: ratios, per-budget event keys, final record keyed @0.04 with thresholds from the prefix', () => {
  const rng = createRng(3);
  const n = 600;
  const end = new Uint8Array(n);
  end.fill(1, 100, 130);
  end.fill(1, 400, 440);
  end.fill(1, 520, 530);
  const errors = Float64Array.from(end, (y) => (y ? 3 : 1) + rng.uniform(0, 1));
  const split = splitWindows(n, 0.3);
  assert.deepEqual(split, { valEnd: 180, n });
  const r = attackRatios(errors.subarray(180), end.subarray(180), end.subarray(180), 0.01);
  assert.ok(r.ar! > 2 && r.ar_any! > 2 && r.ar_trimmed! > 2);
  assert.equal(attackRatios(errors.subarray(0, 50), end.subarray(0, 50), end.subarray(0, 50), 0.01).ar, null, 'no attack: undefined ratio');
  const events = budgetEvents(errors.subarray(180), end.subarray(180), [0.04, 0.1]);
  const own = l1SplitRecord(r, events);
  for (const k of ['ar', 'event_recall@0.04', 'event_precision@0.1', 'ttd_median@0.04']) assert.ok(k in own, k);
  const full = finalRecord(errors, end, split, { eval: L1_DEFAULTS.eval, seed: 1 }, 7);
  for (const k of ['vus_pr', 'event_recall@0.04', 'f1@val_best_f1', 'random.roc_auc']) assert.ok(k in full, k);
  assert.ok(!Object.keys(full).some((k) => k.includes('@budget')));
  assert.equal(full['event_recall@0.04'], events['0.04'].eventRecall);
  assert.throws(() => finalRecord(errors, new Uint8Array(n).fill(1, 0, 10), split, { eval: L1_DEFAULTS.eval, seed: 1 }, null), /final split .* only one class/);
  assert.throws(() => splitWindows(3, 0.3), /too few/);
  assert.equal(startRange(3, 6).join(), '3,4,5');
});
