// npm run score and npm run export end to end on a trained run (the smoke quickstart: a dense autoencoder
// on demo flows): batch scoring of a new demo capture (another seed), live scoring from stdin with a
// malformed line and a repeated header, a missing column refused, the ONNX export. Real processes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import test from 'node:test';
import { generateDemoData, withDefaults } from '../lib/demo';
import { REPO_ROOT } from '../lib/io/paths';

const TSX = ['--require', require.resolve('tsx/cjs')];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'seqsentry-score-cli-'));
test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function cli(script: string, args: string[], input?: string): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [...TSX, script, ...args], { cwd: REPO_ROOT, input, encoding: 'utf8', timeout: 300_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('score and export a trained run: batch, stdin with a bad line and a repeated header, a missing column, ONNX', async () => {
  const run = path.join(tmp, 'run');
  const trained = cli('cli/quickstart.ts', ['--preset', 'smoke', '--out', run]);
  assert.equal(trained.code, 0, trained.err);
  const d = withDefaults();
  await generateDemoData(withDefaults({ seed: 7, out: path.join(tmp, 'new'), sysmon: { ...d.sysmon, files: 6, days: 2, events: 2000 }, flows: { ...d.flows, rows: 1500, days: 1, bursts: 6 } }));
  const flows = path.join(tmp, 'new', 'flows', 'flows.csv');
  const lines = fs.readFileSync(flows, 'utf8').trimEnd().split('\n');

  // Batch: one row per flow, the run's validation threshold named in the column, a summary marked as ours.
  const out = path.join(tmp, 'scores.csv');
  const batch = cli('cli/score.ts', ['--run', run, '--input', flows, '--out', out, '--no-progress']);
  assert.equal(batch.code, 0, batch.err);
  const rows = fs.readFileSync(out, 'utf8').trimEnd().split('\n');
  assert.deepEqual(rows[0].split(','), ['window', 'line', 'time', 'score', 'alert@val_q0.99', 'label', 'label_any']);
  assert.equal(rows.length - 1, lines.length - 1, 'one scored row per flow');
  const summary = JSON.parse(fs.readFileSync(`${out}.summary.json`, 'utf8'));
  assert.deepEqual([summary.tool, summary.status, summary.rows, summary.malformed.lines], ['seqsentry', 'complete', lines.length - 1, 0]);
  assert.ok(summary.metrics.roc_auc > 0.6, `new capture ROC-AUC ${summary.metrics.roc_auc}`);
  const alertsBatch = rows.slice(1).filter((r) => r.split(',')[4] === '1').length;
  assert.equal(summary.alerts, alertsBatch);
  assert.ok(alertsBatch > 0);

  // Live from stdin: the same flows with a repeated header (cat a b) and one malformed line in the middle.
  const bad = Math.floor(lines.length / 2);
  const streamed = [...lines.slice(0, bad), 'not,a,flow', ...lines.slice(bad), lines[0], lines[1]].join('\n') + '\n';
  const live = cli('cli/score.ts', ['--run', run, '--stdin', '--no-progress'], streamed);
  assert.equal(live.code, 0, live.err);
  assert.match(live.err, new RegExp(`line ${bad + 1}: `), 'the malformed line is reported with its line number');
  const alerts = live.out.trimEnd().split('\n').filter(Boolean).map((l) => JSON.parse(l));
  assert.ok(alerts.every((a) => a.alert === true && a.detector === 'dense_ae' && a.threshold_name === 'val_q0.99' && a.latency_ms >= 0));
  const lastIsAlert = rows[1].split(',')[4] === '1' ? 1 : 0; // the first flow, streamed again after the repeated header
  assert.equal(alerts.length, alertsBatch + lastIsAlert, 'the same alerts as the batch run; the repeated header is no event');
  assert.match(live.err, /events\/s; latency from arrival to score p50 [\d.]+ ms, p99 [\d.]+ ms/);

  // A capture without a column the detector was trained on: exit 2 naming it, nothing written.
  const header = lines[0].split(',');
  const drop = header.indexOf('Flow Duration');
  const missing = path.join(tmp, 'missing.csv');
  fs.writeFileSync(missing, lines.slice(0, 50).map((l) => l.split(',').filter((_, i) => i !== drop).join(',')).join('\n'));
  const refused = cli('cli/score.ts', ['--run', run, '--input', missing, '--out', path.join(tmp, 'never.csv'), '--no-progress']);
  assert.equal(refused.code, 2, refused.err);
  assert.match(refused.err, /missing column "Flow Duration"/);
  assert.ok(!fs.existsSync(path.join(tmp, 'never.csv')));

  // ONNX export: a run folder of its own, the parity check recorded.
  const exp = path.join(tmp, 'export');
  const exported = cli('cli/export.ts', ['--run', run, '--out', exp]);
  assert.equal(exported.code, 0, exported.err);
  assert.ok(fs.statSync(path.join(exp, 'dense_ae', 'model.onnx')).size > 1000);
  const info = JSON.parse(fs.readFileSync(path.join(exp, 'export.json'), 'utf8'));
  assert.ok(info.detectors[0].parity.max_abs_diff <= 1e-4);
  assert.equal(JSON.parse(fs.readFileSync(path.join(exp, 'run.json'), 'utf8')).status, 'complete');
});
