import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import pl from 'nodejs-polars';
import { createRng } from '../lib/random';
import { encodeNpy, loadNpy } from '../lib/io/npy';
import { GRU_SAE_DEFAULTS, type GruSaeConfig } from '../lib/gru-sae/config';
import { fitRandomizedSvd, fitTfidf, hstackCsr, transformTfidf } from '../lib/features';
import { csrFromDense, dense } from './helpers';
import { campaignSplit, materializeWindows, planWindows } from '../lib/features';
import { fitEncoder, transformRows, type EncodeInput, type FitEncoderOptions } from '../lib/gru-sae/02-encode/state';
import { encoderStateJson, parseEncoderState } from '../lib/gru-sae/02-encode/persist';
import { checkCombinationTuples } from '../lib/gru-sae/02-encode/combos';
import { buildEncoded } from '../lib/gru-sae/02-encode/build';
import { readStageColumns } from '../lib/gru-sae/02-encode/frame';
import { textBlock } from '../lib/gru-sae/02-encode/text';
import { writeWindowsNpy } from '../lib/gru-sae/02-encode/write';
import { encodeStage, encodeWindows, loadEncoder, type EncodingColumns } from '../lib/gru-sae/02-encode';

const PATTERN = GRU_SAE_DEFAULTS.encoding.tfidf_token_pattern;
const close = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

const encOpts = (over: Partial<FitEncoderOptions> = {}): FitEncoderOptions => ({
  text: ['cmd'], categorical: ['ev'], numeric: ['bytes', 'port'], tokenPattern: PATTERN, maxVocab: { cmd: 50 }, maxCategories: 3, numericLog: true,
  svd: { components: 2, oversamples: 5, powerIterations: 2, seed: 1 }, windows: { seq_len: 3, stride: 1, group_by: null }, ...over,
});

function toyInput(n: number, seed: number, extreme = 0): EncodeInput {
  const rng = createRng(seed);
  const words = ['cmd.exe', 'powershell', 'whoami', 'net', 'user', 'svchost', 'explorer', 'reg', 'query'];
  return {
    n,
    text: { cmd: Array.from({ length: n }, () => Array.from({ length: rng.int(1, 4) }, () => rng.choice(words)).join(' ')) },
    categorical: { ev: Array.from({ length: n }, () => rng.choice(['1', '1', '1', '12', '13', '4688', extreme ? 'never-seen' : '1'])) },
    numeric: { bytes: Float64Array.from({ length: n }, () => (extreme ? 1e30 : rng.uniform(0, 1000))), port: Float64Array.from({ length: n }, (_, i) => (i === 0 ? NaN : rng.int(1, 65535))) },
  };
}

test('encoder: fitted on training rows only; encoding extreme val/test rows never changes the state', () => {
  const train = toyInput(200, 1);
  const state = fitEncoder(train, encOpts());
  const before = JSON.stringify(encoderStateJson(state));
  const comps = Float64Array.from(state.svd!.components);
  const { features, nFeatures, nonFinite } = transformRows(state, toyInput(50, 2, 1));
  assert.equal(JSON.stringify(encoderStateJson(state)), before);
  assert.deepEqual(state.svd!.components, comps);
  assert.equal(nFeatures, state.feature_names.length);
  assert.equal(state.feature_names.length, 8);
  assert.deepEqual(state.feature_names.slice(0, 3), ['svd_0', 'svd_1', 'ev=1']); // '1' is the most frequent by construction
  assert.deepEqual(state.feature_names.slice(5), ['ev=<unknown>', 'bytes', 'port']);
  assert.equal(nonFinite, 1, 'the NaN port is counted and set to 0');
  // The extreme bytes are scaled with the TRAIN mean/scale: far from 0, not refitted to 0.
  assert.ok(features[6] > 10, `scaled extreme value ${features[6]}`);
  // Scaler statistics are those of the training rows alone.
  const logBytes = Array.from(train.numeric.bytes, (v) => Math.log1p(v));
  close(state.numeric.scaler!.mean[0], logBytes.reduce((a, b) => a + b, 0) / logBytes.length, 1e-9);
  // Training rows encode to mean 0 (scaled columns) — a check on the state, not the draws.
  const tr = transformRows(state, train);
  let s = 0;
  for (let i = 0; i < train.n; i++) s += tr.features[i * nFeatures + 6];
  close(s / train.n, 0, 1e-5);
});

