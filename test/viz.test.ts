import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  VL_SCHEMA, barChart, binCounts, binEdges, heatmap, histogram, historyChart, inKernel, labelRuns, lineChart, mimeBundle,
  minMaxIndices, pathIndices, prChart, prCurve, renderPng, renderSvg, rocChart, rocCurve, saveChart, scatter, scoreHistogram,
  scoreTimeline, show, compileSpec, type TopLevelSpec,
} from '../lib/viz';
import { averagePrecision, prCurve as prPoints, rocAuc, rocCurve as rocPoints } from '../lib/eval';

// Specs are plain JSON: look inside them without fighting vega-lite's union types.
type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const j = (s: TopLevelSpec): Json => JSON.parse(JSON.stringify(s));
const layerOf = (s: Json, mark: string): Json => s.layer.find((l: Json) => (l.mark.type ?? l.mark) === mark);

test('lineChart: rows, encodings, log scale, schema', () => {
  const s = j(lineChart({ train: [3, 2, 1], val: [4, 3, 2.5] }, { title: 'Loss', xTitle: 'epoch', yTitle: 'loss', logY: true }));
  assert.equal(s.$schema, VL_SCHEMA);
  assert.equal(s.title, 'Loss');
  assert.deepEqual(s.data.values.slice(0, 2), [{ x: 0, y: 3, series: 'train' }, { x: 1, y: 2, series: 'train' }]);
  assert.equal(s.data.values.length, 6);
  assert.equal(s.encoding.y.scale.type, 'log');
  assert.equal(s.encoding.x.title, 'epoch');
  assert.deepEqual(s.encoding.color.sort, ['train', 'val']);
  const single = j(lineChart([{ name: 'loss', y: new Float64Array([1, 2]), x: [5, 6] }]));
  assert.equal(single.encoding.color, undefined);
  assert.deepEqual(single.data.values.map((r: Json) => r.x), [5, 6]);
});

test('lineChart: validation names the series and field', () => {
  assert.throws(() => lineChart({ train: [1, NaN] }), /series "train" y: value at index 1 is not a finite number/);
  assert.throws(() => lineChart([{ name: 'a', y: [1, 2], x: [1] }]), /series "a" x has length 1 but y has length 2/);
  assert.throws(() => lineChart({ loss: [1, 0] }, { logY: true }), /series "loss" y: value at index 1 is 0; a log scale/);
  assert.throws(() => lineChart({}), /no series/);
  assert.throws(() => lineChart({ a: [1] }, { width: -1 }), /width must be a positive number/);
});

test('lineChart: long series are capped and keep spikes', () => {
  const y = new Float64Array(100_000).map((_, i) => Math.sin(i / 50));
  y[77_777] = 50;
  const s = j(lineChart({ score: y }, { maxPoints: 500 }));
  assert.ok(s.data.values.length <= 500, `${s.data.values.length} points`);
  assert.ok(s.data.values.some((r: Json) => r.y === 50), 'spike kept');
  assert.match(s.usermeta.downsampled.score, /100000 -> \d+ points/);
});

test('minMaxIndices / pathIndices: bounds, ends, order', () => {
  const y = Array.from({ length: 1001 }, (_, i) => (i * 7919) % 101);
  const k = minMaxIndices(y, 100);
  assert.ok(k.length <= 100);
  assert.equal(k[0], 0);
  assert.equal(k[k.length - 1], 1000);
  assert.ok(k.every((v, i) => i === 0 || v > k[i - 1]));
  assert.deepEqual(minMaxIndices([1, 2, 3], 10), [0, 1, 2]);
  const x = Array.from({ length: 10_000 }, (_, i) => i / 9999);
  const p = pathIndices(x, x.map((v) => Math.sqrt(v)), 200);
  assert.ok(p.length <= 201 && p.length > 100, `${p.length}`);
  assert.equal(p[p.length - 1], 9999);
});

