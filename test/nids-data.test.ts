import { test } from 'node:test';
import assert from 'node:assert/strict';
import pl from 'nodejs-polars';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NIDS_DEFAULTS, envOverrides, resolveNidsConfig, type NidsConfig } from '../lib/nids/config';
import { classWeights, findBenign, sampleWeights } from '../lib/nids/01-prepare/data';
import type { FlowDatasetSpec } from '../lib/nids/01-prepare/datasets';
import { countNonFinite, fitFeatureEncoder, transformFeatures, type FeatureEncoder, type FitEncoderOptions } from '../lib/nids/01-prepare/features';
import { fitLabelIndexer, indexLabels, parseLabelIndexer } from '../lib/nids/01-prepare/indexer';
import { prepareRawData } from '../lib/nids/01-prepare/prepare';
import { homeNetMatcher } from '../lib/nids/01-prepare/home-net';
import { frameToRawFlows, readFlowFrame, type RawFlows } from '../lib/nids/01-prepare/raw';
import { bindHeader } from '../lib/score/codec';
import { NidsCodec } from '../lib/score/codecs/nids';
import { createRng } from '../lib/random';

const SPEC: FlowDatasetSpec = {
  name: 'fixture', dir: 'nowhere', files: '*.csv', hasHeader: true, columnNames: null, labelColumn: 'Label', benignLabel: 'BENIGN',
  dropColumns: ['Src IP'], addressColumns: null, timeColumn: 'Timestamp', categorical: ['Protocol'], order: 'time', notes: 'literal fixture',
};

/** A small text frame like a raw CSV: time, an identifier, a categorical, two numeric columns, the label. */
function fixtureFrame(labels: string[], opts: { bytes?: (i: number) => string } = {}): pl.DataFrame {
  const n = labels.length;
  const col = (f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i));
  return pl.DataFrame({
    Timestamp: col((i) => new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString()),
    'Src IP': col((i) => `10.0.0.${i % 250}`),
    Protocol: col((i) => (labels[i] === 'BENIGN' ? '6' : i % 2 ? '17' : '6')),
    'Flow Bytes/s': opts.bytes ? col(opts.bytes) : col((i) => String(labels[i] === 'BENIGN' ? 100 + (i % 7) : 5000 + (i % 11))),
    'Flow Duration': col((i) => String((i * 37) % 1000)),
    Label: labels,
  });
}

const cfgWith = (patch: Partial<NidsConfig['data']> = {}, top: Partial<NidsConfig> = {}): NidsConfig => ({ ...NIDS_DEFAULTS, ...top, data: { ...NIDS_DEFAULTS.data, ...patch } });

