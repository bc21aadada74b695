// Integration tests: kernel processes and their connection folders never outlive the executor.
// They start real tslab kernels (about 3 s each); each spawned executor gets its own TMPDIR so the
// kernel folders it creates can be told apart from those of tests running in parallel.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fromRoot, REPO_ROOT } from '../lib/io/paths';
import { KernelClient } from '../lib/notebook/kernel';

const linuxOnly = process.platform === 'linux' ? false : 'reads /proc to find the kernel process (Linux only)';
// Generous: the 2-core CI box may be busy with other test files; a hang must still end.
const timeout = 120_000;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'seqsentry-lifecycle-'));
const strays: number[] = [];
test.after(() => {
  // Should a test fail with its kernel still running, do not leave it spinning (checking that the
  // pid still belongs to a kernel, not to a process that has reused it).
  for (const pid of strays) if (isRunning(pid) && cmdline(pid).some((a) => a.endsWith('tslab-kernel.cjs'))) process.kill(pid, 'SIGKILL');
  fs.rmSync(tmp, { recursive: true, force: true });
});

const code = (source: string) => ({ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source });

const writeNb = (file: string, cells: string[]) =>
  fs.writeFileSync(file, JSON.stringify({ nbformat: 4, nbformat_minor: 4, metadata: {}, cells: cells.map(code) }));

/** A notebook in its own folder; returns the folder (used as TMPDIR for the executor) and the notebook path. */
function scratch(name: string, cells: string[]): { dir: string; nb: string } {
  const dir = fs.mkdtempSync(path.join(tmp, `${name}-`));
  const nb = path.join(dir, `${name}.ipynb`);
  writeNb(nb, cells);
  return { dir, nb };
}

const kernelFolders = (dir: string) => fs.readdirSync(dir).filter((f) => f.startsWith('seqsentry-kernel-'));

/** Start the notebooks CLI as one process (no tsx wrapper), so its pid is the kernel's parent. */
function executor(dir: string, ...args: string[]): ChildProcess & { output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', fromRoot('cli', 'notebooks.ts'), ...args], {
    cwd: REPO_ROOT, env: { ...process.env, TMPDIR: dir }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (b) => (out += b));
  child.stderr.on('data', (b) => (out += b));
  return Object.assign(child, { output: () => out });
}

const stop = (child: ChildProcess) => {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
};

const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => {
  if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
  else child.once('exit', (c) => resolve(c));
});

/** `/proc/<pid>/stat` fields after the command name: [state, ppid, …]; null when the process is gone. */
function procStat(pid: number): string[] | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

function isRunning(pid: number): boolean {
  const s = procStat(pid);
  return s !== null && s[0] !== 'Z' && s[0] !== 'X';
}

/** CPU time of a process in clock ticks (utime + stime). */
const cpuTicks = (pid: number) => {
  const s = procStat(pid);
  return s ? Number(s[11]) + Number(s[12]) : 0;
};

function cmdline(pid: number): string[] {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return [];
  }
}

/** The tslab kernel started by `parent`: its pid and the connection file from its command line. */
function findKernel(parent: number): { pid: number; connFile: string } | null {
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || procStat(Number(entry))?.[1] !== String(parent)) continue;
    const argv = cmdline(Number(entry));
    const i = argv.indexOf('--config-path');
    if (argv.some((a) => a.endsWith('tslab-kernel.cjs')) && i >= 0) return { pid: Number(entry), connFile: argv[i + 1] };
  }
  return null;
}

/** Poll `probe` every 100 ms until it returns something truthy; `what` (text, or a function for late detail) names it on timeout. */
async function waitFor<T>(what: string | (() => string), ms: number, probe: () => T | null | false): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms / 1000} s waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('kill -9 of the executor while a cell busy-loops: the kernel dies and its connection folder goes', { skip: linuxOnly, timeout }, async () => {
  const { dir, nb } = scratch('busy', []);
  const marker = path.join(dir, 'first-cell-done');
  writeNb(nb, [`require('node:fs').writeFileSync(${JSON.stringify(marker)}, '');`, 'while (true) {}']);
  const exe = executor(dir, '--out-dir', path.join(dir, 'out'), nb);
  try {
    const kernel = await waitFor('the kernel process', 30_000, () => findKernel(exe.pid!));
    strays.push(kernel.pid);
    await waitFor(() => `the first cell; executor output so far:\n${exe.output()}`, 30_000, () => fs.existsSync(marker));
    // The busy cell has started once the kernel burns CPU without pause.
    const t0 = cpuTicks(kernel.pid);
    await new Promise((r) => setTimeout(r, 1000));
    assert.ok(cpuTicks(kernel.pid) - t0 >= 20, 'the kernel is busy');
    assert.equal((fs.statSync(kernel.connFile).mode & 0o777).toString(8), '600', 'connection file is owner-only');

    exe.kill('SIGKILL');
    await exited(exe);
    await waitFor('the kernel to die after its parent was killed', 10_000, () => !isRunning(kernel.pid));
    await waitFor('the connection folder to be removed', 2_000, () => !fs.existsSync(path.dirname(kernel.connFile)));
    assert.deepEqual(kernelFolders(dir), []);
  } finally {
    stop(exe);
  }
});

