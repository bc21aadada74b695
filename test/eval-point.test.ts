import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { rocCurve, rocAuc, prCurve, averagePrecision, prAucTrapezoid } from '../lib/eval/ranking';
import {
  confusionAt, confusionMatrix, precisionRecallF1, prf1FromConfusion, matthewsCorrcoef, mccFromConfusion,
} from '../lib/eval/confusion';
import { classificationReport, multiclassConfusion } from '../lib/eval/multiclass';
import { thresholdAtBenignQuantile, thresholdBestF1, thresholdForBudget, oracleBestF1 } from '../lib/eval/thresholds';
import { attackRatio, trimmedAttackRatio } from '../lib/eval/ratios';
import { sortAscending } from '../lib/eval/sort';
import { tieCurve } from '../lib/eval/curve';
import { quantileOfSorted } from '../lib/eval/quantile';
import type { Numbers } from '../lib/eval/validate';

// ---- helpers ---------------------------------------------------------------------------------

const TOL = 1e-9;

function close(actual: number, expected: number, what: string, tol = TOL): void {
  assert.ok(Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected)), `${what}: ${actual} ≠ ${expected}`);
}

/** Deterministic PRNG (mulberry32) so the tests draw the same numbers every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomCase(seed: number, n: number, opts: { decimals?: number; posRate?: number } = {}): { labels: number[]; scores: number[] } {
  const r = rng(seed);
  const labels: number[] = [];
  const scores: number[] = [];
  for (let i = 0; i < n; i++) {
    const y = r() < (opts.posRate ?? 0.3) ? 1 : 0;
    let s = r() + 0.4 * y - 0.5;
    if (opts.decimals !== undefined) s = Math.round(s * 10 ** opts.decimals) / 10 ** opts.decimals;
    labels.push(y);
    scores.push(s);
  }
  if (!labels.includes(0)) labels[0] = 0;
  if (!labels.includes(1)) labels[1] = 1;
  return { labels, scores };
}

// ---- worked examples from the doc comments ---------------------------------------------------

const Y = [0, 0, 1, 1];
const S = [0.1, 0.4, 0.35, 0.8];

test('doc examples: ranking', () => {
  const roc = rocCurve(Y, S);
  assert.deepEqual(Array.from(roc.fpr), [0, 0, 0.5, 0.5, 1]);
  assert.deepEqual(Array.from(roc.tpr), [0, 0.5, 0.5, 1, 1]);
  assert.deepEqual(Array.from(roc.thresholds), [Infinity, 0.8, 0.4, 0.35, 0.1]);
  assert.equal(rocAuc(Y, S), 0.75);
  const pr = prCurve(Y, S);
  assert.deepEqual(Array.from(pr.precision), [0.5, 2 / 3, 0.5, 1, 1]);
  assert.deepEqual(Array.from(pr.recall), [1, 1, 0.5, 0.5, 0]);
  assert.deepEqual(Array.from(pr.thresholds), [0.1, 0.35, 0.4, 0.8]);
  close(averagePrecision(Y, S), 0.8333333333333333, 'AP');
  close(prAucTrapezoid(Y, S), 0.7916666666666666, 'PR trapezoid');
});

test('doc examples: confusion, F1, MCC', () => {
  assert.deepEqual(confusionAt(Y, S, 0.4), { tn: 1, fp: 1, fn: 1, tp: 1 });
  assert.deepEqual(confusionMatrix([0, 1, 1], [1, 1, 0]), { tn: 0, fp: 1, fn: 1, tp: 1 });
  const p = prf1FromConfusion({ tn: 5, fp: 1, fn: 2, tp: 3 });
  assert.equal(p.precision, 0.75);
  assert.equal(p.recall, 0.6);
  close(p.f1, 2 / 3, 'f1');
  const q = precisionRecallF1(Y, S, 0.35);
  close(q.precision, 2 / 3, 'precision');
  assert.equal(q.recall, 1);
  close(q.f1, 0.8, 'f1');
  assert.equal(mccFromConfusion({ tn: 1, fp: 1, fn: 1, tp: 1 }), 0);
  close(matthewsCorrcoef([0, 0, 1, 1], [0, 1, 1, 1]), 0.5773502691896258, 'mcc');
});

test('doc examples: multi-class', () => {
  assert.deepEqual(multiclassConfusion([0, 1, 2, 2], [0, 2, 2, 1], 3), {
    matrix: [[1, 0, 0], [0, 0, 1], [0, 1, 1]], classNames: ['0', '1', '2'],
  });
  const r = classificationReport([0, 1, 2, 2], [0, 2, 2, 1], ['a', 'b', 'c']);
  assert.equal(r.accuracy, 0.5);
  assert.deepEqual(r.classes[2], { name: 'c', precision: 0.5, recall: 0.5, f1: 0.5, support: 2 });
  assert.equal(r.macroAvg.f1, 0.5);
});

test('doc examples: thresholds and ratios', () => {
  assert.equal(thresholdAtBenignQuantile([1, 2, 3, 4, 100], [0, 0, 0, 0, 1], 0.5), 2.5);
  const b = thresholdBestF1(Y, S);
  assert.equal(b.threshold, 0.35);
  close(b.f1, 0.8, 'f1');
  close(b.precision, 2 / 3, 'precision');
  assert.equal(b.recall, 1);
  assert.deepEqual(oracleBestF1([0, 1], [0.2, 0.9]), { oracleThreshold: 0.9, oracleF1: 1, oraclePrecision: 1, oracleRecall: 1 });
  assert.equal(thresholdForBudget([5, 1, 4, 2, 3], 0.4), 4);
  assert.equal(attackRatio([1, 3, 4, 8], [0, 0, 1, 1]), 3);
  close(trimmedAttackRatio([1, 2, 3, 100, 4, 6, 8, 1000], [0, 0, 0, 0, 1, 1, 1, 1], 0.25), 2.8, 'trimmed AR');
});

test('doc examples: internal kernels', () => {
  const c = tieCurve([0, 1, 1], [0.2, 0.5, 0.5], 2);
  assert.deepEqual([Array.from(c.thresholds), Array.from(c.tps), Array.from(c.fps)], [[0.5, 0.2], [2, 2], [0, 1]]);
  assert.equal(quantileOfSorted(Float64Array.from([1, 2, 3, 4]), 0.75), 3.25);
  assert.deepEqual(Array.from(sortAscending(Float64Array.from([3, -1, 0]))), [-1, 0, 3]);
});

// ---- golden values from scikit-learn (test/fixtures/sklearn/make_golden.py) ------------------

interface AtThreshold { threshold: number; confusion: number[]; precision: number; recall: number; f1: number; mcc: number }
interface BinaryGolden {
  name: string; labels: number[]; scores: number[]; roc_auc: number; average_precision: number; pr_auc_trapezoid: number;
  roc_curve: { fpr: number[]; tpr: number[]; thresholds_after_first: number[] };
  pr_curve: { precision: number[]; recall: number[]; thresholds: number[] };
  at_thresholds: AtThreshold[];
}
interface ReportRow { precision: number; recall: number; 'f1-score': number; support: number }
interface MultiGolden { name: string; y_true: number[]; y_pred: number[]; class_names: string[]; report: Record<string, ReportRow | number>; confusion: number[][] }
interface Golden {
  versions: Record<string, string>;
  binary: BinaryGolden[];
  ap_all_positives: { labels: number[]; scores: number[]; average_precision: number };
  multiclass: MultiGolden[];
  quantiles: Array<{ values: number[]; q: number[]; quantile: number[] }>;
  trim_mean: Array<{ values: number[]; trim: number; trim_mean: number }>;
}

const golden: Golden = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'sklearn', 'golden.json'), 'utf8'));

test('golden: binary ranking metrics and curves match scikit-learn', () => {
  assert.ok(golden.binary.length >= 8);
  for (const g of golden.binary) {
    const { labels, scores } = g;
    close(rocAuc(labels, scores), g.roc_auc, `${g.name} rocAuc`);
    close(averagePrecision(labels, scores), g.average_precision, `${g.name} AP`);
    close(prAucTrapezoid(labels, scores), g.pr_auc_trapezoid, `${g.name} PR trapezoid`);
    const roc = rocCurve(labels, scores);
    assert.deepEqual(Array.from(roc.fpr), g.roc_curve.fpr, `${g.name} fpr`);
    assert.deepEqual(Array.from(roc.tpr), g.roc_curve.tpr, `${g.name} tpr`);
    assert.equal(roc.thresholds[0], Infinity);
    assert.deepEqual(Array.from(roc.thresholds.subarray(1)), g.roc_curve.thresholds_after_first, `${g.name} roc thresholds`);
    const pr = prCurve(labels, scores);
    assert.deepEqual(Array.from(pr.precision), g.pr_curve.precision, `${g.name} precision`);
    assert.deepEqual(Array.from(pr.recall), g.pr_curve.recall, `${g.name} recall`);
    assert.deepEqual(Array.from(pr.thresholds), g.pr_curve.thresholds, `${g.name} pr thresholds`);
    for (const a of g.at_thresholds) {
      const what = `${g.name} @${a.threshold}`;
      const c = confusionAt(labels, scores, a.threshold);
      assert.deepEqual([c.tn, c.fp, c.fn, c.tp], a.confusion, `${what} confusion`);
      const m = precisionRecallF1(labels, scores, a.threshold);
      close(m.precision, a.precision, `${what} precision`);
      close(m.recall, a.recall, `${what} recall`);
      close(m.f1, a.f1, `${what} f1`);
      const pred = scores.map((s) => (s >= a.threshold ? 1 : 0));
      assert.deepEqual(confusionMatrix(labels, pred), c);
      close(matthewsCorrcoef(labels, pred), a.mcc, `${what} mcc`);
    }
  }
  const ap = golden.ap_all_positives;
  assert.equal(averagePrecision(ap.labels, ap.scores), ap.average_precision);
});

test('golden: classification report and confusion matrix match scikit-learn', () => {
  for (const g of golden.multiclass) {
    const k = g.class_names.length;
    assert.deepEqual(multiclassConfusion(g.y_true, g.y_pred, g.class_names).matrix, g.confusion, `${g.name} confusion`);
    assert.deepEqual(multiclassConfusion(g.y_true, g.y_pred, k).matrix, g.confusion);
    const r = classificationReport(g.y_true, g.y_pred, g.class_names);
    const check = (got: { precision: number; recall: number; f1: number; support: number }, want: ReportRow, what: string) => {
      close(got.precision, want.precision, `${what} precision`);
      close(got.recall, want.recall, `${what} recall`);
      close(got.f1, want['f1-score'], `${what} f1`);
      assert.equal(got.support, want.support, `${what} support`);
    };
    g.class_names.forEach((name, i) => {
      assert.equal(r.classes[i].name, name);
      check(r.classes[i], g.report[name] as ReportRow, `${g.name}/${name}`);
    });
    // sklearn 1.2 prints 'micro avg' instead of 'accuracy' when a class occurs in neither array; with every
    // sample inside the label set, micro precision = recall = F1 = accuracy.
    const acc = 'accuracy' in g.report ? (g.report.accuracy as number) : (g.report['micro avg'] as ReportRow).precision;
    close(r.accuracy, acc, `${g.name} accuracy`);
    check(r.macroAvg, g.report['macro avg'] as ReportRow, `${g.name} macro`);
    check(r.weightedAvg, g.report['weighted avg'] as ReportRow, `${g.name} weighted`);
  }
});

test('golden: benign quantile is numpy.quantile (linear); trimmed ratio uses scipy trim_mean', () => {
  for (const g of golden.quantiles) {
    g.q.forEach((q, i) => {
      assert.equal(thresholdAtBenignQuantile(g.values, null, q), g.quantile[i], `quantile ${q} of ${g.values.length}`);
      // With labels, attacks are ignored: append a huge attack score and the result is unchanged.
      const scores = [...g.values, 1e9];
      const labels = [...g.values.map(() => 0), 1];
      assert.equal(thresholdAtBenignQuantile(scores, labels, q), g.quantile[i]);
    });
  }
  for (const g of golden.trim_mean) {
    // Benign errors all 1 → trimmed benign mean 1, so the ratio is the attack class's trimmed mean.
    const errors = [...g.values, ...g.values.map(() => 1)];
    const labels = [...g.values.map(() => 1), ...g.values.map(() => 0)];
    close(trimmedAttackRatio(errors, labels, g.trim), g.trim_mean, `trim_mean n=${g.values.length} p=${g.trim}`, 1e-12);
  }
});

// ---- slow reference: Mann–Whitney U ----------------------------------------------------------

function mannWhitneyAuc(labels: number[], scores: number[]): number {
  let u = 0;
  let p = 0;
  let n = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] !== 1) continue;
    p++;
    for (let j = 0; j < labels.length; j++) {
      if (labels[j] !== 0) continue;
      u += scores[i] > scores[j] ? 1 : scores[i] === scores[j] ? 0.5 : 0;
    }
  }
  for (const y of labels) if (y === 0) n++;
  return u / (p * n);
}

test('rocAuc equals Mann–Whitney U / (P·N) with ties counted ½', () => {
  for (let seed = 1; seed <= 40; seed++) {
    const n = 5 + (seed * 37) % 300;
    const { labels, scores } = randomCase(seed, n, { decimals: seed % 3 === 0 ? 1 : undefined, posRate: 0.05 + (seed % 7) / 10 });
    close(rocAuc(labels, scores), mannWhitneyAuc(labels, scores), `seed ${seed}`, 1e-12);
  }
});

// ---- invariance ------------------------------------------------------------------------------

test('permuting samples changes no ranking metric', () => {
  for (let seed = 100; seed < 110; seed++) {
    const { labels, scores } = randomCase(seed, 500, { decimals: seed % 2 ? 2 : undefined });
    const r = rng(seed);
    const order = labels.map((_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    const pl = order.map((i) => labels[i]);
    const ps = order.map((i) => scores[i]);
    assert.equal(rocAuc(pl, ps), rocAuc(labels, scores));
    assert.equal(averagePrecision(pl, ps), averagePrecision(labels, scores));
    assert.equal(prAucTrapezoid(pl, ps), prAucTrapezoid(labels, scores));
    assert.deepEqual(thresholdBestF1(pl, ps), thresholdBestF1(labels, scores));
  }
});

test('number[], Float64Array and Float32Array of the same values give identical results', () => {
  const { labels, scores } = randomCase(7, 60000, { decimals: 3, posRate: 0.4 }); // both classes > radix cut-over (20000)
  const s32 = scores.map(Math.fround); // values exactly representable in float32
  const variants: Array<[Numbers, Numbers]> = [
    [labels, s32],
    [Uint8Array.from(labels), Float64Array.from(s32)],
    [Float64Array.from(labels), Float32Array.from(s32)],
  ];
  const results = variants.map(([l, s]) => JSON.stringify({
    auc: rocAuc(l, s), ap: averagePrecision(l, s), pr: prAucTrapezoid(l, s),
    roc: Array.from(rocCurve(l, s).tpr), prc: Array.from(prCurve(l, s).precision),
    c: confusionAt(l, s, 0.1), f1: thresholdBestF1(l, s), q: thresholdAtBenignQuantile(s, l, 0.99),
    b: thresholdForBudget(s, 0.05), ar: attackRatio(Float64Array.from(s, (v) => v + 1), l),
  }));
  assert.equal(results[1], results[0]);
  assert.equal(results[2], results[0]);
});

test('radix sort agrees with the native sort on awkward values', () => {
  const r = rng(3);
  const special = [0, -0, 5e-324, -5e-324, 1e308, -1e308, 1, -1, 0.1, 0.1, -0.1];
  for (const n of [19999, 20000, 50000]) {
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) v[i] = i < special.length ? special[i] : (r() - 0.5) * 10 ** Math.floor(r() * 20 - 10);
    const want = Float64Array.from(v).sort();
    const got = sortAscending(Float64Array.from(v));
    assert.deepEqual(Array.from(got), Array.from(want));
  }
  // -0 and +0 are one tie group for the metrics.
  assert.equal(rocAuc([0, 1, 0, 1], [-0, 0, 0, -0]), 0.5);
});

// ---- input validation ------------------------------------------------------------------------

type Metric = (labels: Numbers, scores: Numbers) => unknown;
const REGISTRY: Array<{ name: string; f: Metric; single: 'throws-both' | 'throws-no-positive' | 'defined' }> = [
  { name: 'rocAuc', f: rocAuc, single: 'throws-both' },
  { name: 'rocCurve', f: rocCurve, single: 'throws-both' },
  { name: 'prCurve', f: prCurve, single: 'throws-no-positive' },
  { name: 'averagePrecision', f: averagePrecision, single: 'throws-no-positive' },
  { name: 'prAucTrapezoid', f: prAucTrapezoid, single: 'throws-no-positive' },
  { name: 'thresholdBestF1', f: thresholdBestF1, single: 'throws-no-positive' },
  { name: 'oracleBestF1', f: oracleBestF1, single: 'throws-no-positive' },
  { name: 'confusionAt', f: (l, s) => confusionAt(l, s, 0.5), single: 'defined' },
  { name: 'precisionRecallF1', f: (l, s) => precisionRecallF1(l, s, 0.5), single: 'defined' },
  { name: 'attackRatio', f: (l, s) => attackRatio(s, l), single: 'throws-both' },
  { name: 'trimmedAttackRatio', f: (l, s) => trimmedAttackRatio(s, l), single: 'throws-both' },
  { name: 'thresholdAtBenignQuantile', f: (l, s) => thresholdAtBenignQuantile(s, l, 0.9), single: 'defined' },
];

test('every (labels, scores) function rejects bad input with an error naming itself', () => {
  for (const { name, f, single } of REGISTRY) {
    const re = new RegExp(`^${name}: `);
    const bad = (l: Numbers, s: Numbers, why: RegExp) => assert.throws(() => f(l, s), (e: Error) => re.test(e.message) && why.test(e.message), `${name}: ${why}`);
    bad([0, 1, 1], [0.1, NaN, 0.3], /finite.*NaN/);
    bad([0, 1, 1], [0.1, Infinity, 0.3], /finite.*Infinity/);
    bad([0, 1, 1], [0.1, 0.2], /length/);
    bad([], [], /empty/);
    bad([0, 2, 1], [0.1, 0.2, 0.3], /0 or 1.*2/);
    bad(new Float64Array([0, 0.5, 1]), [0.1, 0.2, 0.3], /0 or 1/);
    if (single === 'throws-both') {
      bad([0, 0, 0], [0.1, 0.2, 0.3], /only class 0/);
      bad([1, 1, 1], [0.1, 0.2, 0.3], /only class 1/);
    } else if (single === 'throws-no-positive') {
      bad([0, 0, 0], [0.1, 0.2, 0.3], /only class 0/);
      assert.doesNotThrow(() => f([1, 1, 1], [0.1, 0.2, 0.3]));
    } else {
      assert.doesNotThrow(() => f([0, 0, 0], [0.1, 0.2, 0.3]));
    }
  }
});

test('single class and zero division follow scikit-learn (0, never NaN)', () => {
  assert.deepEqual(precisionRecallF1([0, 0, 0], [0.1, 0.2, 0.3], 0.5), { precision: 0, recall: 0, f1: 0 });
  assert.deepEqual(precisionRecallF1([0, 1, 1], [0.1, 0.2, 0.3], 0.5), { precision: 0, recall: 0, f1: 0 });
  assert.equal(matthewsCorrcoef([1, 1, 1], [1, 0, 1]), 0);
  assert.equal(matthewsCorrcoef([0, 1, 1], [1, 1, 1]), 0);
  assert.equal(averagePrecision([1, 1, 1], [0.1, 0.2, 0.3]), 1);
  assert.deepEqual(confusionAt([0, 1], [0.1, 0.2], Infinity), { tn: 1, fp: 0, fn: 1, tp: 0 });
});

test('other validation: predictions, class indices, q, budget, trim, negative errors', () => {
  assert.throws(() => confusionMatrix([0, 1], [0, 0.5]), /^Error: confusionMatrix: predictions must be 0 or 1, got 0.5/);
  assert.throws(() => matthewsCorrcoef([0, 1], [0]), /^Error: matthewsCorrcoef: labels has length 2 but predictions/);
  assert.throws(() => confusionAt([0, 1], [0.1, 0.2], NaN), /confusionAt: threshold/);
  assert.throws(() => classificationReport([0, 1], [0, 3], ['a', 'b', 'c']), /classificationReport: yPred must be integer class indices in \[0, 3\), got 3/);
  assert.throws(() => classificationReport([0, 1.5], [0, 1], ['a', 'b']), /classificationReport: yTrue .* got 1.5/);
  assert.throws(() => classificationReport([0, -1], [0, 1], ['a', 'b']), /classificationReport: yTrue/);
  assert.throws(() => classificationReport([], [], ['a']), /classificationReport: empty/);
  assert.throws(() => classificationReport([0], [0], ['a', 'a']), /classificationReport: duplicate class name "a"/);
  assert.throws(() => multiclassConfusion([0], [0], 0), /multiclassConfusion: nClasses/);
  assert.throws(() => multiclassConfusion([0, 1], [0], 2), /multiclassConfusion: yTrue has length 2/);
  assert.throws(() => thresholdAtBenignQuantile([1, 2], null, 1.5), /thresholdAtBenignQuantile: q/);
  assert.throws(() => thresholdAtBenignQuantile([1, 2], [1, 1], 0.5), /thresholdAtBenignQuantile: .*no benign/);
  assert.throws(() => thresholdAtBenignQuantile([], null, 0.5), /thresholdAtBenignQuantile: empty/);
  assert.throws(() => thresholdAtBenignQuantile([1, NaN], null, 0.5), /thresholdAtBenignQuantile: .*NaN/);
  assert.throws(() => thresholdForBudget([1, 2], -0.1), /thresholdForBudget: budget/);
  assert.throws(() => thresholdForBudget([], 0.1), /thresholdForBudget: empty/);
  assert.throws(() => thresholdForBudget([1, Infinity], 0.1), /thresholdForBudget: .*Infinity/);
  assert.throws(() => trimmedAttackRatio([1, 2], [0, 1], 0.5), /trimmedAttackRatio: trim/);
  assert.throws(() => attackRatio([1, -2], [0, 1]), /attackRatio: errors must be ≥ 0/);
  assert.throws(() => attackRatio([0, 2], [0, 1]), /attackRatio: mean benign error is 0/);
});

// ---- threshold helpers -----------------------------------------------------------------------

test('budget flags exactly ceil(b·N) samples when scores are distinct; ties are flagged together', () => {
  const r = rng(11);
  for (const n of [1, 7, 100, 1000, 5000]) {
    const scores = Array.from({ length: n }, (_, i) => i + r() * 0.5);
    for (const b of [0.001, 0.01, 0.05, 0.07, 0.1, 0.29, 1 / 3, 0.5, 1]) {
      const t = thresholdForBudget(scores, b);
      const flagged = scores.filter((s) => s >= t).length;
      const want = Math.max(1, Math.round(b * n) === b * n || Math.abs(b * n - Math.round(b * n)) < 1e-9 ? Math.round(b * n) : Math.ceil(b * n));
      assert.equal(flagged, Math.min(n, want), `n=${n} b=${b}`);
    }
  }
  assert.equal(thresholdForBudget(Array.from({ length: 100 }, (_, i) => i), 0.07), 93); // 0.07·100 = 7.000000000000001 → 7
  assert.equal(thresholdForBudget([1, 2, 2, 2, 3], 0.4), 2); // k = 2, the tie at 2 flags 4 samples
  assert.equal(thresholdForBudget([1, 2, 3], 0), Infinity);
});

test('best F1 equals the maximum over a brute-force scan of every distinct threshold', () => {
  for (let seed = 200; seed < 230; seed++) {
    const { labels, scores } = randomCase(seed, 20 + seed % 150, { decimals: seed % 2 ? 1 : undefined, posRate: 0.1 + (seed % 5) / 10 });
    let best = { t: NaN, f1: -1 };
    for (const t of [...new Set(scores)].sort((a, b) => b - a)) {
      const m = precisionRecallF1(labels, scores, t);
      if (m.f1 > best.f1) best = { t, f1: m.f1 };
    }
    const got = thresholdBestF1(labels, scores);
    close(got.f1, best.f1, `seed ${seed} f1`, 1e-12);
    const atGot = precisionRecallF1(labels, scores, got.threshold);
    close(atGot.f1, got.f1, `seed ${seed} f1 at threshold`, 1e-12);
    close(atGot.precision, got.precision, 'precision', 1e-12);
    close(atGot.recall, got.recall, 'recall', 1e-12);
    const o = oracleBestF1(labels, scores);
    assert.deepEqual(o, { oracleThreshold: got.threshold, oracleF1: got.f1, oraclePrecision: got.precision, oracleRecall: got.recall });
  }
});

test('benign quantile targets the false-positive rate 1−q', () => {
  const benign = Array.from({ length: 1001 }, (_, i) => i); // 0..1000
  const t = thresholdAtBenignQuantile(benign, null, 0.99);
  assert.equal(t, 990);
  assert.equal(benign.filter((s) => s >= t).length, 11); // ≈ 1% of 1001
});
