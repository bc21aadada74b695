// Conformance with the three original systems (../shared/originals/): every command line their documents
// show runs here, adapted only in paths and sizes (smoke data, temp folders, tiny epochs), and the
// flags take effect (the value shows in config.json / metadata.json / run.json / the log).
//
// The original command lines are data below, quoted verbatim, each with its adaptation beside it. The
// CLIs run in this process (the same functions `npm run pipeline|nids|l1` call, with console output
// captured) so the engine starts once; one case spawns `npm run nids` to check the exit code a shell sees.
// Stage scripts of the GRU-SAE original (01-aggregation.py … 05-result-vis-gru-sae.py) map to
// `npm run pipeline -- … --start-from N --stop-at N` on one run folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import pl from 'nodejs-polars';
import { l1Cli } from '../cli/l1';
import { nidsCli } from '../cli/nids';
import { pipelineCli } from '../cli/pipeline';
import { generateDemoData, withDefaults } from '../lib/demo';
import { syntheticL1Data } from '../lib/l1/01-inputs/synthetic';
import { writePreparedParquet } from '../lib/nids/01-prepare/parquet';
import { createRng } from '../lib/random';
import { cliExitCode } from '../lib/run/cli';

const ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'seqsentry-conformance-'));
const SHARED = path.join(ROOT, 'shared');
const RAW_FLOWS = path.join(ROOT, 'raw', 'unraveled');
test.after(() => fs.rmSync(ROOT, { recursive: true, force: true }));
const run = (name: string) => path.join(ROOT, 'runs', name);
const readJson = (...p: string[]) => JSON.parse(fs.readFileSync(path.join(...p), 'utf8'));
const exists = (...p: string[]) => fs.existsSync(path.join(...p));

/** One original command line, its adaptation here, and what shows that each flag took effect. */
interface Case {
  /** Verbatim from the original document (continuation lines joined). */
  original: string;
  /** What differs from it here and why: only paths, sizes, and stage selection of a stage script. */
  adapted: string;
  cli: 'pipeline' | 'nids' | 'l1';
  argv: string[];
  env?: Record<string, string>;
  code?: number;
  check: (r: { log: string; dir: string }) => void;
}

// ---------------------------------------------------------------------------------------------------
// Data: the smoke-sized demo Sysmon log as an APT29-format file (the `bigbase` of the original is not
// public: `--dataset bigbase` → `--dataset apt29` read from a temp SEQSENTRY_SHARED_DATA), the demo
// flows in a `network-flows` subfolder with a schema for them (the original's `unraveled`), prepared
// NIDS parquet with a Spark StringIndexerModel folder, and a small L1 series in parquet files.

async function makeData(): Promise<void> {
  const d = withDefaults();
  const demo = path.join(ROOT, 'demo');
  const m = await generateDemoData(withDefaults({ seed: 42, out: demo, sysmon: { ...d.sysmon, files: 6, days: 2, events: 4000 }, flows: { ...d.flows, rows: 2000, days: 1, bursts: 6 } }));
  fs.mkdirSync(path.join(SHARED, 'apt29'), { recursive: true });
  const texts = m.sysmon.files.map((f, i) => fs.readFileSync(path.join(demo, f.file), 'utf8').split('\n').slice(i === 0 ? 0 : 1).join('\n'));
  fs.writeFileSync(path.join(SHARED, 'apt29', 'day1.csv.gz'), zlib.gzipSync(texts.join('')));
  fs.mkdirSync(path.join(RAW_FLOWS, 'network-flows'), { recursive: true });
  fs.copyFileSync(path.join(demo, 'flows', 'flows.csv'), path.join(RAW_FLOWS, 'network-flows', 'flows.csv'));
  const flows = JSON.parse(fs.readFileSync('configs/schema-demo-flows-gru-sae-v1.json', 'utf8'));
  fs.writeFileSync(path.join(ROOT, 'schema-unraveled-gru-sae-v1.json'), JSON.stringify({ ...flows, dataset: 'unraveled', raw_dir: RAW_FLOWS }));
  // The original's own schema / encoding formats, for the demo log's columns.
  fs.writeFileSync(path.join(ROOT, 'schema-bigbase-gru-sae-v1.json'), JSON.stringify({
    core_features: ['Hostname', 'User', 'EventID', 'CommandLine', 'Image', 'ParentImage', 'LogonType'], label_column: 'label', time_column: 'ts_utc', benign_label: '0',
  }));
  fs.writeFileSync(path.join(ROOT, 'encoding-bigbase-gru-sae-v1.json'), JSON.stringify({
    tfidf_columns: ['CommandLine', 'Image', 'ParentImage'], tfidf_params: { CommandLine: 50, Image: 30 }, categorical_columns: ['Hostname', 'User', 'EventID'], numeric_columns: ['LogonType'], time_column: 'ts_utc',
  }));
  // NIDS: prepared data in the original's schema, beside a Spark StringIndexerModel folder.
  const nids = path.join(ROOT, 'nids');
  fs.mkdirSync(path.join(nids, 'label_indexer', 'data'), { recursive: true });
  const rng = createRng(9);
  const blobs = (n: number) => {
    const y = Int32Array.from({ length: n }, () => rng.int(0, 2));
    const x = Float32Array.from({ length: n * 5 }, (_, i) => rng.normal() * 0.6 + (i % 5 === y[Math.floor(i / 5)] ? 2.5 : 0));
    return { x, y, w: new Float32Array(n).fill(1), n };
  };
  writePreparedParquet(path.join(nids, 'train_df.parquet'), blobs(400), 5);
  writePreparedParquet(path.join(nids, 'val_df.parquet'), blobs(100), 5);
  writePreparedParquet(path.join(nids, 'test_df.parquet'), blobs(100), 5);
  pl.DataFrame({ labelsArray: [[['BENIGN', 'DoS Hulk', 'PortScan']]] }).writeParquet(path.join(nids, 'label_indexer', 'data', 'part-00000.snappy.parquet'));
  // L1: the three parquet inputs under the original's file names.
  const l1 = path.join(ROOT, 'l1');
  fs.mkdirSync(l1);
  const s = syntheticL1Data({ features: 4, trainRows: 2400, testRows: 700 });
  const frame = (data: Float32Array, names: string[]) => pl.DataFrame(Object.fromEntries(names.map((n, j) => [n, Float64Array.from({ length: data.length / names.length }, (_, i) => data[i * names.length + j])])));
  frame(s.train.data, s.train.names).writeParquet(path.join(l1, 'X_train_ready_full_cleaned_float32.parquet'));
  frame(s.test.data, s.test.names).writeParquet(path.join(l1, 'X_test_ready_renamed_cleaned_float32.parquet'));
  pl.DataFrame({ label: Int32Array.from(s.labels) }).writeParquet(path.join(l1, 'y_test_binary_cleaned.parquet'));
}

