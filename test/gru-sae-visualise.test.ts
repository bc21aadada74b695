import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { tf, initEngine, loadModel, saveModel } from '../lib/engine';
import { createRng } from '../lib/random';
import { loadNpy, saveNpy } from '../lib/io/npy';
import { writeJson, writeFileAtomic } from '../lib/io/files';
import { histogram, heatmap, historyChart, lineChart, compileSpec, prChart, rocChart, type TopLevelSpec } from '../lib/viz';
import { pca, project2d } from '../lib/viz/project';
import { jointProbabilities } from '../lib/viz/tsne';
import { withRules } from '../lib/viz/rules';
import { buildReportHtml, esc, formatCell, headlineMetrics, inlineScript, jsonForScript, vegaBuilds } from '../lib/viz/html';
import { GRU_SAE_DEFAULTS, type GruSaeConfig } from '../lib/gru-sae/config';
import {
  confusionChart, errorDistributionChart, latentChart, namedScores, timelineChart,
} from '../lib/gru-sae/05-visualise/charts';
import type { ScoreTable } from '../lib/gru-sae/05-visualise/inputs';
import { latentVectors, sampleIndices } from '../lib/gru-sae/05-visualise/latent';
import { visualiseStage } from '../lib/gru-sae/05-visualise';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const j = (s: TopLevelSpec): Json => JSON.parse(JSON.stringify(s));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'seqsentry-visualise-'));

before(async () => {
  await initEngine({ force: 'wasm', quiet: true });
});
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

// ---------- projection ----------

test('pca finds known directions, variances and a sign-fixed basis', () => {
  const rng = createRng(1);
  // Axis-aligned spreads 3 > 2 > 0.5 (sd), then rotated by 30° in the (0, 1) plane.
  const c = Math.cos(Math.PI / 6), s = Math.sin(Math.PI / 6);
  const rows = Array.from({ length: 4000 }, () => {
    const a = rng.normal(0, 3), b = rng.normal(0, 2), z = rng.normal(0, 0.5);
    return [5 + c * a - s * b, -1 + s * a + c * b, z];
  });
  const p = pca(rows);
  const dot = (u: ArrayLike<number>, v: number[]) => Math.abs(u[0] * v[0] + u[1] * v[1] + u[2] * v[2]);
  assert.ok(dot(p.components[0], [c, s, 0]) > 0.995, `PC1 ${Array.from(p.components[0])}`);
  assert.ok(dot(p.components[1], [-s, c, 0]) > 0.995, `PC2 ${Array.from(p.components[1])}`);
  assert.ok(dot(p.components[2], [0, 0, 1]) > 0.999);
  assert.ok(Math.abs(p.variance[0] - 9) < 0.6 && Math.abs(p.variance[1] - 4) < 0.3 && Math.abs(p.variance[2] - 0.25) < 0.03, `${p.variance}`);
  assert.ok(Math.abs(p.mean[0] - 5) < 0.2 && Math.abs(p.mean[1] + 1) < 0.2);
  for (const v of p.components) assert.ok(Math.max(...v) >= Math.abs(Math.min(...v)), 'largest entry positive');
  // Exact on a rank-1 line: the one direction, all variance on it.
  const line = pca([[1, 2], [2, 4], [3, 6], [4, 8]], 2);
  assert.ok(Math.abs(line.components[0][0] - 1 / Math.sqrt(5)) < 1e-12 && Math.abs(line.components[0][1] - 2 / Math.sqrt(5)) < 1e-12);
  assert.ok(line.variance[1] < 1e-12);
});

