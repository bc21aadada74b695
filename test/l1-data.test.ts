import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import test from 'node:test';
import pl from 'nodejs-polars';
import { l1InputPaths, loadL1Data, firstLineIsHeader } from '../lib/l1/data';
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
  assert.throws(() => loadL1Data({ train, test, labels: write(dir, 'l2.csv', '0\n2\n0\n0\n') }), /row 1 is 2; labels must be 0/);
  assert.throws(() => loadL1Data({ train: write(dir, 'nan.csv', '0.1,0.2,0.3\n0.1,,0.3\n'), test, labels }), /non-finite value.*row 1, column/);
  assert.throws(() => loadL1Data({ train: write(dir, 'txt.csv', 'a,b,c\n1,x,3\n2,y,4\n'), test, labels }), /non-numeric column "b"/);
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
  assert.throws(() => l1InputPaths({ ...L1_DEFAULTS, dataset: 'smd', entity: '../x' }), /entity must look like machine-1-6|needs \.\.\/shared/);
});