test('encoder state JSON: parsed back bit for bit, each fitted transform checked by its lib/features reader', () => {
  const state = fitEncoder(toyInput(120, 5), encOpts({ novelty: true, noveltyScale: true, combinations: [['ev', 'cmd']] }));
  const json = JSON.parse(JSON.stringify(encoderStateJson(state))) as Record<string, unknown>;
  const comps = { data: state.svd!.components, shape: [state.svd!.k, state.svd!.d] };
  const back = parseEncoderState(json, comps);
  const input = toyInput(30, 6, 1);
  assert.ok(Buffer.from(transformRows(back, input).features.buffer).equals(Buffer.from(transformRows(state, input).features.buffer)));
  const broken = (edit: (j: any) => void) => {
    const j = structuredClone(json) as any;
    edit(j);
    return () => parseEncoderState(j, comps, 'enc.json');
  };
  assert.throws(broken((j) => (j.numeric.scaler.scale[1] = -1)), /enc\.json: numeric\.scaler\.scale\[1\]: -1 must be > 0/);
  assert.throws(broken((j) => delete j.novelty_scaler.nSamples), /enc\.json: novelty_scaler: missing "nSamples"/);
  assert.throws(broken((j) => j.text[0].idf.pop()), /enc\.json: text\[0\] \(cmd\)\.idf: expected \d+ numbers, got \d+/);
  assert.throws(broken((j) => j.categorical[0].categories.push(j.categorical[0].categories[0])), /enc\.json: categorical\[0\] \(ev\) categories: "1" appears more than once/);
  assert.throws(broken((j) => (j.svd.singular_values = [1])), /enc\.json: svd\.singular_values: expected 2 numbers, got 1/);
});

test('novelty features: oov_share per text column, svd_residual in [0, 1] and ≈0 for rows in the SVD span; state round-trips', () => {
  const docs = ['alpha beta gamma delta', 'alpha beta', 'gamma delta', 'alpha gamma'];
  const train: EncodeInput = { n: 4, text: { cmd: docs }, categorical: { ev: ['1', '1', '2', '2'] }, numeric: {} };
  // 3 components span the 4 training rows' TF-IDF space (rank 3: row 0 = combination of rows 1 and 2 up to scale).
  const opts = encOpts({ numeric: [], maxVocab: { cmd: 10 }, svd: { components: 3, oversamples: 2, powerIterations: 2, seed: 3 }, novelty: true, noveltyScale: false });
  const state = fitEncoder(train, opts);
  assert.deepEqual(state.feature_names.slice(3, 5), ['cmd.oov_share', 'cmd.svd_residual']);
  const F = state.feature_names.length;
  const test1: EncodeInput = { n: 3, text: { cmd: ['alpha beta gamma zeta', '', 'beta delta'] }, categorical: { ev: ['1', '9', '1'] }, numeric: {} };
  const x = transformRows(state, test1).features;
  close(x[3], 0.25, 1e-7); // 1 unseen token (zeta) of 4
  close(x[F + 3], 0); // empty text: oov 0
  close(x[F + 4], 0); // and nothing to explain
  for (let i = 0; i < 3; i++) assert.ok(x[i * F + 4] >= 0 && x[i * F + 4] <= 1, `residual ${x[i * F + 4]}`);
  const xt = transformRows(state, train).features;
  for (let i = 0; i < 4; i++) {
    close(xt[i * F + 3], 0);
    close(xt[i * F + 4], 0, 1e-6);
  }
  // A row outside a 1-component span has a clearly positive residual.
  const narrow = fitEncoder(train, { ...opts, svd: { ...opts.svd, components: 1 } });
  const r = transformRows(narrow, { ...test1, n: 1, text: { cmd: ['gamma delta'] }, categorical: { ev: ['1'] } }).features;
  assert.ok(r[narrow.feature_names.indexOf('cmd.svd_residual')] > 0.05);
  // Off by default at this level; standardised with training statistics when asked.
  assert.ok(!fitEncoder(train, { ...opts, novelty: false }).feature_names.some((n) => n.includes('.oov_share')));
  const scaled = fitEncoder(train, { ...opts, noveltyScale: true });
  assert.equal(scaled.novelty_scaler!.mean.length, 2);
  // Time of day: UTC hour on the unit circle.
  const timed = fitEncoder({ ...train, time: Float64Array.from([0, 6, 12, 18], (h) => h * 3_600_000) }, { ...opts, timeOfDay: true });
  assert.deepEqual(timed.feature_names.slice(-2), ['hour_sin', 'hour_cos']);
  const tt = transformRows(timed, { ...train, time: Float64Array.from([6 * 3_600_000 + 86_400_000]) , n: 1, text: { cmd: ['alpha'] }, categorical: { ev: ['1'] } }).features;
  close(tt[tt.length - 2], 1, 1e-7);
  close(tt[tt.length - 1], 0, 1e-7);
  assert.throws(() => transformRows(timed, { ...train }), /time_of_day needs/);
});