// ---------------------------------------------------------------------------------------------------
// Adaptation helpers: the original's tokens, with flags replaced or added (never another meaning).

/** Tokens of an original command after its program (python …py / spark-submit … main.py). */
function tokensAfter(original: string, program: RegExp): string[] {
  const i = original.search(program);
  assert.ok(i >= 0, `program not found in ${original}`);
  return original.slice(i).replace(program, '').split(/\s+/).filter(Boolean).map((t) => t.replace(/^"(.*)"$/, '$1'));
}

/** Replace the values of flags present in `argv` (same flag, adapted value) and append `add`. */
function adapt(argv: string[], set: Record<string, string[]>, add: string[] = []): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    let j = i + 1;
    while (j < argv.length && !argv[j].startsWith('--')) j++;
    if (flag in set) {
      out.push(flag, ...set[flag]);
      i = j - 1;
    } else out.push(flag);
  }
  for (const f of Object.keys(set)) assert.ok(argv.includes(f), `adapt: ${f} is not in the original command`);
  return [...out, ...add];
}

/** Sizes for the smoke data (the original's sizes are for millions of events): the smoke preset, one epoch, few windows. */
const GRU_SIZES = ['--preset', 'smoke', '--max-train', '128', '--max-val', '64', '--viz.latent_points', '100', '--baselines.iforest_trees', '10'];
const EPOCH1 = ['--epochs', '1'];
const RUNNER = /python analysis\/gru-sae\/run_gru_sae_pipeline\.py/;
const STAGE = (n: string) => new RegExp(`python analysis/gru-sae/${n}`);

const manifest = (dir: string) => readJson(dir, 'run.json') as { status: string; argv: string[]; stages: Record<string, { status: string; started_at: string; keys: Record<string, unknown> }> };
const config = (dir: string) => readJson(dir, 'config.json');
const trainMeta = (dir: string) => readJson(dir, 'metadata.json');
const encodeInfo = (dir: string) => readJson(dir, 'encoded', 'encode_info.json');
const stagesRun = (dir: string) => Object.keys(manifest(dir).stages);

// ---------------------------------------------------------------------------------------------------
// GRU-SAE (000_37e6d26eef22b5f9.txt)

const ORIGINAL = {
  basic: 'python analysis/gru-sae/run_gru_sae_pipeline.py --dataset bigbase --version v3 --config-preset basic --seq-len 50 --stopping-strategy smart --min-improvement 0.5',
  extended: 'python analysis/gru-sae/run_gru_sae_pipeline.py --dataset bigbase --version v4 --config-preset extended --seq-len 100 --encoder-units 512 256 128 --decoder-units 128 256 512 --stopping-strategy smart --min-improvement 1.0 --patience 3',
  network: 'python analysis/gru-sae/run_gru_sae_pipeline.py --dataset unraveled --version v1 --config-preset network --subdir network-flows --seq-len 10 --sample-size 50000',
  resume: 'python analysis/gru-sae/run_gru_sae_pipeline.py --dataset bigbase --version v5 --config-preset basic --start-from 3',
  trainEval: 'python analysis/gru-sae/run_gru_sae_pipeline.py --dataset bigbase --version v6 --config-preset extended --start-from 3 --stop-at 4',
  skip: 'python analysis/gru-sae/run_gru_sae_pipeline.py --dataset bigbase --version v7 --config-preset basic --skip-stages 1 2  # Use pre-processed data',
  integration: 'python analysis/gru-sae/run_gru_sae_pipeline.py --encoder-units 512 256 128 --decoder-units 128 256 512 --stopping-strategy smart --min-improvement 1.0 --patience 3 --sample-size 2000000 --max-features 500 --start-from 1 --stop-at 5 --epochs 200',
  s1: 'python analysis/gru-sae/01-aggregation.py --model gru-sae --dataset bigbase --version v1 --schema analysis/config/schema-bigbase-gru-sae-v1.json',
  s2: 'python analysis/gru-sae/02-encoding-gru-sae.py --dataset bigbase --version v1 --model gru-sae --encoding_config analysis/config/encoding-bigbase-gru-sae-v1.json --seq-len 100 --sample-size 20000',
  s3: 'python analysis/gru-sae/03-training-gru-sae.py --dataset bigbase --version v1 --model gru-sae --batch-size 32 --epochs 50',
  s4: 'python analysis/gru-sae/04-model-evaluation-gru-sae.py --dataset bigbase --version v1 --model gru-sae',
  s5: 'python analysis/gru-sae/05-result-vis-gru-sae.py --dataset bigbase --version v1 --model gru-sae',
  u1: 'python analysis/gru-sae/01-aggregation.py --model gru-sae --dataset unraveled --version v1 --subdir network-flows --schema analysis/config/schema-unraveled-gru-sae-v1.json',
  u2: 'python analysis/gru-sae/02-encoding-gru-sae.py --dataset unraveled --version v1 --model gru-sae --encoding_config analysis/config/encoding-unraveled-gru-sae-v1.json --seq-len 10 --sample-size 20000',
  custom: 'python analysis/gru-sae/03-training-gru-sae.py --encoder-units 512 256 128 --decoder-units 128 256 512 --dropout-rate 0.2 --learning-rate 0.0005',
  memory: 'python analysis/gru-sae/02-encoding-gru-sae.py --sample-size 15000 --seq-len 50 --max-features 5000',
};

