import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import pl from 'nodejs-polars';
import { generateDemoData, withDefaults, type DemoManifest } from '../lib/demo';
import { sharedDataDir } from '../lib/io/paths';
import { GRU_SAE_DEFAULTS, type GruSaeConfig } from '../lib/gru-sae/config';
import { aggregate, aggregatePaths, buildAggregateFrame, globToRegExp, META_COLUMNS, parseTimeMs } from '../lib/gru-sae/01-aggregate';
import { loadSchema, parseSchema, SCHEMA_DIR, type DatasetSchema } from '../lib/gru-sae/schema';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'seqsentry-aggregate-'));
const DEMO = path.join(TMP, 'demo');
let manifest: DemoManifest;

before(async () => {
  manifest = await generateDemoData(withDefaults({
    out: DEMO,
    sysmon: { ...withDefaults().sysmon, files: 8, workstations: 2, days: 2, events: 3000 },
    flows: { ...withDefaults().flows, rows: 400, days: 1, bursts: 6 },
  }));
});
after(() => fs.rmSync(TMP, { recursive: true, force: true }));

const cfgFor = (dataset: string, out: string): GruSaeConfig => ({ ...GRU_SAE_DEFAULTS, dataset, version: 'v1', out: path.join(TMP, out) });
const shipped = (dataset: string, rawDir: string): DatasetSchema => ({ ...loadSchema(dataset, 'v1'), raw_dir: rawDir });

/** A minimal valid schema JSON, with keys replaced by `patch`. */
function schemaJson(patch: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    dataset: 'toy', version: 'v1', raw_dir: 'x', files: '*.csv', has_header: true, column_names: null,
    time_column: 't', label_column: 'label', benign_labels: ['0'], campaign: null,
    columns: { text: ['cmd'], categorical: ['host'], numeric: ['n'] }, ...patch,
  };
}

function writeCsvDir(dir: string, files: Record<string, string>): string {
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), name.endsWith('.gz') ? zlib.gzipSync(text) : text);
  return dir;
}

