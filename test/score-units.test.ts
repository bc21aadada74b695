/**
 * The pure pieces of `npm run score`: the incremental CSV reader (any chunking gives the same records),
 * the streaming windower (the windows lib/features planWindows lays out, per group and stride), live
 * records (CSV or JSON lines, malformed lines reported by number), timestamps as stage 1 parses them,
 * the latency histogram, label metrics, and the output file guard.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import pl from 'nodejs-polars';
import { materializeWindows, planWindows, windowLabels } from '../lib/features';
import { parseTimeMs } from '../lib/gru-sae/01-aggregate/time';
import { createRng } from '../lib/random';
import { CsvStream, LatencyHistogram, LiveRecords, Windower, checkOutputFile, labelMetrics, parseCsv, parseTimeCell, summaryPath } from '../lib/score';
import { writeSummary } from '../lib/score/output';
import { progressLine } from '../lib/score/progress';

const TEXT = 'a,b,c\n1,"x, y",3\r\n4,"say ""hi""",6\n\n7,"two\nlines",9\n10,,\n"q",r,s';

test('CSV stream: quotes, doubled quotes, line breaks in quotes, CRLF, empty lines; line numbers; any chunking gives the same records', () => {
  const whole = parseCsv(TEXT);
  assert.deepEqual(whole.map((r) => r.cells), [['a', 'b', 'c'], ['1', 'x, y', '3'], ['4', 'say "hi"', '6'], ['7', 'two\nlines', '9'], ['10', '', ''], ['q', 'r', 's']]);
  assert.deepEqual(whole.map((r) => r.line), [1, 2, 3, 5, 7, 8]);
  for (let cut1 = 0; cut1 <= TEXT.length; cut1++) {
    for (const cut2 of [cut1, Math.min(TEXT.length, cut1 + 3), TEXT.length]) {
      const s = new CsvStream();
      const got = [...s.push(TEXT.slice(0, cut1)), ...s.push(TEXT.slice(cut1, cut2)), ...s.push(TEXT.slice(cut2))];
      const tail = s.end();
      if (tail.record) got.push(tail.record);
      assert.deepEqual(got, whole, `cut at ${cut1}, ${cut2}`);
    }
  }
  const open = new CsvStream();
  open.push('a,b\n1,"never closed\n2,3\n');
  assert.deepEqual(open.end().error, { line: 2, reason: 'unterminated quoted field at the end of the input' });
  assert.throws(() => parseCsv('x\n"oops'), /line 2: unterminated quoted field/);
});

test('windower: per group and stride, the same windows (rows, order, labels, end times) as planWindows + windowLabels over the table', () => {
  const rng = createRng(3);
  for (const [seqLen, stride, groups] of [[4, 1, 3], [3, 2, 1], [5, 3, 4], [1, 1, 2]] as const) {
    const n = 200;
    const F = 2;
    const features = Float32Array.from({ length: n * F }, () => rng.normal());
    const group = Int32Array.from({ length: n }, () => rng.int(0, groups - 1));
    const label = Uint8Array.from({ length: n }, () => (rng.bool(0.1) ? 1 : 0));
    const time = Float64Array.from({ length: n }, (_, i) => 1000 * i);
    const plan = planWindows(n, { seqLen, stride, segments: groups > 1 ? group : undefined });
    const want = materializeWindows(plan, features, F);
    const labels = windowLabels(plan, label, time);
    const w = new Windower(seqLen, stride, F);
    const got: ReturnType<Windower['push']>[] = [];
    const data = new Float32Array(plan.ends.length * seqLen * F).fill(NaN);
    for (let i = 0; i < n; i++) {
      const r = w.push(String(group[i]), features, i * F, { line: i + 2, time: time[i], label: label[i], arrival: 0 }, data, got.length * seqLen * F);
      if (r) got.push(r);
    }
    assert.equal(got.length, plan.ends.length, `seqLen ${seqLen} stride ${stride} groups ${groups}`);
    assert.deepEqual(data, want);
    got.forEach((g, k) => {
      assert.equal(g!.index, k);
      assert.equal(g!.end.label, labels.end[k]);
      assert.equal(g!.anyLabel, labels.any[k]);
      assert.equal(g!.end.time, labels.t[k]);
    });
    assert.equal(w.outOfOrder, 0);
  }
  const w = new Windower(2, 1, 1);
  const scratch = new Float32Array(2);
  w.push('a', Float32Array.of(1), 0, { line: 2, time: 10, label: 0, arrival: 0 }, scratch, 0);
  w.push('a', Float32Array.of(1), 0, { line: 3, time: 5, label: 0, arrival: 0 }, scratch, 0);
  assert.deepEqual([w.outOfOrder, w.firstOutOfOrderLine], [1, 3]);
});

test('live records: CSV with its header, or JSON lines by the first character; malformed JSON lines reported with their line number, the rest kept', () => {
  const bad: { line: number; reason: string }[] = [];
  const csv = new LiveRecords(['t', 'v']);
  assert.deepEqual(csv.push('t,v\n1,', bad), []);
  assert.deepEqual(csv.push('2\n3,4', bad).map((r) => [r.line, r.cells]), [[2, ['1', '2']]]);
  assert.deepEqual(csv.end(bad).map((r) => r.cells), [['3', '4']]);
  assert.deepEqual(csv.header, ['t', 'v']);
  const json = new LiveRecords(['t', 'v', 'label']);
  const recs = json.push('  {"t": 1, "v": "a,b", "extra": true}\n{not json}\n[1]\n{"t": 3, "v": null}\n{"t":', bad);
  assert.equal(json.format, 'jsonl');
  assert.deepEqual(recs.map((r) => [r.line, r.cells]), [[1, ['1', 'a,b', '']], [4, ['3', '', '']]]);
  assert.deepEqual(bad.map((b) => b.line), [2, 3]);
  assert.match(bad[0].reason, /not JSON/);
  assert.match(bad[1].reason, /must be an object/);
  assert.deepEqual(json.push(' 5}\n', bad).map((r) => [r.line, r.cells]), [[5, ['5', '', '']]]);
  assert.deepEqual(json.firstKeys, ['t', 'v', 'extra']);
});

test('timestamps: each cell parsed as GRU-SAE stage 1 parses the column (ISO with Z or offset, space form, fractions, epochs)', () => {
  const cells = ['2024-03-04T00:00:48.855Z', '2024-03-04 00:00:48.855', '2024-03-04T01:00:48.8559+01:00', '2024-03-04 00:00:48', '2024-03-04T00:00:48.1Z', '2024-03-04T00:00:48.8559', '2024-03-04T00:00:48.123456789-02:30'];
  const stage1 = parseTimeMs(pl.Series('t', cells), 'ms').toArray() as number[];
  assert.deepEqual(cells.map((c) => parseTimeCell(c)), stage1);
  const epochs = ['1709510448', '1709510449.5'];
  assert.deepEqual(epochs.map((c) => parseTimeCell(c, 's')), parseTimeMs(pl.Series('t', epochs), 's').toArray());
  assert.ok(Number.isNaN(parseTimeCell('yesterday')));
  assert.ok(Number.isNaN(parseTimeCell('')));
});

test('latency histogram: quantiles within 2% of the exact ones in bounded memory', () => {
  const rng = createRng(5);
  const h = new LatencyHistogram();
  const xs = Array.from({ length: 20000 }, () => Math.exp(rng.normal() * 1.5));
  xs.forEach((x) => h.add(x));
  const sorted = xs.slice().sort((a, b) => a - b);
  for (const q of [0.5, 0.9, 0.99]) {
    const exact = sorted[Math.ceil(q * xs.length) - 1];
    assert.ok(Math.abs(h.quantile(q) - exact) / exact <= 0.02, `q${q}: ${h.quantile(q)} vs ${exact}`);
  }
  assert.ok(Number.isNaN(new LatencyHistogram().quantile(0.5)));
});

test('label metrics: a worked example (ROC-AUC, AP, alerts at the threshold), windows without labels left out; classifier accuracy', () => {
  const m = labelMetrics({ scores: Float32Array.of(0.1, 0.4, 0.35, 0.8), labels: Int8Array.of(0, 0, 1, 1), labelsAny: Int8Array.of(0, 1, 1, 1) }, { threshold: 0.3 });
  assert.equal(m.roc_auc, 0.75);
  assert.equal(m.labelled_windows, 4);
  assert.deepEqual([m.precision, m.recall], [2 / 3, 1]);
  assert.equal(m.roc_auc_any, 1);
  const c = labelMetrics({ scores: Float32Array.of(0.9, 0.1, 0.2), labels: Int8Array.of(2, 0, 1), labelsAny: new Int8Array(3), predicted: Int8Array.of(2, 0, 0) }, { threshold: 0.5, benign: 0 });
  assert.equal(c.accuracy, 2 / 3);
  assert.equal(c.attack_windows, 2);
  assert.equal(c.roc_auc, 1);
  assert.match(progressLine(50, 200, 1000, 3, 2), /^score \[#####-+\] 25% 1,000 rows 500 rows\/s 3 alerts ETA 6s$/);
});

test('output guard: a new file is fine; a file seqsentry did not write, one it wrote that changed since, and one inside the run folder are refused', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seqsentry-score-out-'));
  try {
    const run = path.join(dir, 'run');
    fs.mkdirSync(run);
    const file = path.join(dir, 'scores.csv');
    checkOutputFile(file, { runDir: run, inputs: [] });
    fs.writeFileSync(file, 'mine\n');
    assert.throws(() => checkOutputFile(file, { runDir: run, inputs: [] }), /refusing to write .*seqsentry did not write it \(no scores\.csv\.summary\.json/);
    writeSummary(file, { rows: 1 }, 'complete');
    checkOutputFile(file, { runDir: run, inputs: [] });
    fs.appendFileSync(file, 'edited\n');
    assert.throws(() => checkOutputFile(file, { runDir: run, inputs: [] }), /it changed since seqsentry wrote it/);
    fs.writeFileSync(summaryPath(path.join(dir, 'other.csv')), '{"tool": "someone else"}');
    assert.throws(() => checkOutputFile(path.join(dir, 'other.csv'), { runDir: run, inputs: [] }), /other\.csv\.summary\.json exists and was not written by seqsentry/);
    assert.throws(() => checkOutputFile(path.join(run, 'x.csv'), { runDir: run, inputs: [] }), /inside the run folder/);
    assert.throws(() => checkOutputFile(path.join(dir, 'in.csv'), { runDir: run, inputs: [path.join(dir, 'in.csv')] }), /is \(or lies inside\) an input/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
