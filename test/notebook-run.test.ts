// Integration tests: these really start tslab kernels (about 3 s each) through the CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fromRoot, REPO_ROOT } from '../lib/io/paths';
import { KernelClient } from '../lib/notebook/kernel';
import type { Notebook, Output } from '../lib/notebook/nbformat';

const FIXTURES = fromRoot('test', 'fixtures', 'notebooks');
const fixture = (name: string) => path.join(FIXTURES, name);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'seqsentry-nbtest-'));
test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Run the notebooks CLI; stdout and stderr together. */
function cli(...args: string[]): { code: number | null; out: string } {
  return cliWith(process.env, ...args);
}

function cliWith(env: NodeJS.ProcessEnv, ...args: string[]): { code: number | null; out: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', fromRoot('cli', 'notebooks.ts'), ...args], {
    cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000, env,
  });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

const readNb = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as Notebook;
const text = (outs: Output[] | undefined) => (outs ?? []).map((o) => ('text' in o ? o.text : '')).join('');

test('a good and a failing notebook: the good one runs fully, the failure names notebook and cell, exit 1', () => {
  const out = path.join(tmp, 'run1');
  const sources = ['ok.ipynb', 'fail.ipynb'].map((f) => fs.readFileSync(fixture(f), 'utf8'));
  const r = cli('--out-dir', out, fixture('ok.ipynb'), fixture('fail.ipynb'));
  assert.equal(r.code, 1, r.out);
  assert.deepEqual(['ok.ipynb', 'fail.ipynb'].map((f) => fs.readFileSync(fixture(f), 'utf8')), sources, 'sources unchanged');
  // Failure report: notebook path, cell number among all cells, first source line, error message.
  assert.match(r.out, /FAILED: test\/fixtures\/notebooks\/fail\.ipynb/);
  assert.match(r.out, /cell 3 \(counting all cells from 1; code cell 2\): \/\/ this cell throws/);
  assert.match(r.out, /Error: deliberate failure/);
  // fail.ipynb sorts first, yet ok.ipynb still ran; the summary lists both.
  assert.match(r.out, /fail\.ipynb\s+2\/3\s+[\d.]+\s+failed/);
  assert.match(r.out, /ok\.ipynb\s+4\/5\s+[\d.]+\s+ok/);

  const ok = readNb(path.join(out, 'ok.ipynb'));
  assert.equal(ok.nbformat_minor, 5);
  assert.ok(ok.cells.every((c) => typeof c.id === 'string'));
  assert.equal(ok.cells[0].id, 'intro');
  assert.deepEqual(ok.cells.map((c) => c.execution_count), [undefined, 1, 2, null, 3, 4, undefined]);
  assert.equal(text(ok.cells[1].outputs), 'hello from the kernel\n42\n');
  assert.equal(text(ok.cells[2].outputs), 'true true\n', 'imports from ./lib/io/paths and the folder ./lib/config work');
  const displays = ok.cells[4].outputs ?? [];
  assert.deepEqual(displays.map((o) => o.output_type), ['display_data', 'display_data']);
  assert.deepEqual('data' in displays[1] && displays[1].data['application/vnd.vegalite.v5+json'], { mark: 'bar', data: { values: [{ a: 1 }] } });
  assert.deepEqual((ok.cells[5].outputs ?? []).map((o) => ('data' in o ? o.data['text/plain'] : o.output_type)), ['updated', 'stream']);
  assert.equal(ok.cells[6].cell_type, 'raw');

  const failed = readNb(path.join(out, 'fail.ipynb'));
  assert.deepEqual(failed.cells.map((c) => c.execution_count), [undefined, 1, 2, null]);
  const err = failed.cells[2].outputs?.[0];
  assert.equal(err?.output_type, 'error');
  assert.ok(err?.output_type === 'error' && err.ename === 'Error' && err.evalue === 'deliberate failure');
  assert.deepEqual(failed.cells[3].outputs, []);
});

