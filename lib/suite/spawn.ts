/**
 * Run one job in a fresh Node process (child.ts): a crash, an out-of-memory kill or a stuck process
 * never takes the engine down, and TF.js state never leaks from one job into the next.
 */
import { fork, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import type { Job, JobResult } from './jobs';

/** How a job's process ended: its result, the error the job threw (final), or a crash (worth a retry). */
export type ChildOutcome = { ok: true; result: JobResult } | { ok: false; error: string; crashed: boolean };

export interface SpawnOptions {
  /** Extra environment of the job's process (e.g. SEQSENTRY_WASM_THREADS). */
  env?: Record<string, string>;
  /** Each line the job prints. */
  onLine?: (line: string) => void;
}

export interface SpawnedJob {
  child: ChildProcess;
  done: Promise<ChildOutcome>;
}

const CHILD = path.join(__dirname, 'child.ts');

/** Fork a process for `job`, writing into `dir`. */
export function spawnJob(job: Job, dir: string, opts: SpawnOptions = {}): SpawnedJob {
  const child = fork(CHILD, [], {
    execArgv: ['--require', require.resolve('tsx/cjs')],
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const tail: string[] = [];
  const lines = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n').filter((l) => l.trim())) {
      tail.push(line);
      if (tail.length > 20) tail.shift();
      opts.onLine?.(line);
    }
  };
  child.stdout!.on('data', lines);
  child.stderr!.on('data', lines);
  const done = new Promise<ChildOutcome>((resolve) => {
    let reply: ChildOutcome | null = null;
    child.on('message', (m: { ok: boolean; result?: JobResult; error?: string }) => {
      reply = m.ok ? { ok: true, result: m.result! } : { ok: false, error: m.error ?? 'unknown error', crashed: false };
    });
    child.on('error', (err) => {
      reply ??= { ok: false, error: `could not start the job's process: ${err.message}`, crashed: true };
    });
    child.on('exit', (code, signal) => {
      if (reply) return resolve(reply);
      const how = signal ? `killed by ${signal}` : `exited with code ${code}`;
      const last = tail.filter((l) => /error|Error|killed|memory/.test(l)).slice(-3).join(' | ') || tail.slice(-2).join(' | ');
      resolve({ ok: false, error: `the job's process ${how} before it finished${last ? `: ${last}` : ''}`, crashed: true });
    });
  });
  child.send({ job, dir });
  return { child, done };
}
