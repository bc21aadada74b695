import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import test from 'node:test';
import pl from 'nodejs-polars';
import { firstLineIsHeader } from '../lib/io/header';
import { l1InputPaths, loadL1Data } from '../lib/l1/01-inputs/data';
import { L1_DEFAULTS, resolveL1Config } from '../lib/l1/config';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'l1-data-'));
const write = (dir: string, name: string, text: string) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
};
const rows = (n: number, f: number, at = 0) => Array.from({ length: n }, (_, i) => Array.from({ length: f }, (_, j) => (i * f + j + at) / 100).join(',')).join('\n') + '\n';

test('loadL1Data: header-less CSV (SMD style), CSV with a header and parquet give the same matrix', () => {
  const dir = tmp();
  const train = write(dir, 'train.csv', rows(5, 3));
  const test = write(dir, 'test.csv', rows(4, 3, 7));
  const labels = write(dir, 'labels.csv', '0\n1\n1\n0\n');
  const a = loadL1Data({ train, test, labels });
  assert.equal(a.train.rows, 5);
  assert.deepEqual(a.train.names, ['f0', 'f1', 'f2']);
  assert.deepEqual([...a.labels], [0, 1, 1, 0]);
  assert.ok(Math.abs(a.test.data[0] - 0.07) < 1e-6);
  assert.equal(firstLineIsHeader(train), false);

  const named = write(dir, 'train_h.csv', `cpu,mem,net\n${rows(5, 3)}`);
  const namedTest = write(dir, 'test_h.csv', `cpu,mem,net\n${rows(4, 3, 7)}`);
  const b = loadL1Data({ train: named, test: namedTest, labels });
  assert.deepEqual(b.train.names, ['cpu', 'mem', 'net']);
  assert.deepEqual([...b.train.data], [...a.train.data]);

  const df = pl.readCSV(fs.readFileSync(named), { hasHeader: true });
  const pq = path.join(dir, 'train.parquet');
  df.writeParquet(pq);
  const lab = path.join(dir, 'y.parquet');
  pl.DataFrame({ label: [0, 1, 1, 0] }).writeParquet(lab);
  const c = loadL1Data({ train: pq, test: namedTest, labels: lab });
  assert.deepEqual([...c.train.data], [...a.train.data]);
  assert.deepEqual([...c.labels], [0, 1, 1, 0]);
});

test('loadL1Data: bad inputs fail with errors naming the file and the fix', () => {
  const dir = tmp();
  const train = write(dir, 'train.csv', rows(5, 3));
  const test = write(dir, 'test.csv', rows(4, 3));
  const labels = write(dir, 'labels.csv', '0\n1\n1\n0\n');
  assert.throws(() => loadL1Data({ train: path.join(dir, 'nope.csv'), test, labels }), /training features.*not found|nope\.csv/);
  assert.throws(() => loadL1Data({ train, test: write(dir, 't4.csv', rows(4, 4)), labels }), /feature count mismatch: .*3 columns.*4/);
  assert.throws(() => loadL1Data({ train, test, labels: write(dir, 'l3.csv', '0\n1\n0\n') }), /3 rows but the test features have 4/);
  assert.throws(() => loadL1Data({ train, test, labels: write(dir, 'l2.csv', '0\n2\n0\n0\n') }), /l2\.csv: data row 2, column 1 holds "2"; labels must be 0/);
  assert.throws(() => loadL1Data({ train: write(dir, 'nan.csv', '0.1,0.2,0.3\n0.1,,0.3\n'), test, labels }),
    /nan\.csv: data row 2, column 2 \("f1"\) holds an empty cell, a missing value \(1 missing or non-finite value in the file\)/);
  assert.throws(() => loadL1Data({ train: write(dir, 'txt.csv', 'a,b,c\n1,x,3\n2,y,4\n'), test, labels }),
    /txt\.csv: data row 1 \(line 2 of the file\), column 2 \("b"\) holds "x", not a number: non-numeric column "b"; L1 takes numeric/);
  assert.throws(() => loadL1Data({ train: write(dir, 'x.json', '{}'), test, labels }), /unsupported file type/);
  const h1 = write(dir, 'h1.csv', `a,b,c\n${rows(3, 3)}`);
  const h2 = write(dir, 'h2.csv', `a,x,c\n${rows(4, 3)}`);
  assert.throws(() => loadL1Data({ train: h1, test: h2, labels }), /feature names differ.*"b" vs "x"/);
});

test('l1 config: inputs required unless dataset smd; unknown keys and bad ranges named', () => {
  assert.throws(() => l1InputPaths(L1_DEFAULTS), /missing --train, --test, --labels/);
  assert.throws(() => resolveL1Config({ preset: 'default', overrides: { 'train.epoch': 3 } }), /train\.epoch/);
  assert.throws(() => resolveL1Config({ preset: 'default', overrides: { 'eval.validation_fraction': 1.5 } }), /eval\.validation_fraction must be in \(0, 1\)/);
  assert.throws(() => resolveL1Config({ preset: 'default', overrides: { dataset: 'kdd' } }), /dataset must be "smd"/);
  assert.throws(() => resolveL1Config({ preset: 'default', overrides: { 'eval.score_rows': -1 } }), /eval\.score_rows must be an integer ≥ 0 \(0 = the whole window\), got -1/);
  assert.equal(resolveL1Config({ preset: 'default' }).eval.score_rows, 32, 'the default scores the last 32 rows');
  assert.equal(resolveL1Config({ preset: 'original' }).eval.score_rows, 0, "--preset original: the original's whole-window score");
  assert.throws(() => l1InputPaths({ ...L1_DEFAULTS, dataset: 'smd', entity: '../x' }), /entity must look like machine-1-6|needs \.\.\/shared/);
});

