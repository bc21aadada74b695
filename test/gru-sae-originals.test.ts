// The GRU-SAE pipeline's fidelity to the original: --version is a run label, --config-preset picks the
// schema + encoding pair, schema and encoding files in the original's format, --subdir, --model,
// --min-improvement in percent, --max-features as the final SVD width, reduce-LR-on-plateau.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import pl from 'nodejs-polars';
import { GRU_SAE_DEFAULTS, resolveGruSaeConfig, stoppingConfig, type GruSaeConfig } from '../lib/gru-sae/config';
import { encodeStage, loadEncoder } from '../lib/gru-sae/02-encode';
import { gruSaeDetectorConfig } from '../lib/gru-sae/03-train';
import { loadNpy } from '../lib/io/npy';
import { parseOriginalEncoding, parseOriginalSchema } from '../lib/gru-sae/original-format';
import { listConfigPresets, loadConfigPreset } from '../lib/gru-sae/presets';
import { runSchema } from '../lib/gru-sae/run-schema';
import { GRU_SAE_STAGES } from '../lib/gru-sae/stages';
import { validateGruSaeConfig } from '../lib/gru-sae/validate';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'seqsentry-originals-'));
test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));
const write = (name: string, value: unknown) => {
  const f = path.join(tmp, name);
  fs.writeFileSync(f, JSON.stringify(value));
  return f;
};
const names = (over: Partial<GruSaeConfig> = {}) => ({ dataset: 'demo-sysmon', config_preset: 'extended', schema: null, encoding_config: null, subdir: null, ...over });

test('--version is a run label: v3 resolves, validates and names the run folder, never a schema file', () => {
  const cfg = resolveGruSaeConfig({ overrides: { version: 'v3', config_preset: 'basic' } });
  validateGruSaeConfig(cfg);
  assert.equal(cfg.version, 'v3');
  assert.match(runSchema(cfg).file, /configs\/schema-demo-sysmon-gru-sae-v1\.json$/);
  const keys = GRU_SAE_STAGES[0].keys!(cfg);
  assert.equal(keys.version, 'v3');
  assert.equal(keys['schema.file'], 'configs/schema-demo-sysmon-gru-sae-v1.json');
  assert.deepEqual(keys['schema.columns.numeric'], ['LogonType'], 'stage 1 keys hold the columns in effect');
});

test('config presets: each picks the schema + encoding pair for the dataset; network is for flow datasets with the 70/15/15 timeline split', () => {
  assert.deepEqual(listConfigPresets(), ['basic', 'extended', 'network']);
  const basic = runSchema(names({ config_preset: 'basic' }));
  assert.match(basic.encodingFile, /encoding-basic\.json$/);
  assert.equal(resolveGruSaeConfig({ overrides: { config_preset: 'basic' } }).encoding.use_text, false);
  assert.equal(resolveGruSaeConfig({ overrides: { config_preset: 'extended' } }).encoding.use_text, true);
  const net = resolveGruSaeConfig({ overrides: { dataset: 'demo-flows', config_preset: 'network' } });
  assert.deepEqual([net.split.strategy, net.split.train_fraction, net.split.val_fraction], ['time', 0.7, 0.15]);
  assert.match(runSchema(net).file, /schema-demo-flows-gru-sae-v1\.json$/);
  assert.deepEqual(loadConfigPreset('network').datasets, ['demo-flows', 'cicids2017']);
  assert.throws(() => runSchema(names({ config_preset: 'network' })), /config preset "network" is for the datasets demo-flows, cicids2017, not "demo-sysmon".*--schema/);
  assert.throws(() => validateGruSaeConfig(resolveGruSaeConfig({ overrides: { dataset: 'nope' } })), /no schema for dataset "nope": configs\/schema-nope-gru-sae-v1\.json not found/);
  assert.throws(() => resolveGruSaeConfig({ overrides: { config_preset: '../x' } }), /config preset "\.\.\/x" \(--config-preset\) not found/);
});