test('demo-sysmon: parquet has the contract columns and types, sorted by time, labels and campaigns right', async () => {
  const cfg = cfgFor('demo-sysmon', 'run-sysmon');
  const schema = shipped('demo-sysmon', path.join(DEMO, 'sysmon'));
  const logs: string[] = [];
  const res = await aggregate(cfg, { schema, log: (l) => logs.push(l) });
  const p = aggregatePaths(cfg);
  assert.equal(p.parquet, path.join(TMP, 'run-sysmon', 'processed', 'gru_sae-demo-sysmon-v1.parquet'));
  const df = pl.readParquet(p.parquet);
  const features = [...schema.columns.text, ...schema.columns.categorical, ...schema.columns.numeric];
  assert.deepEqual(df.columns, [...features, ...META_COLUMNS]);
  const types = Object.fromEntries(df.columns.map((c, i) => [c, String(df.dtypes[i])]));
  for (const c of [...schema.columns.text, ...schema.columns.categorical, '_label_raw', '_campaign', '_source_file']) assert.equal(types[c], 'DataType(String)', c);
  for (const c of [...schema.columns.numeric, '_time_ms']) assert.equal(types[c], 'DataType(Float64)', c);
  assert.equal(types._label, 'DataType(Int32)');
  assert.equal(df.height, manifest.sysmon.rows);
  // Text columns have no nulls (null → "").
  for (const c of [...schema.columns.text, ...schema.columns.categorical]) assert.equal(df.getColumn(c).nullCount(), 0, c);
  const t = df.getColumn('_time_ms').toTypedArray() as Float64Array;
  for (let i = 1; i < t.length; i++) assert.ok(t[i] >= t[i - 1], `not sorted at row ${i}`);
  assert.equal(new Date(t[0]).toISOString(), manifest.sysmon.files[0].first_ts);
  assert.equal(new Date(t[t.length - 1]).toISOString(), manifest.sysmon.files.at(-1)!.last_ts);
  const label = df.getColumn('_label').toArray() as number[];
  const raw = df.getColumn('_label_raw').toArray() as string[];
  assert.ok(raw.every((r, i) => label[i] === (r === '0' ? 0 : 1)));
  assert.equal(label.reduce((a, b) => a + b, 0), manifest.sysmon.attacks);
  // Every row (benign too) carries its file's campaign, as the generator's file ranges say.
  const owner = (file: string) => manifest.sysmon.files.find((f) => f.file === `sysmon/${file}`)!.campaign ?? '';
  const src = df.getColumn('_source_file').toArray() as string[];
  const camp = df.getColumn('_campaign').toArray() as string[];
  assert.ok(src.every((f, i) => camp[i] === owner(f)), 'campaign differs from the file mapping');
  const m = res.metadata;
  assert.equal(m.rows, manifest.sysmon.rows);
  assert.deepEqual(m.files.map((f) => [`sysmon/${f.file}`, f.rows]), manifest.sysmon.files.map((f) => [f.file, f.rows]));
  assert.deepEqual(m.labels.counts, { 0: manifest.sysmon.rows - manifest.sysmon.attacks, 1: manifest.sysmon.attacks });
  assert.deepEqual(m.campaigns?.attacks, manifest.sysmon.campaign_counts);
  assert.equal(m.time.min_iso, manifest.sysmon.files[0].first_ts);
  assert.equal(m.dtypes._label, 'Int32');
  const onDisk = JSON.parse(fs.readFileSync(p.metadata, 'utf8'));
  assert.equal(onDisk.dataset, 'demo-sysmon');
  assert.equal(onDisk.version, 'v1');
  assert.equal(onDisk.schema.campaign.from, 'column');
  const dist = fs.readFileSync(p.labelDist, 'utf8').trim().split('\n');
  assert.equal(dist[0], 'label_raw,label,count,share,count_APT1,count_APT2,count_APT3,count_APT4,count_APT5,count_APT6');
  const attackRow = dist.find((l) => l.startsWith('1,'))!.split(',').map(Number);
  assert.equal(attackRow[2], manifest.sysmon.attacks);
  assert.deepEqual(attackRow.slice(4), Object.values(manifest.sysmon.campaign_counts));
  // config.json belongs to the run layer (written when a pipeline run opens: gru-sae-pipeline.test.ts), not to stage 1.
  assert.ok(!fs.existsSync(path.join(TMP, 'run-sysmon', 'config.json')));
  const leftovers = fs.readdirSync(path.join(TMP, 'run-sysmon'), { recursive: true }).map(String).filter((f) => f.includes('.tmp-'));
  assert.deepEqual(leftovers, []);
  assert.ok(logs.some((l) => l.includes(`${manifest.sysmon.rows} rows`)));
});

test('demo-flows: time-ordered flows with BENIGN benign; Infinity kept and counted', async () => {
  const cfg = cfgFor('demo-flows', 'run-flows');
  const res = await aggregate(cfg, { schema: shipped('demo-flows', path.join(DEMO, 'flows')) });
  const df = pl.readParquet(aggregatePaths(cfg).parquet);
  assert.equal(df.height, manifest.flows.rows);
  assert.deepEqual(Object.fromEntries(Object.entries(res.metadata.labels.counts)), Object.fromEntries(Object.entries(manifest.flows.label_counts).filter(([, n]) => n > 0)));
  assert.equal(res.metadata.labels.benign, manifest.flows.label_counts.BENIGN);
  assert.equal(res.metadata.campaigns, null);
  assert.ok((df.getColumn('_campaign').toArray() as string[]).every((c) => c === ''));
  const nonFinite = res.metadata.numeric_non_finite;
  assert.ok(manifest.flows.non_finite_rows === 0 || (nonFinite['Flow Bytes/s'] > 0 && nonFinite['Flow Bytes/s'] <= manifest.flows.non_finite_rows));
  assert.equal(fs.readFileSync(aggregatePaths(cfg).labelDist, 'utf8').split('\n')[0], 'label_raw,label,count,share');
});

