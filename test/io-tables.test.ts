import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import test from 'node:test';
import * as zlib from 'node:zlib';
import pl from 'nodejs-polars';
import { firstCsvRecord, firstLineIsHeader, isHeaderLine } from '../lib/io/header';
import { isNumberToken, parseNumberToken } from '../lib/io/numbers';
import { loadScoresCsv } from '../lib/io/scores';
import { columnAsFloat64, dataRowRef, parseNumericSeries, readParquet, readTable, writeParquet } from '../lib/io/tables';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'io-tables-'));

test('parseNumberToken: float syntax, non-finite spellings and missing markers are numbers; text is not', () => {
  const cases: [string, number | null][] = [
    ['1', 1], ['-2.5', -2.5], ['+1.5e3', 1500], ['1E-05', 1e-5], ['.5', 0.5], ['1.', 1], ['-.5e-3', -0.0005], [' 7 ', 7], ['00012', 12],
    ['inf', Infinity], ['+inf', Infinity], ['-inf', -Infinity], ['Infinity', Infinity], ['-Infinity', -Infinity], ['INF', Infinity],
    ['NaN', NaN], ['nan', NaN], ['-NaN', NaN], ['', NaN], ['  ', NaN], ['NA', NaN], ['N/A', NaN], ['n/a', NaN], ['#N/A', NaN], ['<NA>', NaN], ['null', NaN], ['None', NaN],
    ['abc', null], ['f1', null], ['1e', null], ['e5', null], ['.', null], ['-', null], ['1.5.2', null], ['0x10', null], ['1_000', null], ['infinit', null], ['true', null],
  ];
  for (const [cell, want] of cases) {
    const got = parseNumberToken(cell);
    if (want === null) assert.equal(got, null, JSON.stringify(cell));
    else assert.ok(Object.is(got, want) || (Number.isNaN(want) && Number.isNaN(got)), `${JSON.stringify(cell)} → ${got}, want ${want}`);
    assert.equal(isNumberToken(cell), want !== null, JSON.stringify(cell));
  }
});

test('isHeaderLine: a first line of numbers, NaN/inf spellings, quoted numbers or empty cells is data; names are a header', () => {
  const data = [
    '1,2,3', '0.1,-2.5e-3,+1.5e3', 'NaN,1,2', 'nan,1,2', '1,inf,-inf', '+inf,Infinity,-Infinity', '1,,3', ',,', '', '1,2\r\n3,4',
    '"1.5",2', '"NaN","-inf",""', '\uFEFF1,2,3', '\uFEFFNaN,1', ' 1 , 2 ', '1,NA,N/A', '1.,.5',
  ];
  const header = ['cpu,mem', 'f1,f2', 'x', '1,2,cpu', 'a,NaN', '\uFEFFcpu,mem', '"a,b",1', 'column_1,column_2', '1e,2', 'label\n0\n1\n'];
  for (const line of data) assert.equal(isHeaderLine(line), false, `data: ${JSON.stringify(line)}`);
  for (const line of header) assert.equal(isHeaderLine(line), true, `header: ${JSON.stringify(line)}`);
});

test('firstCsvRecord: quotes, doubled quotes, commas and line ends inside quotes, CRLF, BOM', () => {
  assert.deepEqual(firstCsvRecord('a,"b,c","d""e"\r\n1,2,3\n'), { cells: ['a', 'b,c', 'd"e'], complete: true });
  assert.deepEqual(firstCsvRecord('"x\ny",2\n3,4'), { cells: ['x\ny', '2'], complete: true });
  assert.deepEqual(firstCsvRecord('\uFEFF1,2'), { cells: ['1', '2'], complete: false });
});

test('firstLineIsHeader: reads .csv and .csv.gz, a BOM, and a first line longer than the first read', () => {
  const dir = tmp();
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, name.endsWith('.gz') ? zlib.gzipSync(text) : text);
    return file;
  };
  const body = Array.from({ length: 3000 }, (_, i) => `${i},${i / 7}`).join('\n') + '\n';
  assert.equal(firstLineIsHeader(write('a.csv', `NaN,-inf\n${body}`)), false);
  assert.equal(firstLineIsHeader(write('b.csv.gz', `nan,Infinity\n${body}`)), false);
  assert.equal(firstLineIsHeader(write('c.csv.gz', `cpu,mem\n${body}`)), true);
  assert.equal(firstLineIsHeader(write('d.csv', `\uFEFF"1.5",""\n${body}`)), false);
  // The first read is 64 KiB: it would end inside "Infinity" ("Infi", a name); the reader must read on.
  const cut = `${'0,'.repeat(32766)}Infinity\n`;
  assert.equal(Buffer.byteLength(cut.slice(0, cut.indexOf('Infinity'))), 65532);
  assert.equal(firstLineIsHeader(write('e.csv', `${cut}${body}`)), false);
  assert.equal(firstLineIsHeader(write('f.csv.gz', `${cut.slice(0, -1)},name\n${body}`)), true);
});

