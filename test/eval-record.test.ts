import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { metricsRecord, prefixRecord, randomScores, rocAuc, averagePrecision, thresholdBestF1 } from '../lib/eval';
import { fromRoot, REPO_ROOT } from '../lib/io/paths';

const golden = JSON.parse(fs.readFileSync(fromRoot('test', 'fixtures', 'sklearn', 'golden.json'), 'utf8')) as {
  binary: { name: string; labels: number[]; scores: number[]; roc_auc: number; average_precision: number; at_thresholds: { threshold: number; f1: number; mcc: number }[] }[];
};
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'seqsentry-metrics-'));
test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A trace with two events and a detector that sees them, plus a validation copy with noise. */
function trace(n = 600) {
  const labels = new Uint8Array(n);
  for (let i = 200; i < 230; i++) labels[i] = 1;
  for (let i = 450; i < 460; i++) labels[i] = 1;
  const noise = randomScores(n, 9);
  const scores = Float64Array.from(labels, (l, i) => 0.5 * l + noise[i]);
  const valNoise = randomScores(n, 10);
  return { labels, scores, val: { labels, scores: Float64Array.from(labels, (l, i) => 0.5 * l + valNoise[i]) } };
}

test('metricsRecord: flat numbers, thresholds from validation only, oracle labelled, random control beside', () => {
  const { labels, scores, val } = trace();
  const r = metricsRecord(labels, scores, { val, budgets: [0.04, 0.1], timestampsMs: Float64Array.from(labels, (_, i) => i * 1000) });
  assert.ok(Object.values(r).every((v) => typeof v === 'number' && Number.isFinite(v)));
  assert.equal(r.roc_auc, rocAuc(labels, scores));
  assert.equal(r.average_precision, averagePrecision(labels, scores));
  assert.equal(r['threshold@val_best_f1'], thresholdBestF1(val.labels, val.scores).threshold);
  for (const key of ['vus_pr', 'vus_roc', 'event_f1@budget0.04', 'event_f1@budget0.1', 'ttd_median_s@budget0.1', 'f1@val_q0.99', 'range_f1@val_best_f1', 'affiliation_precision@val_q0.99', 'pa20_f1@val_best_f1', 'oracle_best_f1']) {
    assert.ok(key in r, `missing ${key}`);
  }
  assert.ok(!Object.keys(r).some((k) => /best_f1/.test(k) && !/val_best_f1|oracle/.test(k)), 'a best-F1 number on test must say oracle');
  // Thresholds depend on validation only: relabelling the test split leaves them unchanged.
  const shuffled = metricsRecord(labels.slice().reverse(), scores, { val });
  assert.equal(shuffled['threshold@val_q0.99'], r['threshold@val_q0.99']);
  // The random control is there and does about as well as chance.
  assert.ok(Math.abs(r['random.roc_auc'] - 0.5) < 0.1, `random ROC-AUC ${r['random.roc_auc']}`);
  assert.ok(r['random.average_precision'] < 0.2 && r.average_precision > 0.5);
  assert.deepEqual(Object.keys(prefixRecord({ roc_auc: 1 }, 'gru_sae.test')), ['gru_sae.test.roc_auc']);
  // Without validation there are no threshold metrics, and randomSeed null drops the control.
  const bare = metricsRecord(labels, scores, { randomSeed: null });
  assert.ok(!Object.keys(bare).some((k) => k.includes('@val') || k.startsWith('random.')));
});

test('metricsRecord rejects bad input with clear errors', () => {
  const { labels, scores } = trace(300);
  assert.throws(() => metricsRecord(labels, scores.slice(1)), /metricsRecord: labels has length 300 but scores has length 299/);
  assert.throws(() => metricsRecord(new Uint8Array(300), scores), /only class 0/);
  assert.throws(() => metricsRecord(labels, scores, { thresholds: { fixed: NaN } }), /threshold "fixed" must be a finite number/);
  assert.throws(() => metricsRecord(labels, scores.map((s, i) => (i === 3 ? NaN : s))), /finite numbers, got NaN at index 3/);
  assert.throws(() => metricsRecord(labels, scores, { timestampsMs: [1, 2] }), /timestamps/);
  assert.throws(() => metricsRecord(labels, scores, { val: { labels: [0, 2], scores: [1, 2] } }), /metricsRecord \(validation\): labels must be 0 or 1, got 2/);
});