test('project2d pca: centred scores on PC1/PC2 and a description for the subtitle', () => {
  const p = project2d({ data: Float32Array.from([0, 0, 2, 0, 4, 0, 6, 1]), shape: [4, 2] });
  assert.equal(p.method, 'pca');
  assert.ok(Math.abs(p.x.reduce((a, b) => a + b, 0)) < 1e-9 && Math.abs(p.y.reduce((a, b) => a + b, 0)) < 1e-9);
  assert.ok(p.x[3] > p.x[0], 'PC1 follows the long axis, positive direction');
  assert.match(p.description, /^PCA \(exact\), 2 components explain 100\.0% of variance$/);
  // One input column: PC2 is zero, not an error.
  const one = project2d([[1], [2], [4]]);
  assert.deepEqual(Array.from(one.y), [0, 0, 0]);
  assert.throws(() => project2d([[1, NaN], [2, 3]]), /row 0, column 1 is not finite/);
  assert.throws(() => project2d([[1, 2]]), /at least 2 rows/);
  assert.throws(() => project2d({ data: [1, 2, 3], shape: [2, 2] }), /needs 4 values/);
  assert.throws(() => project2d([[1, 2], [3, 4]], { method: 'umap' as 'pca' }), /'pca' or 'tsne'/);
});

/** Mean silhouette of a 2-D layout under the given groups (−1..1; > 0.5 = well separated). */
function silhouette(x: ArrayLike<number>, y: ArrayLike<number>, g: number[]): number {
  const n = g.length;
  const k = Math.max(...g) + 1;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const sum = new Array(k).fill(0), cnt = new Array(k).fill(0);
    for (let m = 0; m < n; m++) if (m !== i) {
      sum[g[m]] += Math.hypot(x[i] - x[m], y[i] - y[m]);
      cnt[g[m]]++;
    }
    const a = sum[g[i]] / cnt[g[i]];
    const b = Math.min(...sum.map((s, c) => (c === g[i] ? Infinity : s / cnt[c])));
    total += (b - a) / Math.max(a, b);
  }
  return total / n;
}

function blobs(perBlob: number, seed: number): { rows: number[][]; g: number[] } {
  const rng = createRng(seed);
  const rows: number[][] = [], g: number[] = [];
  for (let c = 0; c < 3; c++) for (let i = 0; i < perBlob; i++) {
    rows.push(Array.from({ length: 10 }, (_, k) => (k === c ? 8 : 0) + rng.normal()));
    g.push(c);
  }
  return { rows, g };
}

test('t-SNE keeps separated blobs separated, is deterministic by seed, and checks its limits', () => {
  const { rows, g } = blobs(40, 5);
  const a = project2d(rows, { method: 'tsne', seed: 7, iterations: 500 });
  assert.equal(a.method, 'tsne');
  assert.match(a.description, /t-SNE \(exact\), perplexity 30, 500 iterations, seed 7/);
  const sil = silhouette(a.x, a.y, g);
  assert.ok(sil > 0.6, `silhouette ${sil}`);
  const again = project2d(rows, { method: 'tsne', seed: 7, iterations: 500 });
  assert.deepEqual(Array.from(again.x), Array.from(a.x));
  assert.deepEqual(Array.from(again.y), Array.from(a.y));
  const other = project2d(rows, { method: 'tsne', seed: 8, iterations: 500 });
  assert.notDeepEqual(Array.from(other.x), Array.from(a.x));
  assert.ok(silhouette(other.x, other.y, g) > 0.6);
  assert.throws(() => project2d(rows.slice(0, 20), { method: 'tsne' }), /perplexity must be in \(0, n=20\)/);
  assert.throws(() => project2d(rows, { method: 'tsne', maxTsnePoints: 100 }), /120 points exceed the limit of 100/);
});

test('t-SNE joint affinities: packed upper triangle, positive, summing to 1', () => {
  const { rows } = blobs(20, 2);
  const n = rows.length;
  const P = jointProbabilities(rows.flat(), n, 10, 10);
  assert.equal(P.length, (n * (n - 1)) / 2);
  const total = 2 * P.reduce((s, v) => s + v, 0);
  assert.ok(Math.abs(total - 1) < 1e-6, `sum ${total}`);
  assert.ok(P.every((v) => v > 0));
});

// ---------- chart helpers ----------