test('barChart: counts, order, groups, log drops zeros', () => {
  const s = j(barChart({ benign: 900, dos: 80, probe: 0 }, { title: 'Labels', sort: 'descending' }));
  assert.deepEqual(s.data.values, [{ category: 'benign', count: 900 }, { category: 'dos', count: 80 }, { category: 'probe', count: 0 }]);
  assert.equal(s.layer[0].encoding.y.field, 'count');
  assert.equal(s.layer[0].encoding.x.sort.order, 'descending');
  assert.equal(layerOf(s, 'text').encoding.text.field, 'count');
  const log = j(barChart({ benign: 900, probe: 0 }, { logY: true }));
  assert.equal(log.data.values.length, 1);
  const g = j(barChart([{ category: 'benign', count: 5, group: 'train' }, { category: 'benign', count: 2, group: 'test' }], { horizontal: true }));
  assert.equal(g.encoding.color.field, 'group');
  assert.equal(g.encoding.yOffset.field, 'group');
  assert.equal(g.encoding.x.stack, null);
  assert.throws(() => barChart({ a: -1 }), /"a" \(row 0\) is negative/);
  assert.throws(() => barChart({ a: Infinity }), /count: value at index 0 is not a finite number/);
  assert.throws(() => barChart([{ category: 'a', count: 1, group: 'x' }, { category: 'b', count: 1 }]), /row 1 \("b"\) has no group/);
});

test('histogram: binning in TS, shared grid, fraction, validation', () => {
  assert.deepEqual(binEdges(0, 1, 4), [0, 0.25, 0.5, 0.75, 1]);
  assert.deepEqual(binCounts([0, 0.1, 0.3, 1, 2], binEdges(0, 1, 4)), { edges: [0, 0.25, 0.5, 0.75, 1], counts: [2, 1, 0, 1], outside: 1 });
  const s = j(histogram({ benign: [0, 0, 1, 2], attack: [8, 10] }, { bins: 5, normalize: 'fraction', title: 'Scores' }));
  assert.equal(s.data.values.length, 10);
  const benign = s.data.values.filter((r: Json) => r.group === 'benign');
  assert.deepEqual(benign.map((r: Json) => r.count), [0.75, 0.25, 0, 0, 0]);
  assert.deepEqual([benign[0].start, benign[4].end], [0, 10]);
  assert.deepEqual(s.encoding.x.bin, { binned: true });
  assert.equal(s.encoding.color.field, 'group');
  const big = j(histogram(new Float64Array(200_000).map((_, i) => i % 97), { bins: 20 }));
  assert.equal(big.data.values.length, 20, 'raw values never reach the spec');
  assert.equal(j(histogram([1, 1, 1])).data.values.reduce((a: number, r: Json) => a + r.count, 0), 3);
  assert.throws(() => histogram({ attack: [1, NaN] }), /group "attack": value at index 1/);
  assert.throws(() => histogram([1], { bins: 0 }), /bins must be an integer >= 1/);
});

test('scoreTimeline: label runs, threshold rule, validation', () => {
  const scores = [0.1, 0.2, 0.9, 0.8, 0.1, 0.95, 0.2];
  const labels = [0, 0, 1, 1, 0, 1, 0];
  const s = j(scoreTimeline(scores, { labels, threshold: 0.5, title: 'Scores' }));
  const rect = layerOf(s, 'rect');
  assert.deepEqual(rect.data.values.map((r: Json) => [r.start, r.end]), [[2, 4], [5, 6]]);
  assert.deepEqual(layerOf(s, 'rule').data.values[0].y, 0.5);
  assert.equal(layerOf(s, 'line').data.values.length, 7);
  assert.deepEqual(layerOf(s, 'line').encoding.color.scale.domain, ['score', 'attack', 'threshold']);
  assert.deepEqual(labelRuns([1, 0, 1, 1], [0, 10, 20, 30]), [{ start: 0, end: 10 }, { start: 20, end: 40 }]);
  assert.deepEqual(labelRuns([1, 0, 1], [0, 1, 2], 2), [{ start: 0, end: 3 }]);
  assert.throws(() => scoreTimeline([1, 2], { labels: [1] }), /labels has length 1 but scores has length 2/);
  assert.throws(() => scoreTimeline([1, 2], { x: [2, 1] }), /non-decreasing/);
  assert.throws(() => scoreTimeline([1, Infinity]), /scores: value at index 1/);
  assert.throws(() => scoreTimeline([1], { threshold: NaN }), /threshold is not a finite number/);
});