test('a cell awaiting a long promise is reported as a timeout', () => {
  const t = Date.now();
  const r = cli('--out-dir', path.join(tmp, 'run2'), '--timeout', '2', fixture('timeout.ipynb'));
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /TIMEOUT: test\/fixtures\/notebooks\/timeout\.ipynb/);
  assert.match(r.out, /cell 1 .*await new Promise/);
  assert.match(r.out, /timeout\.ipynb\s+1\/2\s+[\d.]+\s+timeout/);
  assert.ok(Date.now() - t < 20_000);
});

test('--preset reaches the kernel; a kernel that exits mid-cell is reported as crashed', () => {
  const out = path.join(tmp, 'run3');
  const r = cli('--out-dir', out, '--preset', 'smoke', fixture('crash.ipynb'));
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /CRASHED: test\/fixtures\/notebooks\/crash\.ipynb/);
  assert.match(r.out, /cell 3 .*process\.exit\(3\)/);
  assert.match(r.out, /kernel process exited \(code 3\)/);
  const nb = readNb(path.join(out, 'crash.ipynb'));
  assert.equal(text(nb.cells[1].outputs), `preset=smoke cwd=${REPO_ROOT}\n`);
  assert.equal(nb.cells[2].outputs?.[0]?.output_type, 'error');
});

test('bad input is rejected up front with a clear message and exit 2', () => {
  const notNb = path.join(tmp, 'data.json');
  const badJson = path.join(tmp, 'bad.ipynb');
  const v3 = path.join(tmp, 'v3.ipynb');
  fs.writeFileSync(notNb, '{}');
  fs.writeFileSync(badJson, '{"cells": [');
  fs.writeFileSync(v3, JSON.stringify({ nbformat: 3, nbformat_minor: 0, worksheets: [] }));
  const cases: Array<[string[], RegExp]> = [
    [[path.join(tmp, 'missing.ipynb')], /notebook path not found: .*missing\.ipynb/],
    [[notNb], /not a notebook \(expected a \.ipynb file or a folder\): .*data\.json/],
    [[badJson], /bad\.ipynb: invalid notebook JSON/],
    [[v3], /v3\.ipynb: unsupported nbformat 3/],
    [['--preset', 'no-such-preset', fixture('ok.ipynb')], /unknown preset "no-such-preset".*known presets: .*smoke/],
    [['--timeout', 'soon', fixture('ok.ipynb')], /--timeout must be a number of seconds/],
    [['--timeout', '1e9', fixture('ok.ipynb')], /--timeout must be a number of seconds in \(0, 86400\]/],
    [[fixture('ok.ipynb'), badJson], /bad\.ipynb: invalid notebook JSON/],
  ];
  for (const [args, want] of cases) {
    const r = cli('--out-dir', path.join(tmp, 'never'), ...args);
    assert.equal(r.code, 2, r.out);
    assert.match(r.out, want);
  }
  const own = cli('--out-dir', FIXTURES, fixture('ok.ipynb'));
  assert.equal(own.code, 2, own.out);
  assert.match(own.out, /would overwrite the source .*ok\.ipynb; choose another --out-dir/);
  const env = cliWith({ ...process.env, SEQSENTRY_PRESET: 'nope' }, '--out-dir', path.join(tmp, 'never'), fixture('ok.ipynb'));
  assert.equal(env.code, 2, env.out);
  assert.match(env.out, /unknown preset "nope"/);
  assert.equal(fs.existsSync(path.join(tmp, 'never')), false, 'nothing ran');
});

