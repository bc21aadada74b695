/**
 * The queue engine for the other commands (the lead wires these into their CLIs):
 * - `submitRunJob(queueUrl, job, …)`: submit any job and wait for it; its folder comes back into `outDir`;
 * - `submitNidsRun(queueUrl, cfg, …)`: the NIDS original's `--mode cluster` (one NIDS run = one job);
 * - `runNotebooksOnQueue(queueUrl, files, …)`: `npm run notebooks -- --queue URL`: each notebook one
 *   job; the executed copies are written where the local executor writes them, the records returned
 *   for the usual summary (lib/notebook/report formatSummary).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { plainConfig, type Resolved } from '../config';
import { makeTempDir, removeTempDir, writeFileAtomic } from '../io/files';
import { REPO_ROOT } from '../io/paths';
import type { MetricsRecord } from '../eval';
import { nidsRunDir, type NidsConfig } from '../nids/config';
import { EXECUTED_DIR, executedPath } from '../notebook/discover';
import type { NotebookResult } from '../notebook/execute';
import { checkRunDir, UsageError } from '../run';
import { configHash, gitCommit } from '../run/provenance';
import type { Job, NidsJob, NotebookJob } from './jobs';
import { checkRedis, parseQueueUrl, type QueueAddress } from './queue/connection';
import { runOnQueue, submitAndWait } from './queue/submit';
import type { QueuedResult } from './queue/worker';

/** Parse the URL and check Redis answers; both problems are UsageErrors (exit 2). */
export async function queueAddress(queueUrl: string): Promise<QueueAddress> {
  let a: QueueAddress;
  try {
    a = parseQueueUrl(queueUrl);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  await checkRedis(a).catch((err: Error) => {
    throw new UsageError(err.message);
  });
  return a;
}

/** Submit `job`, wait until a worker finished it, unpack its folder into `outDir`; rejects with the job's error. */
export async function submitRunJob(queueUrl: string, job: Job, o: { outDir: string; env?: Record<string, string>; kind?: 'nids' | 'benchmark-job' }): Promise<QueuedResult> {
  const a = await queueAddress(queueUrl);
  return submitAndWait(a, job, o.outDir, { env: o.env, kind: o.kind });
}

/**
 * NIDS `--mode cluster`: the resolved config (flags, environment, preset) becomes one job; a worker
 * trains and evaluates it (num_processes shards per step, as --mode local computes them) and its run
 * folder comes back into the local run folder (nidsRunDir(cfg)). One run trains on one machine; the
 * queue scales many runs (datasets, seeds, settings), not one.
 */
export async function submitNidsRun(queueUrl: string, cfg: Resolved<NidsConfig>): Promise<{ dir: string; metrics: MetricsRecord; worker: string; seconds: number }> {
  const dir = nidsRunDir(cfg);
  checkRunDir(dir, { kind: 'nids' });
  const nids = { ...plainConfig(cfg), output_dir: null } as Record<string, unknown>;
  const job: NidsJob = { kind: 'nids', key: `nids__${String(cfg.dataset).replace(/[^\w.-]/g, '_')}__${configHash(nids).slice(7, 19)}`, config: { preset: cfg._meta.preset, nids } };
  const r = await submitRunJob(queueUrl, job, { outDir: dir, kind: 'nids' });
  return { dir, metrics: r.result.metrics, worker: r.worker, seconds: r.seconds };
}

export interface QueueNotebookOptions {
  preset: string;
  /** Where executed copies go (default outputs/notebooks, as the local executor). */
  outDir?: string;
  cellTimeoutMs?: number;
  /** Tells this nightly run's jobs from earlier ones (default: now). */
  runId?: string;
  onResult?: (r: NotebookResult) => void;
}

/** Where the executed notebooks come back before they are written to their places. */
const SCRATCH_PREFIX = 'seqsentry-nb-queue-';

/** Run each notebook as a queue job; resolves with one record per notebook, in order, executed copies written. */
export async function runNotebooksOnQueue(queueUrl: string, files: string[], o: QueueNotebookOptions): Promise<NotebookResult[]> {
  const a = await queueAddress(queueUrl);
  const runId = o.runId ?? new Date().toISOString();
  const scratch = makeTempDir(SCRATCH_PREFIX);
  try {
    const tasks = files.map((file, i) => ({ job: notebookJob(file, o.preset, o.cellTimeoutMs ?? 600_000, runId), dir: path.join(scratch, String(i)) }));
    const results: NotebookResult[] = new Array(files.length);
    const records = await runOnQueue(a, tasks, {
      retries: 1,
      onRecord: (rec, r) => {
        const i = tasks.findIndex((t) => t.job.key === rec.key);
        if (!r?.result.notebook) return;
        const nb = r.result.notebook as NotebookResult;
        const local = executedPath(files[i], o.outDir ?? EXECUTED_DIR);
        writeFileAtomic(local, fs.readFileSync(path.join(tasks[i].dir, path.basename(files[i]))));
        results[i] = { ...nb, outPath: local };
        o.onResult?.(results[i]);
      },
    });
    records.forEach((rec, i) => {
      if (rec.status === 'failed') {
        results[i] = { path: files[i], outPath: executedPath(files[i], o.outDir ?? EXECUTED_DIR), status: 'crashed', executedCells: 0, codeCells: 0, seconds: rec.seconds, kernelStartSeconds: 0, cellSeconds: [], cellNumbers: [], failure: { cellNumber: null, codeCellNumber: null, firstLine: '', message: `queue job failed: ${rec.error}` } };
        o.onResult?.(results[i]);
      }
    });
    return results;
  } finally {
    removeTempDir(scratch, SCRATCH_PREFIX);
  }
}

/** A notebook's job: keyed by its path, content, preset, the code's commit and the run id. */
export function notebookJob(file: string, preset: string, cellTimeoutMs: number, runId: string): NotebookJob {
  const rel = path.relative(REPO_ROOT, path.resolve(file)).split(path.sep).join('/');
  if (rel.startsWith('..')) throw new UsageError(`${file}: a queued notebook must be inside the repository (workers run it from their own checkout)`);
  const hash = createHash('sha256').update(fs.readFileSync(file)).update(`\0${preset}\0${gitCommit().commit ?? ''}\0${runId}`).digest('hex').slice(0, 12);
  return { kind: 'notebook', key: `nb__${rel.replace(/[^\w.-]+/g, '_')}__${hash}`, config: { path: rel, preset, cell_timeout_ms: cellTimeoutMs, run_id: runId } };
}
