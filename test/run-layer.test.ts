// The run layer (lib/run): folders it may use, the manifest, the lock, interrupted runs, stale temps,
// resume checks, and the exit-code convention of every CLI. Every destructive case runs in temp folders.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fromRoot, REPO_ROOT } from '../lib/io/paths';
import { checkRunDir, readManifest, Run, runStatus, UsageError, withRun } from '../lib/run';
import { parseCli } from '../lib/run/cli';
import { syntheticL1Data, toCsv } from '../lib/l1/01-inputs/synthetic';
import { sharedApt29 } from './helpers';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'seqsentry-runlayer-'));
test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));
const quiet = () => {};
let n = 0;
const fresh = (name: string) => path.join(tmp, `${name}-${n++}`);

/** A folder holding one file the tool did not create. */
function foreign(name: string): { dir: string; file: string } {
  const dir = fresh(name);
  fs.mkdirSync(dir);
  const file = path.join(dir, 'precious.txt');
  fs.writeFileSync(file, 'keep me');
  return { dir, file };
}

test('checkRunDir refuses the root, home, the repository and its parents, files, input folders and foreign folders', () => {
  const refuse = (dir: string, re: RegExp, inputs: string[] = []) => assert.throws(() => checkRunDir(dir, { kind: 'l1', inputs }), (e: Error) => e instanceof UsageError && re.test(e.message));
  refuse('/', /file-system root/);
  refuse(os.homedir(), /home folder|contains the repository/);
  refuse(REPO_ROOT, /repository root/);
  refuse(path.dirname(REPO_ROOT), /contains the repository/);
  const f = foreign('f');
  refuse(f.dir, /not empty \(precious\.txt\) and has no run\.json/);
  refuse(f.file, /is a file/);
  refuse(f.dir, /holds an input of this run/, [f.file]);
  refuse(path.dirname(f.dir), /holds an input of this run/, [f.file]);
  assert.equal(fs.readFileSync(f.file, 'utf8'), 'keep me');
  // Allowed: missing, empty, a run folder of the same kind; another kind's folder is refused.
  checkRunDir(path.join(tmp, 'missing', 'deeper'), { kind: 'l1' });
  const empty = fresh('empty');
  fs.mkdirSync(empty);
  checkRunDir(empty, { kind: 'l1' });
  fs.writeFileSync(path.join(empty, 'run.json'), JSON.stringify({ tool: 'seqsentry', kind: 'nids' }));
  checkRunDir(empty, { kind: 'nids' });
  refuse(empty, /is a nids run folder, not a l1 one/);
  fs.writeFileSync(path.join(empty, 'run.json'), JSON.stringify({ tool: 'other' }));
  refuse(empty, /run\.json is not a seqsentry run manifest/);
});