test('rocCurve / prCurve: points in order, AUC in legend, 0..1 checks', () => {
  const roc = { fpr: [0, 0, 0.5, 1], tpr: [0, 0.5, 1, 1], auc: 0.875 };
  const one = j(rocCurve(roc));
  assert.equal(one.title.subtitle, 'AUC = 0.875');
  const line = layerOf(one, 'line' ) ;
  assert.deepEqual(one.layer[1].data.values.map((r: Json) => [r.x, r.y, r.i]), [[0, 0, 0], [0, 0.5, 1], [0.5, 1, 2], [1, 1, 3]]);
  assert.equal(one.layer[1].encoding.order.field, 'i');
  assert.deepEqual(line.data.values, [{ x: 0, y: 0 }, { x: 1, y: 1 }], 'diagonal first');
  const two = j(rocCurve({ 'GRU-SAE': roc, PCA: { fpr: [0, 1], tpr: [0, 1] } }));
  assert.deepEqual(two.layer[1].encoding.color.sort, ['GRU-SAE (AUC 0.875)', 'PCA']);
  const pr = j(prCurve({ recall: [0, 0.5, 1], precision: [1, 0.8, 0.3], ap: 0.7 }, { baseline: 0.3 }));
  assert.equal(layerOf(pr, 'rule').data.values[0].y, 0.3);
  assert.throws(() => rocCurve({ fpr: [0, 1], tpr: [0] }), /curve "ROC" tpr has length 1 but fpr has length 2/);
  assert.throws(() => prCurve({ m: { recall: [0, 1.5], precision: [1, 1] } }), /curve "m" recall: value at index 1 is 1.5, outside \[0, 1\]/);
});

test('historyChart: loss and val_loss as given, log axis when all positive, validation only when every row has it, names', () => {
  const rows = [{ epoch: 1, loss: 0.5, val_loss: 0.6, lr: 1e-3 }, { epoch: 2, loss: 0.25, val_loss: 0.4, lr: 1e-3 }];
  const s = j(historyChart(rows));
  assert.deepEqual(s.data.values.map((r: Json) => [r.series, r.x, r.y]), [['train', 1, 0.5], ['train', 2, 0.25], ['validation', 1, 0.6], ['validation', 2, 0.4]]);
  assert.deepEqual([s.title.text, s.title.subtitle, s.encoding.y.title, s.encoding.y.scale.type], ['Training history', '2 epochs', 'loss (log scale)', 'log']);
  assert.equal(j(historyChart([{ epoch: 1, loss: 0 }, { epoch: 2, loss: 1 }])).encoding.y.scale.type, undefined, 'a zero loss: linear axis');
  assert.equal(j(historyChart(rows, { logY: false, yTitle: 'Huber loss' })).encoding.y.title, 'Huber loss');
  const partial = j(historyChart([{ epoch: 1, loss: 1, val_loss: 2 }, { epoch: 2, loss: 0.5 }]));
  assert.deepEqual([...new Set(partial.data.values.map((r: Json) => r.series))], ['train']);
  const named = j(historyChart(rows, { names: { train: 'train (benign)', val: 'validation (benign + attack)' } }));
  assert.deepEqual(named.encoding.color.sort, ['train (benign)', 'validation (benign + attack)']);
  assert.throws(() => historyChart([]), /history is empty/);
});

test('historyChart: an accuracy panel under the loss for classifiers; a rule where the learning rate changed', () => {
  const rows = [1, 2, 3].map((e) => ({ epoch: e, loss: 1 / e, val_loss: 1.2 / e, accuracy: 0.5 + e / 10, val_accuracy: 0.4 + e / 10, lr: e < 3 ? 0.01 : 0.005 }));
  const s = j(historyChart(rows));
  assert.equal(s.vconcat.length, 2);
  assert.equal(s.title.text, 'Training history');
  const [loss, acc] = s.vconcat;
  assert.deepEqual(acc.data.values.filter((r: Json) => r.series === 'validation').map((r: Json) => r.y), [0.5, 0.6, 0.7]);
  assert.equal(acc.encoding.y.title, 'accuracy');
  assert.equal(loss.layer[0].data.values.length, 6);
  assert.deepEqual(loss.layer.find((l: Json) => l.mark.type === 'rule').data.values, [{ value: 3, label: 'lr 0.005' }]);
  assert.equal(s.vconcat[0].$schema, undefined, 'panels carry no schema of their own');
  assert.equal(j(historyChart(rows, { accuracy: false, lrMarks: false })).data.values.length, 6, 'one plain panel when asked');
});

