// The queue engine against a real Redis (Debian's redis-server on a free port, persistence off);
// skipped, saying why, when redis-server cannot be had. Workers are real `cli/worker.ts` processes.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import test, { after, before } from 'node:test';
import { Queue } from 'bullmq';
import { REPO_ROOT } from '../lib/io/paths';
import { writePreparedParquet } from '../lib/nids/01-prepare/parquet';
import { createRng } from '../lib/random';
import { syntheticL1Data, toCsv } from '../lib/l1/01-inputs/synthetic';
import { runLocal } from '../lib/suite/local';
import { runNotebooksOnQueue } from '../lib/suite/remote';
import { parseQueueUrl, QUEUE_NAME } from '../lib/suite/queue/connection';
import { queueState } from '../lib/suite/queue/status';
import { runOnQueue } from '../lib/suite/queue/submit';
import { prepareSuite, runSuite, type Engine } from '../lib/suite/run-suite';
import type { Suite } from '../lib/suite/spec';
import { freePort, startRedis, type TestRedis } from './redis';

let redis: TestRedis | null = null;
let skip: string | false = false;
const workers: ChildProcess[] = [];

before(async () => {
  const r = await startRedis();
  if ('skip' in r) skip = `no Redis: ${r.skip}`;
  else redis = r;
});

after(async () => {
  for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
  await redis?.stop();
});

const tmp = (p: string) => fs.mkdtempSync(path.join(os.tmpdir(), p));
const TSX = ['--require', require.resolve('tsx/cjs')];