/** Stage 3 flags of 03-training-gru-sae.py ("Enhanced Command Line Arguments") and its architecture examples, each run as stage 3 on the stage-script folder. */
const STAGE3_FLAGS: { original: string; set: Record<string, string[]>; check: (dir: string) => void }[] = [
  { original: '--stopping-strategy {standard,smart,adaptive}  # Early stopping strategy (default: smart)', set: { '--stopping-strategy': ['adaptive'] }, check: (d) => assert.equal(trainMeta(d).training.stopping.strategy, 'adaptive') },
  { original: '--stopping-strategy {standard,smart,adaptive}', set: { '--stopping-strategy': ['standard'] }, check: (d) => assert.equal(trainMeta(d).training.stopping.strategy, 'standard') },
  { original: '--max-train INT  --max-val INT  # Max training / validation samples for memory management', set: { '--max-train': ['40'], '--max-val': ['20'] }, check: (d) => assert.deepEqual([trainMeta(d).rows.train_used, trainMeta(d).rows.val_used], [40, 20]) },
  { original: '# Default architecture --encoder-units 256 128 --decoder-units 128 256', set: { '--encoder-units': ['8', '4'], '--decoder-units': ['4', '8'] }, check: (d) => assert.deepEqual(config(d).model.encoder_units, [8, 4]) },
  { original: '# Deep architecture --encoder-units 512 256 128 64 --decoder-units 64 128 256 512', set: { '--encoder-units': ['16', '8', '4', '2'], '--decoder-units': ['2', '4', '8', '16'] }, check: (d) => assert.deepEqual(config(d).model.decoder_units, [2, 4, 8, 16]) },
  { original: '# Wide architecture --encoder-units 512 512 --decoder-units 512 512', set: { '--encoder-units': ['16', '16'], '--decoder-units': ['16', '16'] }, check: (d) => assert.deepEqual(config(d).model.encoder_units, [16, 16]) },
  { original: '# Shallow architecture (faster training) --encoder-units 128 --decoder-units 128', set: { '--encoder-units': ['4'], '--decoder-units': ['4'] }, check: (d) => assert.deepEqual([config(d).model.encoder_units, config(d).model.decoder_units], [[4], [4]]) },
];