test('a run writes its manifest and config, records stages with keys, inputs and artefacts, and releases its lock', async () => {
  const dir = fresh('run');
  const input = path.join(tmp, `input-${n++}.csv`);
  fs.writeFileSync(input, 'a,b\n1,2\n');
  const config = { seed: 1, train: { epochs: 2 }, _meta: { section: 'l1', preset: 'smoke' } };
  const out = await withRun({ dir, kind: 'l1', config, inputs: [input], argv: ['--x', 'a b'], log: quiet }, async (run) => {
    const m = readManifest(dir)!;
    assert.equal(m.status, 'running');
    assert.equal(m.pid, process.pid);
    assert.ok(fs.existsSync(path.join(dir, 'run.lock')), 'locked while running');
    await run.stage('fit', () => fs.writeFileSync(path.join(dir, 'model.bin'), 'w'), { keys: { 'train.epochs': 2 }, inputs: [input] });
    await run.stage('score', () => Promise.reject(new Error('scoring broke')));
    return 7;
  }).catch((err: Error) => err);
  assert.match(String(out), /scoring broke/);
  const m = readManifest(dir)!;
  assert.equal(m.tool, 'seqsentry');
  assert.equal(m.kind, 'l1');
  assert.equal(m.status, 'failed');
  assert.match(m.error ?? '', /scoring broke/);
  assert.match(m.command, /--x 'a b'$/);
  assert.equal(m.preset, 'smoke');
  assert.match(m.config_hash, /^sha256:[0-9a-f]{64}$/);
  assert.ok(m.commit === null || /^[0-9a-f]{40}$/.test(m.commit));
  assert.deepEqual(m.inputs, [input]);
  assert.equal(m.stages.fit.status, 'complete');
  assert.deepEqual(m.stages.fit.keys, { 'train.epochs': 2 });
  assert.deepEqual(m.stages.fit.artefacts, ['model.bin']);
  assert.equal(m.stages.fit.inputs[0].size, 8);
  assert.equal(m.stages.score.status, 'failed');
  assert.deepEqual(JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')), config);
  assert.ok(!fs.existsSync(path.join(dir, 'run.lock')), 'lock released');
  // A fresh run in its own folder empties it first, and keeps the earlier run in its history.
  await withRun({ dir, kind: 'l1', config, log: quiet }, async () => {});
  assert.deepEqual(fs.readdirSync(dir).sort(), ['config.json', 'run.json']);
  assert.deepEqual(readManifest(dir)!.history.map((h) => h.status), ['failed']);
  assert.equal(runStatus(dir), 'complete');
});

test('a resume keeps what it reuses and discards what it rebuilds: artefacts and records of those stages', async () => {
  const dir = fresh('discard');
  await withRun({ dir, kind: 'gru-sae', config: {}, log: quiet }, async (run) => {
    await run.stage('encode', () => fs.writeFileSync(path.join(dir, 'x.npy'), 'x'));
    await run.stage('train', () => {
      fs.mkdirSync(path.join(dir, 'model', 'best'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'model', 'best', 'w.bin'), 'w');
    });
  });
  const run = Run.open({ dir, kind: 'gru-sae', config: {}, resume: true, log: quiet });
  run.discard(['train']);
  run.complete();
  assert.deepEqual(fs.readdirSync(dir).sort(), ['config.json', 'run.json', 'x.npy'], 'model/ and its empty folders are gone');
  assert.deepEqual(Object.keys(readManifest(dir)!.stages), ['encode']);
});

test('one writer at a time: a second run on a held folder is refused; a dead holder\'s lock is taken over', async () => {
  const dir = fresh('lock');
  const first = Run.open({ dir, kind: 'nids', config: {}, log: quiet });
  // The same process with its run still open counts as a live holder too.
  assert.throws(() => Run.open({ dir, kind: 'nids', config: {}, log: quiet }), /run folder .* is in use by pid \d+/);
  first.complete();
  const dead = spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid!;
  fs.writeFileSync(path.join(dir, 'run.lock'), JSON.stringify({ pid: dead, host: os.hostname(), started_at: 'then', command: 'x' }));
  const warnings: string[] = [];
  Run.open({ dir, kind: 'nids', config: {}, log: (l) => warnings.push(l) }).complete();
  assert.ok(warnings.some((w) => /taking over the lock .* pid \d+, which is no longer running/.test(w)), warnings.join('\n'));
});

test('a run killed without a word reads as interrupted; the next run says so and removes stale temps', async () => {
  const dir = fresh('killed');
  const script = `const { Run } = require('./lib/run'); const r = Run.open({ dir: ${JSON.stringify(dir)}, kind: 'l1', config: {}, log: () => {} });
    r.stage('train', () => new Promise(() => {})); setInterval(() => {}, 1000); console.log('ready');`;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => child.stdout!.on('data', () => resolve()));
  assert.equal(runStatus(dir), 'running');
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  assert.equal(readManifest(dir)!.status, 'running', 'kill -9 left the manifest as it was');
  assert.equal(runStatus(dir), 'interrupted', 'the dead pid says interrupted');
  fs.mkdirSync(path.join(dir, '.charts.tmp-AbC123'));
  fs.writeFileSync(path.join(dir, 'metrics.json.tmp-123-456'), '{');
  fs.mkdirSync(path.join(path.dirname(dir), `.${path.basename(dir)}.tmp-XyZ789`));
  const notes: string[] = [];
  const run = Run.open({ dir, kind: 'l1', config: {}, resume: true, log: (l) => notes.push(l) });
  run.complete();
  assert.ok(notes.some((l) => /taking over the lock/.test(l)));
  assert.ok(notes.some((l) => /removed 3 stale temp file/.test(l)), notes.join('\n'));
  assert.ok(notes.some((l) => /previous run .* was interrupted/.test(l)));
  assert.equal(readManifest(dir)!.stages.train.status, 'interrupted');
  assert.deepEqual(readManifest(dir)!.history.map((h) => h.status), ['interrupted']);
  assert.deepEqual(fs.readdirSync(path.dirname(dir)).filter((f) => f.includes('.tmp-')), []);
  assert.deepEqual(fs.readdirSync(dir).filter((f) => f.includes('.tmp-')), []);
});