function smdFiles(dir: string, entity: string, poison = false): void {
  const d = syntheticL1Data({ seed: 8 });
  const F = d.train.names.length;
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${entity}_train.csv`), toCsv(d.train.data, F));
  const test = toCsv(d.test.data, F).split('\n').map((l, i) => (poison && i === 9 ? l.replace(/^[^,]+/, 'oops') : l)).join('\n');
  fs.writeFileSync(path.join(dir, `${entity}_test.csv`), test);
  fs.writeFileSync(path.join(dir, `${entity}_test_label.csv`), toCsv(d.labels, 1));
}

/** A `cli/worker.ts` process; resolves once it says it is ready. */
function startWorker(url: string): Promise<{ proc: ChildProcess; log: string[] }> {
  const proc = spawn(process.execPath, [...TSX, 'cli/worker.ts', '--queue', url, '--lock-seconds', '2', '--work-dir', tmp('suite-worker-')], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  workers.push(proc);
  const log: string[] = [];
  return new Promise((resolve, reject) => {
    const onData = (b: Buffer) => {
      log.push(...b.toString().split('\n').filter(Boolean));
      if (log.some((l) => l.includes(' ready on '))) resolve({ proc, log });
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.once('exit', (code) => reject(new Error(`worker exited (${code}) before it was ready: ${log.join('\n')}`)));
  });
}

/** Run a CLI of this repository; resolves with its exit code and output. */
function cli(script: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [...TSX, script, ...args], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout!.on('data', (b: Buffer) => (out += b.toString()));
    p.stderr!.on('data', (b: Buffer) => (out += b.toString()));
    p.on('exit', (code) => resolve({ code, out }));
  });
}

test('queue engine: 2 workers drain a suite; kill -9 of one mid-job → the job finishes on the other, counted once, same values as the local engine; a poisoned job fails with its error; notebooks run as jobs', async (t) => {
  if (skip || !redis) return t.skip(skip || 'no Redis');
  const data = tmp('suite-q-data-');
  smdFiles(data, 'machine-9-1');
  smdFiles(data, 'machine-9-2', true);
  const suite: Suite = {
    name: 'q', description: '', pipeline: 'series', datasets: [], settings: {}, seeds: [5], series: [{ layout: 'smd', dir: data, entities: '*' }],
    detectors: { conv1d_ae: { model: { dropout: 0, filters: [8, 8, 8, 8] }, train: { epochs: 3, steps_per_epoch: 4, batch_size: 32, val_steps: 1 } }, pca: {}, random: {} },
    l1: { preprocess: { window: 16 }, eval: { vus_max_window: 10, baselines: { fit_windows: 200 } } },
  };
  const [a, b] = await Promise.all([startWorker(redis.url), startWorker(redis.url)]);
  const address = parseQueueUrl(redis.url);
  const out = path.join(tmp('suite-q-'), 'suite');
  const p = prepareSuite({ suite, suiteFile: 'q.json', preset: 'smoke', out });
  // Kill the worker that runs the conv1d_ae job (the longest) once that job is running.
  let killed: { pid: number; key: string } | null = null;
  const queue = new Queue(QUEUE_NAME, { connection: { host: '127.0.0.1', port: redis.port } });
  const watcher = (async () => {
    for (let i = 0; i < 600 && !killed; i++) {
      for (const j of await queue.getActive()) {
        const victim = [a, b].find((w) => j.processedBy?.endsWith(`:${w.proc.pid}`));
        if (victim && j.id!.includes('conv1d_ae')) {
          await new Promise((r) => setTimeout(r, 1500)); // well inside the job
          victim.proc.kill('SIGKILL');
          killed = { pid: victim.proc.pid!, key: j.id! };
          break;
        }
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  })();
  const engine: Engine = { name: 'queue', run: (tasks, onRecord) => runOnQueue(address, tasks, { retries: 1, pollMs: 300, onRecord: (r) => onRecord(r) }) };
  const r = await runSuite(p, engine);
  await watcher;
  await queue.close();
  assert.ok(killed, 'a worker was killed mid-job');
  const k = killed as { pid: number; key: string };
  const rec = r.records.find((x) => x.key === k.key)!;
  assert.equal(rec.status, 'complete');
  assert.ok(!rec.worker.endsWith(`:${k.pid}`), `finished on the other worker (${rec.worker})`);
  assert.ok(rec.attempts >= 2, `the stall counts as an attempt (${rec.attempts})`);
  const failed = r.records.filter((x) => x.status === 'failed');
  assert.deepEqual(failed.map((x) => x.label).sort(), ['machine-9-2/conv1d_ae/seed-5', 'machine-9-2/pca/seed-5', 'machine-9-2/random/seed-5']);
  for (const f of failed) {
    assert.match(f.error!, /machine-9-2_test\.csv: data row 10, column 1 \("f0"\) holds "oops", not a number/);
    assert.equal(f.attempts, 1, 'a job error is final: not retried');
  }
  const counts = (await queueState(address)).counts;
  assert.equal(counts.failed, 3);
  assert.equal(counts.completed, 3);
  const rows = r.board.series.filter((x) => x.series === 'machine-9-1');
  assert.deepEqual(rows.map((x) => [x.detector, x.seeds]), [['conv1d_ae', 1], ['pca', 1], ['random', 1], ['random (control)', 1]], 'each job counted once');
  assert.ok(fs.existsSync(path.join(out, 'runs', 'machine-9-1', 'conv1d_ae', 'seed-5', 'detector', 'model.json')), 'the job folder came back');
  // The good series on the local engine: the same jobs (same keys), the same leaderboard values (dropout 0: every job deterministic).
  const localOut = path.join(tmp('suite-q-local-'), 'suite');
  const good: Suite = { ...suite, series: [{ layout: 'smd', dir: data, entities: ['machine-9-1'] }] };
  const local = await runSuite(prepareSuite({ suite: good, suiteFile: 'q.json', preset: 'smoke', out: localOut }), { name: 'local', run: (tasks, onRecord) => runLocal(tasks, { workers: 2, retries: 0, onRecord }) });
  assert.deepEqual(local.board, r.board);
  assert.equal(fs.readFileSync(path.join(localOut, 'leaderboard_series.csv'), 'utf8'), fs.readFileSync(path.join(out, 'leaderboard_series.csv'), 'utf8'));
  // Submitting the same suite again adds nothing: the job ids are their keys.
  const q2 = new Queue(QUEUE_NAME, { connection: { host: '127.0.0.1', port: redis.port } });
  const before2 = (await q2.getJobCounts('completed')).completed;
  fs.rmSync(path.join(out, 'runs', 'machine-9-1', 'pca'), { recursive: true });
  const again = await runSuite(p, engine);
  assert.equal((await q2.getJobCounts('completed')).completed, before2, 'the complete job is taken from the queue, not run again');
  assert.equal(again.records.filter((x) => x.status === 'complete').length, 3);
  await q2.close();
  // The nightly notebooks on the same workers: one job per notebook, executed copies written locally, failures reported.
  const fixture = (f: string) => path.join(REPO_ROOT, 'test', 'fixtures', 'notebooks', f);
  const nbOut = tmp('suite-q-nb-');
  const nbs = await runNotebooksOnQueue(redis.url, [fixture('ok.ipynb'), fixture('fail.ipynb')], { preset: 'smoke', outDir: nbOut, cellTimeoutMs: 60_000 });
  assert.deepEqual(nbs.map((x) => x.status), ['ok', 'failed']);
  assert.equal(nbs[0].outPath, path.join(nbOut, 'ok.ipynb'));
  const executed = JSON.parse(fs.readFileSync(nbs[0].outPath, 'utf8'));
  assert.ok(executed.cells.some((c: { outputs?: unknown[] }) => (c.outputs ?? []).length > 0), 'the executed copy has outputs');
  assert.ok(fs.existsSync(path.join(nbOut, 'fail.ipynb')));
  b.proc.kill('SIGTERM');
  a.proc.kill('SIGTERM');
});

test('benchmark, worker and notebooks --queue CLIs: unreachable Redis, unknown detector, missing series → exit 2 with a clear message; --status shows the queue', async (t) => {
  const closed = await freePort();
  const dir = tmp('suite-cli-');
  const missing = path.join(dir, 'missing.json');
  fs.writeFileSync(missing, JSON.stringify({ name: 'm', series: [{ layout: 'files', id: 'x', train: path.join(dir, 'train.csv'), test: path.join(dir, 'test.csv'), labels: path.join(dir, 'labels.csv') }], detectors: { pca: {} } }));
  const runs = await Promise.all([
    cli('cli/benchmark.ts', ['--suite', 'demo', '--queue', `redis://127.0.0.1:${closed}`, '--out', path.join(dir, 'o1')]),
    cli('cli/worker.ts', ['--queue', `redis://127.0.0.1:${closed}`]),
    cli('cli/benchmark.ts', ['--suite', 'demo', '--detectors', 'pca,magic', '--out', path.join(dir, 'o2')]),
    cli('cli/benchmark.ts', ['--suite', missing, '--out', path.join(dir, 'o3')]),
    cli('cli/worker.ts', []),
    cli('cli/notebooks.ts', ['--queue', `redis://127.0.0.1:${closed}`, 'notebooks/metrics-explained.ipynb']),
  ]);
  const [unreachable, workerUnreachable, unknown, missingSeries, noQueue, notebooksUnreachable] = runs;
  assert.equal(notebooksUnreachable.code, 2, notebooksUnreachable.out);
  assert.match(notebooksUnreachable.out, /notebooks: cannot reach Redis at redis:\/\/127\.0\.0\.1:\d+/);
  assert.equal(unreachable.code, 2, unreachable.out);
  assert.match(unreachable.out, new RegExp(`benchmark: cannot reach Redis at redis://127\\.0\\.0\\.1:${closed}: .*ECONNREFUSED`));
  assert.equal(workerUnreachable.code, 2, workerUnreachable.out);
  assert.match(workerUnreachable.out, /worker: cannot reach Redis at/);
  assert.equal(unknown.code, 2, unknown.out);
  assert.match(unknown.out, /unknown detector "magic" for a series suite \(suites run: conv1d_ae, pca, iforest, kmeans, knn, hbos, random\)/);
  assert.equal(missingSeries.code, 2, missingSeries.out);
  assert.match(missingSeries.out, /series "x": train file .*train\.csv not found/);
  assert.equal(noQueue.code, 2);
  assert.match(noQueue.out, /--queue redis:\/\/HOST:PORT is required/);
  for (const o of ['o1', 'o2', 'o3']) assert.ok(!fs.existsSync(path.join(dir, o)), `nothing written for ${o}`);
  if (skip || !redis) return t.skip(`--status: ${skip || 'no Redis'}`);
  const status = await cli('cli/benchmark.ts', ['--status'], { REDIS_URL: redis.url });
  assert.equal(status.code, 0, status.out);
  assert.match(status.out, /queue seqsentry at redis:\/\/127\.0\.0\.1:\d+: \d+ waiting, \d+ running, \d+ waiting to retry, \d+ complete, \d+ failed/);
});

