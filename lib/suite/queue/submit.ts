/**
 * The submitting side of the queue engine: put jobs on the BullMQ queue under their keys (job id =
 * key, so submitting the same work twice adds nothing), wait until each is complete or failed, and
 * unpack every finished job's folder into its place (the suite folder). A job already complete on the
 * queue (an earlier submission) is taken as it is; a failed one is removed and submitted again.
 */
import * as path from 'node:path';
import { Job as BullJob, Queue } from 'bullmq';
import { checkRunDir } from '../../run/safety';
import type { Job } from '../jobs';
import type { JobRecord, Task } from '../local';
import type { JobCounts } from '../progress';
import { connectionOptions, QUEUE_NAME, type QueueAddress } from './connection';
import { unpackDir } from './pack';
import type { QueuedJob, QueuedResult } from './worker';

export interface SubmitOptions {
  /** Retries of a job whose process crashed (default 2); a dead worker's job is retried besides (stalls). */
  retries: number;
  /** Environment of each job's process on the worker. */
  env?: Record<string, string>;
  /** How often job states are read (default 1000 ms). */
  pollMs?: number;
  onCounts?: (c: JobCounts) => void;
  onNote?: (line: string) => void;
  onRecord?: (r: JobRecord, result: QueuedResult | null) => void;
}

/** Jobs are kept on the queue this long after they end, so a re-submission finds them (seconds). */
const KEEP_COMPLETE_S = 7 * 24 * 3600;
const KEEP_FAILED_S = 30 * 24 * 3600;

/** Submit every task and wait for all of them; resolves with one record per task, in task order. */
export async function runOnQueue(a: QueueAddress, tasks: readonly Task[], o: SubmitOptions): Promise<JobRecord[]> {
  const queue = new Queue<QueuedJob, QueuedResult>(QUEUE_NAME, { connection: connectionOptions(a) });
  try {
    await queue.waitUntilReady();
    for (const t of tasks) await enqueue(queue, t.job, o);
    return await collect(queue, tasks, o);
  } finally {
    await queue.close();
  }
}

async function enqueue(queue: Queue<QueuedJob, QueuedResult>, job: Job, o: SubmitOptions): Promise<void> {
  const existing = await BullJob.fromId(queue, job.key);
  if (existing) {
    const state = await existing.getState();
    if (state !== 'failed') return; // complete, or waiting / running from an earlier submission: the same work
    o.onNote?.(`job ${job.key} failed before (${existing.failedReason}); submitting it again`);
    await existing.remove();
  }
  await queue.add(job.kind, { job, ...(o.env ? { env: o.env } : {}) }, {
    jobId: job.key, attempts: 1 + o.retries, backoff: { type: 'exponential', delay: 2000 },
    removeOnComplete: { age: KEEP_COMPLETE_S }, removeOnFail: { age: KEEP_FAILED_S },
  });
}

async function collect(queue: Queue<QueuedJob, QueuedResult>, tasks: readonly Task[], o: SubmitOptions): Promise<JobRecord[]> {
  const records: JobRecord[] = new Array(tasks.length);
  const open = new Set(tasks.map((_, i) => i));
  const counts: JobCounts = { total: tasks.length, done: 0, failed: 0, running: 0, skipped: 0, retried: 0 };
  while (open.size) {
    counts.running = 0;
    counts.retried = 0;
    for (const i of [...open]) {
      const t = tasks[i];
      // The state first, then the job: a job read before it finished and a state read after would lack its result.
      const state = await queue.getJobState(t.job.key);
      const job = await BullJob.fromId<QueuedJob, QueuedResult>(queue, t.job.key);
      if (!job || state === 'unknown') throw new Error(`job ${t.job.key} disappeared from the queue ${QUEUE_NAME} (removed by hand?); submit the suite again`);
      const retried = job.attemptsMade + job.stalledCounter > (state === 'active' ? 0 : state === 'completed' || state === 'failed' ? 1 : 0);
      if (retried) counts.retried++;
      if (state === 'active') counts.running++;
      if (state !== 'completed' && state !== 'failed') continue;
      open.delete(i);
      const attempts = Math.max(1, job.attemptsMade) + job.stalledCounter;
      if (state === 'completed') {
        const r = job.returnvalue;
        await place(r, t.dir, t.job);
        records[i] = { key: t.job.key, status: 'complete', attempts, seconds: r.seconds, worker: r.worker };
        counts.done++;
        o.onRecord?.(records[i], r);
      } else {
        records[i] = { key: t.job.key, status: 'failed', attempts, error: job.failedReason, seconds: 0, worker: job.processedBy ?? '' };
        counts.failed++;
        o.onNote?.(`job ${t.job.key} failed: ${job.failedReason}`);
        o.onRecord?.(records[i], null);
      }
    }
    o.onCounts?.(counts);
    if (open.size) await sleep(o.pollMs ?? 1000);
  }
  return records;
}

/** Put a finished job's folder where the submitter keeps it (only a missing, empty or job run folder of its kind is replaced). */
async function place(r: QueuedResult, dir: string, job: Job): Promise<void> {
  checkRunDir(dir, { kind: job.kind === 'nids' || job.kind === 'gru-sae' ? job.kind : 'benchmark-job', flag: 'the job folder' });
  await unpackDir(r.packed, dir);
}

/**
 * Submit one job and wait for it (the NIDS `--mode cluster` and single notebooks): resolves with its
 * result once a worker finished it and its folder is unpacked into `outDir`; rejects with the job's
 * error when it failed. `outDir` must be missing, empty or a run folder of the job's kind.
 */
export async function submitAndWait(a: QueueAddress, job: Job, outDir: string, o: Partial<SubmitOptions> & { kind?: Parameters<typeof checkRunDir>[1]['kind'] } = {}): Promise<QueuedResult> {
  const queue = new Queue<QueuedJob, QueuedResult>(QUEUE_NAME, { connection: connectionOptions(a) });
  try {
    await queue.waitUntilReady();
    await enqueue(queue, job, { retries: 2, ...o });
    for (;;) {
      const state = await queue.getJobState(job.key);
      const j = await BullJob.fromId<QueuedJob, QueuedResult>(queue, job.key);
      if (!j || state === 'unknown') throw new Error(`job ${job.key} disappeared from the queue ${QUEUE_NAME}`);
      if (state === 'failed') throw new Error(`job ${job.key} failed on ${j.processedBy ?? 'a worker'}: ${j.failedReason}`);
      if (state === 'completed') {
        if (o.kind) checkRunDir(outDir, { kind: o.kind });
        await unpackDir(j.returnvalue.packed, path.resolve(outDir));
        return j.returnvalue;
      }
      await sleep(o.pollMs ?? 1000);
    }
  } finally {
    await queue.close();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