test('header auto-detection: a first row of numbers, NaN/inf spellings, quoted numbers or empty cells is data', () => {
  const dir = tmp();
  const data = ['NaN,1,2', 'nan,1,2', '1,inf,-inf', '+inf,Infinity,-Infinity', '+1.5e3,"2",3', '1,,3', '\uFEFF1,2,3', '"NaN","-inf",""'];
  data.forEach((first, k) => assert.equal(firstLineIsHeader(write(dir, `d${k}.csv`, `${first}\n${rows(3, 3)}`)), false, first));
  ['cpu,mem,net', 'f1,f2,f3', '\uFEFFcpu,mem,net', '1,2,cpu'].forEach((first, k) => assert.equal(firstLineIsHeader(write(dir, `h${k}.csv`, `${first}\n${rows(3, 3)}`)), true, first));
  // A finite header-less first row with odd spellings is the first data row, not column names.
  const odd = write(dir, 'odd.csv', `+1.5e3,"2",.5\n${rows(4, 3)}`);
  const labels = write(dir, 'l5.csv', '0\n1\n0\n1\n0\n');
  const d = loadL1Data({ train: odd, test: odd, labels });
  assert.equal(d.train.rows, 5);
  assert.deepEqual(Array.from(d.train.data.subarray(0, 3)), [1500, 2, 0.5]);
  assert.deepEqual(d.train.names, ['f0', 'f1', 'f2']);
  // A BOM before a real header is not part of the first name.
  const bom = write(dir, 'bom.csv', `\uFEFFcpu,mem,net\n${rows(5, 3)}`);
  assert.deepEqual(loadL1Data({ train: bom, test: bom, labels }).train.names, ['cpu', 'mem', 'net']);
});

test('L1 features: a header-less NaN first row is data row 1; Infinity names file, data row and column; so do bad labels', () => {
  const dir = tmp();
  const test4 = write(dir, 'test.csv', rows(4, 3));
  const labels = write(dir, 'labels.csv', '0\n1\n1\n0\n');
  const nanFirst = write(dir, 'nanfirst.csv', `NaN,0.5,0.25\n${rows(4, 3)}`);
  assert.throws(() => loadL1Data({ train: nanFirst, test: test4, labels }),
    /training features .*nanfirst\.csv: data row 1, column 1 \("f0"\) holds "NaN", a non-finite value \(1 missing or non-finite value in the file\); L1 needs finite numbers: clean them before L1/);
  const cells = (text: string, i: number, j: number, v: string) => text.split('\n').map((line, r) => (r === i ? line.split(',').map((c, k) => (k === j ? v : c)).join(',') : line)).join('\n');
  const inf = write(dir, 'inf.csv', cells(rows(4, 3), 2, 1, 'Infinity'));
  assert.throws(() => loadL1Data({ train: write(dir, 'train.csv', rows(5, 3)), test: inf, labels }),
    /test features .*inf\.csv: data row 3, column 2 \("f1"\) holds "Infinity", a non-finite value/);
  const named = write(dir, 'named.csv', `cpu,mem,net\n${cells(cells(rows(5, 3), 2, 1, 'Infinity'), 4, 0, '-inf')}`);
  assert.throws(() => loadL1Data({ train: named, test: test4, labels }),
    /named\.csv: data row 3 \(line 4 of the file\), column 2 \("mem"\) holds "Infinity", a non-finite value \(2 missing or non-finite values in the file\)/);
  const na = write(dir, 'na.csv', cells(rows(5, 3), 1, 2, 'NA'));
  assert.throws(() => loadL1Data({ train: na, test: test4, labels }), /na\.csv: data row 2, column 3 \("f2"\) holds "NA", a missing value/);
  // Two text columns: the first offending cell in file order, both columns named.
  const txt = write(dir, 'txt2.csv', 'a,b,c\n1,2,z\n1,y,3\n');
  assert.throws(() => loadL1Data({ train: txt, test: test4, labels }), /txt2\.csv: data row 1 \(line 2 of the file\), column 3 \("c"\) holds "z", not a number: non-numeric columns "b", "c"/);
  // Labels: the bad value at data row k, with a header (line k + 1) and without.
  assert.throws(() => loadL1Data({ train: test4, test: test4, labels: write(dir, 'lh.csv', 'label\n0\n1\nx\n0\n') }),
    /lh\.csv: data row 3 \(line 4 of the file\), column "label" holds "x"; labels must be 0 \(normal\) or 1 \(attack\)/);
  assert.throws(() => loadL1Data({ train: test4, test: test4, labels: write(dir, 'ln.csv', '0\n1\n0\n0.5\n') }), /ln\.csv: data row 4, column 1 holds "0\.5"; labels must be 0/);
  assert.throws(() => loadL1Data({ train: test4, test: test4, labels: write(dir, 'le.csv', 'y\n0\n\n1\n0\n') }), /le\.csv: data row 2 \(line 3 of the file\), column "y" holds an empty cell/);
  assert.deepEqual([...loadL1Data({ train: test4, test: test4, labels: write(dir, 'lb.csv', 'label\nfalse\ntrue\ntrue\nfalse\n') }).labels], [0, 1, 1, 0]);
});