test('buildAggregateFrame: stable sort, null and unparsable handling, label and row-order time', () => {
  const schema = parseSchema(schemaJson(), 'toy');
  const a = pl.readCSV('t,cmd,host,n,label\n2024-01-01 00:00:02,x,,1.5,0\n2024-01-01T00:00:01Z,y,h1,abc,1\n2024-01-01 00:00:02.000,,h2,,0\n', { inferSchemaLength: 0 });
  // Another column order; its epoch-ms time becomes ISO for the timed case (one format family per column).
  const b = pl.readCSV('n,label,host,cmd,t\nInfinity,0,h3,z,1704067202000\n', { inferSchemaLength: 0 });
  const bIso = b.withColumn(pl.lit('2024-01-01T00:00:02Z').alias('t'));
  const { frame, stats } = buildAggregateFrame([{ name: 'a.csv', df: a }, { name: 'b.csv', df: bIso }], schema);
  assert.deepEqual(frame.columns, ['cmd', 'host', 'n', ...META_COLUMNS]);
  assert.deepEqual(frame.getColumn('cmd').toArray(), ['y', 'x', '', 'z']); // ties at 00:00:02 keep file then row order
  assert.deepEqual(frame.getColumn('host').toArray(), ['h1', '', 'h2', 'h3']);
  assert.deepEqual(frame.getColumn('n').toArray(), [null, 1.5, null, Infinity]);
  assert.deepEqual(frame.getColumn('_label').toArray(), [1, 0, 0, 0]);
  assert.deepEqual(frame.getColumn('_source_file').toArray(), ['a.csv', 'a.csv', 'a.csv', 'b.csv']);
  assert.deepEqual(frame.getColumn('_time_ms').toArray(), [Date.UTC(2024, 0, 1, 0, 0, 1), ...Array(3).fill(Date.UTC(2024, 0, 1, 0, 0, 2))]);
  assert.deepEqual(stats.nulls, { cmd: 1, host: 1, n: 1, t: 0, label: 0 });
  assert.deepEqual(stats.unparsable, { n: 1 });
  assert.deepEqual(stats.non_finite, { n: 1 });
  // No time column: the running row index over the files is the time.
  const noTime = parseSchema(schemaJson({ time_column: null }), 'toy');
  const r = buildAggregateFrame([{ name: 'a.csv', df: a }, { name: 'b.csv', df: b }], noTime).frame;
  assert.deepEqual(r.getColumn('_time_ms').toArray(), [0, 1, 2, 3]);
});

test('parseTimeMs: ISO, space-separated (UTC), offsets, microseconds, numeric epochs; bad values → null', () => {
  const s = pl.Series('t', ['2024-03-04T00:00:48.855Z', '2020-05-02 02:55:29.635', '2024-03-04T01:00:00+01:00', '2017-07-06 12:39:06.818901', 'nope', null]);
  const ms = parseTimeMs(s, 'ms').toArray() as (number | null)[];
  assert.deepEqual(ms.slice(0, 3), [Date.parse('2024-03-04T00:00:48.855Z'), Date.parse('2020-05-02T02:55:29.635Z'), Date.parse('2024-03-04T00:00:00Z')]);
  assert.ok(Math.abs(ms[3]! - (Date.parse('2017-07-06T12:39:06.818Z') + 0.901)) < 1e-3);
  assert.deepEqual(ms.slice(4), [null, null]);
  assert.deepEqual(parseTimeMs(pl.Series('t', ['1709510400', '1.5']), 's').toArray(), [1709510400000, 1500]);
});