test('label indexer: most frequent first, ties alphabetical (Spark frequencyDesc); one class is an error; three file forms parse', () => {
  const ix = fitLabelIndexer(['dos', 'BENIGN', 'dos', 'scan', 'BENIGN', 'apt']);
  assert.deepEqual(ix.labels, ['BENIGN', 'dos', 'apt', 'scan']);
  assert.deepEqual(ix.counts, [2, 2, 1, 1]);
  assert.deepEqual(Array.from(indexLabels(['scan', 'new', 'BENIGN'], ix)), [3, -1, 0]);
  assert.throws(() => fitLabelIndexer(['a', 'a']), /one class only/);
  assert.deepEqual(parseLabelIndexer(['x', 'y'], 'f').labels, ['x', 'y']);
  assert.deepEqual(parseLabelIndexer({ y: 1, x: 0 }, 'f').labels, ['x', 'y']);
  assert.deepEqual(parseLabelIndexer({ labels: ['a', 'b'], counts: [3, 1] }, 'f').counts, [3, 1]);
  assert.throws(() => parseLabelIndexer({ a: 0, b: 0 }, 'f.json'), /f\.json: label "b" maps to 0/);
  assert.throws(() => parseLabelIndexer('nope', 'f.json'), /expected \{"labels"/);
});

test('class weights: balanced n / (k · n_c), capped; benign class found by name', () => {
  const w = classWeights([0, 0, 0, 1], 2, 'balanced', null);
  assert.ok(Math.abs(w[0] - 4 / 6) < 1e-12 && Math.abs(w[1] - 2) < 1e-12);
  assert.deepEqual(classWeights([0, 0, 0, 1], 2, 'balanced', 1.5), [4 / 6, 1.5]);
  assert.deepEqual(classWeights([0, 1], 3, 'none', null), [1, 1, 1]);
  assert.deepEqual(Array.from(sampleWeights([1, 0], [0.5, 2])), [2, 0.5]);
  assert.equal(findBenign(['dos', 'normal.'], null), 1);
  assert.equal(findBenign(['dos', 'scan'], null), null);
  assert.throws(() => findBenign(['dos'], 'BENIGN'), /benign label "BENIGN"/);
});

test('features are fitted on training rows only; Infinity/NaN are counted and imputed from training values; unseen categories go to <unknown>', () => {
  const labels = Array.from({ length: 40 }, (_, i) => (i % 4 ? 'BENIGN' : 'dos'));
  const frame = fixtureFrame(labels, { bytes: (i) => (i === 3 ? 'Infinity' : i === 5 ? '' : i === 35 ? '1e12' : String(i)) });
  const raw = frameToRawFlows(frame, SPEC);
  assert.deepEqual(raw.numericNames, ['Flow Bytes/s', 'Flow Duration']);
  assert.deepEqual(raw.dropped.sort(), ['Src IP', 'Timestamp']);
  const nf = countNonFinite(raw);
  assert.deepEqual(nf.columns, [{ column: 'Flow Bytes/s', pos_inf: 1, neg_inf: 0, nan: 1 }]);
  const train = Int32Array.from({ length: 30 }, (_, i) => i);
  const opts = { nonfinite: 'impute' as const, log: false, clip: 0, maxCategories: 1 };
  const enc = fitFeatureEncoder(raw, train, opts);
  // A huge value in a later (test) row changes nothing fitted.
  raw.numeric[0][35] = 1e15;
  assert.deepEqual(fitFeatureEncoder(raw, train, opts).mean, enc.mean);
  assert.equal(enc.fillPosInf[0], 29, 'Infinity → training max');
  assert.deepEqual(enc.featureNames, ['Flow Bytes/s', 'Flow Duration', 'Protocol=6', 'Protocol=<unknown>'], 'the shared unknown bucket (was Protocol=__other__)');
  raw.categorical[0][1] = '17'; // a value training never saw (after the fit)
  const x = transformFeatures(raw, Int32Array.from([3, 5, 1]), enc);
  assert.ok(x.every(Number.isFinite));
  assert.deepEqual(Array.from(x.subarray(2 * 4 + 2, 3 * 4)), [0, 1], 'an unseen protocol → other');
  const clipped = transformFeatures(raw, Int32Array.from([35]), { ...enc, clip: 10 });
  assert.equal(clipped[0], 10);
});

test('data.home_net: 0/1 direction features from the dropped address columns (IPv4 and IPv6 CIDRs); the scoring codec derives the same features', () => {
  const inside = homeNetMatcher(['192.168.10.0/24', '10.1.2.3', 'fd00::/8']);
  assert.deepEqual(['192.168.10.8', '192.168.11.8', '10.1.2.3', '10.1.2.4', 'fd00::1', 'fe80::1', '', '-', 'host.local'].map(inside), [1, 0, 1, 0, 1, 0, 0, 0, 0]);
  for (const bad of ['192.168.10.0/33', '192.168.10/24', '10.0.0.0/8/1', 'fd00::/129', 'lan', '10.0.0.0/x']) {
    assert.throws(() => homeNetMatcher([bad]), new RegExp(`"${bad.replace(/[./]/g, '\\$&')}" is not a network; write it in CIDR form`));
  }
  const spec: FlowDatasetSpec = { ...SPEC, dropColumns: ['Src IP', 'Dst IP'], addressColumns: { src: 'Src IP', dst: 'Dst IP' } };
  const labels = Array.from({ length: 12 }, (_, i) => (i % 3 ? 'BENIGN' : 'scan'));
  const frame = fixtureFrame(labels).withColumn(pl.Series('Dst IP', labels.map((_, i) => (i % 2 ? '10.0.0.9' : '8.8.8.8'))));
  assert.equal(frameToRawFlows(frame, spec).homeNet, null, 'off by default');
  const raw = frameToRawFlows(frame, spec, { homeNet: ['10.0.0.0/30', '10.0.0.9'], keepTimestamp: true });
  assert.deepEqual(raw.numericNames, ['Flow Bytes/s', 'Flow Duration', 'hour_sin', 'hour_cos', 'src_in_home_net', 'dst_in_home_net']);
  assert.deepEqual(Array.from(raw.numeric[4]), labels.map((_, i) => (i < 4 || i === 9 ? 1 : 0)), 'sources 10.0.0.0–3 (10.0.0.0/30) and the host 10.0.0.9');
  assert.deepEqual(Array.from(raw.numeric[5]), labels.map((_, i) => i % 2));
  assert.deepEqual(raw.dropped.sort(), ['Dst IP', 'Src IP', 'Timestamp'], 'the addresses themselves stay out');
  assert.throws(() => frameToRawFlows(frame, { ...spec, addressColumns: null }, { homeNet: ['10.0.0.0/8'] }), /data\.home_net: dataset "fixture" has no source\/destination address columns/);
  assert.throws(() => frameToRawFlows(fixtureFrame(labels), spec, { homeNet: ['10.0.0.0/8'] }), /missing column "Dst IP"/);
  assert.throws(() => resolveNidsConfig({ env: {}, overrides: { 'data.home_net': ['10.0.0.0/40'] } }), /nids config: data\.home_net: "10\.0\.0\.0\/40" is not a network/);
  assert.deepEqual(resolveNidsConfig({ env: {}, overrides: { dataset: 'cicids2017' } }).data, { ...NIDS_DEFAULTS.data, home_net: ['192.168.10.0/24'], oversample_to: 1000 }, 'configs/nids/cicids2017.json: the victim network and the oversampling chosen on validation');
  assert.equal(resolveNidsConfig({ env: {}, overrides: { dataset: 'kdd99' } }).data.oversample_to, 1000, 'configs/nids/kdd99.json (validation macro-F1 0.759 → 0.827)');

  // Scoring new flows: the codec reads the address (and time) columns and encodes exactly as training did.
  const enc = fitFeatureEncoder(raw, Int32Array.from({ length: 8 }, (_, i) => i), { nonfinite: 'impute', log: true, clip: 10, maxCategories: 4 });
  assert.deepEqual(enc.homeNet, { networks: ['10.0.0.0/30', '10.0.0.9'], srcColumn: 'Src IP', dstColumn: 'Dst IP' });
  const codec = new NidsCodec(enc, { labelColumn: 'Label', timeColumn: 'Timestamp', classes: ['BENIGN', 'scan'] });
  assert.ok(codec.required.includes('Src IP') && codec.required.includes('Dst IP') && codec.required.includes('Timestamp'));
  const header = frame.columns;
  const records = Array.from({ length: frame.height }, (_, i) => ({ line: i + 2, cells: header.map((c) => String(frame.getColumn(c).get(i))) }));
  const bad: { line: number; reason: string }[] = [];
  const got = codec.encode(records, bindHeader(header, 'new.csv', codec), 0, bad);
  assert.deepEqual(bad, []);
  const want = transformFeatures(raw, Int32Array.from({ length: frame.height }, (_, i) => i), enc);
  assert.deepEqual(Array.from(got.features as Float32Array), Array.from(want));
});

test('bad raw input: a non-numeric feature column and an empty label are errors that name the column and the fix', () => {
  const labels = ['BENIGN', 'dos', 'BENIGN'];
  assert.throws(() => frameToRawFlows(fixtureFrame(labels, { bytes: (i) => (i === 1 ? 'tcp' : '1') }), SPEC),
    /column "Flow Bytes\/s" is not numeric \(1 values such as "tcp" at data row 2\); list it in nids\.data\.categorical_columns/);
  assert.throws(() => frameToRawFlows(fixtureFrame(['BENIGN', '', 'dos']), SPEC), /1 rows have an empty label in column "Label" \(first at data row 2\)/);
  assert.throws(() => frameToRawFlows(fixtureFrame(labels), { ...SPEC, categorical: ['Proto'] }), /missing column "Proto"/);
});

test('bad raw files: value, empty label and time errors name the file, its 1-based data row and file line, and the column', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nids-raw-'));
  const head = 'Timestamp,Src IP,Protocol,Flow Bytes/s,Flow Duration,Label\n';
  const line = (bytes: string, label = 'BENIGN', t = '2024-01-01 00:00:00') => `${t},10.0.0.1,6,${bytes},5,${label}\n`;
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };
  const a = write('a.csv', head + line('1') + line('Infinity', 'dos') + line('2'));
  const read = (b: string) => frameToRawFlows(readFlowFrame(SPEC, [a, write('b.csv', head + b)]), SPEC);
  assert.throws(() => read(line('3') + line('tcp') + line('4')), /column "Flow Bytes\/s" is not numeric \(1 values such as "tcp" in .*b\.csv at data row 2 \(line 3 of the file\)\)/);
  assert.throws(() => read(line('3', '')), /1 rows have an empty label in column "Label" \(first in .*b\.csv at data row 1 \(line 2 of the file\)\)/);
  assert.throws(() => read(line('3') + line('3') + line('3', 'dos', 'soon')), /cannot parse time "soon" in column "Timestamp" in .*b\.csv at data row 3 \(line 4 of the file\)/);
  // Infinity and NaN stay values (counted and imputed later), in any file.
  const ok = read(line('NaN') + line('-inf', 'dos'));
  assert.deepEqual(Array.from(ok.numeric[0]), [1, Infinity, 2, NaN, -Infinity]);
  // Header-less files (KDD style): data row N is line N, so no line is added.
  const kdd: FlowDatasetSpec = { ...SPEC, hasHeader: false, columnNames: head.trim().split(',') };
  const c = write('c.csv', line('1') + line('x'));
  assert.throws(() => frameToRawFlows(readFlowFrame(kdd, [c]), kdd), /"x" in .*c\.csv at data row 2\); list it/);
});