test('scoreHistogram: each class as a fraction of itself, log10 when positive, threshold rule on the same scale, empty class left out', () => {
  const scores = [0.01, 0.1, 1, 10, 100];
  const labels = [0, 0, 0, 1, 1];
  const s = j(scoreHistogram(scores, labels, { bins: 5, counts: true, threshold: { value: 10, name: 'val_q0.99' } }));
  assert.equal(s.layer[0].encoding.x.title, 'log10 score');
  assert.deepEqual(s.layer[0].encoding.color.sort, ['benign (3)', 'attack (2)']);
  const rows = s.layer[0].data.values;
  assert.deepEqual(rows.filter((r: Json) => r.group === 'benign (3)').map((r: Json) => r.start), [-2, -1.2, -0.4, 0.4, 1.2]);
  assert.ok(Math.abs(rows.filter((r: Json) => r.group === 'attack (2)').reduce((a: number, r: Json) => a + r.count, 0) - 1) < 1e-9);
  assert.equal(s.layer.find((l: Json) => l.mark.type === 'rule').data.values[0].value, 1);
  const lin = j(scoreHistogram([0, 1, 2], [0, 0, 0], { classNames: ['normal', 'attack'], xTitle: 'error' }));
  assert.equal(lin.encoding.x.title, 'error', 'a zero score: linear');
  assert.equal(lin.encoding.color, undefined, 'no attack windows: one group');
  const offset = j(scoreHistogram([0, 1e-3], [0, 1], { log: true, logOffset: 1e-9, bins: 2 }));
  assert.equal(offset.data.values[0].start, -9);
  assert.throws(() => scoreHistogram([1, 2], [0]), /labels has length 1 but scores has length 2/);
});

test('rocChart / prChart: the curves of lib/eval for every detector, AUC/AP in the legend, chance at the attack rate', () => {
  const labels = [0, 0, 1, 1, 0, 1, 0, 0];
  const scores = { a: [0.1, 0.4, 0.35, 0.8, 0.2, 0.9, 0.3, 0.05], b: [0.5, 0.1, 0.2, 0.3, 0.9, 0.4, 0.6, 0.7] };
  const roc = j(rocChart(labels, scores));
  const main = roc.layer[1];
  assert.deepEqual(main.encoding.color.sort, [`a (AUC ${rocAuc(labels, scores.a).toFixed(3)})`, `b (AUC ${rocAuc(labels, scores.b).toFixed(3)})`]);
  const a = rocPoints(labels, scores.a);
  assert.deepEqual(main.data.values.filter((r: Json) => r.curve.startsWith('a ')).map((r: Json) => [r.x, r.y]), Array.from(a.fpr, (f, i) => [f, a.tpr[i]].map((v) => Number(v.toPrecision(6)))), 'the points of lib/eval, to 6 digits');
  const pr = j(prChart(labels, scores, { title: 'PR (test)' }));
  assert.equal(pr.title.text, 'PR (test)');
  assert.match(pr.layer[1].encoding.color.sort[0], new RegExp(`^a \\(AP ${averagePrecision(labels, scores.a).toFixed(3)}\\)$`));
  assert.equal(pr.layer[0].data.values[0].y, 3 / 8);
  assert.equal(pr.layer[1].data.values.filter((r: Json) => r.curve.startsWith('b ')).length, prPoints(labels, scores.b).recall.length);
});

test('heatmap: confusion matrix cells, names, text colour', () => {
  const s = j(heatmap([[90, 10], [5, 45]], { rowNames: ['benign', 'attack'], colNames: ['benign', 'attack'], title: 'Confusion' }));
  assert.equal(s.data.values.length, 4);
  assert.deepEqual(s.data.values[1], { row: 'benign', col: 'attack', value: 10, shade: 10, dark: false });
  assert.equal(s.data.values[0].dark, true);
  assert.deepEqual(s.layer[0].encoding.y.sort, ['benign', 'attack']);
  assert.equal(s.layer[1].encoding.text.field, 'value');
  assert.equal(s.layer[0].encoding.x.title, 'predicted');
  const n = j(heatmap([[1, 3], [0, 0]], { normalize: 'row' }));
  assert.deepEqual(n.data.values.map((r: Json) => r.shade), [0.25, 0.75, 0, 0]);
  assert.throws(() => heatmap([[1, 2], [3]]), /row 1 has length 1 but row 0 has length 2/);
  assert.throws(() => heatmap([[1]], { rowNames: ['a', 'b'] }), /rowNames has length 2/);
  assert.throws(() => heatmap([[1, NaN]]), /row 0: value at index 1/);
});