/** Every live descendant of `root` (children first), from /proc. */
function descendants(root: number): number[] {
  const kids = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const ppid = Number(procStat(Number(entry))?.[1]);
    kids.set(ppid, [...(kids.get(ppid) ?? []), Number(entry)]);
  }
  const out: number[] = [];
  for (let q = [root]; q.length; ) {
    const next = q.flatMap((p) => kids.get(p) ?? []);
    out.push(...next);
    q = next;
  }
  return out;
}

test('kill -9 of `npm run notebooks` itself (not the executor) while a cell busy-loops: executor and kernel stop', { skip: linuxOnly, timeout }, async () => {
  const { dir, nb } = scratch('npm-busy', []);
  const marker = path.join(dir, 'first-cell-done');
  writeNb(nb, [`require('node:fs').writeFileSync(${JSON.stringify(marker)}, '');`, 'while (true) {}']);
  const npm = spawn('npm', ['run', 'notebooks', '--', '--out-dir', path.join(dir, 'out'), nb], { cwd: REPO_ROOT, env: { ...process.env, TMPDIR: dir }, stdio: 'ignore' });
  try {
    const found = await waitFor('the executor and its kernel under npm', 60_000, () => {
      const exe = descendants(npm.pid!).find((p) => cmdline(p).some((a) => a.endsWith(path.join('cli', 'notebooks.ts'))) && findKernel(p));
      return exe ? { exe, kernel: findKernel(exe)! } : null;
    });
    strays.push(found.kernel.pid);
    await waitFor('the first cell', 30_000, () => fs.existsSync(marker));
    npm.kill('SIGKILL');
    await waitFor('the executor to stop after npm was killed', 10_000, () => !isRunning(found.exe));
    await waitFor('the kernel to die', 10_000, () => !isRunning(found.kernel.pid));
    assert.deepEqual(kernelFolders(dir), []);
  } finally {
    stop(npm);
  }
});

test('SIGTERM and SIGINT of the executor kill the kernel and remove its connection folder', { skip: linuxOnly, timeout }, async () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    const { dir, nb } = scratch(`sig-${signal}`, ['await new Promise((r) => setTimeout(r, 60_000));']);
    const exe = executor(dir, '--out-dir', path.join(dir, 'out'), nb);
    try {
      const kernel = await waitFor('the kernel process', 30_000, () => findKernel(exe.pid!));
      strays.push(kernel.pid);
      await waitFor('the connection file', 10_000, () => fs.existsSync(kernel.connFile));
      exe.kill(signal);
      assert.equal(await exited(exe), signal === 'SIGINT' ? 130 : 143, exe.output());
      await waitFor(`the kernel to die after ${signal}`, 5_000, () => !isRunning(kernel.pid));
      assert.deepEqual(kernelFolders(dir), [], `no connection folder after ${signal}`);
    } finally {
      stop(exe);
    }
  }
});

test('a normal run, a failing cell and a crashed kernel leave no connection folder behind', { timeout }, async (t) => {
  const { dir, nb } = scratch('ok', ['console.log(1 + 1);']);
  const fail = path.join(dir, 'fail.ipynb');
  const crash = path.join(dir, 'crash.ipynb');
  writeNb(fail, ['throw new Error("no");']);
  writeNb(crash, ['process.exit(3);']);
  const exe = executor(dir, '--out-dir', path.join(dir, 'out'), nb, fail, crash);
  t.after(() => stop(exe));
  assert.equal(await exited(exe), 1, exe.output());
  assert.match(exe.output(), /ok\.ipynb\s+1\/1\s+[\d.]+\s+ok/);
  assert.match(exe.output(), /fail\.ipynb\s+1\/1\s+[\d.]+\s+failed/);
  assert.match(exe.output(), /crash\.ipynb\s+1\/1\s+[\d.]+\s+crashed/);
  assert.deepEqual(kernelFolders(dir), []);
});

test('KernelClient: the connection file is owner-only while the kernel runs and removed on crash, shutdown and failed start', { timeout }, async () => {
  const dir = fs.mkdtempSync(path.join(tmp, 'client-'));
  const savedTmp = process.env.TMPDIR;
  process.env.TMPDIR = dir; // os.tmpdir() follows it, so this file's kernel folders land here
  try {
    const kernel = await KernelClient.start();
    try {
      assert.equal(path.dirname(path.dirname(kernel.connectionFile)), dir);
      assert.equal((fs.statSync(kernel.connectionFile).mode & 0o777).toString(8), '600');
      assert.equal((fs.statSync(path.dirname(kernel.connectionFile)).mode & 0o777).toString(8), '700');
      const res = await kernel.execute('process.exit(3);', { timeoutMs: 20_000 });
      assert.equal(res.status, 'crashed');
      assert.equal(fs.existsSync(path.dirname(kernel.connectionFile)), false, 'removed as soon as the kernel died');
    } finally {
      await kernel.shutdown();
    }
    assert.deepEqual(kernelFolders(dir), []);

    await assert.rejects(KernelClient.start({ command: () => [path.join(dir, 'no-such-kernel')] }), /failed to start/);
    await assert.rejects(KernelClient.start({ command: () => [] }), /kernel command is empty/);
    assert.deepEqual(kernelFolders(dir), [], 'no folder left by a kernel that never started');
  } finally {
    if (savedTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmp;
  }
});
