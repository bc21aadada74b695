/**
 * The run layer: every pipeline and CLI that writes a run folder goes through `Run.open`. It checks
 * the folder may be used (safety.ts), takes its lock (lock.ts), recognises an interrupted earlier run,
 * removes stale temps, writes the manifest (`run.json`, status `running`) and `config.json`, records
 * each stage (status, time, config keys, inputs, artefacts), and ends the run `complete` or `failed`
 * (`interrupted` on SIGINT/SIGTERM; after kill -9 the dead pid says so to the next reader).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeJson } from '../io/files';
import { acquireLock, LOCK_FILE, type RunLock } from './lock';
import {
  effectiveStatus, MANIFEST_FILE, MANIFEST_FORMAT, readManifest, TOOL, writeManifest,
  type RunKind, type RunManifest, type RunStatus, type StageRecord,
} from './manifest';
import { commandLine, configHash, gitCommit, inputFacts, toolVersion } from './provenance';
import { checkRunDir } from './safety';
import { removeStaleTemps } from './temp';

export const CONFIG_FILE = 'config.json';

export interface OpenRunOptions {
  /** The run folder (created if missing). */
  dir: string;
  kind: RunKind;
  /** The resolved config (with `_meta`): written to config.json and into the manifest. */
  config: object;
  /** Input files or folders of the run: never inside the run folder; recorded in the manifest. */
  inputs?: readonly string[];
  /**
   * Keep the folder's artefacts and stage records (a resume, e.g. `--start-from 3`). Default false: a
   * fresh run empties its own folder first, so no artefact of an earlier config stays beside new ones.
   */
  resume?: boolean;
  /**
   * Called with the folder's previous manifest (null if none) while the lock is held and before
   * anything is written; throwing refuses the run and leaves the folder as it was (resume checks).
   */
  check?: (previous: RunManifest | null) => void;
  /** The flag that chose the folder, for messages (default `--out`). */
  flag?: string;
  /** Another marker this kind accepts as its own (see safety.ts). */
  legacy?: (dir: string) => boolean;
  /** Arguments of the command (default process.argv.slice(2)) and the command line to record. */
  argv?: string[];
  command?: string;
  /** Wait this long for a folder another live process holds (shared inputs such as the demo data); default 0: fail at once. */
  waitMs?: number;
  /** Warnings and notes (default console.warn). */
  log?: (line: string) => void;
}

/** Runs open in this process, for the signal and exit handlers. */
const open = new Set<Run>();

/** One run of a pipeline in its run folder; see the module comment. */
export class Run {
  /** Seconds per finished stage, in order (what `timings.json` files report). */
  readonly seconds: Record<string, number> = {};
  private ended = false;

  private constructor(
    readonly dir: string,
    readonly manifest: RunManifest,
    /** The folder's manifest before this run (resumes read the stage records of earlier runs). */
    readonly previous: RunManifest | null,
    private readonly lock: RunLock,
  ) {}

  /** Open a run (see OpenRunOptions); throws UsageError when the folder may not be used. */
  static open(opts: OpenRunOptions): Run {
    const dir = path.resolve(opts.dir);
    const warn = opts.log ?? ((line: string) => console.warn(line));
    checkRunDir(dir, { kind: opts.kind, inputs: opts.inputs, flag: opts.flag, legacy: opts.legacy });
    fs.mkdirSync(dir, { recursive: true });
    const argv = opts.argv ?? process.argv.slice(2);
    const command = opts.command ?? (inKernel() ? 'notebook (tslab kernel)' : commandLine(argv));
    // A lock of this very process with no open run behind it: a notebook cell stopped mid-run.
    const lock = acquireLock(dir, command, warn, { waitMs: opts.waitMs, abandoned: (h) => h.pid === process.pid && ![...open].some((r) => r.dir === dir) });
    try {
      const previous = readManifest(dir);
      opts.check?.(previous);
      const removed = removeStaleTemps(dir);
      if (removed.length) warn(`removed ${removed.length} stale temp file(s) of an interrupted run: ${removed.map((p) => path.relative(path.dirname(dir), p)).join(', ')}`);
      if (previous && previous.status === 'running' && effectiveStatus(previous) === 'interrupted') {
        warn(`note: the previous run in ${dir} (pid ${previous.pid}, started ${previous.started_at}: ${previous.command}) was interrupted before it finished`);
      }
      if (!opts.resume) clearRunFolder(dir);
      const manifest = newManifest(opts, dir, argv, command, previous);
      writeManifest(dir, manifest);
      writeJson(path.join(dir, CONFIG_FILE), opts.config);
      const run = new Run(dir, manifest, previous, lock);
      watch(run);
      return run;
    } catch (err) {
      lock.release();
      throw err;
    }
  }

