/** `npm run benchmark -- --status --queue URL`: how many jobs wait, run, finished or failed, which workers are connected, and the latest failures. */
import { Queue } from 'bullmq';
import { jobLabel } from '../jobs';
import { connectionOptions, QUEUE_NAME, type QueueAddress } from './connection';
import type { QueuedJob } from './worker';

export interface QueueState {
  counts: Record<string, number>;
  workers: string[];
  active: { job: string; worker: string }[];
  failed: { job: string; error: string; attempts: number }[];
}

export async function queueState(a: QueueAddress, maxFailed = 10): Promise<QueueState> {
  const queue = new Queue<QueuedJob>(QUEUE_NAME, { connection: connectionOptions(a) });
  try {
    await queue.waitUntilReady();
    const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed');
    const workers = (await queue.getWorkers()).map((w) => String(w.rawname ?? '').split(':w:')[1] || String(w.addr ?? '?'));
    const active = (await queue.getActive()).map((j) => ({ job: jobLabel(j.data.job), worker: j.processedBy ?? '?' }));
    const failed = (await queue.getFailed(0, maxFailed - 1)).map((j) => ({ job: jobLabel(j.data.job), error: j.failedReason, attempts: j.attemptsMade }));
    return { counts, workers, active, failed };
  } finally {
    await queue.close();
  }
}

/** The state as lines for the terminal. */
export function formatQueueState(s: QueueState, shown: string): string {
  const c = s.counts;
  const lines = [
    `queue ${QUEUE_NAME} at ${shown}: ${c.waiting ?? 0} waiting, ${c.active ?? 0} running, ${c.delayed ?? 0} waiting to retry, ${c.completed ?? 0} complete, ${c.failed ?? 0} failed`,
    `workers connected: ${s.workers.length}${s.workers.length ? ` (${s.workers.join(', ')})` : ''}`,
    ...s.active.map((a) => `  running ${a.job} on ${a.worker}`),
    ...(s.failed.length ? ['failed jobs (latest first):', ...s.failed.map((f) => `  ${f.job} after ${f.attempts} attempt(s): ${f.error}`)] : []),
  ];
  return lines.join('\n');
}