test('withRules layers a rule on single-view and layered specs and keeps axis titles', () => {
  const h = j(withRules(histogram({ a: [1, 2, 3], b: [3, 4] }, { title: 'H', xTitle: 'log10 error' }), [{ x: 2.5, label: 'val_q0.99' }]));
  assert.equal(h.title, 'H');
  assert.equal(h.layer.length, 3);
  assert.equal(h.layer[0].mark.type, 'bar');
  assert.deepEqual(h.layer[1].data.values, [{ value: 2.5, label: 'val_q0.99' }]);
  assert.equal(h.layer[1].mark.type, 'rule');
  assert.equal(h.layer[1].encoding.x.title, 'log10 error');
  const hm = j(withRules(heatmap([[1, 2], [3, 4]]), [{ y: 1, label: 'r' }]));
  assert.ok(hm.data.values.length === 4 && hm.layer.length === 4, 'layered spec keeps its shared data');
  assert.throws(() => withRules(lineChart({ a: [1, 2] }), [{ x: 1, y: 2, label: 'bad' }]), /exactly one of x or y/);
  assert.throws(() => withRules(lineChart({ a: [1, 2] }), [{ x: NaN, label: 'nan' }]), /not a finite number/);
});

function table(): ScoreTable {
  const rng = createRng(3);
  const n = 400;
  const label = Uint8Array.from({ length: n }, (_, i) => (i >= 200 && i < 230) || (i >= 330 && i < 345) ? 1 : 0);
  const noisy = (sep: number) => Float64Array.from(label, (l) => Math.exp(rng.normal(l * sep, 0.6)) / 100);
  return {
    index: Float64Array.from({ length: n }, (_, i) => i),
    tMs: Float64Array.from({ length: n }, (_, i) => 1.7e12 + i * 60_000),
    label, labelAny: label,
    scores: { gru_sae: noisy(1.2), pca: noisy(0.5), random: Float64Array.from({ length: n }, () => rng.next()) },
  };
}

test('ROC and PR charts hold every detector with AUC / AP in the legend', () => {
  const t = table();
  const roc = j(rocChart(t.label, namedScores(t)));
  const labels: string[] = roc.layer[1].encoding.color.sort;
  assert.equal(labels.length, 3);
  assert.match(labels[0], /^GRU-SAE \(AUC 0\.\d{3}\)$/);
  assert.match(labels[2], /^random \(control\) \(AUC 0\.\d{3}\)$/);
  const pr = j(prChart(t.label, namedScores(t)));
  assert.match(pr.layer[1].encoding.color.sort[1], /^PCA \(AP 0\.\d{3}\)$/);
  assert.ok(Math.abs(pr.layer[0].data.values[0].y - 45 / 400) < 1e-9, 'chance line at the attack rate');
});

test('per-detector charts: error histogram with threshold rule, confusion matrix, timeline, history, latent map', async () => {
  const t = table();
  const th = { name: 'val_q0.99', value: 0.05 };
  const h = j(errorDistributionChart(t, 'gru_sae', th));
  const rule = h.layer.find((l: Json) => l.mark.type === 'rule');
  assert.ok(Math.abs(rule.data.values[0].value - Math.log10(0.05)) < 1e-12);
  assert.deepEqual(h.layer[0].encoding.color.sort, ['benign (355)', 'attack (45)']);
  assert.equal(h.layer[0].encoding.x.title, 'log10 score');

  const cm = j(confusionChart(t, 'gru_sae', th));
  const cell = (r: string, c: string) => cm.data.values.find((v: Json) => v.row === r && v.col === c).value;
  let tp = 0, fp = 0;
  t.scores.gru_sae.forEach((s, i) => { if (s >= 0.05) t.label[i] ? tp++ : fp++; });
  assert.equal(cell('attack', 'attack'), tp);
  assert.equal(cell('benign', 'attack'), fp);
  assert.equal(cell('benign', 'benign') + fp, 355);
  assert.match(cm.title.subtitle, /threshold val_q0\.99; precision/);

  const tl = j(timelineChart(t, 'gru_sae', th));
  assert.equal(tl.layer[0].mark.type, 'rect');
  assert.equal(tl.layer[0].encoding.x.type, 'temporal');
  assert.equal(tl.layer[0].data.values.length, 2, 'two attack spans');
  assert.equal(tl.layer[2].data.values[0].y, 0.05);
  const rowOrder = j(timelineChart({ ...t, tMs: t.index }, 'gru_sae', th));
  assert.equal(rowOrder.layer[0].encoding.x.type, 'quantitative');
  assert.throws(() => timelineChart(t, 'lstm', th), /no scores for detector "lstm" \(have: gru_sae, pca, random\)/);

  const hist = j(historyChart([{ epoch: 1, loss: 0.5, val_loss: 0.6 }, { epoch: 2, loss: 0.3, val_loss: 0.4 }]));
  assert.deepEqual(hist.encoding.color.sort, ['train', 'validation']);
  assert.equal(hist.encoding.y.scale.type, 'log');
  assert.equal(j(historyChart([{ epoch: 1, loss: 0.5 }])).encoding.color, undefined);

  const proj = project2d([[0, 0], [1, 0], [5, 1], [6, 1]]);
  const lat = j(latentChart(proj, [1, 0, 1, 0]));
  assert.deepEqual(lat.data.values.map((r: Json) => r.group), ['benign', 'benign', 'attack', 'attack'], 'attacks drawn last');
  assert.match(lat.title.subtitle, /4 windows; PCA \(exact\)/);
  assert.equal(lat.encoding.x.title, 'PC 1');
  for (const s of [h, cm, tl, hist, lat]) await compileSpec(s);
});