  /**
   * Run one stage: records it `running`, then `complete` with its time and the files it wrote or
   * replaced (compared with the folder before), or `failed` with the error, which is rethrown.
   * `keys`: the config values its artefacts depend on; `inputs`: files it reads from outside the run.
   */
  async stage<T>(name: string, fn: () => T | Promise<T>, spec: { keys?: Record<string, unknown>; inputs?: readonly string[] } = {}): Promise<T> {
    if (this.ended) throw new Error(`run ${this.dir} has ended; stage ${name} cannot start`);
    const before = snapshot(this.dir);
    const rec: StageRecord = {
      status: 'running', started_at: new Date().toISOString(), ended_at: null, seconds: null,
      keys: spec.keys ?? {}, inputs: inputFacts(spec.inputs ?? []), artefacts: [],
    };
    delete this.manifest.stages[name]; // re-inserted last, so the record order is the order stages ran
    this.manifest.stages[name] = rec;
    this.save();
    const t0 = performance.now();
    const finish = (status: 'complete' | 'failed', error?: string) => {
      rec.status = status;
      rec.ended_at = new Date().toISOString();
      rec.seconds = (performance.now() - t0) / 1000;
      rec.artefacts = changedFiles(before, snapshot(this.dir));
      if (error) rec.error = error;
      this.seconds[name] = rec.seconds;
      this.save();
    };
    try {
      const out = await fn();
      finish('complete');
      return out;
    } catch (err) {
      finish('failed', (err as Error).message);
      throw err;
    }
  }

  /**
   * Remove what earlier runs recorded for these stages (their artefacts and records) before they are
   * rebuilt, so a run killed part-way never leaves an old stage's artefacts beside the new config.
   */
  discard(names: readonly string[]): void {
    for (const n of names) {
      const rec = this.manifest.stages[n];
      if (!rec) continue;
      for (const rel of rec.artefacts) {
        const file = path.resolve(this.dir, rel);
        if (file.startsWith(this.dir + path.sep)) fs.rmSync(file, { force: true });
      }
      delete this.manifest.stages[n];
    }
    removeEmptyFolders(this.dir);
    this.save();
  }

  /** End the run `complete`, releasing the folder. */
  complete(): void {
    this.end('complete', null);
  }

  /** End the run `failed` with the error's message, releasing the folder. */
  fail(err: unknown): void {
    this.end('failed', err instanceof Error ? err.message : String(err));
  }

  /**
   * Run `body` with this run and end it: `complete` when `body` resolves, `failed` when it throws
   * (the error is rethrown).
   */
  async within<T>(body: (run: Run) => Promise<T>): Promise<T> {
    try {
      const out = await body(this);
      this.complete();
      return out;
    } catch (err) {
      if (!this.ended) this.fail(err);
      throw err;
    }
  }

  /** Synchronous end (signal and exit handlers). */
  end(status: Exclude<RunStatus, 'running'>, error: string | null): void {
    if (this.ended) return;
    this.ended = true;
    const m = this.manifest;
    m.status = status;
    m.error = error;
    m.ended_at = new Date().toISOString();
    m.seconds = (Date.parse(m.ended_at) - Date.parse(m.started_at)) / 1000;
    if (status !== 'complete') {
      for (const rec of Object.values(m.stages)) if (rec.status === 'running') rec.status = status === 'interrupted' ? 'interrupted' : 'failed';
    }
    try {
      this.save();
    } finally {
      this.lock.release();
      open.delete(this);
      if (!open.size) unwatch();
    }
  }

