import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import pl from 'nodejs-polars';
import { NIDS_DEFAULTS, type NidsConfig } from '../lib/nids/config';
import { saveLabelIndexer } from '../lib/nids/01-prepare/indexer';
import { readPreparedParquet, writePreparedParquet } from '../lib/nids/01-prepare/parquet';
import { loadPreparedData } from '../lib/nids/01-prepare/prepare';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'seqsentry-nids-pq-'));
const cfgWith = (top: Partial<NidsConfig>, data: Partial<NidsConfig['data']> = {}): NidsConfig => ({ ...NIDS_DEFAULTS, ...top, data: { ...NIDS_DEFAULTS.data, ...data } });

/** n rows of f features, labels cycling over k classes, weights 1 + label. */
function split(n: number, f: number, k: number) {
  const y = Int32Array.from({ length: n }, (_, i) => i % k);
  const x = Float32Array.from({ length: n * f }, (_, i) => y[Math.floor(i / f)] + (i % f) / 10);
  return { x, y, w: Float32Array.from(y, (v) => 1 + v), n };
}

test('prepared parquet round trip in the original schema (scaled_features list<double>, label, weight)', () => {
  const dir = tmp();
  const s = split(7, 3, 2);
  writePreparedParquet(path.join(dir, 'train_df.parquet'), s, 3);
  const df = pl.readParquet(path.join(dir, 'train_df.parquet'));
  assert.deepEqual(df.columns, ['scaled_features', 'label', 'weight']);
  assert.equal(df.getColumn('scaled_features').dtype.variant, 'List');
  const back = readPreparedParquet(path.join(dir, 'train_df.parquet'));
  assert.deepEqual([back.n, back.nFeatures], [7, 3]);
  assert.deepEqual(Array.from(back.x), Array.from(s.x));
  assert.deepEqual(Array.from(back.labelIndex!), Array.from(s.y));
  assert.deepEqual(Array.from(back.weight!), Array.from(s.w));
  fs.rmSync(dir, { recursive: true, force: true });
});

test('prepared set: val/test/indexer found beside the training file; a missing weight column gets class-balanced weights; text labels map through the indexer; Spark vector structs read', () => {
  const dir = tmp();
  writePreparedParquet(path.join(dir, 'val_df.parquet'), split(6, 3, 3), 3);
  writePreparedParquet(path.join(dir, 'test_df.parquet'), split(9, 3, 3), 3);
  saveLabelIndexer(path.join(dir, 'label_indexer.json'), { labels: ['BENIGN', 'dos', 'scan'], counts: null, stringOrderType: 'frequencyDesc', inputCol: 'Label', outputCol: 'label' });
  // Training file without weights, labels as names, features as Spark's VectorUDT struct (dense and sparse rows).
  const names = ['BENIGN', 'BENIGN', 'BENIGN', 'BENIGN', 'dos', 'dos', 'scan', 'BENIGN'];
  pl.DataFrame({
    scaled_features: names.map((_, i) => (i % 2 ? { type: 1, size: 3, indices: [] as number[], values: [i, 0, 1] } : { type: 0, size: 3, indices: [0], values: [i] })),
    label: names,
  }).writeParquet(path.join(dir, 'train_df.parquet'));
  const lines: string[] = [];
  const p = loadPreparedData(cfgWith({ train_path: path.join(dir, 'train_df.parquet') }), (l) => lines.push(l));
  assert.deepEqual(p.data.indexer.labels, ['BENIGN', 'dos', 'scan']);
  assert.deepEqual(Array.from(p.data.train.y), [0, 0, 0, 0, 1, 1, 2, 0]);
  assert.deepEqual(Array.from(p.data.train.x.subarray(0, 6)), [0, 0, 0, 1, 0, 1]);
  const w = Array.from(p.data.train.w);
  assert.ok(Math.abs(w[0] - 8 / (3 * 5)) < 1e-6 && Math.abs(w[6] - 8 / 3) < 1e-6, `balanced weights ${w}`);
  assert.ok(lines.some((l) => /no weight column in train_df\.parquet: class-balanced/.test(l)));
  assert.equal(p.data.benignIndex, 0);
  assert.deepEqual([p.data.val.n, p.data.test.n], [6, 9]);
  assert.equal(p.info.weight_source.startsWith('no weight column'), true);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('prepared set: bad files give errors naming the file, the column and the fix', () => {
  const dir = tmp();
  const f = (name: string) => path.join(dir, name);
  const load = (train: string, extra: Partial<NidsConfig> = {}, data: Partial<NidsConfig['data']> = {}) => loadPreparedData(cfgWith({ train_path: f(train), ...extra }, data));
  assert.throws(() => load('missing.parquet'), /training file \(--train-path\) not found: .*missing\.parquet/);
  pl.DataFrame({ features: [[1, 2]], label: [0] }).writeParquet(f('nocol.parquet'));
  assert.throws(() => load('nocol.parquet'), /no column "scaled_features" \(expected columns scaled_features/);
  pl.DataFrame({ scaled_features: ['1,2', '3,4'], label: [0, 1] }).writeParquet(f('text.parquet'));
  assert.throws(() => load('text.parquet'), /"scaled_features" is String, not a vector of numbers/);
  pl.DataFrame({ scaled_features: [['a', 'b'], ['c', 'd']], label: [0, 1] }).writeParquet(f('textlist.parquet'));
  assert.throws(() => load('textlist.parquet'), /holds String values, not numbers/);
  pl.DataFrame({ scaled_features: [[1, 2], [3]], label: [0, 1] }).writeParquet(f('ragged.parquet'));
  assert.throws(() => load('ragged.parquet'), /vectors differ in length/);
  pl.DataFrame({ scaled_features: [[1, 2], [3, 4]], label: [0.5, 1] }).writeParquet(f('frac.parquet'));
  assert.throws(() => load('frac.parquet'), /label 0\.5 at row 0 is not a class index/);
  pl.DataFrame({ scaled_features: [[1, 2], [3, 4]], label: [0, 1], weight: [1, -1] }).writeParquet(f('negw.parquet'));
  assert.throws(() => load('negw.parquet'), /weight -1 at row 1 must be a finite number ≥ 0/);
  // A test class with no training rows: error by default, skipped on request.
  writePreparedParquet(f('tr.parquet'), split(20, 2, 2), 2);
  writePreparedParquet(f('te.parquet'), split(9, 2, 3), 2);
  fs.writeFileSync(f('ix.json'), JSON.stringify({ labels: ['BENIGN', 'dos', 'newattack'] }));
  const paths = { test_path: f('te.parquet'), label_indexer_path: f('ix.json') };
  assert.throws(() => load('tr.parquet', paths), /the test data holds classes with no training rows: "newattack" \(index 2, 3 rows\)/);
  const skipped = load('tr.parquet', paths, { unseen_labels: 'skip' });
  assert.deepEqual(skipped.info.skipped_unseen, { test: { newattack: 3 } });
  assert.equal(skipped.data.test.n, 6);
  // A label index beyond the indexer's classes.
  fs.writeFileSync(f('ix2.json'), JSON.stringify(['BENIGN', 'dos']));
  assert.throws(() => load('tr.parquet', { test_path: f('te.parquet'), label_indexer_path: f('ix2.json') }), /label index 2 at row 2 is outside the label indexer's 2 classes/);
  fs.rmSync(dir, { recursive: true, force: true });
});