test('sampleIndices: seeded, sorted, distinct, all rows when k >= n', () => {
  const a = sampleIndices(1000, 50, 9);
  assert.deepEqual(a, sampleIndices(1000, 50, 9));
  assert.notDeepEqual(a, sampleIndices(1000, 50, 10));
  assert.equal(new Set(a).size, 50);
  assert.ok(a.every((v, i) => i === 0 || v > a[i - 1]) && a[49] < 1000);
  assert.deepEqual(sampleIndices(3, 10, 1), [0, 1, 2]);
});

// ---------- html report ----------

test('headlineMetrics: one row per detector, parameterised columns expanded, random control last', () => {
  const rows = headlineMetrics({
    'random.test.roc_auc': 0.5, 'gru_sae.test.roc_auc': 0.9, 'gru_sae.test.f1@val_q0.99': 0.4, 'gru_sae.test.event_f1@budget0.04': 0.7,
    'pca.test.roc_auc': 0.8, 'gru_sae.val.roc_auc': 0.99, 'gru_sae.test.oracle_best_f1': 0.6, 'counts.test.windows': 400,
  });
  assert.deepEqual(rows, [
    { detector: 'gru_sae', roc_auc: 0.9, 'f1@val_q0.99': 0.4, 'event_f1@budget0.04': 0.7 },
    { detector: 'pca', roc_auc: 0.8, 'f1@val_q0.99': null, 'event_f1@budget0.04': null },
    { detector: 'random', roc_auc: 0.5, 'f1@val_q0.99': null, 'event_f1@budget0.04': null },
  ]);
  const embedded = headlineMetrics({ 'gru_sae.test.roc_auc': 0.9, 'gru_sae.test.random.roc_auc': 0.51, 'pca.test.roc_auc': 0.8, 'pca.test.random.roc_auc': 0.49 });
  assert.deepEqual(embedded.map((r) => [r.detector, r.roc_auc]), [['gru_sae', 0.9], ['pca', 0.8], ['random (control)', 0.51]]);
});