test('file-number campaigns on dataset-N.csv files (natural order, files outside every range get "")', async () => {
  const dir = path.join(TMP, 'numbered');
  const files: Record<string, string> = {};
  for (let n = 1; n <= 11; n++) files[`dataset-${n}.csv`] = `ts,cmd,label\n2024-01-01T00:00:0${n % 10}Z,c${n},${n % 3 === 0 ? 1 : 0}\n`;
  files['notes.txt'] = 'not data';
  writeCsvDir(dir, files);
  const schema = parseSchema(schemaJson({
    dataset: 'numbered', raw_dir: dir, files: 'dataset-*.csv', time_column: 'ts', columns: { text: ['cmd'] },
    campaign: { from: 'file_number', pattern: 'dataset-(\\d+)', ranges: { APT1: [1, 4], APT2: [5, 9], APT3: [10, 10] } },
  }), 'numbered');
  const cfg = cfgFor('numbered', 'run-numbered');
  const res = await aggregate(cfg, { schema });
  assert.deepEqual(res.metadata.files.map((f) => [f.file, f.campaign]), Array.from({ length: 11 }, (_, i) => [`dataset-${i + 1}.csv`, i < 4 ? 'APT1' : i < 9 ? 'APT2' : i === 9 ? 'APT3' : null]));
  const df = pl.readParquet(aggregatePaths(cfg).parquet);
  const byCmd = Object.fromEntries((df.getColumn('cmd').toArray() as string[]).map((c, i) => [c, df.getColumn('_campaign').get(i)]));
  assert.deepEqual(byCmd, { c1: 'APT1', c4: 'APT1', c5: 'APT2', c9: 'APT2', c10: 'APT3', c11: '', c2: 'APT1', c3: 'APT1', c6: 'APT2', c7: 'APT2', c8: 'APT2' });
  assert.equal(df.getColumn('cmd').get(0), 'c10'); // second :00 sorts first
  assert.deepEqual(res.metadata.campaigns?.rows, { '': 1, APT1: 4, APT2: 5, APT3: 1 });
  const header = fs.readFileSync(aggregatePaths(cfg).labelDist, 'utf8').split('\n')[0];
  assert.equal(header, 'label_raw,label,count,share,count_none,count_APT1,count_APT2,count_APT3');
});

test('header-less .gz file with column_names (KDD style): names applied, row order is time', async () => {
  const dir = writeCsvDir(path.join(TMP, 'kddish'), { 'conn.data.gz': '0,tcp,http,normal.\n5,udp,dns,smurf.\n7,tcp,ftp,normal.\n' });
  const schema = parseSchema(schemaJson({
    dataset: 'kddish', raw_dir: dir, files: 'conn.data.gz', has_header: false, column_names: ['duration', 'protocol_type', 'service', 'label'],
    time_column: null, benign_labels: ['normal.'], columns: { categorical: ['protocol_type', 'service'], numeric: ['duration'] },
  }), 'kddish');
  const res = await aggregate(cfgFor('kddish', 'run-kddish'), { schema });
  assert.deepEqual(res.frame.getColumn('duration').toArray(), [0, 5, 7]);
  assert.deepEqual(res.frame.getColumn('_label').toArray(), [0, 1, 0]);
  assert.deepEqual(res.frame.getColumn('_time_ms').toArray(), [0, 1, 2]);
  assert.equal(res.metadata.time.min_iso, null);
  assert.equal(res.metadata.time.source, 'row_order');
});

test('bad inputs give clear errors and leave no output', async () => {
  const run = 'run-bad';
  const cfg = cfgFor('toy', run);
  const good = writeCsvDir(path.join(TMP, 'toy'), { 'a.csv': 't,cmd,host,n,label\n2024-01-01T00:00:00Z,x,h,1,0\n' });
  const cases: [string, () => Promise<unknown>, RegExp][] = [
    ['missing demo dir', () => aggregate(cfg, { schema: parseSchema(schemaJson({ raw_dir: 'data/demo/no-such-folder' }), 'toy') }), /raw data folder .*no-such-folder.*npm run demo-data/],
    ['missing shared dir', () => aggregate(cfg, { schema: parseSchema(schemaJson({ raw_dir: '../shared/data/no-such-dataset' }), 'toy') }), /raw data folder .*no-such-dataset.*(\.\.\/shared\/data is absent|lacks this dataset)/],
    ['no files matched', () => aggregate(cfg, { schema: parseSchema(schemaJson({ raw_dir: good, files: '*.csv.gz' }), 'toy') }), /no raw files .* match "\*\.csv\.gz".*a\.csv/],
    ['missing column', () => aggregate(cfg, { schema: parseSchema(schemaJson({ raw_dir: good, columns: { text: ['cmd', 'CommandLine'] } }), 'toy') }), /a\.csv: missing column "CommandLine"/],
    ['bad timestamp', () => aggregate(cfg, { schema: parseSchema(schemaJson({ raw_dir: writeCsvDir(path.join(TMP, 'badtime'), { 'b.csv': 't,cmd,host,n,label\nyesterday,x,h,1,0\n' }) }), 'toy') }), /b\.csv: 1 value of the time column "t" .*"yesterday"/],
    ['empty label', () => aggregate(cfg, { schema: parseSchema(schemaJson({ raw_dir: writeCsvDir(path.join(TMP, 'nolabel'), { 'c.csv': 't,cmd,host,n,label\n2024-01-01T00:00:00Z,x,h,1,\n' }) }), 'toy') }), /c\.csv: rows with an empty label column "label" \(1 in this file, first at data row 1 \(line 2 of the file\)\)/],
    ['empty label, later row', () => aggregate(cfg, { schema: parseSchema(schemaJson({ raw_dir: writeCsvDir(path.join(TMP, 'nolabel2'), { 'a.csv': 't,cmd,host,n,label\n2024-01-01T00:00:00Z,x,h,1,0\n', 'd.csv': 't,cmd,host,n,label\n2024-01-01T00:00:00Z,x,h,1,0\n2024-01-01T00:00:01Z,x,h,1,1\n2024-01-01T00:00:02Z,x,h,1,\n2024-01-01T00:00:03Z,x,h,1,\n' }) }), 'toy') }),
      /d\.csv: rows with an empty label column "label" \(2 in this file, first at data row 3 \(line 4 of the file\)\)/],
    ['schema for another dataset', () => aggregate(cfgFor('other', run), { schema: parseSchema(schemaJson({ raw_dir: good }), 'toy') }), /schema is for "toy"/],
    ['unknown dataset', () => aggregate(cfgFor('nope', run)), /no schema for dataset "nope".*available.*schema-demo-sysmon-gru-sae-v1\.json/],
  ];
  for (const [name, fn, re] of cases) {
    await assert.rejects(fn, re, name);
    assert.ok(!fs.existsSync(path.join(TMP, run)), `${name} left output behind`);
  }
});

