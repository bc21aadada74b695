// The GRU NIDS classifier as the original is driven: TRAIN_PATH, TEST_PATH, LABEL_INDEXER_PATH, OUTPUT_DIR,
// NUM_PROCESSES; --mode local|cluster and --num_processes; Spark's parquet folders and StringIndexerModel.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import pl from 'nodejs-polars';
import { createClassifier } from '../lib/detectors';
import { initEngine } from '../lib/engine';
import { createRng } from '../lib/random';
import { checkNidsInputs, envOverrides, nidsPathSources, resolveNidsConfig } from '../lib/nids/config';
import { loadLabelIndexer } from '../lib/nids/01-prepare/indexer';
import { readPreparedParquet, writePreparedParquet } from '../lib/nids/01-prepare/parquet';
import type { NidsSplit } from '../lib/nids/01-prepare/data';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'seqsentry-nids-orig-'));
test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));
before(async () => {
  await initEngine({ force: 'wasm', quiet: true });
});

test('the original\'s environment variables: paths and NUM_PROCESSES are read; a flag wins over its variable', () => {
  const env = { TRAIN_PATH: '/data/train_df.parquet', TEST_PATH: '/data/test_df.parquet', LABEL_INDEXER_PATH: '/data/label_indexer', OUTPUT_DIR: '/tmp/results', NUM_PROCESSES: '10', EPOCHS: '200', BATCH_SIZE: '32' };
  assert.deepEqual(envOverrides(env), {
    train_path: '/data/train_df.parquet', test_path: '/data/test_df.parquet', label_indexer_path: '/data/label_indexer', output_dir: '/tmp/results', num_processes: 10, epochs: 200, batch_size: 32,
  });
  const cfg = resolveNidsConfig({ env, overrides: { train_path: '/flag/train.parquet', num_processes: 2 } });
  assert.equal(cfg.train_path, '/flag/train.parquet', 'the flag wins');
  assert.equal(cfg.test_path, '/data/test_df.parquet', 'the variable still counts where no flag is given');
  assert.equal(cfg.num_processes, 2);
  assert.deepEqual(nidsPathSources({ train_path: 'x' }, env), { train_path: 'flag', test_path: 'env', label_indexer_path: 'env', output_dir: 'env' });
  assert.throws(() => envOverrides({ NUM_PROCESSES: 'many' }), /NUM_PROCESSES="many" must be a number/);
  assert.throws(() => resolveNidsConfig({ env: { NUM_PROCESSES: '0' } }), /num_processes \(--num_processes \/ NUM_PROCESSES\) must be a positive integer/);
});

test('a path that does not exist is an error naming the variable or flag and the path, never a fallback to the demo data', () => {
  const env = { TRAIN_PATH: '/nonexistent' };
  const cfg = resolveNidsConfig({ env });
  assert.equal(cfg.train_path, '/nonexistent');
  assert.throws(() => checkNidsInputs(cfg, nidsPathSources({}, env)), /^Error: TRAIN_PATH=\/nonexistent \(environment variable\): training file not found/);
  const flagged = resolveNidsConfig({ env: {}, overrides: { train_path: '/nope.parquet' } });
  assert.throws(() => checkNidsInputs(flagged, nidsPathSources({ train_path: '/nope.parquet' }, {})), /^Error: --train-path \/nope\.parquet: training file not found/);
  assert.throws(() => checkNidsInputs(flagged), /training file \(--train-path\) not found: \/nope\.parquet/);
  const hdfs = resolveNidsConfig({ env: { TRAIN_PATH: 'hdfs://master:9000/path/to/train.parquet' } });
  assert.throws(() => checkNidsInputs(hdfs, { train_path: 'env' }), /TRAIN_PATH=hdfs:\/\/master:9000\/path\/to\/train\.parquet \(environment variable\): only local paths are read here/);
  const testOnly = resolveNidsConfig({ env: { TEST_PATH: __filename } });
  assert.throws(() => checkNidsInputs(testOnly, { test_path: 'env' }), /TEST_PATH=.* needs the training file too/, 'a test file without a training file would be ignored: refused');
});