test('buildReportHtml: self-contained, escaped, specs round-trip through the JSON script', () => {
  const evil = 'x </script><script>alert(1)</script> <!-- & \u2028';
  const spec = lineChart({ [evil]: [1, 2, 3] }, { title: evil });
  const html = buildReportHtml({
    title: `T ${evil}`, generatedAt: new Date('2024-01-02T03:04:05Z'),
    sections: [{ heading: evil, text: `${evil}\n\nsecond paragraph`, charts: [{ name: 'loss', spec }], table: [{ a: evil, b: 0.123456 }] }],
    metrics: { 'gru_sae.test.roc_auc': 0.9 }, config: { seed: 1, nested: { a: evil } },
  });
  // Only our own scripts: three libraries, the JSON block and the page script.
  assert.equal((html.match(/<script[\s>]/g) ?? []).length, 5);
  assert.equal((html.match(/<\/script>/g) ?? []).length, 5);
  assert.ok(!/https?:\/\/(?!vega\.github\.io\/schema)/.test(html.replace(/<script data-lib[\s\S]*?<\/script>/g, '')), 'no URLs outside the libraries but $schema ids');
  assert.ok(html.includes('Generated 2024-01-02T03:04:05.000Z'));
  assert.ok(html.includes(`<h2>${esc(evil)}</h2>`) && html.includes('<p>second paragraph</p>'));
  const block = /<script type="application\/json" id="report-charts">([\s\S]*?)<\/script>/.exec(html)![1];
  const charts = JSON.parse(block);
  assert.equal(charts.length, 1);
  assert.equal(charts[0].spec.title, evil);
  assert.equal(charts[0].spec.$schema, `https://vega.github.io/schema/vega-lite/v${vegaBuilds().versions.vegaLite.split('.')[0]}.json`);
  assert.ok(html.includes('<figure class="chart" id="chart-0-0" data-name="loss"></figure>'));
  assert.ok(html.includes('<td>0.1235</td>') && html.includes('<td>0.9000</td>'));
  assert.throws(() => buildReportHtml({ title: '', sections: [] }), /title is required/);
});

test('escaping helpers and number formatting', () => {
  assert.equal(jsonForScript({ a: '</script>&' }), '{"a":"\\u003c/script\\u003e\\u0026"}');
  assert.deepEqual(JSON.parse(jsonForScript({ a: '</script>&\u2028' })), { a: '</script>&\u2028' });
  assert.equal(inlineScript('var s="</SCRIPT>";/<!--/'), 'var s="<\\/SCRIPT>";/<\\!--/');
  assert.equal(esc(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  assert.deepEqual([formatCell(null), formatCell(3), formatCell(0.5), formatCell(1234.56789), formatCell('s')], ['–', '3', '0.5000', '1234.57', 's']);
  const b = vegaBuilds();
  assert.deepEqual(b.scripts.map((s) => s.name.split('@')[0]), ['vega', 'vega-lite', 'vega-embed']);
});

// ---------- stage end to end ----------

const T = 6, F = 5;

async function tinyRun(dir: string, opts: { history?: boolean } = {}): Promise<void> {
  const rng = createRng(11);
  const n = 160;
  const label = Uint8Array.from({ length: n }, (_, i) => (i >= 100 && i < 120 ? 1 : 0));
  const X = Float32Array.from({ length: n * T * F }, (_, k) => rng.normal(label[Math.floor(k / (T * F))] * 2, 1));
  saveNpy(path.join(dir, 'encoded', 'X_test.npy'), { data: X, shape: [n, T, F] });
  saveNpy(path.join(dir, 'encoded', 'y_test.npy'), { data: label, shape: [n] });
  const score = (sep: number) => Array.from(label, (l) => Math.exp(rng.normal(l * sep, 0.5)) / 10);
  const cols = { gru_sae: score(2), pca: score(1), iforest: score(0.5), random: Array.from(label, () => rng.next()) };
  const lines = ['index,t_ms,label,label_any,gru_sae,pca,iforest,random,gru_sae_pred,pca_pred,iforest_pred'];
  for (let i = 0; i < n; i++) lines.push([i, 1.7e12 + i * 1000, label[i], label[i], cols.gru_sae[i], cols.pca[i], cols.iforest[i], cols.random[i], 0, 0, 0].join(','));
  writeFileAtomic(path.join(dir, 'scores', 'test.csv'), lines.join('\n') + '\n');
  writeFileAtomic(path.join(dir, 'scores', 'val.csv'), lines.slice(0, 50).join('\n') + '\n');
  writeJson(path.join(dir, 'thresholds.json'), { gru_sae: { 'val_q0.99': 0.3, val_best_f1: 0.5 }, pca: { 'val_q0.99': 0.3 }, iforest: { 'val_q0.99': 0.3 }, random: { 'val_q0.99': 0.99 } });
  writeJson(path.join(dir, 'metrics.json'), { 'gru_sae.test.roc_auc': 0.93, 'gru_sae.test.average_precision': 0.7, 'gru_sae.test.f1@val_q0.99': 0.6, 'pca.test.roc_auc': 0.8, 'gru_sae.test.random.roc_auc': 0.5 });
  if (opts.history !== false) writeJson(path.join(dir, 'history.json'), [1, 2, 3].map((e) => ({ epoch: e, loss: 1 / e, val_loss: 1.2 / e, seconds: 0.1, lr: 0.001 })));
  writeJson(path.join(dir, 'config.json'), { dataset: 'tiny' });
  const input = tf.input({ shape: [T, F] });
  const z = tf.layers.gru({ units: 4, name: 'latent' }).apply(input) as tf.SymbolicTensor;
  const rep = tf.layers.repeatVector({ n: T }).apply(z) as tf.SymbolicTensor;
  const dec = tf.layers.gru({ units: 4, returnSequences: true }).apply(rep) as tf.SymbolicTensor;
  const out = tf.layers.timeDistributed({ layer: tf.layers.dense({ units: F }) }).apply(dec) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: out });
  await saveModel(model, path.join(dir, 'model', 'best'));
  model.dispose();
}