test('schema and encoding files in the original format: the documented mapping, layered over the dataset schema; unknown keys are errors', () => {
  const schema = write('schema-orig.json', { core_features: ['Hostname', 'EventID', 'User', 'CommandLine', 'Image', 'LogonType'], label_column: 'label', time_column: 'ts_utc', benign_label: '0' });
  const r = runSchema(names({ schema }));
  assert.equal(r.format, 'original');
  assert.match(r.base!, /schema-demo-sysmon-gru-sae-v1\.json$/);
  assert.deepEqual(r.schema.columns, { text: ['CommandLine', 'Image'], categorical: ['Hostname', 'EventID', 'User'], numeric: ['LogonType'] }, 'roles from the dataset schema');
  assert.deepEqual(r.schema.benign_labels, ['0']);
  assert.equal(r.schema.raw_dir, 'data/demo/sysmon', 'where the files are comes from the dataset schema');
  assert.deepEqual(r.schema.tfidf_vocab, { CommandLine: 500 });
  const encoding = write('encoding-orig.json', {
    tfidf_columns: ['CommandLine'], tfidf_params: { CommandLine: 50 }, categorical_columns: ['Hostname', 'EventID'], numeric_columns: ['LogonType'], time_column: 'ts_utc',
  });
  const both = runSchema(names({ schema, encoding_config: encoding }));
  assert.equal(both.encodingFormat, 'original');
  assert.deepEqual(both.schema.columns, { text: ['CommandLine'], categorical: ['Hostname', 'EventID'], numeric: ['LogonType'] }, 'roles from the original encoding file');
  assert.deepEqual(both.schema.tfidf_vocab, { CommandLine: 50 }, 'tfidf_params → per-column vocabulary');
  const cfg = resolveGruSaeConfig({ overrides: { schema, encoding_config: encoding, config_preset: 'basic' } });
  assert.equal(cfg.encoding.use_text, true, 'a non-empty tfidf_columns turns text on (replacing the preset\'s encoding file)');
  // the demo schema's combination counts use Image, which this encoding file leaves out: named before any stage runs
  assert.throws(() => validateGruSaeConfig(cfg), /encoding\.combination_counts" must be tuples of the schema's feature columns \("Image" is not one/);
  validateGruSaeConfig(resolveGruSaeConfig({ overrides: { schema, encoding_config: encoding, 'encoding.combination_counts': [] } }));
  // Errors: unknown keys, a column without a role, a listed column outside core_features, a time column that differs.
  assert.throws(() => parseOriginalSchema({ core_features: ['a'], label_column: 'l', time_column: null, benign_label: 'x', extra: 1 }, 'f.json'), /f\.json: key "extra" is not a key of the original schema format/);
  assert.throws(() => parseOriginalEncoding({ tfidf_columns: ['a'], max_df: 0.5 }, 'e.json'), /e\.json: key "max_df" is not a key of the original encoding format/);
  assert.throws(() => parseOriginalSchema({ core_features: ['label'], label_column: 'label', time_column: null, benign_label: '0' }, 'f.json'), /label column "label" as a feature/);
  assert.throws(() => runSchema(names({ schema: write('s2.json', { core_features: ['Nope'], label_column: 'label', time_column: 'ts_utc', benign_label: '0' }) })), /core feature "Nope" has no role/);
  assert.throws(() => runSchema(names({ schema, encoding_config: write('e2.json', { categorical_columns: ['Channel'] }) })), /lists "Channel", which .* does not have in core_features/);
  assert.throws(() => runSchema(names({ schema, encoding_config: write('e3.json', { numeric_columns: ['LogonType'], time_column: 'UtcTime' }) })), /time_column "UtcTime" differs from the schema's time column "ts_utc"/);
  // Our own format stays strict too, and must be for the run's dataset.
  assert.throws(() => runSchema(names({ schema: write('s3.json', { ...JSON.parse(fs.readFileSync('configs/schema-demo-flows-gru-sae-v1.json', 'utf8')) }) })), /declares dataset "demo-flows", but this run is for dataset "demo-sysmon"/);
  // encoding settings that name a column the schema no longer has are refused before any stage runs
  const narrow = write('schema-narrow.json', { core_features: ['EventID', 'LogonType'], label_column: 'label', time_column: 'ts_utc', benign_label: '0' });
  assert.throws(() => validateGruSaeConfig(resolveGruSaeConfig({ overrides: { schema: narrow } })), /encoding\.group_by" must be null or one of the schema's feature columns \(EventID, LogonType\), got "Hostname"/);
});

test('--subdir reads the raw files from a subfolder; --model names the one model; both checked', () => {
  assert.equal(runSchema(names({ dataset: 'demo-flows', config_preset: 'network', subdir: 'network-flows' })).schema.raw_dir, 'data/demo/flows/network-flows');
  assert.throws(() => runSchema(names({ subdir: '../etc' })), /"subdir" must be a folder below the dataset's raw folder/);
  const cfg = resolveGruSaeConfig({ overrides: { 'model.name': 'lstm-sae' } });
  assert.throws(() => validateGruSaeConfig(cfg), /model\.name \(--model\)" must be "gru-sae"/);
});

test('--min-improvement is a percent (0.5 = 0.5%, 1.0 = 1%), as the original; the loop gets fractions; reduce-LR-on-plateau on by default', () => {
  const cfg = resolveGruSaeConfig({ overrides: { 'train.stopping.min_improvement_pct': 1.0 } });
  validateGruSaeConfig(cfg);
  const s = stoppingConfig(cfg.train.stopping);
  assert.equal(s.min_improvement, 0.01);
  assert.equal(s.window_improvement, 0.02, '2% over the window');
  assert.equal(s.min_rate, 0.001, '0.1% per epoch');
  assert.equal(stoppingConfig(GRU_SAE_DEFAULTS.train.stopping).min_improvement, 0.005, 'the default stays 0.5%');
  assert.throws(() => validateGruSaeConfig(resolveGruSaeConfig({ overrides: { 'train.stopping.min_improvement_pct': 100 } })), /min_improvement_pct" must be a percent in \[0, 100\)/);
  assert.throws(() => resolveGruSaeConfig({ overrides: { 'train.stopping.min_improvement': 0.01 } }), /unknown config key "train\.stopping\.min_improvement"/);
  assert.deepEqual(gruSaeDetectorConfig(cfg).reduce_lr, { factor: 0.5, patience: 2, min_lr: 0.00001 });
  assert.equal(gruSaeDetectorConfig(resolveGruSaeConfig({ overrides: { 'train.reduce_lr.enabled': false } })).reduce_lr, null);
  assert.throws(() => validateGruSaeConfig(resolveGruSaeConfig({ overrides: { 'train.reduce_lr.factor': 1 } })), /reduce_lr\.factor" must be in \(0, 1\)/);
  const original = resolveGruSaeConfig({ preset: 'original' });
  assert.deepEqual([original.model.encoder_units, original.model.decoder_units, original.train.batch_size, original.train.stopping.adaptive_factor], [[256, 128], [128, 256], 32, 0.001]);
});

test('max_features: the final per-step width after a truncated SVD of the whole encoded row (off by default); the saved encoder re-encodes identically', async () => {
  assert.equal(GRU_SAE_DEFAULTS.encoding.max_features, null);
  const out = path.join(tmp, 'enc');
  const cfg: GruSaeConfig = { ...structuredClone(GRU_SAE_DEFAULTS), dataset: 'toy', out, split: { ...GRU_SAE_DEFAULTS.split, strategy: 'time' } };
  cfg.encoding = { ...cfg.encoding, seq_len: 3, text_svd_components: 4, max_features: 5 };
  const n = 400;
  const df = pl.DataFrame([
    pl.Series('cmd', Array.from({ length: n }, (_, i) => `run task${i % 7} --opt ${i % 3}`)),
    pl.Series('host', Array.from({ length: n }, (_, i) => `h${i % 4}`)),
    pl.Series('n', Float64Array.from({ length: n }, (_, i) => (i * 37) % 11)),
    pl.Series('_time_ms', Float64Array.from({ length: n }, (_, i) => 1.7e12 + i * 1000)),
    pl.Series('_label', Int32Array.from({ length: n }, (_, i) => (i % 50 === 0 ? 1 : 0))),
    pl.Series('_label_raw', Array.from({ length: n }, (_, i) => (i % 50 === 0 ? '1' : '0'))),
    pl.Series('_campaign', new Array<string>(n).fill('')),
    pl.Series('_source_file', new Array<string>(n).fill('a.csv')),
  ]);
  fs.mkdirSync(path.join(out, 'processed'), { recursive: true });
  df.writeParquet(path.join(out, 'processed', 'gru_sae-toy-v1.parquet'));
  const columns = { text: ['cmd'], categorical: ['host'], numeric: ['n'] };
  const logs: string[] = [];
  const info = await encodeStage(cfg, columns, { log: (l) => logs.push(l) });
  assert.equal(info.n_features, 5);
  assert.equal(info.final_svd!.components, 5);
  assert.equal(info.final_svd!.input_dim, 4 + 5 + 1, 'text SVD 4 + one-hot 4 hosts and <unknown> + 1 numeric');
  assert.ok(logs.some((l) => /max_features 5: truncated SVD of the whole encoded row, 10 → 5 features per step/.test(l)), logs.join('\n'));
  const X = loadNpy(path.join(out, 'encoded', 'X_train.npy'));
  assert.equal(X.shape[2], 5);
  const state = loadEncoder(path.join(out, 'encoded'));
  assert.deepEqual(state.feature_names, ['component_0', 'component_1', 'component_2', 'component_3', 'component_4']);
  assert.equal(state.final_svd!.input_names.length, 10);
  // max_features at or above the encoded width: nothing is reduced, and the log says so
  const wide = { ...cfg, encoding: { ...cfg.encoding, max_features: 50 } };
  const logs2: string[] = [];
  const info2 = await encodeStage(wide, columns, { log: (l) => logs2.push(l) });
  assert.equal(info2.n_features, 10);
  assert.equal(info2.final_svd, null);
  assert.ok(logs2.some((l) => /max_features 50 ≥ the 10 encoded features per step: no final SVD/.test(l)));
});