test('prepareRawData: time split, a label unseen in training is an error by default and skipped (counted) on request', () => {
  const labels = Array.from({ length: 200 }, (_, i) => (i >= 190 ? 'newattack' : i % 5 ? 'BENIGN' : 'dos'));
  const source = { spec: SPEC, frame: fixtureFrame(labels) };
  assert.throws(() => prepareRawData(cfgWith(), undefined, source), /test split holds labels never seen in training: "newattack" \(10 rows\).*unseen_labels/);
  const p = prepareRawData(cfgWith({ unseen_labels: 'skip' }), undefined, source);
  assert.deepEqual(p.info.skipped_unseen, { test: { newattack: 10 } });
  assert.equal(p.data.test.n, 20);
  assert.deepEqual(p.data.indexer.labels, ['BENIGN', 'dos']);
  assert.equal(p.data.benignIndex, 0);
  assert.equal(p.data.nFeatures, 2 + 3);
  assert.ok(Math.abs(p.data.train.w.reduce((a, b) => a + b, 0) / p.data.train.n - 1) < 1e-6, 'balanced weights average 1 over training rows');
  const strat = prepareRawData(cfgWith({ split: 'stratified' }), undefined, source);
  assert.equal(strat.info.split_strategy, 'stratified');
  assert.ok(strat.data.test.y.includes(strat.data.indexer.labels.indexOf('newattack')));
  // data.oversample_to: training rows of classes under 150 repeated up to 150; validation and test untouched; weights stay balanced.
  const over = prepareRawData(cfgWith({ split: 'stratified', oversample_to: 150 }), undefined, source);
  const trainCounts = (q: typeof over) => q.data.indexer.labels.map((_, k) => q.data.train.y.filter((y) => y === k).length);
  const before = trainCounts(strat);
  assert.deepEqual(over.data.indexer.labels, strat.data.indexer.labels);
  assert.deepEqual(trainCounts(over), before.map((c) => Math.max(c, 150)));
  assert.equal(over.info.train_rows_oversampled, over.data.train.n - strat.data.train.n);
  assert.equal(strat.info.train_rows_oversampled, null);
  assert.deepEqual([over.data.val.n, over.data.test.n, Array.from(over.data.test.y)], [strat.data.val.n, strat.data.test.n, Array.from(strat.data.test.y)]);
  assert.ok(Math.abs(over.data.train.w.reduce((a, b) => a + b, 0) / over.data.train.n - 1) < 1e-6);
  assert.throws(() => resolveNidsConfig({ env: {}, overrides: { 'data.oversample_to': 100, seq_len: 4 } }), /data\.oversample_to must be null when seq_len > 1/);
  assert.throws(() => resolveNidsConfig({ env: {}, overrides: { 'data.oversample_to': 0.5 } }), /data\.oversample_to must be a positive integer or null/);
});