test('combination counts: log1p counts of value tuples over BENIGN training rows, standardised; unseen tuples stand out; round-trip', () => {
  // ev × img: (3, chrome) common and benign; (1, rundll32) benign; (3, rundll32) only in an attack row.
  const ev = ['3', '3', '3', '3', '1', '1', '3'];
  const img = ['chrome', 'chrome', 'chrome', 'chrome', 'rundll32', 'rundll32', 'rundll32'];
  const train: EncodeInput = { n: 7, text: {}, categorical: { ev }, numeric: {}, strings: { img }, benign: Uint8Array.from([1, 1, 1, 1, 1, 1, 0]) };
  const opts = encOpts({ text: [], numeric: [], categorical: ['ev'], combinations: [['ev', 'img']] });
  const state = fitEncoder(train, opts);
  assert.deepEqual(state.feature_names.slice(0, 1), ['ev+img.log_count']);
  assert.deepEqual(state.combinations!.counts[0], { '["3","chrome"]': 4, '["1","rundll32"]': 2 }, 'the attack row is not counted');
  const logs = [4, 4, 4, 4, 2, 2, 0].map(Math.log1p);
  const mean = logs.reduce((a, b) => a + b, 0) / 7;
  close(state.combinations!.scaler.mean[0], mean, 1e-12);
  const sd = Math.sqrt(logs.reduce((a, b) => a + (b - mean) ** 2, 0) / 7);
  const x = transformRows(state, { n: 2, text: {}, categorical: { ev: ['3', '3'] }, numeric: {}, strings: { img: ['chrome', 'rundll32'] } }).features;
  const F = state.feature_names.length;
  close(x[0], (Math.log1p(4) - mean) / sd, 1e-6);
  close(x[F], (0 - mean) / sd, 1e-6); // never seen in benign training: the lowest value
  assert.ok(x[F] < x[0] - 1.5);
  // A combination column may also be a feature column; unknown columns are named.
  const both = fitEncoder({ ...train, strings: undefined, categorical: { ev, img } }, { ...opts, categorical: ['ev', 'img'] });
  assert.equal(both.feature_names[0], 'ev+img.log_count');
  assert.throws(() => fitEncoder({ ...train, strings: {} }, opts), /combination-count column "img" missing/);
  assert.throws(() => checkCombinationTuples([['ev']], ['ev', 'img'], 'encoding.combination_counts'), /combination_counts\[0\] must list two or more distinct column names/);
  assert.throws(() => checkCombinationTuples([['ev', 'Imagee']], ['ev', 'img'], 'encoding.combination_counts'), /"Imagee", not a column of the table \(have: ev, img\)/);
  // The state survives its JSON form.
  const again = JSON.parse(JSON.stringify(encoderStateJson(state)));
  assert.deepEqual(transformRows({ ...again, svd: null }, { n: 1, text: {}, categorical: { ev: ['1'] }, numeric: {}, strings: { img: ['rundll32'] } }).features,
    transformRows(state, { n: 1, text: {}, categorical: { ev: ['1'] }, numeric: {}, strings: { img: ['rundll32'] } }).features);
});

