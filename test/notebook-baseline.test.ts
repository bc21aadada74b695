// Tracking and baselines, pure parts: payloads, record collection, tolerance rules, comparison, update,
// reports and the summary page. (The executor end to end is in notebook-regression.test.ts.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  compareToBaseline, compareValues, DEFAULT_TOLERANCES, describeRule, parseBaseline, ruleFor, serializeBaseline, updateBaseline,
  withinTolerance, type Baseline,
} from '../lib/notebook/baseline';
import { notebookKey, NOTEBOOK_DIR } from '../lib/notebook/discover';
import type { Notebook } from '../lib/notebook/nbformat';
import { formatCheck, formatUpdate } from '../lib/notebook/report';
import { sparkline, summaryHtml } from '../lib/notebook/summary-html';
import { describeTracked, pickMetrics, track, trackedPayload, TRACKED_MIME } from '../lib/notebook/track';
import { collectTracked, timingValues, trackedRecord, type TrackedRecord } from '../lib/notebook/tracked';

const rec = (notebook: string, values: TrackedRecord['values'], status = 'ok'): TrackedRecord =>
  ({ format: 1, notebook, status, preset: 'smoke', values, context: {}, problems: [] });

const baseline = (notebooks: Baseline['notebooks']): Baseline =>
  ({ format: 1, about: [], preset: 'smoke', updated_at: '', commit: null, tolerances: DEFAULT_TOLERANCES, notebooks });

test('trackedPayload sorts keys, maps NaN/Infinity to null, and rejects bad keys and values naming them', () => {
  const p = trackedPayload({ b: 2, a: NaN, c: null, d: -Infinity }, { run: 'x' });
  assert.deepEqual(Object.keys(p.values), ['a', 'b', 'c', 'd']);
  assert.deepEqual(p.values, { a: null, b: 2, c: null, d: null });
  assert.deepEqual(p.context, { run: 'x' });
  assert.throws(() => trackedPayload({ 'has space': 1 }, {}), /key "has space" must be 1–200 characters without whitespace/);
  assert.throws(() => trackedPayload({ '': 1 }, {}), /key "" must be/);
  assert.throws(() => trackedPayload({ 'count.x': '3' }, {}), /"count\.x" must be a number or null, got string/);
  assert.throws(() => trackedPayload({ 'seconds.total': 3 }, {}), /"seconds\.total" is measured by the executor/);
  assert.throws(() => trackedPayload({ 'seconds.cell.4': 3 }, {}), /measured by the executor/);
  assert.doesNotThrow(() => trackedPayload({ 'seconds.training': 3 }, {}), 'a notebook may track its own timings');
  assert.match(describeTracked(trackedPayload(Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, i / 3])), {})), /tracked 20 value\(s\)[\s\S]*k0 = 0\n[\s\S]*… and 8 more/);
});

test('track outside a kernel sends nothing and returns the values as tracked', () => {
  assert.deepEqual(track({ 'count.windows': 10, auc: NaN }), { auc: null, 'count.windows': 10 });
});

test('pickMetrics keeps numbers and nulls, filters by globs, and names a glob that matches nothing', () => {
  const m = { 'gru_sae.test.roc_auc': 0.9, 'gru_sae.test.note': 'x', 'pca.test.roc_auc': null, 'gru_sae.val.roc_auc': 0.8 };
  assert.deepEqual(pickMetrics(m), { 'gru_sae.test.roc_auc': 0.9, 'pca.test.roc_auc': null, 'gru_sae.val.roc_auc': 0.8 });
  assert.deepEqual(pickMetrics(m, ['*.test.*']), { 'gru_sae.test.roc_auc': 0.9, 'pca.test.roc_auc': null });
  assert.throws(() => pickMetrics(m, ['*.test.*', 'iforest.*']), /no numeric metric matches "iforest\.\*"/);
});