test('npm run nids -- --mode cluster --queue URL: the run is one job, a worker trains it, its run folder comes back complete; without a queue exit 2', async (t) => {
  const dir = tmp('suite-nids-cluster-');
  const rng = createRng(5);
  const blobs = (n: number) => {
    const y = Int32Array.from({ length: n }, () => rng.int(0, 2));
    const x = Float32Array.from({ length: n * 4 }, (_, i) => rng.normal() * 0.6 + (i % 4 === y[Math.floor(i / 4)] ? 2.5 : 0));
    return { x, y, w: new Float32Array(n).fill(1), n };
  };
  for (const [name, n] of [['train_df', 300], ['val_df', 80], ['test_df', 80]] as const) writePreparedParquet(path.join(dir, `${name}.parquet`), blobs(n), 4);
  fs.writeFileSync(path.join(dir, 'label_indexer.json'), JSON.stringify({ labels: ['BENIGN', 'DoS', 'PortScan'] }));
  const args = ['--mode', 'cluster', '--train-path', path.join(dir, 'train_df.parquet'), '--epochs', '1', '--num_processes', '2', '--baselines.softmax_epochs', '1', '--no-progress', '--out', path.join(dir, 'run')];
  const noQueue = await cli('cli/nids.ts', args, { REDIS_URL: '' });
  assert.equal(noQueue.code, 2, noQueue.out);
  assert.match(noQueue.out, /--mode cluster submits the run to a job queue: give --queue/);
  if (skip || !redis) return t.skip(skip || 'no Redis');
  const w = await startWorker(redis.url);
  const r = await cli('cli/nids.ts', [...args, '--queue', redis.url]);
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /trained on \S+ in [\d.]+ s: weighted F1 [01]\.\d{4}/);
  const run = path.join(dir, 'run');
  const manifest = JSON.parse(fs.readFileSync(path.join(run, 'run.json'), 'utf8'));
  assert.deepEqual([manifest.kind, manifest.status], ['nids', 'complete']);
  const cfg = JSON.parse(fs.readFileSync(path.join(run, 'config.json'), 'utf8'));
  assert.deepEqual([cfg.mode, cfg.num_processes, cfg.epochs], ['cluster', 2, 1], 'the worker ran the config as submitted');
  assert.ok(typeof JSON.parse(fs.readFileSync(path.join(run, 'metrics.json'), 'utf8'))['gru_classifier.test.weighted_f1'] === 'number');
  assert.ok(fs.existsSync(path.join(run, 'report.html')));
  w.proc.kill('SIGTERM');
});