test('--out-dir at an existing file (or under one) is rejected before any kernel starts, naming flag and path', () => {
  const file = path.join(tmp, 'a-file');
  fs.writeFileSync(file, 'not a folder');
  const nb = path.join(tmp, 'outdir-check.ipynb');
  fs.copyFileSync(fixture('ok.ipynb'), nb);
  const cases: Array<[string, RegExp]> = [
    [file, /--out-dir .*a-file is an existing file; pass a folder that exists or can be created, or move .*a-file out of the way/],
    [path.join(file, 'sub', 'dir'), /--out-dir .*a-file\/sub\/dir: its ancestor .*a-file is an existing file/],
  ];
  for (const [outDir, want] of cases) {
    const t = Date.now();
    const r = cli('--out-dir', outDir, nb);
    assert.equal(r.code, 2, r.out);
    assert.match(r.out, want);
    assert.ok(r.out.includes(outDir), 'the message names the path as given');
    assert.doesNotMatch(r.out, /▶/, 'no notebook was started');
    assert.ok(Date.now() - t < 15_000, 'returned without starting a kernel');
  }
  assert.equal(fs.readFileSync(file, 'utf8'), 'not a folder', 'the file is untouched');
  if (process.getuid?.() !== 0) {
    // Root may write anywhere, so the permission check can only be exercised as another user.
    const locked = path.join(tmp, 'locked');
    fs.mkdirSync(locked, { mode: 0o500 });
    const r = cli('--out-dir', path.join(locked, 'out'), nb);
    assert.equal(r.code, 2, r.out);
    assert.match(r.out, /--out-dir .*locked\/out: its ancestor .*locked is not writable/);
  }
});

test('--help prints usage and exits 0 even next to a bad option; every bad option exits 2 naming it', () => {
  for (const args of [['-h'], ['--timeout', 'soon', '--help']]) {
    const r = cli(...args);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /usage: npm run notebooks/);
    assert.match(r.out, /--out-dir DIR/);
  }
  const cases: Array<[string[], RegExp]> = [
    [['--frobnicate'], /unknown option --frobnicate/],
    [['--timeout'], /option --timeout needs a value/],
    [['--out-dir'], /option --out-dir needs a value/],
    [['--preset'], /option --preset needs a value/],
    [['--bail=yes'], /option --bail takes no value/],
    [['--help=me'], /option --help takes no value/],
  ];
  for (const [args, want] of cases) {
    const r = cli(fixture('ok.ipynb'), ...args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.out}`);
    assert.match(r.out, want);
    assert.match(r.out, /run with --help for usage/);
  }
});

test('an error thrown by a timer of an earlier cell fails the notebook instead of passing silently', () => {
  const r = cli('--out-dir', path.join(tmp, 'run-async'), fixture('async-error.ipynb'));
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /FAILED: test\/fixtures\/notebooks\/async-error\.ipynb/);
  assert.match(r.out, /cell 2 .*uncaught asynchronous error .*UncaughtException: Error: async boom/s);
});

test('kernel:install writes a kernelspec whose argv starts a working kernel in the repo root', async () => {
  const prefix = path.join(tmp, 'prefix');
  const r = spawnSync(process.execPath, ['--import', 'tsx', fromRoot('cli', 'kernel-install.ts'), '--prefix', prefix], { cwd: REPO_ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const spec = JSON.parse(fs.readFileSync(path.join(prefix, 'share', 'jupyter', 'kernels', 'seqsentry', 'kernel.json'), 'utf8'));
  assert.equal(spec.display_name, 'TypeScript (seqsentry)');
  assert.equal(spec.language, 'typescript');
  assert.deepEqual(spec.argv, [process.execPath, fromRoot('cli', 'tslab-kernel.cjs'), '{connection_file}']);
  const kernel = await KernelClient.start({ command: (file) => spec.argv.map((a: string) => (a === '{connection_file}' ? file : a)) });
  try {
    let out = '';
    const res = await kernel.execute('process.cwd()', { timeoutMs: 20_000, onOutput: (m) => (out += String(m.content.text ?? '')) });
    assert.equal(res.status, 'ok');
    assert.equal(out, `${REPO_ROOT}\n`);
  } finally {
    await kernel.shutdown();
  }
  assert.equal(kernel.alive, false);
});
