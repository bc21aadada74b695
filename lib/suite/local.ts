/**
 * The local engine: up to `workers` jobs at once, each in a fresh Node process (spawn.ts). A job whose
 * process crashed (killed, out of memory) is retried up to `retries` times; an error the job itself
 * raised (bad data, bad settings) is final and kept with the job.
 */
import type { Job } from './jobs';
import { spawnJob } from './spawn';
import type { JobCounts } from './progress';

export interface Task {
  job: Job;
  /** The job's folder. */
  dir: string;
}

/** How a job ended, for the suite's jobs.json and the leaderboard's failure list. */
export interface JobRecord {
  key: string;
  status: 'complete' | 'failed';
  /** Processes started for it (1 + retries used). */
  attempts: number;
  error?: string;
  seconds: number;
  /** Where it ran: `local` or a queue worker's name. */
  worker: string;
}

export interface LocalOptions {
  /** Processes at once (default: CPU cores). */
  workers: number;
  /** Retries of a crashed job (default 2). */
  retries: number;
  /** Environment of every job's process. */
  env?: Record<string, string>;
  onCounts?: (c: JobCounts) => void;
  onNote?: (line: string) => void;
  /** Called as each job ends (the suite writes its folder's jobs.json then). */
  onRecord?: (r: JobRecord) => void;
}

/** Run every task; resolves with one record per task, in task order. */
export function runLocal(tasks: readonly Task[], o: LocalOptions): Promise<JobRecord[]> {
  const pending = tasks.map((t, i) => ({ ...t, i, attempts: 0 }));
  const records: JobRecord[] = new Array(tasks.length);
  const counts: JobCounts = { total: tasks.length, done: 0, failed: 0, running: 0, skipped: 0, retried: 0 };
  return new Promise((resolve) => {
    if (!tasks.length) return resolve(records);
    const next = () => {
      while (counts.running < Math.max(1, o.workers) && pending.length) start(pending.shift()!);
      o.onCounts?.(counts);
      if (!counts.running && !pending.length) resolve(records);
    };
    const start = (t: (typeof pending)[number]) => {
      t.attempts++;
      counts.running++;
      const t0 = performance.now();
      spawnJob(t.job, t.dir, { env: o.env }).done.then((out) => {
        counts.running--;
        const seconds = (performance.now() - t0) / 1000;
        if (!out.ok && out.crashed && t.attempts <= o.retries) {
          counts.retried++;
          o.onNote?.(`job ${t.job.key}: ${out.error}; retrying (${t.attempts}/${o.retries})`);
          pending.push(t);
        } else {
          const r: JobRecord = out.ok
            ? { key: t.job.key, status: 'complete', attempts: t.attempts, seconds, worker: 'local' }
            : { key: t.job.key, status: 'failed', attempts: t.attempts, error: out.error, seconds, worker: 'local' };
          records[t.i] = r;
          if (out.ok) counts.done++;
          else {
            counts.failed++;
            o.onNote?.(`job ${t.job.key} failed: ${out.error}`);
          }
          o.onRecord?.(r);
        }
        next();
      });
    };
    next();
  });
}