test('config layering: defaults → dataset file → preset → environment (EPOCHS, …) → flags; unknown keys and bad values name themselves', () => {
  const cfg = resolveNidsConfig({ env: { EPOCHS: '7', HIDDEN_SIZE: '8' }, overrides: { hidden_size: 12 } });
  assert.equal(cfg.epochs, 7);
  assert.equal(cfg.hidden_size, 12);
  assert.equal(cfg.batch_size, 32);
  const cic = resolveNidsConfig({ env: {}, overrides: { dataset: 'cicids2017' }, preset: 'default' });
  assert.equal(cic.epochs, 20, 'configs/nids/cicids2017.json');
  assert.equal(resolveNidsConfig({ env: {}, overrides: { train_path: 'x.parquet' }, preset: 'default' }).epochs, 200, 'prepared data takes the documented defaults');
  assert.throws(() => envOverrides({ EPOCHS: 'ten' }), /EPOCHS="ten" must be a number/);
  assert.throws(() => resolveNidsConfig({ env: {}, overrides: { 'data.nope': 1 } }), /unknown config key "data\.nope"/);
  assert.throws(() => resolveNidsConfig({ env: {}, overrides: { dropout: 1.5 } }), /dropout must be in \[0, 1\)/);
  assert.throws(() => resolveNidsConfig({ env: {}, overrides: { 'data.split': 'random' } }), /data\.split must be one of auto, stratified, time/);
});