test('loadSchema: unknown key and malformed JSON name the file; a dir option; file name must match', () => {
  const dir = path.join(TMP, 'schemas');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'schema-toy-gru-sae-v1.json'), JSON.stringify(schemaJson({ colums: {} })));
  assert.throws(() => loadSchema('toy', 'v1', { dir }), /schema-toy-gru-sae-v1\.json: key "colums" is not a schema key/);
  fs.writeFileSync(path.join(dir, 'schema-toy-gru-sae-v1.json'), '{"dataset": "toy",');
  assert.throws(() => loadSchema('toy', 'v1', { dir }), /schema-toy-gru-sae-v1\.json is not valid JSON/);
  fs.writeFileSync(path.join(dir, 'schema-toy-gru-sae-v1.json'), JSON.stringify(schemaJson({ dataset: 'other' })));
  assert.throws(() => loadSchema('toy', 'v1', { dir }), /declares dataset "other"/);
  fs.writeFileSync(path.join(dir, 'schema-toy-gru-sae-v1.json'), JSON.stringify(schemaJson()));
  assert.equal(loadSchema('toy', 'v1', { dir }).dataset, 'toy');
  assert.throws(() => loadSchema('toy', 'v2', { dir }), /no schema for dataset "toy" version "v2".*available in .*: schema-toy-gru-sae-v1\.json/);
});