const GRU_CASES: Case[] = [
  {
    original: ORIGINAL.s1, cli: 'pipeline',
    adapted: 'bigbase → apt29 (the demo log, SEQSENTRY_SHARED_DATA); the schema path → a schema file in the original\'s format for its columns; stage 1 alone = --start-from 1 --stop-at 1; --out a temp folder',
    argv: adapt(tokensAfter(ORIGINAL.s1, STAGE('01-aggregation.py')), { '--dataset': ['apt29'], '--schema': [path.join(ROOT, 'schema-bigbase-gru-sae-v1.json')] }, ['--start-from', '1', '--stop-at', '1', '--out', run('stages'), ...GRU_SIZES]),
    check: ({ dir, log }) => {
      const meta = readJson(dir, 'metadata', 'gru_sae-apt29-v1.json');
      assert.deepEqual(meta.schema.columns, { text: ['CommandLine', 'Image', 'ParentImage'], categorical: ['Hostname', 'User', 'EventID'], numeric: ['LogonType'] }, 'core_features kept, roles from the dataset schema');
      assert.deepEqual([meta.run.model, meta.run.version, meta.run.schema_format], ['gru-sae', 'v1', 'original']);
      assert.match(log, /schema .*schema-bigbase-gru-sae-v1\.json \(original format, over configs\/schema-apt29-gru-sae-v1\.json\)/);
      assert.deepEqual(stagesRun(dir), ['aggregate']);
    },
  },
  {
    original: ORIGINAL.s2, cli: 'pipeline',
    adapted: 'bigbase → apt29; the encoding path → an encoding file in the original\'s format; sizes: --seq-len 100 → 8, --sample-size 20000 → 1500; stage 2 alone (the schema comes from the folder\'s stage 1)',
    argv: adapt(tokensAfter(ORIGINAL.s2, STAGE('02-encoding-gru-sae.py')), { '--dataset': ['apt29'], '--encoding_config': [path.join(ROOT, 'encoding-bigbase-gru-sae-v1.json')], '--seq-len': ['8'], '--sample-size': ['1500'] },
      ['--start-from', '2', '--stop-at', '2', '--out', run('stages'), ...GRU_SIZES]),
    check: ({ dir, log }) => {
      assert.match(log, /reusing aggregate of .*settings not given here come from its config\.json \(config_preset, schema, subdir\)/);
      const info = encodeInfo(dir);
      assert.equal(info.seq_len, 8);
      assert.equal(info.sampling.sample_size, 1500);
      assert.deepEqual(info.columns, { text: ['CommandLine', 'Image', 'ParentImage'], categorical: ['Hostname', 'User', 'EventID'], numeric: ['LogonType'] });
      const state = readJson(dir, 'encoded', 'encoder_state.json');
      assert.ok(state.text.find((t: { column: string }) => t.column === 'CommandLine').vocab.length <= 50, 'tfidf_params sets the vocabulary size');
      assert.equal(config(dir).encoding.use_text, true);
      assert.deepEqual(stagesRun(dir), ['aggregate', 'encode']);
    },
  },
  {
    original: ORIGINAL.s3, cli: 'pipeline',
    adapted: 'bigbase → apt29; sizes: --epochs 50 → 1; stage 3 alone (stages 1–2 and their settings from the folder)',
    argv: adapt(tokensAfter(ORIGINAL.s3, STAGE('03-training-gru-sae.py')), { '--dataset': ['apt29'], '--epochs': ['1'] }, ['--start-from', '3', '--stop-at', '3', '--out', run('stages'), ...GRU_SIZES]),
    check: ({ dir }) => {
      const m = trainMeta(dir);
      assert.equal(m.training.batch_size, 32);
      assert.equal(m.training.epochs_run, 1);
      assert.equal(m.config.model.name, 'gru-sae');
      assert.ok(exists(dir, 'model', 'best', 'model.json'));
    },
  },
  {
    original: ORIGINAL.s4, cli: 'pipeline',
    adapted: 'bigbase → apt29; stage 4 alone',
    argv: adapt(tokensAfter(ORIGINAL.s4, STAGE('04-model-evaluation-gru-sae.py')), { '--dataset': ['apt29'] }, ['--start-from', '4', '--stop-at', '4', '--out', run('stages'), ...GRU_SIZES]),
    check: ({ dir }) => {
      const metrics = readJson(dir, 'metrics.json');
      for (const k of ['gru_sae.test.roc_auc', 'gru_sae.test.average_precision', 'gru_sae.test.f1@val_q0.99']) assert.equal(typeof metrics[k], 'number', k);
      assert.ok(exists(dir, 'scores', 'test.csv'));
    },
  },
  {
    original: ORIGINAL.s5, cli: 'pipeline',
    adapted: 'bigbase → apt29; stage 5 alone',
    argv: adapt(tokensAfter(ORIGINAL.s5, STAGE('05-result-vis-gru-sae.py')), { '--dataset': ['apt29'] }, ['--start-from', '5', '--stop-at', '5', '--out', run('stages'), ...GRU_SIZES]),
    check: ({ dir, log }) => {
      for (const c of ['roc_curves', 'pr_curves', 'error_distribution', 'confusion_matrix', 'latent_map', 'latent_clusters']) assert.ok(exists(dir, 'charts', `${c}.svg`), c);
      assert.match(log, /latent map of 100 windows .* by t-SNE/, 't-SNE of the encoded sequences, as the original');
      assert.ok(readJson(dir, 'latent_clusters.json').stats.length >= 1, 'clustering of the latent space');
      assert.deepEqual(stagesRun(dir), ['aggregate', 'encode', 'train', 'evaluate', 'visualise']);
      assert.equal(manifest(dir).status, 'complete');
    },
  },
  {
    original: ORIGINAL.custom, cli: 'pipeline',
    adapted: 'on the stage-script folder above (its dataset and files); sizes: units 512 256 128 / 128 256 512 → 16 8 4 / 4 8 16 (same depth), one epoch; stage 3 alone',
    argv: adapt(tokensAfter(ORIGINAL.custom, STAGE('03-training-gru-sae.py')), { '--encoder-units': ['16', '8', '4'], '--decoder-units': ['4', '8', '16'] },
      [...EPOCH1, '--start-from', '3', '--stop-at', '3', '--out', run('stages'), ...GRU_SIZES]),
    check: ({ dir, log }) => {
      const m = trainMeta(dir);
      assert.equal(m.training.dropout, 0.2);
      assert.equal(m.training.optimizer.learning_rate, 0.0005);
      assert.deepEqual([m.config.model.encoder_units, m.config.model.decoder_units], [[16, 8, 4], [4, 8, 16]]);
      assert.match(log, /dropout 0\.2, lr 0\.0005/);
    },
  },
  ...STAGE3_FLAGS.map((f): Case => ({
    original: `python analysis/gru-sae/03-training-gru-sae.py ${f.original}`, cli: 'pipeline',
    adapted: 'stage 3 alone on the stage-script folder; sizes: units ÷ 32, one epoch',
    argv: [...GRU_SIZES, ...EPOCH1, ...Object.entries(f.set).flat(2), '--start-from', '3', '--stop-at', '3', '--out', run('stages')],
    check: ({ dir }) => f.check(dir),
  })),
  {
    original: ORIGINAL.memory, cli: 'pipeline',
    adapted: 'on the stage-script folder (its dataset and files); sizes: --sample-size 15000 → 1500, --seq-len 50 → 6, --max-features 5000 → 8 (the encoded rows have ~100 features); stage 2 alone',
    argv: adapt(tokensAfter(ORIGINAL.memory, STAGE('02-encoding-gru-sae.py')), { '--sample-size': ['1500'], '--seq-len': ['6'], '--max-features': ['8'] }, ['--start-from', '2', '--stop-at', '2', '--out', run('stages'), ...GRU_SIZES]),
    check: ({ dir, log }) => {
      const info = encodeInfo(dir);
      assert.equal(info.n_features, 8, 'max-features is the final per-step width');
      assert.deepEqual(info.splits.train.shape.slice(1), [6, 8]);
      assert.ok(info.final_svd.input_dim > 8);
      assert.match(log, /max_features 8: truncated SVD of the whole encoded row, \d+ → 8 features per step/);
    },
  },
  {
    original: ORIGINAL.basic, cli: 'pipeline',
    adapted: 'bigbase → apt29; sizes: --seq-len 50 → 8, one epoch; --stop-at 3 (stages 4–5 add nothing to these flags); --out a temp folder',
    argv: adapt(tokensAfter(ORIGINAL.basic, RUNNER), { '--dataset': ['apt29'], '--seq-len': ['8'] }, [...GRU_SIZES, ...EPOCH1, '--stop-at', '3', '--out', run('v3')]),
    check: ({ dir, log }) => {
      assert.ok(exists(dir, 'processed', 'gru_sae-apt29-v3.parquet'), '--version v3 names the artefacts and picks no schema file');
      const c = config(dir);
      assert.deepEqual([c.version, c.config_preset, c.encoding.use_text], ['v3', 'basic', false]);
      assert.deepEqual(encodeInfo(dir).columns.text, [], 'basic: no TF-IDF text');
      assert.equal(encodeInfo(dir).seq_len, 8);
      const m = trainMeta(dir);
      assert.deepEqual([m.training.stopping.strategy, m.training.stopping.min_improvement], ['smart', '0.5%']);
      assert.match(log, /smart stopping, min improvement 0\.5%/);
      assert.deepEqual(stagesRun(dir), ['aggregate', 'encode', 'train']);
    },
  },
  {
    original: ORIGINAL.extended, cli: 'pipeline',
    adapted: 'bigbase → apt29; sizes: --seq-len 100 → 8, units ÷ 32 (16 8 4 / 4 8 16), one epoch; --stop-at 3',
    argv: adapt(tokensAfter(ORIGINAL.extended, RUNNER), { '--dataset': ['apt29'], '--seq-len': ['8'], '--encoder-units': ['16', '8', '4'], '--decoder-units': ['4', '8', '16'] }, [...GRU_SIZES, ...EPOCH1, '--stop-at', '3', '--out', run('v4')]),
    check: ({ dir }) => {
      const c = config(dir);
      assert.deepEqual([c.version, c.config_preset, c.encoding.use_text], ['v4', 'extended', true]);
      assert.ok(encodeInfo(dir).columns.text.length > 0, 'extended: TF-IDF text');
      const m = trainMeta(dir);
      assert.deepEqual([m.training.stopping.min_improvement, m.training.stopping.min_improvement_pct, m.training.stopping.patience], ['1%', 1, 3], '--min-improvement 1.0 is 1%');
      assert.deepEqual(m.config.model.encoder_units, [16, 8, 4]);
    },
  },
  {
    original: ORIGINAL.network, cli: 'pipeline',
    adapted: 'unraveled → the demo flows in a network-flows subfolder, whose schema (the network preset\'s schema-unraveled-gru-sae-v1.json) is given by path with --schema; one epoch',
    argv: adapt(tokensAfter(ORIGINAL.network, RUNNER), {}, ['--schema', path.join(ROOT, 'schema-unraveled-gru-sae-v1.json'), ...GRU_SIZES, ...EPOCH1, '--out', run('unraveled')]),
    check: ({ dir }) => {
      const split = readJson(dir, 'encoded', 'split.json');
      assert.equal(split.strategy, 'time');
      assert.deepEqual([split.config.train_fraction, split.config.val_fraction], [0.7, 0.15], 'the timeline split 70/15/15');
      assert.equal(readJson(dir, 'metadata', 'gru_sae-unraveled-v1.json').run.subdir, 'network-flows');
      assert.match(readJson(dir, 'metadata', 'gru_sae-unraveled-v1.json').raw_dir, /unraveled\/network-flows$/);
      assert.deepEqual([encodeInfo(dir).seq_len, encodeInfo(dir).sampling.sample_size], [10, 50000]);
      assert.equal(manifest(dir).status, 'complete');
      assert.ok(exists(dir, 'report.html'));
    },
  },
  {
    original: ORIGINAL.u1, cli: 'pipeline',
    adapted: 'the schema path → the temp flow schema; stage 1 alone',
    argv: adapt(tokensAfter(ORIGINAL.u1, STAGE('01-aggregation.py')), { '--schema': [path.join(ROOT, 'schema-unraveled-gru-sae-v1.json')] }, ['--start-from', '1', '--stop-at', '1', '--out', run('unraveled-stages'), ...GRU_SIZES]),
    check: ({ dir }) => assert.match(readJson(dir, 'metadata', 'gru_sae-unraveled-v1.json').raw_dir, /network-flows$/),
  },
  {
    original: ORIGINAL.u2, cli: 'pipeline',
    adapted: 'the encoding path → configs/gru-sae/encoding-network.json (the network preset\'s); --sample-size 20000 → 1200; stage 2 alone (schema and subfolder from the folder\'s stage 1)',
    argv: adapt(tokensAfter(ORIGINAL.u2, STAGE('02-encoding-gru-sae.py')), { '--encoding_config': ['configs/gru-sae/encoding-network.json'], '--sample-size': ['1200'] }, ['--start-from', '2', '--stop-at', '2', '--out', run('unraveled-stages'), ...GRU_SIZES]),
    check: ({ dir }) => {
      const info = encodeInfo(dir);
      assert.deepEqual([info.seq_len, info.sampling.sample_size, info.columns.text], [10, 1200, []]);
      assert.equal(config(dir).encoding.onehot_max_categories, 16, 'encoding-network.json applied');
    },
  },
  {
    original: ORIGINAL.integration, cli: 'pipeline',
    adapted: 'dataset apt29 (the original\'s default dataset is bigbase); sizes: units ÷ 32, --epochs 200 → 1; --sample-size 2000000 and --max-features 500 kept (500 ≥ the encoded width: no final SVD, said in the log)',
    argv: adapt(tokensAfter(ORIGINAL.integration, RUNNER), { '--encoder-units': ['16', '8', '4'], '--decoder-units': ['4', '8', '16'], '--epochs': ['1'] }, ['--dataset', 'apt29', '--seq-len', '8', ...GRU_SIZES, '--out', run('integration')]),
    check: ({ dir, log }) => {
      assert.equal(manifest(dir).status, 'complete');
      assert.deepEqual(stagesRun(dir), ['aggregate', 'encode', 'train', 'evaluate', 'visualise']);
      assert.match(log, /max_features 500 ≥ the \d+ encoded features per step: no final SVD/);
      assert.equal(encodeInfo(dir).sampling.sample_size, 2000000);
      assert.deepEqual([trainMeta(dir).training.epochs_run, trainMeta(dir).training.stopping.min_improvement, trainMeta(dir).training.stopping.patience], [1, '1%', 3]);
    },
  },
];

