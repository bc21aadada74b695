import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import test from 'node:test';
import { resolveL1Config } from '../lib/l1/config';
import { syntheticL1Data, toCsv } from '../lib/l1/01-inputs/synthetic';
import { buildLeaderboard, CONTROL, median, toCsv as rowsCsv, type LeaderboardEntry } from '../lib/suite/leaderboard';
import { runLocal } from '../lib/suite/local';
import { detectorConfig, planJobs } from '../lib/suite/plan';
import { progressLine, formatSeconds } from '../lib/suite/progress';
import { parseQueueUrl } from '../lib/suite/queue/connection';
import { packDir, unpackDir } from '../lib/suite/queue/pack';
import { prepareSuite, runSuite, type Engine } from '../lib/suite/run-suite';
import { expandSeries } from '../lib/suite/series';
import { parseSuite, type Suite } from '../lib/suite/spec';
import { findSuite } from '../lib/suite/cli-args';
import { sharedDataDir } from '../lib/io/paths';

const tmp = (p: string) => fs.mkdtempSync(path.join(os.tmpdir(), p));

/** SMD-layout files (no header) of the synthetic series under `dir`; `poison` puts a NaN into the test file. */
function smdFiles(dir: string, entity: string, opts: { seed?: number; poison?: boolean } = {}): void {
  const d = syntheticL1Data({ seed: opts.seed ?? 8 });
  const F = d.train.names.length;
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${entity}_train.csv`), toCsv(d.train.data, F));
  let test = toCsv(d.test.data, F);
  if (opts.poison) test = test.split('\n').map((l, i) => (i === 41 ? l.replace(/^[^,]+/, 'NaN') : l)).join('\n');
  fs.writeFileSync(path.join(dir, `${entity}_test.csv`), test);
  fs.writeFileSync(path.join(dir, `${entity}_test_label.csv`), toCsv(d.labels, 1));
}

const SUITE_TEXT = JSON.stringify({
  name: 'tiny', series: [{ layout: 'synthetic', id: 'synth-a', seed: 8 }], detectors: { pca: {}, random: {} }, seeds: [1],
  l1: { preprocess: { window: 16 }, eval: { vus_max_window: 10, baselines: { fit_windows: 200 } } },
});

test('parseSuite: a valid suite; every bad key, layout or value is an error naming the file and the key', () => {
  const s = parseSuite(SUITE_TEXT, 'tiny.json');
  assert.equal(s.name, 'tiny');
  assert.deepEqual(s.seeds, [1]);
  const bad = (patch: object, re: RegExp) => assert.throws(() => parseSuite(JSON.stringify({ ...JSON.parse(SUITE_TEXT), ...patch }), 'x.json'), re);
  bad({ detector: {} }, /x\.json: unknown key "detector"/);
  bad({ series: [{ layout: 'csv' }] }, /series\[0\]\.layout must be one of smd, files, synthetic/);
  bad({ series: [{ layout: 'smd', dir: 'd', entities: [] }] }, /entities must be "\*"/);
  bad({ series: [{ layout: 'files', id: 'a', train: 't' }] }, /series\[0\]\.test must be a non-empty string/);
  bad({ series: [{ layout: 'synthetic', id: 'a', rows: 3 }] }, /unknown key "series\[0\]\.rows"/);
  bad({ seeds: [1.5] }, /"seeds" must be a non-empty list of integers/);
  bad({ detectors: { pca: 3 } }, /detectors\.pca must be an object/);
  assert.throws(() => parseSuite('{', 'y.json'), /suite y\.json is not valid JSON/);
  assert.throws(() => findSuite('no-such-suite'), /suite "no-such-suite" not found .*shipped suites: .*smd-4/);
  assert.equal(findSuite('smd-4').suite.series[0].layout, 'smd');
});

test('expandSeries: SMD folders ("*" or listed entities), explicit files, synthetic; a missing series names what is missing', () => {
  const dir = tmp('suite-series-');
  smdFiles(dir, 'machine-9-1');
  smdFiles(dir, 'machine-9-2', { seed: 9 });
  const all = expandSeries([{ layout: 'smd', dir, entities: '*' }]);
  assert.deepEqual(all.map((s) => s.id), ['machine-9-1', 'machine-9-2']);
  assert.equal(all[0].layout === 'files' && all[0].header, 'no');
  assert.match(all[0].layout === 'files' ? all[0].labels : '', /machine-9-1_test_label\.csv$/);
  assert.throws(() => expandSeries([{ layout: 'smd', dir, entities: ['machine-9-3'] }]), /series "machine-9-3": no machine-9-3_train\/test\/test_label files .*entities present: machine-9-1, machine-9-2/);
  assert.throws(() => expandSeries([{ layout: 'smd', dir: path.join(dir, 'nope'), entities: '*' }]), /series folder .*nope not found/);
  assert.throws(() => expandSeries([{ layout: 'files', id: 'f', train: path.join(dir, 'machine-9-1_train.csv'), test: path.join(dir, 'gone.csv'), labels: path.join(dir, 'machine-9-1_test_label.csv') }]), /series "f": test file .*gone\.csv not found/);
  assert.throws(() => expandSeries([{ layout: 'synthetic', id: 'a' }, { layout: 'synthetic', id: 'a' }]), /series "a" is listed twice/);
});

test('planJobs: one job per (series, detector, seed); the key is stable and changes with any setting; suite settings are checked', () => {
  const l1 = resolveL1Config({ preset: 'smoke' });
  const series = expandSeries([{ layout: 'synthetic', id: 's1' }, { layout: 'synthetic', id: 's2', seed: 3 }]);
  const plan = (settings: Record<string, Record<string, unknown>>, seeds = [1, 2]) => planJobs({ suite: 't', series, detectors: settings, seeds, l1 });
  const a = plan({ conv1d_ae: { model: { dropout: 0 } }, pca: {} });
  assert.equal(a.length, 8);
  assert.equal(new Set(a.map((j) => j.key)).size, 8);
  assert.match(a[0].key, /^s1__conv1d_ae__s1__[0-9a-f]{12}$/);
  assert.equal(a[0].rel, 'runs/s1/conv1d_ae/seed-1');
  assert.deepEqual(plan({ conv1d_ae: { model: { dropout: 0 } }, pca: {} }).map((j) => j.key), a.map((j) => j.key));
  assert.notEqual(plan({ conv1d_ae: { model: { dropout: 0.2 } }, pca: {} })[0].key, a[0].key);
  assert.equal((a[0].config.detector_config.model as { dropout: number }).dropout, 0);
  assert.equal(a[0].config.detector_config.seed, 1);
  assert.equal(a[1].config.detector_config.seed, 2);
  assert.throws(() => plan({ gru_sae: {} }), /unknown detector "gru_sae" for a series suite \("gru_sae" is a detector, but not one that fits on a series; suites run: conv1d_ae, pca, iforest, kmeans, knn, hbos, random\)/);
  assert.throws(() => plan({ magic: {} }), /unknown detector "magic"/);
  assert.throws(() => detectorConfig('pca', l1, 1, { component: 3 }), /suite settings of detector "pca": unknown config key "component"/);
  assert.equal(detectorConfig('pca', l1, 1).representation, 'summarise');
});

test('buildLeaderboard: each job key counts once; control rows from random.test.*; means over seeds, mean and median over series', () => {
  const rec = (d: string, v: number, c: number) => ({ [`${d}.test.vus_pr`]: v, [`${d}.test.roc_auc`]: v, 'random.test.vus_pr': c, 'random.test.roc_auc': 0.5 });
  const e = (series: string, detector: string, seed: number, v: number, c = 0.1): LeaderboardEntry => ({ key: `${series}__${detector}__s${seed}`, series, detector, seed, metrics: rec(detector, v, c) });
  const entries = [e('m1', 'pca', 1, 0.4), e('m1', 'pca', 2, 0.6), e('m1', 'pca', 2, 0.6), e('m1', 'conv1d_ae', 1, 0.9), e('m2', 'pca', 1, 0.2, 0.3), e('m2', 'conv1d_ae', 1, 0.7, 0.3), e('m3', 'conv1d_ae', 1, 0.8, 0.2)];
  const b = buildLeaderboard(entries, ['vus_pr', 'roc_auc', 'event_recall@budget0.04'], ['conv1d_ae', 'pca']);
  const m1pca = b.series.find((r) => r.series === 'm1' && r.detector === 'pca')!;
  assert.equal(m1pca.seeds, 2, 'the duplicate entry of one key counts once');
  assert.ok(Math.abs((m1pca.vus_pr as number) - 0.5) < 1e-12);
  assert.equal(m1pca['event_recall@budget0.04'], null);
  assert.deepEqual(b.series.filter((r) => r.series === 'm1').map((r) => r.detector), ['conv1d_ae', 'pca', CONTROL]);
  assert.deepEqual(b.summary.map((r) => r.detector), ['conv1d_ae', 'pca', CONTROL], 'best mean VUS-PR first, the control last');
  const conv = b.summary[0];
  assert.equal(conv.series, 3);
  assert.ok(Math.abs((conv['vus_pr.mean'] as number) - 0.8) < 1e-12);
  assert.ok(Math.abs((conv['vus_pr.median'] as number) - 0.8) < 1e-12);
  const control = b.summary[2];
  assert.equal(control.series, 3);
  assert.ok(Math.abs((control['vus_pr.mean'] as number) - (0.1 + 0.3 + 0.2) / 3) < 1e-12);
  assert.equal(median([3, 1, 2, 10]), 2.5);
  assert.equal(rowsCsv([{ a: 'x,y', b: null }, { a: 'q"', c: 1 }]), 'a,b,c\n"x,y",,\n"q""",,1\n');
});

test('progressLine and formatSeconds', () => {
  assert.equal(progressLine({ total: 4, done: 1, failed: 1, running: 2, skipped: 0, retried: 1 }, 75, 8), '[####....] 2/4 jobs  2 running  1 failed  1 retried  1m15s');
  assert.equal(formatSeconds(3725), '1h02m');
});

test('parseQueueUrl: host, port, db, password hidden in messages; bad URLs named', () => {
  assert.deepEqual(parseQueueUrl('redis://127.0.0.1:6390'), { host: '127.0.0.1', port: 6390, db: 0, shown: 'redis://127.0.0.1:6390' });
  const a = parseQueueUrl('redis://:s3cret@cache.lan/2');
  assert.equal(a.password, 's3cret');
  assert.equal(a.db, 2);
  assert.equal(a.port, 6379);
  assert.ok(!a.shown.includes('s3cret'));
  assert.throws(() => parseQueueUrl('localhost:6379'), /--queue expects redis:\/\/HOST:PORT/);
  assert.throws(() => parseQueueUrl('http://h:1'), /protocol http/);
});

test('packDir / unpackDir: a folder round-trips byte for byte; a path leaving the folder is refused', async () => {
  const dir = tmp('suite-pack-');
  fs.mkdirSync(path.join(dir, 'a', 'b'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'a', 'b', 'w.bin'), Buffer.from([0, 1, 2, 255]));
  fs.writeFileSync(path.join(dir, 'run.json'), '{}');
  fs.writeFileSync(path.join(dir, 'run.lock'), 'held');
  const packed = JSON.parse(JSON.stringify(packDir(dir)));
  assert.deepEqual(packed.files.map((f: { path: string }) => f.path), ['a/b/w.bin', 'run.json']);
  const out = path.join(tmp('suite-unpack-'), 'copy');
  await unpackDir(packed, out);
  assert.deepEqual([...fs.readFileSync(path.join(out, 'a', 'b', 'w.bin'))], [0, 1, 2, 255]);
  await assert.rejects(unpackDir({ files: [{ path: '../evil', gz: packed.files[0].gz }], bytes: 1 }, path.join(out, 'x')), /refusing the path "\.\.\/evil"/);
  assert.ok(!fs.existsSync(path.join(out, '..', 'evil')));
});

test('runSuite, local engine: job run folders and the leaderboard; a poisoned series fails with its error while the others finish; a re-run skips complete jobs and redoes the failed one', async () => {
  const data = tmp('suite-local-data-');
  smdFiles(data, 'machine-9-1');
  smdFiles(data, 'machine-9-2', { poison: true });
  const suite: Suite = {
    name: 'tiny', description: '', pipeline: 'series', datasets: [], settings: {}, seeds: [1], series: [{ layout: 'smd', dir: data, entities: '*' }],
    detectors: { pca: {}, iforest: { trees: 20 }, random: {} }, l1: { preprocess: { window: 16 }, eval: { vus_max_window: 10, baselines: { fit_windows: 200 } } },
  };
  const out = path.join(tmp('suite-local-'), 'suite');
  const p = prepareSuite({ suite, suiteFile: 'tiny.json', preset: 'smoke', out });
  const starts: string[] = [];
  const engine: Engine = { name: 'local', run: (tasks, onRecord) => { starts.push(...tasks.map((t) => t.job.key)); return runLocal(tasks, { workers: 2, retries: 1, onRecord }); } };
  const r = await runSuite(p, engine);
  assert.equal(r.records.length, 6);
  const failed = r.records.filter((x) => x.status === 'failed');
  assert.equal(failed.length, 3);
  for (const f of failed) {
    assert.match(f.label, /^machine-9-2\//);
    assert.match(f.error!, /machine-9-2_test\.csv: data row 42, column 1 .*NaN|machine-9-2_test\.csv.*row 42/);
    assert.equal(f.attempts, 1, 'an error the job raised is not retried');
  }
  for (const name of ['leaderboard.csv', 'leaderboard_series.csv', 'leaderboard.json', 'leaderboard.html', 'run.json', 'jobs.json']) assert.ok(fs.existsSync(path.join(out, name)), name);
  const job = path.join(out, 'runs', 'machine-9-1', 'pca', 'seed-1');
  const manifest = JSON.parse(fs.readFileSync(path.join(job, 'run.json'), 'utf8'));
  assert.equal(manifest.kind, 'benchmark-job');
  assert.equal(manifest.status, 'complete');
  const metrics = JSON.parse(fs.readFileSync(path.join(job, 'metrics.json'), 'utf8'));
  assert.ok(metrics['pca.test.vus_pr'] > 0 && 'random.test.vus_pr' in metrics && 'counts.test.windows' in metrics);
  const lb = JSON.parse(fs.readFileSync(path.join(out, 'leaderboard.json'), 'utf8'));
  assert.deepEqual(lb.series.map((x: { detector: string }) => x.detector), ['pca', 'iforest', 'random', CONTROL]);
  assert.equal(lb.failed.length, 3);
  const html = fs.readFileSync(path.join(out, 'leaderboard.html'), 'utf8');
  assert.match(html, /table class="data sortable"/);
  assert.match(html, /Failed jobs \(3\)/);
  // Fix the data: the re-run runs only the three failed jobs.
  smdFiles(data, 'machine-9-2');
  starts.length = 0;
  const again = await runSuite(p, engine);
  assert.equal(starts.length, 3);
  assert.ok(starts.every((k) => k.startsWith('machine-9-2__')));
  assert.ok(again.records.every((x) => x.status === 'complete'));
  assert.equal(again.board.summary.find((x) => x.detector === 'pca')!.series, 2);
  const kept = JSON.parse(fs.readFileSync(path.join(job, 'metrics.json'), 'utf8'));
  assert.deepEqual(kept, metrics, 'a complete job is left as it was');
});

test('runLocal: a job process killed outright is retried up to the limit, then reported with how it died', async () => {
  const out = tmp('suite-crash-');
  // Every job process is killed by SIGKILL as it starts (what the OOM killer or kill -9 does).
  const crash = path.join(out, 'crash.cjs');
  fs.writeFileSync(crash, "process.kill(process.pid, 'SIGKILL');\n");
  const tasks = [{ job: { kind: 'series', key: 'k', rel: 'x', config: null } as never, dir: path.join(out, 'a') }];
  const notes: string[] = [];
  const [r] = await runLocal(tasks, { workers: 1, retries: 1, env: { NODE_OPTIONS: `--require ${crash}` }, onNote: (l) => notes.push(l) });
  assert.equal(r.status, 'failed');
  assert.equal(r.attempts, 2, `one retry after the crash (notes: ${notes.join(' | ')})`);
  assert.match(r.error!, /the job's process killed by SIGKILL before it finished/);
  assert.match(notes[0], /retrying \(1\/1\)/);
});

test('configs/suites/smd-4.json plans 84 jobs (7 detectors × 3 seeds) over the four SMD machines of ../shared/data (skips when it is absent)', (t) => {
  const shared = sharedDataDir();
  if (!shared || !fs.existsSync(path.join(shared, 'smd'))) return t.skip('../shared/data/smd is absent');
  const { suite, file } = findSuite('smd-4');
  const p = prepareSuite({ suite, suiteFile: file, preset: 'smoke', out: path.join(tmp('suite-smd-'), 's') });
  assert.equal(p.jobs.length, 84);
  const jobs = p.jobs.map((j) => (j.kind === 'series' ? j : assert.fail(`a series suite planned a ${j.kind} job`)));
  assert.deepEqual([...new Set(jobs.map((j) => j.config.series.id))], ['machine-1-6', 'machine-1-7', 'machine-2-1', 'machine-3-3']);
  assert.deepEqual([...new Set(jobs.map((j) => j.config.seed))], [42, 43, 44]);
  assert.ok(jobs.every((j) => j.config.series.layout === 'files' && j.config.series.train.startsWith('../shared/data/smd/')), 'paths stay as the suite spells them');
  assert.equal((jobs[0].config.detector_config.model as { dropout: number }).dropout, 0);
  assert.equal(jobs[0].config.detector_config.score_rows, 32, 'the shipped default score rows');
});

test('parseSuite, pipeline suites: datasets, settings and seeds; series keys, detectors or a bad pipeline are errors naming them', () => {
  const text = { name: 'p', pipeline: 'nids', datasets: ['demo-flows'], settings: { epochs: 1 }, seeds: [1, 2] };
  const s = parseSuite(JSON.stringify(text), 'p.json');
  assert.deepEqual([s.pipeline, s.datasets, s.settings, s.seeds, s.series, s.detectors], ['nids', ['demo-flows'], { epochs: 1 }, [1, 2], [], {}]);
  assert.equal(parseSuite(SUITE_TEXT, 'tiny.json').pipeline, 'series', 'series by default');
  const bad = (patch: object, re: RegExp) => assert.throws(() => parseSuite(JSON.stringify({ ...text, ...patch }), 'p.json'), re);
  bad({ pipeline: 'l2' }, /p\.json: "pipeline" must be one of series, gru-sae, nids, got "l2"/);
  bad({ detectors: { pca: {} } }, /unknown key "detectors" .*a nids suite runs the pipeline's own detectors/);
  bad({ datasets: [] }, /"datasets" must be a non-empty list of dataset names/);
  bad({ datasets: ['a', 'a'] }, /lists a dataset twice/);
  bad({ settings: 3 }, /"settings" must be an object of nids config keys/);
  assert.throws(() => parseSuite(JSON.stringify({ name: 's', series: [{ layout: 'synthetic', id: 'a' }], detectors: { pca: {} }, datasets: ['x'] }), 'q.json'), /q\.json: unknown key "datasets"/);
});

test('the shipped family suites: apt29 (GRU-SAE), cicids2017 and kdd99 (NIDS), 3 seeds each; --detectors is refused; an unknown dataset or setting names the suite and dataset (skips without ../shared/data)', (t) => {
  const shared = sharedDataDir();
  if (!shared || !['apt29', 'cicids2017', 'kdd99'].every((d) => fs.existsSync(path.join(shared, d)))) return t.skip('../shared/data/{apt29,cicids2017,kdd99} is absent');
  const out = tmp('suite-family-');
  for (const [name, pipeline, detectors] of [['apt29', 'gru-sae', ['gru_sae', 'pca', 'iforest', 'kmeans', 'knn', 'hbos']], ['cicids2017', 'nids', ['gru_classifier', 'softmax_regression', 'majority']], ['kdd99', 'nids', ['gru_classifier', 'softmax_regression', 'majority']]] as const) {
    const { suite, file } = findSuite(name);
    const p = prepareSuite({ suite, suiteFile: file, preset: 'default', out: path.join(out, name) });
    assert.deepEqual(p.jobs.map((j) => [j.kind, j.kind === 'series' ? '' : j.rel]), [42, 43, 44].map((seed) => [pipeline, `runs/${name}/seed-${seed}`]));
    assert.deepEqual(p.detectors, detectors);
    assert.equal(p.metrics[0], pipeline === 'nids' ? 'macro_f1' : 'vus_pr');
    assert.ok(p.inputs.length === 1 && p.inputs[0].endsWith(name), p.inputs.join());
    assert.throws(() => prepareSuite({ suite, suiteFile: file, preset: 'default', out: path.join(out, name), detectors: ['pca'] }), /--detectors applies to series suites/);
  }
  const nids = parseSuite(JSON.stringify({ name: 'n', pipeline: 'nids', datasets: ['nsl-kdd'] }), 'n.json');
  assert.throws(() => prepareSuite({ suite: nids, suiteFile: 'n.json', preset: 'default', out: path.join(out, 'n') }), /suite n, dataset "nsl-kdd": unknown NIDS dataset; built-in: .*cicids2017/);
  const gru = parseSuite(JSON.stringify({ name: 'g', pipeline: 'gru-sae', datasets: ['apt29'], settings: { train: { epoch: 3 } } }), 'g.json');
  assert.throws(() => prepareSuite({ suite: gru, suiteFile: 'g.json', preset: 'default', out: path.join(out, 'g') }), /suite g, dataset "apt29": .*train\.epoch/);
});

test('runSuite, pipeline suites on the demo data (smoke): a NIDS suite ranks the classifier and its baselines by macro-F1, a GRU-SAE suite every detector of stage 4 beside the chance control; a re-run skips the complete runs', async () => {
  const out = tmp('suite-pipelines-');
  const engine: Engine = { name: 'local', run: (tasks, onRecord) => runLocal(tasks, { workers: 2, retries: 0, onRecord }) };
  const nids = parseSuite(JSON.stringify({ name: 'flows', pipeline: 'nids', datasets: ['demo-flows'], seeds: [3] }), 'flows.json');
  const gru = parseSuite(JSON.stringify({ name: 'sysmon', pipeline: 'gru-sae', datasets: ['demo-sysmon'], seeds: [3, 4] }), 'sysmon.json');
  const pn = prepareSuite({ suite: nids, suiteFile: 'flows.json', preset: 'smoke', out: path.join(out, 'nids') });
  const pg = prepareSuite({ suite: gru, suiteFile: 'sysmon.json', preset: 'smoke', out: path.join(out, 'gru') });
  const [rn, rg] = [await runSuite(pn, engine), await runSuite(pg, engine)];
  assert.ok([...rn.records, ...rg.records].every((r) => r.status === 'complete'), JSON.stringify([...rn.records, ...rg.records]));

  const job = path.join(out, 'nids', 'runs', 'demo-flows', 'seed-3');
  const manifest = JSON.parse(fs.readFileSync(path.join(job, 'run.json'), 'utf8'));
  assert.deepEqual([manifest.kind, manifest.status, manifest.config.seed, manifest.config.dataset], ['nids', 'complete', 3, 'demo-flows']);
  const metrics = JSON.parse(fs.readFileSync(path.join(job, 'metrics.json'), 'utf8'));
  assert.deepEqual(rn.board.metrics.slice(0, 2), ['macro_f1', 'weighted_f1']);
  assert.deepEqual(rn.board.series.map((r) => r.detector), ['gru_classifier', 'softmax_regression', 'majority'], 'no chance control in a NIDS record');
  for (const r of rn.board.series) assert.equal(r.macro_f1, metrics[`${r.detector}.test.macro_f1`]);
  assert.match(fs.readFileSync(rn.html, 'utf8'), /series = datasets; test split = the NIDS run(&#39;|')s test split.*ranked by macro-F1/s);
  const ranked = rn.board.summary.map((r) => r['macro_f1.mean'] as number);
  assert.deepEqual(ranked, [...ranked].sort((a, b) => b - a), 'ranked by macro-F1');

  const detectors = rg.board.series.filter((r) => r.series === 'demo-sysmon').map((r) => r.detector);
  assert.deepEqual(detectors, ['gru_sae', 'pca', 'iforest', 'kmeans', 'knn', 'hbos', CONTROL]);
  assert.ok(rg.board.series.every((r) => r.seeds === 2), 'two seeds per row');
  const m3 = JSON.parse(fs.readFileSync(path.join(out, 'gru', 'runs', 'demo-sysmon', 'seed-3', 'metrics.json'), 'utf8'));
  const m4 = JSON.parse(fs.readFileSync(path.join(out, 'gru', 'runs', 'demo-sysmon', 'seed-4', 'metrics.json'), 'utf8'));
  assert.notEqual(m3['gru_sae.test.vus_pr'], m4['gru_sae.test.vus_pr'], 'the seed reaches the pipeline');
  assert.equal(rg.board.series[0].vus_pr, (m3['gru_sae.test.vus_pr'] + m4['gru_sae.test.vus_pr']) / 2);

  const again = await runSuite(pn, { name: 'none', run: async (tasks) => (tasks.length ? assert.fail(`ran ${tasks.length} jobs again`) : []) });
  assert.deepEqual(again.board.series, rn.board.series, 'the complete run is read, not redone');
});