function cfgFor(dir: string, viz: Partial<GruSaeConfig['viz']> = {}): GruSaeConfig {
  return { ...GRU_SAE_DEFAULTS, dataset: 'tiny', out: dir, viz: { ...GRU_SAE_DEFAULTS.viz, latent_points: 60, ...viz } };
}

test('latentVectors: encoder output of chosen rows, no leaked tensors, clear error without a latent layer', async () => {
  const dir = path.join(tmp, 'latent');
  await tinyRun(dir);
  const model = await loadModel(path.join(dir, 'model', 'best'));
  const X = loadNpy(path.join(dir, 'encoded', 'X_test.npy'));
  const before = tf.memory().numTensors;
  const v = latentVectors(model, X, [0, 5, 150], { batchSize: 2 });
  assert.deepEqual(v.shape, [3, 4]);
  const direct = tf.tidy(() => (tf.model({ inputs: model.inputs, outputs: model.getLayer('latent').output as tf.SymbolicTensor })
    .predict(tf.tensor3d(X.data.slice(5 * T * F, 6 * T * F) as Float32Array, [1, T, F])) as tf.Tensor).dataSync());
  assert.deepEqual(Array.from(v.data.slice(4, 8)), Array.from(direct));
  assert.equal(tf.memory().numTensors, before, 'latentVectors leaked tensors');
  const plain = tf.sequential({ layers: [tf.layers.flatten({ inputShape: [T, F] }), tf.layers.dense({ units: 2 })] });
  assert.throws(() => latentVectors(plain, X, [0]), /no layer named "latent"/);
  assert.throws(() => latentVectors(model, X, [160]), /row 160 is outside 0\.\.159/);
  plain.dispose();
  model.dispose();
});