  private save(): void {
    writeManifest(this.dir, this.manifest);
  }
}

/** Open a run, run `body` in it, end it `complete` or `failed` (see Run.within). */
export async function withRun<T>(opts: OpenRunOptions, body: (run: Run) => Promise<T>): Promise<T> {
  return Run.open(opts).within(body);
}

function newManifest(opts: OpenRunOptions, dir: string, argv: string[], command: string, previous: RunManifest | null): RunManifest {
  const { commit, dirty } = gitCommit();
  const config = JSON.parse(JSON.stringify(opts.config)) as Record<string, unknown>;
  const meta = config._meta as { preset?: string } | undefined;
  const stages = opts.resume && previous ? previous.stages : {};
  for (const rec of Object.values(stages)) if (rec.status === 'running') rec.status = 'interrupted';
  const history = previous ? [...(previous.history ?? []), { command: previous.command, status: effectiveStatus(previous), started_at: previous.started_at, ended_at: previous.ended_at }].slice(-20) : [];
  return {
    tool: TOOL, format: MANIFEST_FORMAT, kind: opts.kind, version: toolVersion(), commit, commit_dirty: dirty,
    command, argv, cwd: process.cwd(), host: os.hostname(), pid: process.pid, node: process.version,
    preset: meta?.preset ?? null, config, config_hash: configHash(withoutMeta(config)),
    status: 'running', started_at: new Date().toISOString(), ended_at: null, seconds: null, error: null,
    inputs: (opts.inputs ?? []).map((p) => path.resolve(p)), stages, history,
  };
}

/** A config without its `_meta` (where it came from), for hashing and comparing. */
export function withoutMeta(config: object): Record<string, unknown> {
  const { _meta, ...rest } = config as Record<string, unknown>;
  void _meta;
  return rest;
}

/** Empty a run folder of this tool before a fresh run (its manifest and lock stay; safety.ts allowed it). */
function clearRunFolder(dir: string): void {
  for (const name of fs.readdirSync(dir)) {
    if (name === MANIFEST_FILE || name === LOCK_FILE) continue;
    fs.rmSync(path.join(dir, name), { recursive: true, force: true });
  }
}

/** Remove empty folders under `dir` (not `dir` itself), deepest first. */
function removeEmptyFolders(dir: string): void {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!e.isDirectory()) continue;
    const p = path.join(dir, e.name);
    removeEmptyFolders(p);
    if (fs.readdirSync(p).length === 0) fs.rmdirSync(p);
  }
}

/** Relative path → size:mtime of every file under the run folder except the manifest and lock. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (d !== dir || (e.name !== MANIFEST_FILE && e.name !== LOCK_FILE)) {
        const st = fs.statSync(p, { throwIfNoEntry: false });
        if (st) out.set(path.relative(dir, p), `${st.size}:${st.mtimeMs}:${st.ino}`);
      }
    }
  };
  walk(dir);
  return out;
}

function changedFiles(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...after].filter(([p, v]) => before.get(p) !== v).map(([p]) => p).sort();
}

/** True inside a tslab kernel (notebooks): SIGINT there interrupts a cell and must not end the process. */
function inKernel(): boolean {
  return process.env.SEQSENTRY_KERNEL_PARENT_PID !== undefined || /tslab-kernel\.cjs$/.test(process.argv[1] ?? '');
}

const onSignal = (signal: NodeJS.Signals) => {
  for (const run of [...open]) run.end('interrupted', `stopped by ${signal}`);
  process.exit(signal === 'SIGINT' ? 130 : 143);
};
const onExit = () => {
  for (const run of [...open]) run.end('failed', 'the process exited before the run finished');
};

function watch(run: Run): void {
  if (!open.size) {
    process.on('exit', onExit);
    if (!inKernel()) for (const s of ['SIGINT', 'SIGTERM'] as const) process.on(s, onSignal);
  }
  open.add(run);
}

function unwatch(): void {
  process.removeListener('exit', onExit);
  for (const s of ['SIGINT', 'SIGTERM'] as const) process.removeListener(s, onSignal);
}