test('parseSchema rejects wrong types, empty roles, a column in two roles, leaks and bad campaigns', () => {
  const bad: [Record<string, unknown>, RegExp][] = [
    [{ has_header: 'yes' }, /key "has_header" must be true or false/],
    [{ columns: { text: [] } }, /key "columns.text" must be a non-empty list/],
    [{ columns: { text: ['a'], numeric: ['a'] } }, /key "columns.numeric" lists "a", which is already in columns.text/],
    [{ columns: { text: ['a'], other: ['b'] } }, /key "columns.other" is not allowed here/],
    [{ columns: { numeric: ['label'] } }, /label column "label" as a feature/],
    [{ benign_labels: [0] }, /key "benign_labels" .* write "0", not 0/],
    [{ files: 'data/*.csv' }, /key "files" must be a file-name glob/],
    [{ time_column: 3 }, /key "time_column" must be a column name or null/],
    [{ has_header: false }, /key "column_names" must list the column names/],
    [{ column_names: ['a'] }, /key "column_names" is only for header-less files/],
    [{ has_header: false, column_names: ['t', 'cmd', 'host', 'n'] }, /key "label_column" names column "label", which is not in column_names/],
    [{ campaign: { from: 'file_number', pattern: 'dataset-\\d+', ranges: { A: [1, 2] } } }, /needs a capture group/],
    [{ campaign: { from: 'file_number', pattern: 'd-(\\d+)', ranges: { A: [1, 5], B: [5, 6] } } }, /campaign.ranges.B" overlaps campaign "A" at file number 5/],
    [{ campaign: { from: 'column', column: 'c', fill: true } }, /key "campaign.fill" is not allowed here/],
    [{ campaign: { from: 'column', column: 'cmd' } }, /lists the campaign column "cmd" as a feature/],
    [{ campaign: { from: 'host' } }, /key "campaign.from" must be "file_number" or "column"/],
    [{ tfidf_vocab: { host: 10 } }, /key "tfidf_vocab.host" names a column that is not in columns.text/],
    [{ time_unit: 'days' }, /key "time_unit" must be one of/],
    [{ encoding: { combination_counts: [['cmd', 'hots']] } }, /key "encoding.combination_counts" \[0\] names "hots", not one of the feature columns \(have: /],
    [{ dataset: undefined }, /key "dataset" is required/],
  ];
  for (const [patch, re] of bad) {
    const json = schemaJson(patch);
    for (const [k, v] of Object.entries(patch)) if (v === undefined) delete json[k];
    assert.throws(() => parseSchema(json, 'configs/x.json'), (err: Error) => re.test(err.message) && err.message.startsWith('schema configs/x.json: '), JSON.stringify(patch));
  }
  assert.throws(() => parseSchema([1], 'x'), /must be a JSON object/);
  const ok = parseSchema(schemaJson({ notes: 'hi', tfidf_vocab: { cmd: 50 }, campaign: { from: 'column', column: 'camp' } }), 'x');
  assert.deepEqual(ok.columns, { text: ['cmd'], categorical: ['host'], numeric: ['n'] });
  assert.deepEqual(ok.campaign, { from: 'column', column: 'camp', fill_by_file: false });
  assert.equal(ok.time_unit, 'ms');
});

test('every shipped schema parses and matches its file name; globs match what the data README names', () => {
  const files = fs.readdirSync(SCHEMA_DIR).filter((f) => /^schema-.+-gru-sae-.+\.json$/.test(f));
  const names = files.map((f) => /^schema-(.+)-gru-sae-(.+)\.json$/.exec(f)!.slice(1, 3).join('/')).sort();
  assert.deepEqual(names, ['apt29/v1', 'cicids2017/v1', 'demo-flows/v1', 'demo-sysmon/v1', 'kdd99/v1']);
  for (const n of names) {
    const [d, v] = n.split('/');
    const s = loadSchema(d, v);
    assert.equal(s.dataset, d);
  }
  assert.equal(loadSchema('kdd99', 'v1').column_names?.length, 42);
  assert.ok(globToRegExp(loadSchema('kdd99', 'v1').files).test('kddcup.data_10_percent.gz'));
  assert.ok(globToRegExp(loadSchema('apt29', 'v1').files).test('apt29_day1_demo_labeled.csv.gz'));
  assert.ok(globToRegExp('dataset-*.csv').test('dataset-12.csv') && !globToRegExp('dataset-*.csv').test('dataset-1.csv.gz'));
});

const SHARED = sharedDataDir();
test('APT29 (real data): 79,919 events, 21,456 attack, time-sorted', { skip: SHARED ? false : '../shared/data is absent: real-data check skipped' }, async () => {
  const cfg = cfgFor('apt29', 'run-apt29');
  const res = await aggregate(cfg, { schema: shipped('apt29', path.join(SHARED!, 'apt29')) });
  assert.equal(res.metadata.rows, 79919);
  assert.equal(res.metadata.labels.attack, 21456);
  assert.equal(res.metadata.campaigns, null);
  assert.ok(res.metadata.time.min_iso!.startsWith('2020-05-02T02:5'));
  const t = res.frame.getColumn('_time_ms').toTypedArray() as Float64Array;
  for (let i = 1; i < t.length; i++) assert.ok(t[i] >= t[i - 1]);
  assert.ok(res.seconds < 10, `APT29 aggregation took ${res.seconds} s`);
});