test('visualiseStage writes every chart and report.html from a tiny run folder', async () => {
  const dir = path.join(tmp, 'run');
  await tinyRun(dir);
  fs.mkdirSync(path.join(dir, 'charts'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'charts', 'stale.svg'), 'old');
  const lines: string[] = [];
  const before = tf.memory().numTensors;
  const t0 = Date.now();
  const r = await visualiseStage(cfgFor(dir), { log: (m) => lines.push(m), generatedAt: new Date('2024-05-06T00:00:00Z') });
  const seconds = (Date.now() - t0) / 1000;
  assert.equal(tf.memory().numTensors, before, 'stage leaked tensors');
  const names = ['roc_curves', 'pr_curves', 'error_distribution', 'confusion_matrix', 'score_timeline', 'training_history', 'latent_map', 'latent_clusters'];
  assert.deepEqual(r.charts.map((c) => c.name), names);
  assert.deepEqual(r.skipped, []);
  for (const n of names) for (const ext of ['svg', 'png', 'vl.json']) assert.ok(fs.existsSync(path.join(dir, 'charts', `${n}.${ext}`)), `${n}.${ext}`);
  assert.ok(!fs.existsSync(path.join(dir, 'charts', 'stale.svg')), 'the charts folder is replaced as a whole');
  const html = fs.readFileSync(r.reportPath, 'utf8');
  assert.equal(r.reportPath, path.join(dir, 'report.html'));
  assert.equal((html.match(/<figure class="chart"/g) ?? []).length, names.length);
  assert.ok(html.includes('GRU-SAE report: tiny v1') && html.includes('random (control)') && html.includes('Generated 2024-05-06'));
  const latent = j(r.charts[6].spec);
  assert.equal(latent.data.values.length, 60);
  assert.match(latent.title.subtitle, /60 windows; t-SNE \(exact\), perplexity 30/, 't-SNE is the default map, as the original draws');
  assert.ok(lines.some((l) => /latent map of 60 windows \(4-d, wasm\) by t-SNE/.test(l)), lines.join('\n'));
  // HDBSCAN clusters of the latent vectors: a chart on the same map, latent_clusters.json, a table in the report.
  const clusters = JSON.parse(fs.readFileSync(path.join(dir, 'latent_clusters.json'), 'utf8'));
  assert.ok(['hdbscan', 'dbscan'].includes(clusters.method));
  assert.equal(clusters.windows, 60);
  assert.equal(clusters.stats[0].cluster, -1, 'noise first');
  assert.equal(clusters.stats.reduce((a: number, s: { size: number }) => a + s.size, 0), 60);
  assert.ok(clusters.stats.every((s: { attack_rate: number | null; size: number }) => s.size === 0 || (s.attack_rate! >= 0 && s.attack_rate! <= 1)));
  assert.deepEqual(r.clusters?.stats, clusters.stats);
  assert.equal(j(r.charts[7].spec).data.values.length, 60);
  assert.ok(html.includes('attack rate'), 'the report has the cluster table');
  assert.ok(lines.some((l) => /CLUSTERS of \d+ principal components|clusters of \d+ principal components/i.test(l)), lines.join('\n'));
  assert.ok(seconds < 20, `stage took ${seconds} s`);
});

test('visualiseStage: PCA option, t-SNE falls back to PCA above tsne_max_points (said in the log), clusters off, skipped charts named in the result and the report', async () => {
  const dir = path.join(tmp, 'run-tsne');
  await tinyRun(dir, { history: false });
  const pcaRun = await visualiseStage(cfgFor(dir, { latent_method: 'pca', latent_points: 80, clusters: { ...GRU_SAE_DEFAULTS.viz.clusters, enabled: false } }));
  assert.match(j(pcaRun.charts.find((c) => c.name === 'latent_map')!.spec).title.subtitle, /80 windows; PCA \(exact\)/);
  assert.equal(pcaRun.clusters, null);
  assert.ok(!fs.existsSync(path.join(dir, 'latent_clusters.json')) && !pcaRun.charts.some((c) => c.name === 'latent_clusters'));
  const lines: string[] = [];
  const r = await visualiseStage(cfgFor(dir, { latent_method: 'tsne', latent_points: 80, tsne_max_points: 50 }), { log: (l) => lines.push(l) });
  assert.deepEqual(r.skipped.map((s) => s.name), ['training_history']);
  const lat = j(r.charts.find((c) => c.name === 'latent_map')!.spec);
  assert.match(lat.title.subtitle, /80 windows; PCA \(exact\)/);
  assert.ok(lines.some((l) => /80 windows exceed viz\.tsne_max_points 50 .*falls back to PCA/.test(l)), lines.join('\n'));
  const html = fs.readFileSync(r.reportPath, 'utf8');
  assert.ok(html.includes('training_history: not drawn (history.json is missing'));
  fs.rmSync(path.join(dir, 'thresholds.json'));
  await assert.rejects(visualiseStage(cfgFor(dir)), /thresholds \(run stage 4 \(evaluate\) first\) not found/);
});