test('--mode: local by default; cluster is a valid mode (the CLI submits it to the queue); others are refused', () => {
  assert.equal(resolveNidsConfig({ env: {} }).mode, 'local');
  const cluster = resolveNidsConfig({ env: {}, overrides: { mode: 'cluster', num_processes: 10 } });
  assert.deepEqual([cluster.mode, cluster.num_processes], ['cluster', 10]);
  assert.doesNotThrow(() => checkNidsInputs(cluster));
  assert.throws(() => resolveNidsConfig({ env: {}, overrides: { mode: 'yarn' } }), /mode \(--mode\) must be "local" or "cluster"/);
});

/** k Gaussian blobs in f dimensions. */
function blobs(n: number, f: number, k: number, seed: number): NidsSplit {
  const rng = createRng(seed);
  const y = Int32Array.from({ length: n }, () => rng.int(0, k - 1));
  const x = Float32Array.from({ length: n * f }, (_, i) => rng.normal() * 0.7 + (i % f === y[Math.floor(i / f)] ? 3 : 0));
  return { x, y, w: new Float32Array(n).fill(1), n };
}

test('num_processes N: each step takes N batches of batch_size rows and one summed update, the same as one batch of N × batch_size', async () => {
  const data = { train: blobs(400, 5, 3, 1), val: blobs(90, 5, 3, 2), nFeatures: 5, numClasses: 3 };
  const base = { hidden_size: 8, dropout: 0, epochs: 2, learning_rate: 0.01, seed: 3, eval_batch_size: 128 };
  const two = createClassifier({ ...base, batch_size: 32, num_processes: 2 });
  const one = createClassifier({ ...base, batch_size: 64, num_processes: 1 });
  const a = await two.fit(data);
  const b = await one.fit(data);
  for (let e = 0; e < 2; e++) {
    assert.ok(Math.abs(a.history[e].loss - b.history[e].loss) < 1e-4, `epoch ${e + 1} loss ${a.history[e].loss} vs ${b.history[e].loss}`);
    assert.ok(Math.abs(a.history[e].val_loss - b.history[e].val_loss) < 1e-4);
  }
  assert.equal(two.describe().config.num_processes, 2, 'saved with the classifier');
  two.dispose();
  one.dispose();
});

test('Spark\'s outputs read as written: a parquet folder of part files, and a StringIndexerModel folder (LABEL_INDEXER_PATH)', () => {
  const dir = path.join(tmp, 'train_df.parquet');
  fs.mkdirSync(dir);
  const part = (n: number, y0: number) => ({ x: Float32Array.from({ length: n * 3 }, (_, i) => i), y: Int32Array.from({ length: n }, (_, i) => (i + y0) % 2), w: new Float32Array(n).fill(1), n });
  writePreparedParquet(path.join(dir, 'part-00000-abc.snappy.parquet'), part(4, 0), 3);
  writePreparedParquet(path.join(dir, 'part-00001-abc.snappy.parquet'), part(3, 1), 3);
  fs.writeFileSync(path.join(dir, '_SUCCESS'), '');
  const t = readPreparedParquet(dir);
  assert.equal(t.n, 7);
  assert.deepEqual(Array.from(t.labelIndex!), [0, 1, 0, 1, 1, 0, 1]);
  const model = path.join(tmp, 'label_indexer');
  fs.mkdirSync(path.join(model, 'data'), { recursive: true });
  fs.mkdirSync(path.join(model, 'metadata'), { recursive: true });
  pl.DataFrame({ labelsArray: [[['BENIGN', 'DoS Hulk', 'PortScan']]] }).writeParquet(path.join(model, 'data', 'part-00000-x.snappy.parquet'));
  fs.writeFileSync(path.join(model, 'metadata', 'part-00000'), JSON.stringify({ class: 'org.apache.spark.ml.feature.StringIndexerModel', paramMap: { inputCol: 'Label', outputCol: 'label' } }) + '\n');
  const idx = loadLabelIndexer(model);
  assert.deepEqual(idx.labels, ['BENIGN', 'DoS Hulk', 'PortScan']);
  assert.equal(idx.inputCol, 'Label');
  fs.rmSync(path.join(model, 'data'), { recursive: true });
  assert.throws(() => loadLabelIndexer(model), /must be a Spark StringIndexerModel \(with data\/ and metadata\/\)/);
});