test('deduplication is exact: weighted SVD = SVD of the repeated rows; textBlock = stacked per-row TF-IDF', () => {
  const rng = createRng(21);
  const base = Array.from({ length: 30 }, () => Array.from({ length: 12 }, () => (rng.bool(0.3) ? rng.next() : 0)));
  const counts = base.map(() => rng.int(1, 4));
  const expanded = base.flatMap((row, i) => Array.from({ length: counts[i] }, () => row));
  const opts = { components: 3, oversamples: 9, powerIterations: 2, seed: 2 };
  const full = fitRandomizedSvd(csrFromDense(expanded), opts); // l = d: exact up to rounding
  const weighted = fitRandomizedSvd(csrFromDense(base), { ...opts, weights: Float64Array.from(counts) });
  weighted.singularValues.forEach((v, c) => close(v, full.singularValues[c], 1e-10 * full.singularValues[0]));
  weighted.explainedVarianceRatio.forEach((v, c) => close(v, full.explainedVarianceRatio[c], 1e-10));
  for (let j = 0; j < full.components.length; j++) close(weighted.components[j], full.components[j], 1e-8);
  const docs = [['a1 b2', 'a1 b2', 'c3', 'a1 b2', ''], ['x9', 'x9', 'x9', 'y8 x9', 'x9']];
  const models = docs.map((d, c) => ({ column: `c${c}`, ...fitTfidf(d, { maxVocab: 10, pattern: PATTERN }), n_docs: d.length }));
  const block = textBlock(models, docs, PATTERN, 5);
  assert.equal(block.unique.nRows, 4);
  assert.deepEqual(Array.from(block.counts), [2, 1, 1, 1]);
  const perRow = hstackCsr(models.map((m, c) => transformTfidf(docs[c], { vocab: m.vocab, idf: m.idf, nDocs: m.n_docs }, PATTERN)));
  const uniqueDense = dense(block.unique);
  dense(perRow).forEach((row, i) => assert.deepEqual(row, uniqueDense[block.rowOf[i]]));
});

test('writeWindowsNpy streams the same bytes as encodeNpy(materializeWindows(...))', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seqsentry-npy-'));
  const feats = Float32Array.from({ length: 9 * 3 }, (_, i) => i / 7);
  const plan = planWindows(9, { seqLen: 4, stride: 2, segments: Int32Array.from([0, 1, 0, 1, 0, 1, 0, 0, 1]) });
  const file = path.join(dir, 'X.npy');
  writeWindowsNpy(file, plan, feats, 3, { chunkWindows: 1 });
  const expected = encodeNpy({ data: materializeWindows(plan, feats, 3), shape: [plan.ends.length, 4, 3] });
  assert.ok(Buffer.from(fs.readFileSync(file)).equals(Buffer.from(expected)));
  fs.rmSync(dir, { recursive: true, force: true });
});

// ---- end to end: a small stage-1 parquet in the contract layout ----

const COLUMNS: EncodingColumns = { text: ['CommandLine', 'Image'], categorical: ['EventID', 'Hostname'], numeric: ['LogonType'], tfidf_vocab: { Image: 8 } };

function stageOneFrame(n: number, seed: number): pl.DataFrame {
  const rng = createRng(seed);
  const camps = ['APT1', 'APT2', 'APT3', 'APT4', 'APT5', 'APT6'];
  const images = ['c:\\windows\\system32\\svchost.exe', 'c:\\windows\\explorer.exe', 'c:\\windows\\system32\\cmd.exe', 'c:\\tools\\evil.exe', 'c:\\windows\\system32\\reg.exe'];
  const words = ['/c', 'whoami', 'net', 'user', 'query', 'hklm\\software', '-enc', 'aQBlAHgA', 'start', 'svc'];
  const campaign: string[] = [];
  const label: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % 9 === 8 ? '' : camps[Math.min(5, Math.floor((i / n) * 6))];
    campaign.push(c);
    label.push(c && rng.bool(0.1) ? 1 : 0);
  }
  return pl.DataFrame([
    pl.Series('CommandLine', Array.from({ length: n }, (_, i) => (i % 7 === 0 ? '' : Array.from({ length: rng.int(1, 5) }, () => rng.choice(words)).join(' ')))),
    pl.Series('Image', Array.from({ length: n }, () => rng.choice(images))),
    pl.Series('EventID', Array.from({ length: n }, () => rng.choice(['1', '12', '13', '4688', '4624']))),
    pl.Series('Hostname', Array.from({ length: n }, () => rng.choice(['WS01', 'WS02', 'DC01']))),
    pl.Series('LogonType', Float64Array.from({ length: n }, (_, i) => (i % 50 === 0 ? NaN : rng.int(2, 10)))),
    pl.Series('_time_ms', Float64Array.from({ length: n }, (_, i) => 1.7e12 + i * 1000)),
    pl.Series('_label', Int32Array.from(label)),
    pl.Series('_label_raw', label.map(String)),
    pl.Series('_campaign', campaign),
    pl.Series('_source_file', campaign.map((c) => (c ? `dataset-${c}.csv` : 'background.csv'))),
  ]);
}