test('parseNumericSeries / columnAsFloat64: text columns read by the token rule, the first non-number by row', () => {
  const p = parseNumericSeries(pl.Series('c', ['1', 'Infinity', 'nan', ' 2 ', null, 'NA', 'abc', 'x']));
  assert.deepEqual(Array.from(p.values), [1, Infinity, NaN, 2, NaN, NaN, NaN, NaN]);
  assert.equal(p.bad, 2);
  assert.equal(p.firstBad, 6);
  const ok = parseNumericSeries(pl.Series('c', [1, 2, null]));
  assert.deepEqual([Array.from(ok.values), ok.bad, ok.firstBad], [[1, 2, NaN], 0, -1]);
  const df = pl.DataFrame({ s: ['-inf', '+1.5e3', ' 3'] });
  assert.deepEqual(Array.from(columnAsFloat64(df, 's')), [-Infinity, 1500, 3]);
});

test('dataRowRef: 1-based data rows; with a header the file line is one more', () => {
  assert.equal(dataRowRef(0, false), 'data row 1');
  assert.equal(dataRowRef(4, true), 'data row 5 (line 6 of the file)');
});

test('loadScoresCsv: bad label, score and time name the file, column and 1-based data row with its file line', () => {
  const dir = tmp();
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };
  assert.throws(() => loadScoresCsv(write('l.csv', 'label,score\n0,1\n1,2\n2,3\n')), /l\.csv: column "label" must hold 0 or 1, got 2 on data row 3 \(line 4 of the file\)/);
  assert.throws(() => loadScoresCsv(write('s.csv', 'label,score\n0,1\n1,Infinity\n')), /s\.csv: column "score" must hold finite numbers, got Infinity on data row 2 \(line 3 of the file\)/);
  assert.throws(() => loadScoresCsv(write('e.csv', 'label,score\n0,\n1,2\n')), /e\.csv: column "score" must hold finite numbers, got an empty cell on data row 1 \(line 2 of the file\)/);
  assert.throws(() => loadScoresCsv(write('t.csv', 'label,score,t\n0,1,2024-01-01\n1,2,soon\n'), { timeCol: 't' }), /t\.csv: column "t" holds "soon" on data row 2 \(line 3 of the file\), neither a number nor a date/);
  const good = loadScoresCsv(write('g.csv', 'label,score\n0, 0.5\n1,1e3\n'));
  assert.deepEqual(Array.from(good.scores), [0.5, 1000]);
});

test('readTable: parquet, CSV and CSV.gz with header auto / yes / no; writeParquet round-trips; errors name the file and what it is', () => {
  const dir = tmp();
  const file = (name: string, text: string) => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, name.endsWith('.gz') ? zlib.gzipSync(text) : text);
    return f;
  };
  const headed = file('h.csv', 'cpu,mem\n1,2\n3,NaN\n');
  const auto = readTable(headed);
  assert.deepEqual(auto.df.columns, ['cpu', 'mem']);
  assert.equal(auto.headerRow, true);
  assert.equal(auto.df.getColumn('mem').dtype.variant, 'String', 'CSV cells stay text (parsed by lib/io/numbers)');
  const bare = readTable(file('b.csv.gz', '1,2\n3,4\n'), { header: 'auto' });
  assert.deepEqual([bare.headerRow, bare.df.height, bare.df.columns.length], [false, 2, 2]);
  assert.equal(readTable(headed, { header: 'no' }).df.height, 3, "header 'no': the first line is data");
  assert.equal(readTable(file('n.csv', '1,2\n3,4\n'), { header: 'yes' }).df.height, 1, "header 'yes': the first line names the columns");
  const pq = path.join(dir, 'sub', 't.parquet');
  writeParquet(pq, pl.DataFrame({ a: [1.5, -0.25], b: ['x', 'y'] }));
  assert.deepEqual(fs.readdirSync(path.dirname(pq)), ['t.parquet'], 'no temp file left');
  const back = readTable(pq, { header: 'yes' });
  assert.equal(back.headerRow, false);
  assert.deepEqual(back.df.toRecords(), [{ a: 1.5, b: 'x' }, { a: -0.25, b: 'y' }]);
  assert.deepEqual(readParquet(pq).toRecords(), back.df.toRecords());
  assert.throws(() => readTable(path.join(dir, 'nope.csv'), { what: 'training features', hint: 'check the path' }), /training features not found: .*nope\.csv \(check the path\)/);
  assert.throws(() => readTable(file('x.json', '{}'), { what: 'test labels' }), /test labels .*x\.json: unsupported file type; use \.parquet, \.csv or \.csv\.gz/);
  assert.throws(() => readParquet(file('bad.parquet', 'not parquet'), 'stage-1 parquet'), /cannot read stage-1 parquet .*bad\.parquet as parquet: /);
  assert.throws(() => readParquet(path.join(dir, 'missing.parquet'), 'stage-1 parquet', 'run stage 1 first'), /stage-1 parquet not found: .*missing\.parquet \(run stage 1 first\)/);
  fs.rmSync(dir, { recursive: true, force: true });
});