/** The three resume examples need stages 1–2 of their own version first ("data already processed"). */
const RESUME_CASES: { before: string[]; c: Case }[] = [
  {
    before: ['--dataset', 'apt29', '--version', 'v5', '--config-preset', 'basic', '--seq-len', '8', ...GRU_SIZES, ...EPOCH1, '--stop-at', '2', '--out', run('v5')],
    c: {
      original: ORIGINAL.resume, cli: 'pipeline',
      adapted: 'bigbase → apt29, after stages 1–2 of v5 ran in the same folder; sizes; --stop-at 3 (stages 4–5 add nothing to --start-from)',
      argv: adapt(tokensAfter(ORIGINAL.resume, RUNNER), { '--dataset': ['apt29'] }, ['--seq-len', '8', ...GRU_SIZES, ...EPOCH1, '--stop-at', '3', '--out', run('v5')]),
      check: ({ dir, log }) => {
        assert.deepEqual(stagesRun(dir), ['aggregate', 'encode', 'train']);
        assert.ok(!/▶ stage [12]\//.test(log), 'stages 1 and 2 were reused, not run');
        assert.match(log, /▶ stage 3\/5 train/);
      },
    },
  },
  {
    before: ['--dataset', 'apt29', '--version', 'v6', '--config-preset', 'extended', '--seq-len', '8', ...GRU_SIZES, ...EPOCH1, '--stop-at', '2', '--out', run('v6')],
    c: {
      original: ORIGINAL.trainEval, cli: 'pipeline',
      adapted: 'bigbase → apt29, after stages 1–2 of v6 ran in the same folder; sizes',
      argv: adapt(tokensAfter(ORIGINAL.trainEval, RUNNER), { '--dataset': ['apt29'] }, ['--seq-len', '8', ...GRU_SIZES, ...EPOCH1, '--out', run('v6')]),
      check: ({ dir, log }) => {
        assert.deepEqual(stagesRun(dir), ['aggregate', 'encode', 'train', 'evaluate']);
        assert.ok(exists(dir, 'metrics.json') && !exists(dir, 'report.html'), 'stage 4 ran, stage 5 did not');
        assert.ok(!/▶ stage [125]\//.test(log));
      },
    },
  },
  {
    before: ['--dataset', 'apt29', '--version', 'v7', '--config-preset', 'basic', '--seq-len', '8', ...GRU_SIZES, ...EPOCH1, '--stop-at', '2', '--out', run('v7')],
    c: {
      original: ORIGINAL.skip, cli: 'pipeline',
      adapted: 'bigbase → apt29, after stages 1–2 of v7 ran in the same folder; the shell comment dropped; sizes; --stop-at 3',
      argv: adapt(tokensAfter(ORIGINAL.skip.replace(/\s+#.*$/, ''), RUNNER), { '--dataset': ['apt29'] }, ['--seq-len', '8', ...GRU_SIZES, ...EPOCH1, '--stop-at', '3', '--out', run('v7')]),
      check: ({ dir, log }) => {
        assert.ok(!/▶ stage [12]\//.test(log), '--skip-stages 1 2');
        assert.deepEqual(stagesRun(dir), ['aggregate', 'encode', 'train']);
      },
    },
  },
];

// ---------------------------------------------------------------------------------------------------
// GRU NIDS (001_fba41f98b98df3d1.txt): environment variables, run scripts, spark-submit.

const NIDS_ENV_BLOCK = [
  'export TRAIN_PATH="hdfs://master:9000/path/to/train_df.parquet"', 'export TEST_PATH="hdfs://master:9000/path/to/test_df.parquet"',
  'export LABEL_INDEXER_PATH="hdfs://master:9000/path/to/label_indexer"', 'export OUTPUT_DIR="hdfs://master:9000/path/to/results"',
  'export NUM_PROCESSES=10', 'export EPOCHS=200', 'export BATCH_SIZE=32', 'export LEARNING_RATE=0.002', 'export HIDDEN_SIZE=64', 'export DROPOUT=0.2',
  'export PYTHON_ENV="/path/to/your/python/env/bin/python"',
];
const nidsPaths = (out: string) => ({
  TRAIN_PATH: path.join(ROOT, 'nids', 'train_df.parquet'), TEST_PATH: path.join(ROOT, 'nids', 'test_df.parquet'),
  LABEL_INDEXER_PATH: path.join(ROOT, 'nids', 'label_indexer'), OUTPUT_DIR: out,
});
/** The export lines as an environment, hdfs:// paths → the local prepared files, EPOCHS → 1. */
function envBlock(out: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of NIDS_ENV_BLOCK) {
    const [, k, v] = /^export (\w+)="?([^"]*)"?$/.exec(line)!;
    env[k] = v;
  }
  return { ...env, ...nidsPaths(out), EPOCHS: '1' };
}
const NIDS_SIZES = ['--baselines.softmax_epochs', '1', '--no-progress'];
const SPARK = 'spark-submit --master yarn --deploy-mode cluster --num-executors 10 --executor-memory 4G --executor-cores 3 --driver-memory 3G main.py --mode cluster --num_processes 10 --train_path "hdfs://master:9000/path/to/train.parquet" --test_path "hdfs://master:9000/path/to/test.parquet" --epochs 200 --batch_size 32';
const nidsSummary = (dir: string) => readJson(dir, 'config.json');

const NIDS_CASES: Case[] = [
  {
    original: `${NIDS_ENV_BLOCK.join('; ')}; ./run_training.sh`, cli: 'nids',
    adapted: 'the hdfs:// paths → local prepared parquet, a Spark StringIndexerModel folder and a temp OUTPUT_DIR; EPOCHS=200 → 1; run_training.sh (YARN) → npm run nids (--mode local: see the spark-submit case); PYTHON_ENV has no meaning here (no Python) and is not read',
    argv: NIDS_SIZES, env: envBlock(run('nids-env')),
    check: ({ dir, log }) => {
      assert.equal(dir, run('nids-env'));
      const c = nidsSummary(dir);
      assert.deepEqual([c.train_path, c.test_path, c.num_processes, c.epochs, c.batch_size, c.learning_rate, c.hidden_size, c.dropout], [
        path.join(ROOT, 'nids', 'train_df.parquet'), path.join(ROOT, 'nids', 'test_df.parquet'), 10, 1, 32, 0.002, 64, 0.2]);
      assert.deepEqual(readJson(dir, 'label_indexer.json').labels, ['BENIGN', 'DoS Hulk', 'PortScan'], 'LABEL_INDEXER_PATH read (Spark folder)');
      assert.match(log, /mode local, 10 processes \(global batch 320\)/);
      // monitoring lines in the original's format
      assert.match(log, /^--- EPOCH 1\/1 ---$/m);
      assert.match(log, /^ {2}Val Loss: \d\.\d{4} \| Val Acc: \d\.\d{4}$/m);
      assert.match(log, /^ {2}Train Time: \d+\.\d{2}s \| Val Time: \d+\.\d{2}s$/m);
      assert.match(log, /^🎉 New best validation accuracy: \d\.\d{4}$/m);
    },
  },
  {
    original: 'NUM_PROCESSES=20 EPOCHS=300 BATCH_SIZE=64 ./run_training.sh', cli: 'nids',
    adapted: 'the data paths of run_training.sh → TRAIN_PATH and OUTPUT_DIR of local files; EPOCHS=300 → 1',
    argv: NIDS_SIZES, env: { NUM_PROCESSES: '20', EPOCHS: '1', BATCH_SIZE: '64', TRAIN_PATH: path.join(ROOT, 'nids', 'train_df.parquet'), OUTPUT_DIR: run('nids-20') },
    check: ({ dir }) => assert.deepEqual([nidsSummary(dir).num_processes, nidsSummary(dir).batch_size], [20, 64]),
  },
  {
    original: SPARK, cli: 'nids', code: 2,
    adapted: 'hdfs:// paths → local files, --epochs 200 → 1; spark-submit\'s own options have no meaning here; --mode cluster without a queue (--queue / REDIS_URL): exit 2 saying what it needs (with one: test/suite-queue.test.ts)',
    argv: adapt(tokensAfter(SPARK, /^spark-submit.* main\.py/), { '--train_path': [path.join(ROOT, 'nids', 'train_df.parquet')], '--test_path': [path.join(ROOT, 'nids', 'test_df.parquet')], '--epochs': ['1'] }, ['--out', run('nids-spark'), ...NIDS_SIZES]),
    check: ({ log }) => assert.match(log, /--mode cluster submits the run to a job queue: give --queue redis:\/\/HOST:PORT \(or REDIS_URL\) and start workers there with npm run worker/),
  },
  {
    original: SPARK, cli: 'nids',
    adapted: 'as above with --mode local (the same 10 data-parallel shards per step, in this process): run_training_local.sh\'s way',
    argv: adapt(tokensAfter(SPARK, /^spark-submit.* main\.py/), { '--mode': ['local'], '--train_path': [path.join(ROOT, 'nids', 'train_df.parquet')], '--test_path': [path.join(ROOT, 'nids', 'test_df.parquet')], '--epochs': ['1'] }, ['--out', run('nids-spark'), ...NIDS_SIZES]),
    check: ({ dir }) => {
      const c = nidsSummary(dir);
      assert.deepEqual([c.mode, c.num_processes, c.epochs, c.batch_size], ['local', 10, 1, 32]);
      assert.equal(readJson(dir, 'training_history.json').length, 1);
    },
  },
  ...[
    ['# For Large Datasets: export NUM_PROCESSES=20; export BATCH_SIZE=16', { NUM_PROCESSES: '20', BATCH_SIZE: '16' }, ['num_processes', 'batch_size'], [20, 16]],
    ['# For Memory-Constrained Environments: export BATCH_SIZE=8; export HIDDEN_SIZE=32', { BATCH_SIZE: '8', HIDDEN_SIZE: '32' }, ['batch_size', 'hidden_size'], [8, 32]],
    ['# For Fast Convergence: export LEARNING_RATE=0.001; export DROPOUT=0.3', { LEARNING_RATE: '0.001', DROPOUT: '0.3' }, ['learning_rate', 'dropout'], [0.001, 0.3]],
  ].map(([original, env, keys, values], i): Case => ({
    original: original as string, cli: 'nids',
    adapted: 'with TRAIN_PATH / OUTPUT_DIR of local files and EPOCHS=1',
    argv: NIDS_SIZES, env: { ...(env as Record<string, string>), TRAIN_PATH: path.join(ROOT, 'nids', 'train_df.parquet'), OUTPUT_DIR: run(`nids-tuning-${i}`), EPOCHS: '1' },
    check: ({ dir }) => assert.deepEqual((keys as string[]).map((k) => nidsSummary(dir)[k]), values),
  })),
];

// ---------------------------------------------------------------------------------------------------
// SmartNetGuard L1 (002_6e3585f14fd65a20.txt): the script's settings.

const L1_SETTINGS = [
  'TRAIN_PATH = r"...\\Project Smart Net Guard\\L1_dataset\'s\\X_train_ready_full_cleaned_float32.parquet"',
  'TEST_PATH  = r"...\\Project Smart Net Guard\\L1_dataset\'s\\X_test_ready_renamed_cleaned_float32.parquet"',
  'LABEL_PATH = r"...\\Project Smart Net Guard\\L1_dataset\'s\\y_test_binary_cleaned.parquet"',
  'SAVE_DIR   = r"...\\Project Smart Net Guard\\L1_ready_for_working"',
  'EVENT_BUDGETS_TO_REPORT = [0.04]  # e.g. 4% top windows',
  // named in the text without a value: WINDOW_SIZE (e.g. 112 rows), EPOCHS, BATCH_SIZE, STEPS_PER_EPOCH, …
  'WINDOW_SIZE (e.g. 112 rows)', 'EPOCHS, BATCH_SIZE, STEPS_PER_EPOCH, EarlyStopping, ReduceLROnPlateau', 'clipnorm=GRAD_CLIP_NORM', 'delta = HUBER_DELTA',
  'USE_LAYER_NORM', 'VALIDATION_FRACTION', 'FINETUNE_ENABLED = True', 'FINETUNE_TOP_PCT_NORMALS (capped by FINETUNE_MAX_WINDOWS)', 'LEARNING_RATE * FINETUNE_LR_FACTOR',
  'python Smart_Net_Guard_L1.py',
];
const L1_CASE: Case = {
  original: L1_SETTINGS.join('; '), cli: 'l1',
  adapted: 'the Windows paths → the same file names in a temp folder (a synthetic 4-feature series); the four paths, WINDOW_SIZE, USE_LAYER_NORM, VALIDATION_FRACTION and the fine-tuning settings as environment variables, EPOCHS / BATCH_SIZE / STEPS_PER_EPOCH / LEARNING_RATE / GRAD_CLIP_NORM / HUBER_DELTA / EVENT_BUDGETS_TO_REPORT as flags of the same names; sizes: 1 epoch of 2 steps, filters 8, small cluster sample; python Smart_Net_Guard_L1.py → npm run l1',
  env: {
    TRAIN_PATH: path.join(ROOT, 'l1', 'X_train_ready_full_cleaned_float32.parquet'), TEST_PATH: path.join(ROOT, 'l1', 'X_test_ready_renamed_cleaned_float32.parquet'),
    LABEL_PATH: path.join(ROOT, 'l1', 'y_test_binary_cleaned.parquet'), SAVE_DIR: path.join(ROOT, 'L1_ready_for_working'),
    WINDOW_SIZE: '112', USE_LAYER_NORM: 'True', VALIDATION_FRACTION: '0.3', FINETUNE_ENABLED: 'True', FINETUNE_TOP_PCT_NORMALS: '10', FINETUNE_MAX_WINDOWS: '64', FINETUNE_LR_FACTOR: '0.1',
  },
  argv: ['--epochs', '1', '--batch-size', '16', '--steps-per-epoch', '2', '--learning-rate', '0.001', '--grad-clip-norm', '1.0', '--huber-delta', '1.0', '--event-budgets-to-report', '0.04',
    '--model.filters', '8,8,8,8', '--train.val_steps', '1', '--eval.vus_max_window', '10', '--eval.baselines.fit_windows', '200', '--eval.baselines.iforest_trees', '10', '--finetune.epochs', '1', '--finetune.margin', '16',
    '--clusters.sample', '150', '--clusters.min_cluster_size', '10', '--clusters.min_samples', '5', '--preset', 'default'],
  check: ({ dir }) => {
    assert.match(path.basename(dir), /^run_\d{2}_\d{2}_\d{4}_\d{2}-\d{2}-\d{2}$/, 'SAVE_DIR/run_DD_MM_YYYY_HH-MM-SS');
    const c = config(dir);
    assert.deepEqual([c.preprocess.window, c.model.norm, c.eval.validation_fraction, c.finetune.enabled, c.finetune.top_share, c.finetune.max_windows, c.finetune.lr_factor], [112, 'layer', 0.3, true, 0.1, 64, 0.1]);
    assert.deepEqual([c.train.epochs, c.train.batch_size, c.train.steps_per_epoch, c.train.learning_rate, c.train.clipnorm, c.train.huber_delta, c.eval.event_budgets], [1, 16, 2, 0.001, 1, 1, [0.04]]);
    for (const f of ['std_mean.npy', 'std_scale.npy', 'preprocessing_config.json', 'hyperparams.json', 'train_history.json', 'ar_values.json', 'event_metrics_val.json', 'event_metrics_final.json', 'summary.txt', 'finetuned/compare_before_after.json']) {
      assert.ok(exists(dir, f), f);
    }
    const header = fs.readFileSync(path.join(dir, 'summary.txt'), 'utf8').split('\n').find((l) => /roc_auc/.test(l))!;
    assert.match(header, /\S\s{2,}\S/, 'summary.txt: an aligned table header, columns not run together');
  },
};

// ---------------------------------------------------------------------------------------------------

const CLIS = { pipeline: pipelineCli, nids: nidsCli, l1: l1Cli } as const;

/** Run a CLI in this process with `env` set; console and stderr captured. */
async function runCase(c: Case): Promise<{ code: number; log: string }> {
  const lines: string[] = [];
  const saved = { log: console.log, error: console.error, write: process.stderr.write.bind(process.stderr) };
  const envBefore = Object.fromEntries(Object.keys(c.env ?? {}).map((k) => [k, process.env[k]]));
  Object.assign(process.env, c.env ?? {});
  console.log = (...a: unknown[]) => void lines.push(a.join(' '));
  console.error = (...a: unknown[]) => void lines.push(a.join(' '));
  process.stderr.write = ((chunk: string | Uint8Array) => (lines.push(String(chunk).replace(/\n$/, '')), true)) as typeof process.stderr.write;
  try {
    const code = await cliExitCode(c.cli, () => (CLIS[c.cli] as (a: string[]) => Promise<number | void>)(c.argv));
    return { code, log: lines.join('\n') };
  } finally {
    Object.assign(console, { log: saved.log, error: saved.error });
    process.stderr.write = saved.write;
    for (const [k, v] of Object.entries(envBefore)) if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
}

/** The run folder a case wrote: --out, OUTPUT_DIR, or the newest folder under SAVE_DIR. */
function caseDir(c: Case): string {
  const out = c.argv.indexOf('--out');
  if (out >= 0) return c.argv[out + 1];
  if (c.env?.OUTPUT_DIR) return c.env.OUTPUT_DIR;
  const save = c.env?.SAVE_DIR;
  if (save && fs.existsSync(save)) return path.join(save, fs.readdirSync(save).sort().pop()!);
  return '';
}

async function check(c: Case): Promise<void> {
  const r = await runCase(c);
  assert.equal(r.code, c.code ?? 0, `${c.original}\n→ ${c.cli} ${c.argv.join(' ')}\n${r.log.slice(-3000)}`);
  c.check({ log: r.log, dir: caseDir(c) });
}

test('conformance data: smoke-sized demo log (as APT29), demo flows in network-flows/, prepared NIDS parquet, L1 parquet inputs', async () => {
  await makeData();
  process.env.SEQSENTRY_SHARED_DATA = SHARED;
  assert.ok(fs.existsSync(path.join(SHARED, 'apt29', 'day1.csv.gz')));
});

for (const c of GRU_CASES) test(`GRU-SAE: ${c.original}`, () => check(c));
for (const { before, c } of RESUME_CASES) {
  test(`GRU-SAE: ${c.original}`, async () => {
    const prep = await runCase({ ...c, argv: before, original: 'stages 1–2 first' });
    assert.equal(prep.code, 0, prep.log.slice(-2000));
    await check(c);
  });
}
for (const c of NIDS_CASES) test(`GRU NIDS: ${c.original.slice(0, 160)}`, () => check(c));
test(`SmartNetGuard L1: ${L1_SETTINGS[0]} …`, () => check(L1_CASE));

test('`TRAIN_PATH=/nonexistent npm run nids` exits 2 naming the variable and the path (a real npm process)', () => {
  const r = spawnSync('npm', ['run', '-s', 'nids'], { env: { ...process.env, TRAIN_PATH: '/nonexistent' }, encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /TRAIN_PATH=\/nonexistent \(environment variable\): training file not found/);
});