function testConfig(out: string, over: Partial<GruSaeConfig['encoding']> = {}): GruSaeConfig {
  const cfg = structuredClone(GRU_SAE_DEFAULTS);
  cfg.dataset = 'toy';
  cfg.version = 'v1';
  cfg.out = out;
  cfg.encoding = { ...cfg.encoding, text_svd_components: 6, seq_len: 4, stride: 1, ...over };
  return cfg;
}

function writeStageOne(cfg: GruSaeConfig, df: pl.DataFrame): void {
  const dir = path.join(cfg.out as string, 'processed');
  fs.mkdirSync(dir, { recursive: true });
  df.writeParquet(path.join(dir, `gru_sae-${cfg.dataset}-${cfg.version}.parquet`));
}

test('encodeStage end to end: artefacts, shapes, labels; reload + re-encode reproduces X_train exactly', async () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'seqsentry-encode-'));
  const cfg = testConfig(out);
  const df = stageOneFrame(900, 3);
  writeStageOne(cfg, df);
  const logs: string[] = [];
  const info = await encodeStage(cfg, COLUMNS, { log: (m) => logs.push(m) });
  const enc = path.join(out, 'encoded');
  for (const f of ['feature_names.json', 'encoder_state.json', 'svd_components.npy', 'split.json', 'encode_info.json']) assert.ok(fs.existsSync(path.join(enc, f)), f);
  const names = JSON.parse(fs.readFileSync(path.join(enc, 'feature_names.json'), 'utf8')) as string[];
  assert.equal(names.length, info.n_features);
  assert.ok(names.includes('EventID=<unknown>') && names.includes('svd_0') && names.includes('LogonType') && names.includes('Hostname=WS01'));
  assert.equal(info.strategy, 'campaign');
  for (const s of ['train', 'val', 'test'] as const) {
    const X = loadNpy(path.join(enc, `X_${s}.npy`));
    const y = loadNpy(path.join(enc, `y_${s}.npy`));
    const yAny = loadNpy(path.join(enc, `y_any_${s}.npy`));
    const t = loadNpy(path.join(enc, `t_${s}.npy`));
    assert.ok(X.data instanceof Float32Array && y.data instanceof Uint8Array && yAny.data instanceof Uint8Array && t.data instanceof Float64Array);
    assert.deepEqual(X.shape, [y.shape[0], 4, names.length]);
    assert.deepEqual(X.shape, info.splits[s].shape);
    assert.equal(t.shape[0], y.shape[0]);
    for (let w = 0; w < y.data.length; w++) assert.ok(yAny.data[w] >= y.data[w]);
    for (const v of X.data) assert.ok(Number.isFinite(v));
  }
  const split = JSON.parse(fs.readFileSync(path.join(enc, 'split.json'), 'utf8'));
  assert.deepEqual(Object.keys(split.val.campaigns).sort(), ['', 'APT5']);
  const state = loadEncoder(enc);
  assert.equal(state.text.find((t) => t.column === 'Image')!.vocab.length <= 8, true, 'schema tfidf_vocab overrides the preset');
  // Re-encode the training rows from the parquet with the loaded state: identical windows.
  const stage = readStageColumns(df);
  const train = campaignSplit(stage, cfg.split).indices.train;
  const mask = new Array<boolean>(df.height).fill(false);
  for (const i of train) mask[i] = true;
  const trainFrame = df.withColumn(pl.Series('_keep', mask)).filter(pl.col('_keep'));
  const again = encodeWindows(state, trainFrame);
  const X = loadNpy(path.join(enc, 'X_train.npy'));
  assert.deepEqual(again.shape, X.shape);
  assert.ok(Buffer.from(again.X.buffer).equals(Buffer.from((X.data as Float32Array).buffer)), 're-encoded X_train differs');
  assert.deepEqual(Array.from(again.y), Array.from(loadNpy(path.join(enc, 'y_train.npy')).data));
  // The same with per-host windows (group_by): the schema object itself can be passed as columns.
  const grouped = testConfig(out, { group_by: 'Hostname', combination_counts: [['EventID', 'Image']] });
  const schemaLike = { columns: { text: COLUMNS.text, categorical: COLUMNS.categorical, numeric: COLUMNS.numeric }, tfidf_vocab: { Image: 8 } };
  const gInfo = await encodeStage(grouped, schemaLike);
  assert.equal(gInfo.group_by, 'Hostname');
  assert.equal(gInfo.feature_blocks.combinations, 1);
  assert.ok(JSON.parse(fs.readFileSync(path.join(enc, 'feature_names.json'), 'utf8')).includes('EventID+Image.log_count'));
  await assert.rejects(encodeStage(testConfig(out, { combination_counts: [['EventID', 'Imagee']] }), COLUMNS), /encoding.combination_counts\[0\] names "Imagee", not a column/);
  const gAgain = encodeWindows(loadEncoder(enc), trainFrame);
  assert.ok(Buffer.from(gAgain.X.buffer).equals(Buffer.from((loadNpy(path.join(enc, 'X_train.npy')).data as Float32Array).buffer)));
  assert.deepEqual(Array.from(gAgain.t), Array.from(loadNpy(path.join(enc, 't_train.npy')).data));
  // Missing parquet: a clear error naming stage 1.
  await assert.rejects(encodeStage(testConfig(path.join(out, 'nowhere')), COLUMNS), /stage-1 parquet not found.*run stage 1/);
  fs.rmSync(out, { recursive: true, force: true });
});

