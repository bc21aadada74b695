/**
 * A queue worker (`npm run worker -- --queue redis://HOST:PORT`): takes jobs from the BullMQ queue,
 * runs each in a fresh Node process (spawn.ts) in a folder of its own work folder, and hands back
 * the job's metrics and its folder (pack.ts). The worker's own event loop stays free while a job
 * trains, so BullMQ's lock renewal never starves; if the worker dies (kill -9) its lock lapses, the
 * job is detected as stalled and another worker runs it again from the start.
 * An error the job raised (bad data) is final (UnrecoverableError: kept with the job, no retry); a
 * crash of the job's process is retried with backoff up to the job's attempts.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import { UnrecoverableError, Worker, type Job as BullJob } from 'bullmq';
import { makeTempDir, removeTempDir } from '../../io/files';
import { jobLabel, type Job, type JobResult } from '../jobs';
import { spawnJob } from '../spawn';
import { connectionOptions, QUEUE_NAME, type QueueAddress } from './connection';
import { packDir, type PackedDir } from './pack';

/** What a job carries on the queue. */
export interface QueuedJob {
  job: Job;
  /** Environment of the job's process on the worker (e.g. SEQSENTRY_WASM_THREADS). */
  env?: Record<string, string>;
}

/** What a finished job hands back through Redis. */
export interface QueuedResult {
  result: JobResult;
  packed: PackedDir;
  worker: string;
  seconds: number;
}

export interface WorkerOptions {
  /** Jobs this worker runs at once (default 1: one job already uses every core's WASM thread). */
  concurrency: number;
  /** Where job folders are written before they are sent back (removed after); default outputs/worker/<host>-<pid>. */
  workDir: string;
  /** A job's lock lasts this long without renewal; a dead worker's job is taken over after about this (default 30 s). */
  lockMs: number;
  /** How often stalled jobs are looked for (default = lockMs). */
  stalledIntervalMs?: number;
  /** Stalls (dead workers) a job survives before it fails (default 3). */
  maxStalled: number;
  log: (line: string) => void;
}

/** Start a worker; resolves once it is connected. `close()` lets the running jobs finish first. */
export async function startWorker(a: QueueAddress, o: WorkerOptions): Promise<Worker> {
  const name = `${os.hostname()}:${process.pid}`;
  fs.mkdirSync(o.workDir, { recursive: true });
  const worker = new Worker(QUEUE_NAME, (job: BullJob<QueuedJob>) => runQueued(job, name, o), {
    connection: connectionOptions(a), concurrency: o.concurrency, name, lockDuration: o.lockMs,
    stalledInterval: o.stalledIntervalMs ?? o.lockMs, maxStalledCount: o.maxStalled, autorun: true,
  });
  worker.on('failed', (job, err) => o.log(`failed ${job ? jobLabel(job.data.job) : '?'} (attempt ${job?.attemptsMade ?? '?'}): ${err.message}`));
  worker.on('error', (err) => o.log(`worker error: ${err.message}`));
  await worker.waitUntilReady();
  return worker;
}

async function runQueued(job: BullJob<QueuedJob>, name: string, o: WorkerOptions): Promise<QueuedResult> {
  const spec = job.data.job;
  // A fresh private folder per attempt, removed (as nothing else can be) once its files are packed.
  const prefix = `${spec.key}-`;
  const dir = makeTempDir(prefix, o.workDir);
  const t0 = performance.now();
  o.log(`start ${jobLabel(spec)} (${spec.key}, attempt ${job.attemptsMade + 1}${job.stalledCounter ? `, after ${job.stalledCounter} stall(s)` : ''})`);
  const out = await spawnJob(spec, dir, { env: job.data.env }).done;
  const seconds = (performance.now() - t0) / 1000;
  if (!out.ok) {
    if (out.crashed) throw new Error(out.error);
    throw new UnrecoverableError(out.error);
  }
  const packed = packDir(dir);
  removeTempDir(dir, prefix, o.workDir);
  o.log(`done ${jobLabel(spec)} in ${seconds.toFixed(1)} s (${(packed.bytes / 1024).toFixed(0)} kB back)`);
  return { result: out.result, packed, worker: name, seconds };
}