test('SIGTERM during a run ends it interrupted, releasing the lock', async () => {
  const dir = fresh('sigterm');
  const script = `const { Run } = require('./lib/run'); Run.open({ dir: ${JSON.stringify(dir)}, kind: 'l1', config: {}, log: () => {} }); console.log('ready'); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => child.stdout!.on('data', () => resolve()));
  child.kill('SIGTERM');
  const code = await new Promise((r) => child.once('exit', (c) => r(c)));
  assert.equal(code, 143);
  assert.equal(readManifest(dir)!.status, 'interrupted');
  assert.ok(!fs.existsSync(path.join(dir, 'run.lock')));
});

test('parseCli: aliases, kebab keys, lists, --no-flag, and errors that name the flag', () => {
  const defaults = { out: null as string | null, train: { epochs: 3, units: [4] }, progress: true };
  const spec = { name: 'x', aliases: { 'output-dir': 'out', epochs: 'train.epochs' }, lists: ['train.units'], controls: { 'start-from': 'value' as const } };
  const p = parseCli(['--output-dir', 'o', '--epochs=5', '--train.units', '8', '4', '--no-progress', '--start-from', '3', '--preset', 'smoke'], defaults, spec);
  assert.deepEqual(p.overrides, { out: 'o', 'train.epochs': 5, 'train.units': [8, 4], progress: false });
  assert.deepEqual(p.controls, { 'start-from': '3' });
  assert.equal(p.preset, 'smoke');
  assert.equal(parseCli(['-h'], defaults, spec).help, true);
  assert.deepEqual(parseCli(['--train.units', '8'], defaults, spec).overrides, { 'train.units': [8] }, 'one number is a one-item list');
  assert.deepEqual(parseCli(['--train.units=[2,3]'], defaults, spec).overrides, { 'train.units': [2, 3] });
  for (const [argv, re] of [
    [['--epochs', 'abc'], /--epochs expects a number, got "abc"/],
    [['--bogus', '1'], /unknown option --bogus \(npm run x -- --help/],
    [['stray'], /unexpected argument "stray"/],
    [['--epochs'], /--epochs needs a value/],
    [['--no-progress=1'], /--no-progress takes no value/],
  ] as [string[], RegExp][]) {
    assert.throws(() => parseCli(argv, defaults, spec), (e: Error) => e instanceof UsageError && re.test(e.message), argv.join(' '));
  }
});

/** Run a CLI as the user would (`node --import tsx cli/<name>.ts`), with the npm script's name for messages. */
function cli(name: string, args: string[], env: NodeJS.ProcessEnv = {}): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', fromRoot('cli', `${name}.ts`), ...args], {
    cwd: REPO_ROOT, encoding: 'utf8', timeout: 300_000, env: { ...process.env, npm_lifecycle_event: name === 'pipeline' ? 'pipeline' : name, ...env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('every CLI: --help exits 0; an unknown flag and a bad value exit 2 naming the flag before anything is written', () => {
  const out = fresh('never');
  const cases: [string, string[], RegExp, NodeJS.ProcessEnv?][] = [
    ['pipeline', ['--epochs', '0', '--out', out], /"train\.epochs" must be an integer ≥ 1, got 0/],
    ['pipeline', ['--batch-size', '-5', '--out', out], /"train\.batch_size" must be an integer ≥ 1, got -5/],
    ['pipeline', ['--out', out], /SEQSENTRY_BACKEND="bogus" is not a backend/, { SEQSENTRY_BACKEND: 'bogus' }],
    ['pipeline', ['--start-from', '9', '--out', out], /--start-from must be a stage number 1–5, got 9/],
    ['l1', ['--dataset', 'smd', '--header', 'maybe', '--out', out], /data\.header must be "auto", "yes" or "no", got "maybe"/],
    ['l1', ['--train', path.join(tmp, 'nope.csv'), '--test', 'x', '--labels', 'y', '--out', out], /--train .*nope\.csv: file not found/],
    ['nids', ['--epochs', 'lots', '--out', out], /--epochs expects a number, got "lots"/],
    ['nids', ['--train-path', path.join(tmp, 'nope.parquet'), '--out', out], /--train-path .*nope\.parquet: training file not found/],
    ['quickstart', ['--epochs', '0', '--out', out], /"epochs" must be an integer ≥ 1, got 0/],
    ['demo-data', ['--seed', 'x', '--out', out], /--seed expects a number, got "x"/],
    ['metrics', ['--input', 'a.csv', '--vus-window', 'abc'], /--vus-window expects a number, got "abc"/],
    ['notebooks', ['--timeout', 'never'], /--timeout must be a number of seconds/],
  ];
  for (const name of ['pipeline', 'l1', 'nids', 'quickstart', 'demo-data', 'metrics', 'notebooks']) {
    const help = cli(name, ['--help']);
    assert.equal(help.code, 0, `${name} --help: ${help.err}`);
    assert.match(help.out, /usage: npm run/, name);
    const bad = cli(name, ['--no-such-flag', '1']);
    assert.equal(bad.code, 2, `${name} --no-such-flag: ${bad.err}`);
    assert.match(bad.err, /unknown option --no-such-flag/, name);
  }
  for (const [name, args, re, env] of cases) {
    const r = cli(name, args, env);
    assert.equal(r.code, 2, `${name} ${args.join(' ')}: ${r.err}`);
    assert.match(r.err, re, `${name} ${args.join(' ')}`);
  }
  assert.ok(!fs.existsSync(out), 'no run folder was created');
});

test('--out refuses a folder the tool did not create, and the folder of the inputs; the files stay', async () => {
  const d = syntheticL1Data({ features: 3 });
  const inputs = fresh('l1-inputs');
  fs.mkdirSync(inputs);
  const files = { train: path.join(inputs, 'train.csv'), test: path.join(inputs, 'test.csv'), labels: path.join(inputs, 'labels.csv') };
  fs.writeFileSync(files.train, toCsv(d.train.data, 3));
  fs.writeFileSync(files.test, toCsv(d.test.data, 3));
  fs.writeFileSync(files.labels, toCsv(d.labels, 1));
  const l1 = ['--preset', 'smoke', '--train', files.train, '--test', files.test, '--labels', files.labels];
  const before = fs.readdirSync(inputs).sort();
  for (const [name, args] of [
    ['l1', [...l1, '--out', inputs]],
    ['l1', [...l1, '--output-dir', path.dirname(inputs)]],
  ] as [string, string[]][]) {
    const r = cli(name, args);
    assert.equal(r.code, 2, `${name} ${args.join(' ')}: ${r.err}`);
    assert.match(r.err, /refusing to use .* as the run folder: it holds an input of this run/);
  }
  assert.deepEqual(fs.readdirSync(inputs).sort(), before, 'the inputs are untouched');
  for (const [name, args] of [
    ['l1', l1],
    ['nids', ['--preset', 'smoke']],
    ['pipeline', ['--preset', 'smoke']],
    ['quickstart', ['--preset', 'smoke']],
    ['demo-data', ['--preset', 'smoke']],
  ] as [string, string[]][]) {
    const f = foreign(name);
    const r = cli(name, [...args, name === 'nids' ? '--output-dir' : '--out', f.dir]);
    assert.equal(r.code, 2, `${name}: ${r.err}`);
    assert.match(r.err, /refusing to use .*: it is not empty \(precious\.txt\) and has no run\.json.*choose another --out/, name);
    assert.deepEqual(fs.readdirSync(f.dir), ['precious.txt']);
    assert.equal(fs.readFileSync(f.file, 'utf8'), 'keep me');
  }
});

const waitFor = async (what: string, ms: number, probe: () => boolean) => {
  const deadline = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

test('pipeline resume: a changed key is refused with a full rebuild command; a second writer is refused; kill -9 mid-stage reads as interrupted', { timeout: 600_000 }, async () => {
  const env = { SEQSENTRY_SHARED_DATA: await sharedApt29(fresh('apt29')) };
  const out = fresh('pipeline');
  const base = ['--dataset', 'apt29', '--preset', 'smoke', '--out', out];
  const first = cli('pipeline', [...base, '--stop-at', '2'], env);
  assert.equal(first.code, 0, first.err + first.out);
  const xTest = path.join(out, 'encoded', 'X_test.npy');
  const stamp = fs.statSync(xTest).mtimeMs;

  const changed = cli('pipeline', ['--dataset', 'apt29', '--out', out, '--start-from', '3', '--seq-len', '12'], { ...env, SEQSENTRY_PRESET: 'smoke' });
  assert.equal(changed.code, 2, changed.err);
  assert.match(changed.err, /stage 2 \(encode\) was built with encoding\.seq_len = 10, but this run asks for 12/);
  assert.match(changed.err, /rebuild from stage 2: npm run pipeline -- --dataset apt29 --out \S+ --seq-len 12 --preset smoke --start-from 2/);
  assert.equal(fs.statSync(xTest).mtimeMs, stamp, 'the encoded windows are untouched');
  assert.equal(readManifest(out)!.status, 'complete', 'the refused run changed nothing');

  // A long training run holds the folder; a second run on it is refused; kill -9 leaves it interrupted.
  const long: ChildProcess = spawn(process.execPath, ['--import', 'tsx', fromRoot('cli', 'pipeline.ts'), ...base, '--start-from', '3', '--epochs', '100000', '--stopping-strategy', 'none'], {
    cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: 'ignore',
  });
  try {
    await waitFor('stage 3 to start', 120_000, () => readManifest(out)?.stages.train?.status === 'running');
    const second = cli('pipeline', [...base, '--start-from', '3'], env);
    assert.equal(second.code, 2, second.err);
    assert.match(second.err, /run folder .* is in use by pid \d+/);
    long.kill('SIGKILL');
    await new Promise((r) => long.once('exit', r));
  } finally {
    if (long.exitCode === null && long.signalCode === null) long.kill('SIGKILL');
  }
  assert.equal(runStatus(out), 'interrupted');
  fs.mkdirSync(path.join(out, '.charts.tmp-Qw12Er'));
  const after = cli('pipeline', [...base, '--start-from', '4'], env);
  assert.equal(after.code, 2, after.err);
  assert.match(after.err, /stage 3 \(train\) is interrupted in this folder; rebuild from stage 3: .*--start-from 3/);
  const resumed = cli('pipeline', [...base, '--start-from', '3', '--stop-at', '3', '--epochs', '1'], env);
  assert.equal(resumed.code, 0, resumed.err + resumed.out);
  assert.match(resumed.out + resumed.err, /previous run .* was interrupted/);
  assert.deepEqual(fs.readdirSync(out).filter((f) => f.includes('.tmp-')), [], 'stale temps removed');
  const m = readManifest(out)!;
  assert.equal(m.status, 'complete');
  assert.equal(m.stages.train.status, 'complete');
  assert.equal(m.config.train && (m.config.train as { epochs: number }).epochs, 1, 'config says what the model was trained with');
  assert.ok(m.history.some((h) => h.status === 'interrupted'));
});