test('memory cap and sample_size shrink the data, and say so (log and encode_info.json)', async () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'seqsentry-encode-cap-'));
  const df = stageOneFrame(1200, 4);
  const cfg = testConfig(out, { memory_limit_gb: 1e-5, group_by: 'Hostname' }); // ~10 kB
  writeStageOne(cfg, df);
  const stage = readStageColumns(df);
  const input = { n: df.height, text: { CommandLine: df.getColumn('CommandLine').toArray() as string[], Image: df.getColumn('Image').toArray() as string[] }, categorical: { EventID: df.getColumn('EventID').toArray() as string[], Hostname: df.getColumn('Hostname').toArray() as string[] }, numeric: { LogonType: Float64Array.from(df.getColumn('LogonType').toArray() as number[], (v) => v ?? NaN) } };
  const messages: string[] = [];
  const built = buildEncoded(input, stage, input.categorical.Hostname, cfg, COLUMNS, { log: (m) => messages.push(m) });
  assert.ok(built.memory.capped);
  assert.ok(messages.some((m) => /memory cap: .* > memory_limit_gb/.test(m)), messages.join('\n'));
  const F = built.state.feature_names.length;
  const total = (['train', 'val', 'test'] as const).reduce((s, k) => s + built.splits[k].plan.ends.length * 4 * F * 4, 0);
  assert.ok(total <= built.memory.limit_bytes + 3 * 4 * F * 4, `${total} bytes after the cap`);
  for (const k of ['train', 'val', 'test'] as const) {
    const s = built.splits[k];
    assert.ok(s.plan.ends.length < s.windowsPlanned);
  }
  const info = await encodeStage(cfg, COLUMNS);
  assert.ok(info.memory.capped && info.messages.some((m) => /memory cap/.test(m)));
  // sample_size: rows per split capped in contiguous blocks, recorded in encode_info.
  const sampled = await encodeStage(testConfig(out, { sample_size: 120 }), COLUMNS);
  assert.equal(sampled.splits.train.rows_encoded, 120);
  assert.ok(sampled.sampling.applied.train && sampled.messages.some((m) => /sample_size 120: train keeps 120 of/.test(m)));
  const written = JSON.parse(fs.readFileSync(path.join(out, 'encoded', 'encode_info.json'), 'utf8'));
  assert.equal(written.splits.train.rows_encoded, 120);
  assert.match(written.train_windows_note, /benign ones only \(y_any_train = 0/);
  fs.rmSync(out, { recursive: true, force: true });
});