function runCli(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', fromRoot('cli', 'metrics.ts'), ...args], { cwd: REPO_ROOT, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function writeCsv(file: string, header: string[], rows: (string | number)[][]): string {
  fs.writeFileSync(file, [header.join(','), ...rows.map((r) => r.join(','))].join('\n') + '\n');
  return file;
}

test('the record reproduces scikit-learn ROC-AUC, AP, F1 and MCC on every golden case and threshold', () => {
  for (const g of golden.binary.filter((c) => new Set(c.labels).size === 2)) {
    for (const t of g.at_thresholds) {
      const rec = metricsRecord(g.labels, g.scores, { thresholds: { fixed: t.threshold }, vusMaxWindow: 2, randomSeed: null });
      assert.ok(Math.abs(rec.roc_auc - g.roc_auc) < 1e-9, `${g.name} roc_auc`);
      assert.ok(Math.abs(rec.average_precision - g.average_precision) < 1e-9, `${g.name} AP`);
      assert.ok(Math.abs(rec['f1@fixed'] - t.f1) < 1e-9, `${g.name} F1 at ${t.threshold}: ${rec['f1@fixed']} vs ${t.f1}`);
      assert.ok(Math.abs(rec['mcc@fixed'] - t.mcc) < 1e-9, `${g.name} MCC at ${t.threshold}`);
    }
  }
});

test('npm run metrics prints the same record from a CSV', () => {
  for (const g of golden.binary.filter((c) => new Set(c.labels).size === 2 && c.labels.length >= 50).slice(0, 2)) {
    const file = writeCsv(path.join(tmp, `${g.name}.csv`), ['y', 's'], g.labels.map((l, i) => [l, g.scores[i]]));
    const t = g.at_thresholds[g.at_thresholds.length - 1];
    const r = runCli('--input', file, '--label-col', 'y', '--score-col', 's', '--threshold', String(t.threshold), '--vus-window', '5');
    assert.equal(r.code, 0, r.err);
    const rec = JSON.parse(r.out) as Record<string, number>;
    assert.ok(Math.abs(rec.roc_auc - g.roc_auc) < 1e-9 && Math.abs(rec.average_precision - g.average_precision) < 1e-9, g.name);
    assert.ok(Math.abs(rec['f1@fixed'] - t.f1) < 1e-9, `${g.name} F1`);
  }
});

test('npm run metrics: bad files and columns exit 2 naming the problem', () => {
  const good = writeCsv(path.join(tmp, 'good.csv'), ['label', 'score', 'ts'], [[0, 0.1, '2024-01-01T00:00:00Z'], [1, 0.9, '2024-01-01T00:01:00Z'], [0, 0.2, '2024-01-01T00:02:00Z']]);
  const ok = runCli('--input', good, '--time-col', 'ts', '--budget', '0.34', '--vus-window', '1', '--prefix', 'x.test');
  assert.equal(ok.code, 0, ok.err);
  assert.ok('x.test.event_recall@budget0.34' in JSON.parse(ok.out));
  const cases: [string[], RegExp][] = [
    [['--input', path.join(tmp, 'nope.csv')], /CSV file not found: .*nope\.csv/],
    [['--input', good, '--score-col', 'prob'], /missing column "prob" \(columns present: label, score, ts\)/],
    [['--input', writeCsv(path.join(tmp, 'l2.csv'), ['label', 'score'], [[0, 1], [2, 3]])], /column "label" must hold 0 or 1, got 2 on data row 2/],
    [['--input', writeCsv(path.join(tmp, 'nan.csv'), ['label', 'score'], [[0, 1], [1, 'NaN']])], /column "score" must hold finite numbers, got NaN on data row 2/],
    [['--input', writeCsv(path.join(tmp, 'one.csv'), ['label', 'score'], [[0, 1], [0, 2]])], /labels hold only class 0/],
    [['--input', good, '--budget', '4'], /--budget takes shares in \(0, 1\]/],
    [['--input', good, '--bogus', '1'], /unknown option --bogus/],
    [['--input', good, '--vus-window', 'abc'], /--vus-window expects a number, got "abc"/],
    [['--input', good, '--seed', 'abc'], /--seed expects a number, got "abc"/],
    [['--input', good, '--seed', '1.5'], /--seed must be an integer/],
    [['--input', good, '--threshold'], /--threshold needs a value/],
    [[], /--input scores\.csv is required/],
  ];
  for (const [args, want] of cases) {
    const r = runCli(...args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.out}`);
    assert.match(r.err, want);
  }
  const help = runCli('--help');
  assert.equal(help.code, 0);
  assert.match(help.out, /usage: npm run metrics/);
});