test('collectTracked merges every tracked output in cell order and reports malformed or conflicting ones', () => {
  const out = (data: Record<string, unknown>) => ({ output_type: 'display_data' as const, data, metadata: {} });
  const nb: Notebook = {
    nbformat: 4, nbformat_minor: 5, metadata: {},
    cells: [
      { cell_type: 'markdown', metadata: {}, source: '# t' },
      { cell_type: 'code', metadata: {}, source: '', outputs: [out({ [TRACKED_MIME]: { format: 1, values: { a: 1, b: 2 }, context: { run: 'r' } } }), out({ 'text/plain': 'x' })] },
      { cell_type: 'code', metadata: {}, source: '', outputs: [out({ [TRACKED_MIME]: { values: { b: 3, c: 'no' } } }), out({ [TRACKED_MIME]: [1] })] },
    ],
  };
  const got = collectTracked(nb);
  assert.deepEqual(got.values, { a: 1, b: 3 });
  assert.deepEqual(got.context, { run: 'r' });
  assert.equal(got.problems.length, 3);
  assert.match(got.problems[0], /cell 3: "b" tracked again with another value \(2 → 3\)/);
  assert.match(got.problems[1], /cell 3: tracked "c" is not a number/);
  assert.match(got.problems[2], /cell 3: .* is not \{"values"/);
  const r = trackedRecord(nb, { notebook: 'n.ipynb', status: 'ok', preset: 'smoke', timings: { total: 12.34567, kernelStart: 3, cells: [{ cellNumber: 2, seconds: 0.5 }] } });
  assert.deepEqual(Object.keys(r.values), ['a', 'b', 'seconds.cell.2', 'seconds.kernel_start', 'seconds.total']);
  assert.equal(r.values['seconds.total'], 12.346);
  assert.deepEqual(timingValues({ total: 1, kernelStart: 0, cells: [] }), { 'seconds.total': 1, 'seconds.kernel_start': 0 });
});

test('notebookKey: the path under notebooks/ with / separators, else the file name', () => {
  assert.equal(notebookKey(`${NOTEBOOK_DIR}/gru-sae/04-evaluation.ipynb`), 'gru-sae/04-evaluation.ipynb');
  assert.equal(notebookKey('/tmp/x/y.ipynb'), 'y.ipynb');
});

test('default tolerances: a ROC-AUC drop of 0.05 fails, a halved count fails, a doubled timing only warns; re-run noise passes', () => {
  const r = (key: string) => ruleFor(key, DEFAULT_TOLERANCES);
  assert.equal(withinTolerance(0.95, 0.90, r('gru_sae.test.roc_auc')), false);
  assert.equal(withinTolerance(0.95, 0.70, r('gru_sae.test.roc_auc')), false);
  assert.equal(withinTolerance(0.95, 0.9499, r('gru_sae.test.roc_auc')), true);
  assert.equal(withinTolerance(1000, 500, r('count.windows_scored')), false);
  assert.equal(withinTolerance(1000, 1000, r('count.windows_scored')), true);
  assert.equal(withinTolerance(444, 222, r('gru_classifier.test.samples')), false);
  const t = r('seconds.cell.4');
  assert.equal(t?.warn_only, true);
  assert.equal(withinTolerance(10, 15, t), true, '+50% is noise');
  assert.equal(withinTolerance(10, 20, t), false, 'a doubling warns');
  assert.equal(withinTolerance(0.1, 1.5, t), true, 'a tiny cell within 2 s is noise');
  assert.equal(r('gru_classifier.scoring.flows_per_s')?.warn_only, true);
  // What two runs of the same code moved (smoke preset, 2 cores): all pass.
  assert.equal(withinTolerance(0.563782, 0.550335, r('gru_classifier.val.binary.average_precision')), true);
  assert.equal(withinTolerance(0.504824, 0.532434, r('gru_classifier.test.macro_precision')), true);
  assert.equal(withinTolerance(0.791946, 0.774049, r('gru_classifier.val.accuracy')), true);
  assert.equal(withinTolerance(0.388889, 0.4375, r('conv1d_ae.final.event_precision@val_best_f1')), true);
  assert.equal(withinTolerance(0.0604589, 0.0680222, r('conv1d_ae.final.range_precision@val_best_f1')), true);
  assert.equal(withinTolerance(11, 9, r('conv1d_ae.final.false_clusters@val_best_f1')), true);
  assert.equal(withinTolerance(13, 9, r('conv1d_ae_ft.final.false_clusters@val_best_f1')), true);
  assert.equal(withinTolerance(0.35, 0.4375, r('conv1d_ae_ft.final.event_precision@val_best_f1')), true);
  assert.equal(withinTolerance(10.7224, 10.7088, r('conv1d_ae.final.threshold@val_q0.99')), true);
  assert.equal(withinTolerance(0.0166667, 0.005, r('clusters.noise_share')), true);
  assert.equal(withinTolerance(2, 3, r('clusters.count')), true);
  // … while collapses still fail.
  assert.equal(withinTolerance(0.56, 0.4, r('conv1d_ae.final.event_f1@val_best_f1')), false);
  assert.equal(withinTolerance(10, 25, r('conv1d_ae.final.false_clusters@val_q0.99')), false);
  assert.equal(withinTolerance(2, 5, r('clusters.count')), false);
  assert.equal(withinTolerance(287, 600, r('conv1d_ae.final.ttd_median@0.04')), false);
  assert.equal(withinTolerance(16561, 8280, r('counts.final.windows')), false);
  assert.equal(withinTolerance(null, null, r('x')), true);
  assert.equal(withinTolerance(0.5, null, r('x')), false);
  assert.equal(describeRule(r('seconds.total')), '±75% or 2, warn only');
  assert.equal(describeRule(r('count.rows')), '±1%');
  assert.equal(describeRule(r('auc')), '±0.04');
  assert.equal(describeRule(null), 'exact');
  assert.equal(ruleFor('x', []), null);
  assert.equal(withinTolerance(1, 1.0000001, null), false, 'no rule: must not move');
});

test('compareValues: out of tolerance fails, missing fails (timings warn), new warns; rows sorted by key', () => {
  const rows = compareValues('nb', { auc: 0.95, 'count.n': 100, 'seconds.cell.3': 10, gone: 1, 'seconds.cell.9': 1 }, { auc: 0.9, 'count.n': 100, 'seconds.cell.3': 30, fresh: 2 }, DEFAULT_TOLERANCES);
  const by = Object.fromEntries(rows.map((r) => [r.key, [r.status, r.severity]]));
  assert.deepEqual(by, {
    auc: ['fail', 'fail'], 'count.n': ['ok', 'ok'], 'seconds.cell.3': ['warn', 'warn'], gone: ['missing', 'fail'],
    'seconds.cell.9': ['missing', 'warn'], fresh: ['new', 'warn'],
  });
  assert.deepEqual(rows.map((r) => r.key), ['auc', 'count.n', 'fresh', 'gone', 'seconds.cell.3', 'seconds.cell.9']);
  assert.ok(Math.abs((rows[0].change ?? 0) + 0.05) < 1e-12);
});

test('compareToBaseline: only notebooks that ran; failed and unknown notebooks are notes; context changes are named', () => {
  const b = baseline({ 'a.ipynb': { context: { config_hash: 'sha256:1' }, values: { auc: 0.9 } }, 'b.ipynb': { context: {}, values: { auc: 0.9 } }, 'not-run.ipynb': { context: {}, values: { auc: 1 } } });
  const ok = compareToBaseline(b, [{ ...rec('a.ipynb', { auc: 0.91 }), context: { config_hash: 'sha256:2' } }, rec('b.ipynb', {}, 'failed'), rec('c.ipynb', { x: 1 })]);
  assert.equal(ok.failed, false);
  assert.equal(ok.rows.length, 1);
  assert.deepEqual(ok.notes, [
    'a.ipynb: config_hash was sha256:1, now sha256:2',
    'b.ipynb: not compared (the notebook failed)',
    'c.ipynb: not in the baseline (1 values); add it with --update-baseline',
  ]);
  const bad = compareToBaseline(b, [rec('a.ipynb', { auc: 0.85 })]);
  assert.equal(bad.failed, true);
  const text = formatCheck(bad, 'notebooks/baseline.smoke.json');
  assert.match(text, /notebook\s+key\s+baseline\s+now\s+change\s+tolerance\s+status/);
  assert.match(text, /a\.ipynb\s+auc\s+0\.9\s+0\.85\s+-0\.05 \(-5\.56%\)\s+±0\.04\s+FAIL/);
  assert.match(text, /1 value\(s\) compared: 0 within tolerance, 1 out of tolerance, 0 missing, 0 new, 0 warning\(s\) → FAILED/);
  assert.match(formatCheck(ok, 'b.json'), /→ passed/);
});

test('updateBaseline keeps tolerances, replaces ok notebooks, keeps failed ones, prunes only a complete run, and says what changed', () => {
  const rules = [{ pattern: '*', absolute: 0.1, why: 'hand-edited' }];
  const old: Baseline = { ...baseline({ 'a.ipynb': { context: {}, values: { auc: 0.9, 'seconds.total': 10, gone: 1 } }, 'b.ipynb': { context: {}, values: { x: 1 } }, 'old.ipynb': { context: {}, values: {} } }), tolerances: rules };
  const records = [rec('a.ipynb', { auc: 0.8, 'seconds.total': 12, fresh: 3 }), rec('b.ipynb', { x: 5 }, 'failed'), rec('new.ipynb', { y: 1 })];
  const opts = { preset: 'smoke', commit: 'abc', now: '2025-01-01T00:00:00.000Z', prune: true };
  const { baseline: nb, comparison } = updateBaseline(old, records, opts);
  assert.deepEqual(nb.tolerances, rules);
  assert.deepEqual(Object.keys(nb.notebooks).sort(), ['a.ipynb', 'b.ipynb', 'new.ipynb']);
  assert.deepEqual(nb.notebooks['a.ipynb'].values, { auc: 0.8, 'seconds.total': 12, fresh: 3 });
  assert.deepEqual(nb.notebooks['b.ipynb'].values, { x: 1 }, 'a failed notebook keeps its old entry');
  assert.deepEqual(comparison.notes, ['old.ipynb: removed (no such notebook in this run)', 'b.ipynb: kept its old baseline (the notebook failed)', 'new.ipynb: added (1 values)']);
  const text = formatUpdate(comparison, 'notebooks/baseline.smoke.json');
  assert.match(text, /a\.ipynb\s+auc\s+0\.9\s+0\.8/);
  assert.match(text, /a\.ipynb\s+fresh\s+—\s+3/);
  assert.match(text, /a\.ipynb\s+gone\s+1\s+—/);
  assert.match(text, /a\.ipynb\s+seconds\.total\s+10\s+12/, 'no warn-only rule here: the timing moved like any value');
  const kept = updateBaseline(old, records, { ...opts, prune: false }).baseline;
  assert.ok('old.ipynb' in kept.notebooks);
  const fresh = updateBaseline(null, [rec('a.ipynb', { 'seconds.total': 1 })], opts);
  assert.deepEqual(fresh.baseline.tolerances, DEFAULT_TOLERANCES);
  const again = updateBaseline(fresh.baseline, [rec('a.ipynb', { 'seconds.total': 1.5 })], opts);
  assert.match(formatUpdate(again.comparison, 'f'), /no tracked value changed \(timings aside\)[\s\S]*1 timing\(s\) within their loose tolerance updated too/);
});

test('baseline files round-trip and bad ones are rejected naming the file and field', () => {
  const b = updateBaseline(null, [rec('z.ipynb', { b: 1, a: null }), rec('a.ipynb', { c: 2 })], { preset: 'smoke', commit: null, now: 'now', prune: false }).baseline;
  const text = serializeBaseline(b);
  assert.deepEqual(Object.keys(JSON.parse(text).notebooks), ['a.ipynb', 'z.ipynb']);
  assert.deepEqual(Object.keys(JSON.parse(text).notebooks['z.ipynb'].values), ['a', 'b']);
  assert.deepEqual(parseBaseline(text, 'f.json'), { ...b, notebooks: JSON.parse(text).notebooks });
  const bad: Array<[unknown, RegExp]> = [
    [[], /f\.json: not a seqsentry baseline/],
    [{ format: 1, preset: 'smoke', tolerances: {}, notebooks: {} }, /"tolerances" must be an array/],
    [{ format: 1, preset: 'smoke', tolerances: [{ pattern: '*' }], notebooks: {} }, /tolerances\[0\] needs "absolute" or "relative"/],
    [{ format: 1, preset: 'smoke', tolerances: [{ pattern: '*', relative: -1 }], notebooks: {} }, /tolerances\[0\]\.relative must be a number ≥ 0/],
    [{ format: 1, preset: 'smoke', tolerances: [], notebooks: { n: { values: { k: 'x' } } } }, /notebooks\["n"\]\.values\["k"\] must be a number or null/],
  ];
  for (const [v, re] of bad) assert.throws(() => parseBaseline(JSON.stringify(v), 'f.json'), re);
  assert.throws(() => parseBaseline('{', 'f.json'), /f\.json: invalid JSON/);
});

test('sparkline: gaps for nulls, the last point marked, the baseline dashed; nothing to draw gives an empty string', () => {
  const svg = sparkline([0.9, 0.91, null, 0.92, 0.7], 0.9);
  assert.match(svg, /^<svg width="120" height="22"/);
  assert.equal((svg.match(/<polyline/g) ?? []).length, 2);
  assert.match(svg, /<line [^>]*stroke-dasharray/);
  assert.match(svg, /<circle /);
  assert.match(svg, /<title>5 run\(s\): 0\.9, 0\.91, null, 0\.92, 0\.7<\/title>/);
  assert.equal(sparkline([1]), '');
  assert.doesNotMatch(sparkline([3, 3, 3]), /NaN/, 'a flat series draws a flat line');
});

test('summaryHtml: offline page with the flagged rows first, every value, and escaped text', () => {
  const b = baseline({ 'a.ipynb': { context: {}, values: { auc: 0.95, 'count.n': 10 } } });
  const records = [rec('a.ipynb', { auc: 0.7, 'count.n': 10, '<x>': 1 })];
  const run = { format: 1 as const, preset: 'smoke', started_at: '2025-01-02T00:00:00.000Z', commit: 'abc', commit_dirty: false, notebooks: { 'a.ipynb': records[0] } };
  const earlier = { ...run, started_at: '2025-01-01T00:00:00.000Z', notebooks: { 'a.ipynb': rec('a.ipynb', { auc: 0.95, 'count.n': 10 }) } };
  const html = summaryHtml({ run, history: [earlier], comparison: compareToBaseline(b, records), baselineFile: 'b.json', statuses: { 'a.ipynb': 'ok' } });
  assert.match(html, /^<!doctype html>/);
  assert.doesNotMatch(html, /<script|https?:\/\//, 'no scripts, no CDN');
  assert.match(html, /check FAILED/);
  assert.match(html, /Not within tolerance, missing or new/);
  assert.match(html, /<code>&lt;x&gt;<\/code>/);
  assert.match(html, /<title>2 run\(s\): 0\.95, 0\.7<\/title>/);
  assert.match(html, /<details open><summary><b>a\.ipynb<\/b> — ok, 3 values, <span class="fail">1 failing<\/span>, <span class="warn">1 warning\(s\)<\/span>/);
  const plain = summaryHtml({ run, history: [], statuses: {} });
  assert.match(plain, /not compared with a baseline/);
});
