import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRng } from '../lib/random';
import { writeReportHtml } from '../lib/viz/html';
import { project2d } from '../lib/viz/project';
import { historyChart, prChart, rocChart } from '../lib/viz';
import {
  confusionChart, errorDistributionChart, latentChart, namedScores, timelineChart,
} from '../lib/gru-sae/05-visualise/charts';
import type { ScoreTable } from '../lib/gru-sae/05-visualise/inputs';

// Opens a generated report from file:// in headless Debian chromium with every non-file request
// blocked, to prove it is self-contained: all charts draw, nothing is fetched, nothing logs an error.
const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
const SCREENSHOT = path.join(os.tmpdir(), 'seqsentry-report-browser.png');

function scores(): ScoreTable {
  const rng = createRng(4);
  const n = 600;
  const label = Uint8Array.from({ length: n }, (_, i) => ((i >= 300 && i < 340) || (i >= 480 && i < 500) ? 1 : 0));
  const noisy = (sep: number) => Float64Array.from(label, (l) => Math.exp(rng.normal(l * sep, 0.7)) / 50);
  return {
    index: Float64Array.from({ length: n }, (_, i) => i),
    tMs: Float64Array.from({ length: n }, (_, i) => Date.UTC(2024, 0, 1) + i * 30_000),
    label, labelAny: label,
    scores: { gru_sae: noisy(2), pca: noisy(1), iforest: noisy(0.6), random: Float64Array.from({ length: n }, () => rng.next()) },
  };
}

function buildReport(dir: string): { file: string; names: string[] } {
  const t = scores();
  const th = { name: 'val_q0.99', value: 0.08 };
  const rng = createRng(9);
  const latent = Array.from({ length: 300 }, (_, i) => Array.from({ length: 8 }, (_, k) => rng.normal(i % 5 === 0 && k < 2 ? 3 : 0, 1)));
  const charts = [
    { name: 'roc_curves', spec: rocChart(t.label, namedScores(t)) },
    { name: 'pr_curves', spec: prChart(t.label, namedScores(t)) },
    { name: 'error_distribution', spec: errorDistributionChart(t, 'gru_sae', th) },
    { name: 'confusion_matrix', spec: confusionChart(t, 'gru_sae', th) },
    { name: 'score_timeline', spec: timelineChart(t, 'gru_sae', th) },
    { name: 'training_history', spec: historyChart([1, 2, 3, 4, 5].map((e) => ({ epoch: e, loss: 0.5 / e, val_loss: 0.6 / e + 0.02, lr: e < 4 ? 1e-3 : 5e-4 }))) },
    // A classifier's history (NIDS): loss panel above an accuracy panel.
    { name: 'classifier_history', spec: historyChart([1, 2, 3].map((e) => ({ epoch: e, loss: 0.9 / e, val_loss: 0.8 / e, accuracy: 0.6 + e / 10, val_accuracy: 0.65 + e / 10 }))) },
    { name: 'latent_map', spec: latentChart(project2d(latent), latent.map((_, i) => (i % 5 === 0 ? 1 : 0))) },
  ];
  const file = writeReportHtml(path.join(dir, 'report.html'), {
    title: 'Browser test report </script>',
    subtitle: 'synthetic scores',
    sections: [
      { heading: 'Detection quality', text: 'ROC and PR of every detector.', charts: charts.slice(0, 2) },
      { heading: 'GRU-SAE', charts: charts.slice(2, 5) },
      { heading: 'Training and latent space', charts: charts.slice(5), table: [{ epoch: 1, loss: 0.5 }] },
    ],
    metrics: { 'gru_sae.test.roc_auc': 0.93, 'gru_sae.test.average_precision': 0.61, 'gru_sae.test.f1@val_q0.99': 0.55, 'pca.test.roc_auc': 0.8, 'gru_sae.test.random.roc_auc': 0.5 },
    config: { dataset: 'demo', seed: 42 },
  });
  return { file, names: charts.map((c) => c.name) };
}

test('report.html renders every chart offline in headless chromium', { timeout: 60_000 }, async (t) => {
  if (!fs.existsSync(CHROMIUM)) {
    t.skip(`${CHROMIUM} not found: install Debian chromium (apt-get install -y chromium) to run the browser test`);
    return;
  }
  const { chromium } = await import('playwright-core');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seqsentry-report-'));
  const { file, names } = buildReport(dir);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const blocked: string[] = [];
    const failed: string[] = [];
    const requested: string[] = [];
    // Everything but the file itself is refused: a report that needs the network fails here.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      blocked.push(url);
      return route.abort('blockedbyclient');
    });
    context.on('request', (r) => requested.push(r.url()));
    context.on('requestfailed', (r) => failed.push(`${r.url()} (${r.failure()?.errorText})`));
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('body[data-rendered="done"]', { state: 'attached', timeout: 30_000 });
    const figures = await page.$$eval('figure.chart', (els) => els.map((el) => ({
      name: el.getAttribute('data-name'),
      state: el.getAttribute('data-rendered'),
      svgs: el.querySelectorAll('svg').length,
      marks: el.querySelectorAll('svg .role-mark > *').length,
      text: el.textContent ?? '',
    })));
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    assert.deepEqual(figures.map((f) => f.name), names);
    for (const f of figures) {
      assert.equal(f.state, 'ok', `chart ${f.name}: ${f.text}`);
      assert.equal(f.svgs, 1, `chart ${f.name} holds one <svg>`);
      assert.ok(f.marks > 0, `chart ${f.name} has no drawn marks`);
    }
    assert.ok(figures[0].text.includes('GRU-SAE (AUC'), 'legend of the ROC chart shows AUC');
    assert.deepEqual(problems, [], 'console errors or warnings');
    assert.deepEqual(blocked, [], 'the report asked for non-file URLs');
    assert.deepEqual(failed, [], 'failed requests');
    assert.deepEqual(requested, [pathToFileURL(file).href], 'the page loads nothing but itself');
    const table = await page.$$eval('table.metrics tr', (rows) => rows.map((r) => r.textContent));
    assert.equal(table.length, 4, `header + gru_sae, pca, random (control): ${table.join(' | ')}`);
    assert.equal(await page.title(), 'Browser test report </script>');
  } finally {
    await browser.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
