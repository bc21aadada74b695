import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readCsv, numericMatrix, columnAsFloat64, requireColumns } from '../lib/io/tables';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { writeDirAtomic } from '../lib/io/files';
import { encodeNpy, decodeNpy } from '../lib/io/npy';

test('readCsv reads plain and gzipped CSV, names missing files and columns', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seqsentry-csv-'));
  const text = 'a,b,label\n1,2.5,0\n2,Infinity,1\n3,,0\n';
  fs.writeFileSync(path.join(dir, 't.csv'), text);
  fs.writeFileSync(path.join(dir, 't.csv.gz'), zlib.gzipSync(text));
  for (const f of ['t.csv', 't.csv.gz']) {
    const df = readCsv(path.join(dir, f), { columns: ['a', 'label'] });
    assert.equal(df.height, 3);
    const m = numericMatrix(df, ['a', 'b']);
    assert.deepEqual(m.shape, [3, 2]);
    assert.equal(m.nonFinite, 2);
    assert.deepEqual(Array.from(columnAsFloat64(df, 'a')), [1, 2, 3]);
    assert.throws(() => requireColumns(df, ['Label'], f), /missing column "Label" \(columns present: a, b, label\)/);
  }
  assert.throws(() => readCsv(path.join(dir, 'missing.csv')), /CSV file not found: .*missing\.csv/);
  assert.throws(() => readCsv(path.join(dir, 't.csv'), { columns: ['zzz'] }), /missing column "zzz"/);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('writeDirAtomic swaps a folder in whole, or leaves the old one and no temp files', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'seqsentry-atomic-'));
  const dir = path.join(root, 'run');
  await writeDirAtomic(dir, (tmp) => fs.writeFileSync(path.join(tmp, 'a.txt'), 'first'));
  assert.equal(fs.readFileSync(path.join(dir, 'a.txt'), 'utf8'), 'first');
  assert.equal(fs.statSync(dir).mode & 0o777, 0o777 & ~process.umask(), 'normal folder permissions, not mkdtemp 0700');
  await assert.rejects(
    writeDirAtomic(dir, (tmp) => {
      fs.writeFileSync(path.join(tmp, 'a.txt'), 'half');
      throw new Error('failed mid-way');
    }),
    /failed mid-way/,
  );
  assert.equal(fs.readFileSync(path.join(dir, 'a.txt'), 'utf8'), 'first', 'previous folder intact');
  assert.deepEqual(fs.readdirSync(root), ['run'], 'no temp folders left');
  fs.rmSync(root, { recursive: true, force: true });
});

test('npy round-trips every supported dtype and matches NumPy\'s header layout', () => {
  const cases = [
    { data: Float32Array.from([1.5, -2, 3, 4, 5, 6]), shape: [1, 2, 3] },
    { data: Float64Array.from([Math.PI, 1e300]), shape: [2] },
    { data: Uint8Array.from([0, 1, 1]), shape: [3] },
    { data: Int32Array.from([-7, 8]), shape: [2, 1] },
  ];
  for (const c of cases) {
    const bytes = encodeNpy(c);
    assert.equal((10 + new DataView(bytes.buffer).getUint16(8, true)) % 64, 0, 'header padded to 64 bytes');
    const back = decodeNpy(bytes);
    assert.deepEqual(back.shape, c.shape);
    assert.deepEqual(Array.from(back.data), Array.from(c.data));
    assert.equal(back.data.constructor, c.data.constructor);
  }
  const header = Buffer.from(encodeNpy(cases[0])).toString('latin1', 10, 80);
  assert.match(header, /^\{'descr': '<f4', 'fortran_order': False, 'shape': \(1, 2, 3\), \}/);
  assert.throws(() => decodeNpy(encodeNpy(cases[0]).subarray(0, 70), 'x.npy'), /x\.npy: holds .* data bytes/);
  assert.throws(() => decodeNpy(new Uint8Array(20), 'y.npy'), /y\.npy is not a \.npy file/);
  assert.throws(() => encodeNpy({ data: new Float32Array(5), shape: [2, 3] }), /shape \[2,3\] holds 6 values/);
});
