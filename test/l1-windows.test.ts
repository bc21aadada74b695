import assert from 'node:assert/strict';
import test from 'node:test';
import { summariseWindows } from '../lib/baselines';
import { dilateMask, selectHardNormals } from '../lib/l1/03-finetune-clusters/finetune';
import { budgetEventKeys, evaluateScores, ratios } from '../lib/detectors';
import { attackRatios, budgetEvents, checkFinalLabels, splitWindows } from '../lib/l1/02-train-evaluate/evaluate';
import { L1_DEFAULTS } from '../lib/l1/config';
import { gatherWindows, randomStarts, startRange } from '../lib/features';
import { samplesFromSeries } from '../lib/detectors';
import { createRng } from '../lib/random';

test('gatherWindows and the series view prefix-sum summaries agree with lib/baselines summariseWindows on the same windows', () => {
  const rng = createRng(1);
  const F = 3, rows = 40, T = 7;
  const data = Float32Array.from({ length: rows * F }, () => rng.normal());
  const starts = randomStarts(0, rows, T, 25, rng);
  assert.ok(starts.every((s) => s >= 0 && s + T <= rows));
  const w = gatherWindows({ data, F }, T, starts);
  assert.deepEqual(w.shape, [25, T, F]);
  assert.deepEqual([...w.data.subarray(0, T * F)], [...data.subarray(starts[0] * F, (starts[0] + T) * F)]);
  const ref = summariseWindows(w);
  const view = samplesFromSeries({ data, F }, T);
  assert.deepEqual([...view.gather(starts)], [...w.data], 'the series view gathers the same windows');
  const fast = { data: view.summaries!(starts), shape: [starts.length, 3 * F] };
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

test('L1 evaluation: ratios, per-budget event keys, the one record keyed @budget0.04 with thresholds from the prefix', () => {
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
  const own = { ...ratios(errors.subarray(180), { labels: end.subarray(180), labelsAny: end.subarray(180) }, 0.01), ...budgetEventKeys(errors.subarray(180), end.subarray(180), [0.04, 0.1]) };
  for (const k of ['attack_ratio', 'event_recall@budget0.04', 'event_precision@budget0.1', 'ttd_median_steps@budget0.04']) assert.ok(k in own, k);
  assert.equal(own.attack_ratio, r.ar, 'the record and ar_values.json agree');
  const labels = { val: { labels: end.subarray(0, 180) }, test: { labels: end.subarray(180) } };
  const full = evaluateScores({ conv1d_ae: { val: errors.subarray(0, 180), test: errors.subarray(180) } }, labels, { valQuantile: 0.99, budgets: L1_DEFAULTS.eval.event_budgets, vusMaxWindow: 100, randomSeed: 7 }).record;
  for (const k of ['conv1d_ae.test.vus_pr', 'conv1d_ae.test.event_recall@budget0.04', 'conv1d_ae.test.f1@val_best_f1', 'random.test.roc_auc']) assert.ok(k in full, k);
  assert.ok(!Object.keys(full).some((k) => /@\d/.test(k)), 'one spelling: @budget0.04, never @0.04');
  assert.equal(full['conv1d_ae.test.event_recall@budget0.04'], events['0.04'].eventRecall);
  assert.equal(own['event_recall@budget0.04'], events['0.04'].eventRecall);
  assert.throws(() => checkFinalLabels(new Uint8Array(n).fill(1, 0, 10), split), /final split .* only one class/);
  assert.throws(() => splitWindows(3, 0.3), /too few/);
  assert.equal(startRange(3, 6).join(), '3,4,5');
});