// The encoder before it used lib/features (signed log, scaler, one-hot), verbatim from
// lib/nids/features.ts at 27a6c97: the shared transforms must give the same state and bytes.
function oldFitFeatureEncoder(raw: RawFlows, trainRows: Int32Array, opts: FitEncoderOptions): FeatureEncoder {
  if (trainRows.length === 0) throw new Error('fitFeatureEncoder: no training rows');
  const fillNaN: number[] = [];
  const fillPosInf: number[] = [];
  const fillNegInf: number[] = [];
  const mean: number[] = [];
  const scale: number[] = [];
  for (const col of raw.numeric) {
    const finite = Float64Array.from(trainRows, (i) => col[i]).filter(Number.isFinite).sort();
    const has = finite.length > 0;
    fillNaN.push(opts.nonfinite === 'zero' || !has ? 0 : finite[finite.length >> 1]);
    fillPosInf.push(opts.nonfinite === 'zero' || !has ? 0 : finite[finite.length - 1]);
    fillNegInf.push(opts.nonfinite === 'zero' || !has ? 0 : finite[0]);
  }
  const partial: FeatureEncoder = {
    numericNames: raw.numericNames.slice(), fillNaN, fillPosInf, fillNegInf, nonfinite: opts.nonfinite, log: opts.log,
    mean, scale, clip: opts.clip, categoricalNames: raw.categoricalNames.slice(), categories: [], featureNames: [], nTrain: trainRows.length,
  };
  raw.numeric.forEach((col, j) => {
    let s = 0;
    let ss = 0;
    for (const i of trainRows) s += oldCleanValue(partial, j, col[i]);
    const m = s / trainRows.length;
    for (const i of trainRows) {
      const d = oldCleanValue(partial, j, col[i]) - m;
      ss += d * d;
    }
    const sd = Math.sqrt(ss / trainRows.length);
    mean.push(m);
    scale.push(sd > 1e-12 ? sd : 1); // a constant column maps to 0, as scikit-learn's StandardScaler
  });
  partial.categories = raw.categorical.map((col) => oldTopValues(Array.from(trainRows, (i) => col[i]), opts.maxCategories));
  partial.featureNames = [
    ...raw.numericNames,
    ...raw.categoricalNames.flatMap((name, c) => [...partial.categories[c].map((v) => `${name}=${v}`), `${name}=__other__`]),
  ];
  return partial;
}