test('scatter: groups ordered numerically, capped, validated', () => {
  const s = j(scatter({ x: [1, 2, 3], y: [3, 2, 1], group: [10, -1, 2] }, { groupTitle: 'cluster' }));
  assert.deepEqual(s.data.values[0], { x: 1, y: 3, group: '10' });
  assert.deepEqual(s.encoding.color.scale.domain, ['-1', '2', '10']);
  const n = 20_000;
  const big = j(scatter({ x: new Float32Array(n), y: new Float32Array(n) }, { maxPoints: 1000 }));
  assert.equal(big.data.values.length, 1000);
  assert.throws(() => scatter({ x: [1, 2], y: [1] }), /scatter y has length 1 but x has length 2/);
  assert.throws(() => scatter({ x: [1], y: [1], group: [] }), /group has length 0/);
});

test('every builder compiles with vega-lite 6 despite the v5 $schema', async () => {
  const specs = [
    lineChart({ a: [1, 2] }), barChart({ a: 1 }), barChart([{ category: 'a', count: 1, group: 'g' }]),
    histogram({ a: [1, 2], b: [3] }), scoreTimeline([1, 2, 3], { labels: [0, 1, 0], threshold: 2, x: [1e12, 1.1e12, 1.2e12], temporal: true }),
    rocCurve({ fpr: [0, 1], tpr: [0, 1] }), prCurve({ recall: [0, 1], precision: [1, 0] }),
    heatmap([[1, 2], [3, 4]]), scatter({ x: [1], y: [2], group: ['a'] }),
    historyChart([1, 2].map((e) => ({ epoch: e, loss: 1 / e, val_loss: 1 / e, accuracy: e / 3, val_accuracy: e / 4, lr: 1 / e }))),
    scoreHistogram([1, 2, 3], [0, 1, 0], { threshold: { value: 2, name: 't' } }), rocChart([0, 1, 0], { s: [1, 2, 0] }), prChart([0, 1, 0], { s: [1, 2, 0] }),
  ];
  for (const s of specs) assert.ok(await compileSpec(s));
});

test('renderSvg contains the title; renderPng is a PNG at 2x', async () => {
  const spec = lineChart({ train: [1, 0.5, 0.3] }, { title: 'Training loss', width: 300, height: 200 });
  const svg = await renderSvg(spec);
  assert.match(svg, /^<svg/);
  assert.match(svg, /Training loss/);
  const png = await renderPng(spec);
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const view = new DataView(png.buffer, png.byteOffset);
  const [w, h] = [view.getUint32(16), view.getUint32(20)];
  assert.ok(w > 600 && w < 800 && h > 400 && h < 560, `${w}x${h}`);
});

test('mimeBundle has spec, PNG and text; show is a no-op outside a kernel', async () => {
  const spec = barChart({ benign: 3, attack: 1 }, { title: 'Labels' });
  const b = await mimeBundle(spec);
  assert.deepEqual(Object.keys(b).sort(), ['application/vnd.vegalite.v5+json', 'image/png', 'text/plain']);
  assert.equal(b['application/vnd.vegalite.v5+json'], spec);
  assert.equal(Buffer.from(b['image/png'], 'base64').subarray(1, 4).toString(), 'PNG');
  assert.equal(b['text/plain'], '<Vega-Lite chart: Labels>');
  assert.equal(inKernel(), false);
  assert.equal(await show(spec), undefined);
});

test('saveChart writes svg, png and spec JSON', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'viz-'));
  try {
    const spec = scatter({ x: [1, 2], y: [2, 1] }, { title: 'Embedding' });
    const out = await saveChart(spec, path.join(dir, 'run'), 'embedding');
    assert.deepEqual(fs.readdirSync(path.join(dir, 'run')).sort(), ['embedding.png', 'embedding.svg', 'embedding.vl.json']);
    assert.deepEqual(JSON.parse(fs.readFileSync(out.spec, 'utf8')), spec);
    assert.match(fs.readFileSync(out.svg, 'utf8'), /Embedding/);
    await assert.rejects(saveChart(spec, dir, '../x'), /plain file stem/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