/** Cleaned and log-compressed (not yet scaled) value of numeric column j. */
function oldCleanValue(enc: FeatureEncoder, j: number, v: number): number {
  let x = v;
  if (!Number.isFinite(x)) x = x === Infinity ? enc.fillPosInf[j] : x === -Infinity ? enc.fillNegInf[j] : enc.fillNaN[j];
  return enc.log ? Math.sign(x) * Math.log1p(Math.abs(x)) : x;
}

function oldTopValues(values: string[], k: number): string[] {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, k).map((e) => e[0]).sort();
}

function oldTransformFeatures(raw: RawFlows, rows: Int32Array, enc: FeatureEncoder): Float32Array {
  if (raw.numericNames.join('\u0000') !== enc.numericNames.join('\u0000') || raw.categoricalNames.join('\u0000') !== enc.categoricalNames.join('\u0000')) {
    throw new Error('transformFeatures: the table\'s columns differ from the ones the encoder was fitted on');
  }
  const f = enc.featureNames.length;
  const out = new Float32Array(rows.length * f);
  const clip = enc.clip > 0 ? enc.clip : Infinity;
  raw.numeric.forEach((col, j) => {
    const m = enc.mean[j];
    const s = enc.scale[j];
    for (let k = 0; k < rows.length; k++) {
      const z = (oldCleanValue(enc, j, col[rows[k]]) - m) / s;
      out[k * f + j] = z > clip ? clip : z < -clip ? -clip : z;
    }
  });
  let offset = raw.numeric.length;
  raw.categorical.forEach((col, c) => {
    const cats = enc.categories[c];
    const pos = new Map(cats.map((v, i) => [v, i]));
    for (let k = 0; k < rows.length; k++) out[k * f + offset + (pos.get(col[rows[k]]) ?? cats.length)] = 1;
    offset += cats.length + 1;
  });
  return out;
}

test('the NIDS encoder on lib/features transforms equals its former inline version bit for bit (feature names aside: __other__ → <unknown>)', () => {
  const rng = createRng(51);
  for (let trial = 0; trial < 40; trial++) {
    const n = rng.int(5, 300);
    const special = [Infinity, -Infinity, NaN, 0, -0, 1e15, -1e-300];
    const numeric = Array.from({ length: rng.int(0, 4) }, () => Float64Array.from({ length: n }, () => (rng.bool(0.05) ? rng.choice(special) : rng.normal() * 10 ** rng.int(0, 6))));
    const constant = rng.bool(0.3);
    if (constant && numeric.length) numeric[0].fill(3.25);
    const categorical = Array.from({ length: rng.int(0, 3) }, () => Array.from({ length: n }, () => rng.choice(['6', '17', '1', 'x', '80', '443', ''])));
    const raw: RawFlows = {
      dataset: 'random', files: [], labels: new Array(n).fill('BENIGN'), numericNames: numeric.map((_, j) => `n${j}`), numeric,
      categoricalNames: categorical.map((_, c) => `c${c}`), categorical, timeMs: null, dropped: [], homeNet: null,
    };
    const train = Int32Array.from({ length: Math.max(1, Math.floor(n * 0.7)) }, (_, i) => i);
    const opts: FitEncoderOptions = { nonfinite: rng.choice(['impute', 'zero', 'drop'] as const), log: rng.bool(0.6), clip: rng.choice([0, 3, 10]), maxCategories: rng.int(1, 5) };
    const now = fitFeatureEncoder(raw, train, opts);
    const before = oldFitFeatureEncoder(raw, train, opts);
    assert.deepEqual(now.featureNames, before.featureNames.map((f) => f.replace(/=__other__$/, '=<unknown>')));
    assert.deepEqual({ ...now, featureNames: [] }, { ...before, featureNames: [] });
    for (const key of ['mean', 'scale'] as const) now[key].forEach((v, j) => assert.ok(Object.is(v, before[key][j]), `${key}[${j}]`));
    const rows = Int32Array.from({ length: n }, (_, i) => n - 1 - i);
    const x = transformFeatures(raw, rows, now);
    const y = oldTransformFeatures(raw, rows, before);
    assert.ok(Buffer.from(x.buffer).equals(Buffer.from(y.buffer)), `trial ${trial}: encoded bytes differ`);
  }
});
