/**
 * The job kinds both engines run, each in a fresh Node process (child.ts) writing one folder:
 * - `series`: one (series, detector, seed) of a benchmark suite (job-series.ts);
 * - `nids`: a whole GRU NIDS run (lib/nids runNids) from a config resolved by the submitter;
 * - `notebook`: one notebook executed headless (lib/notebook executeNotebook), its executed copy kept.
 * `runJob` is the one dispatch; what it returns is plain JSON (it crosses a process or Redis).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { MetricsRecord } from '../eval';
import { readJson } from '../io/files';
import { fromRoot } from '../io/paths';
import { executeNotebook } from '../notebook/execute';
import { resolveNidsConfig } from '../nids/config';
import { runNids } from '../nids/run';
import { runSeriesJob } from './job-series';
import type { SeriesJob } from './plan';

export type { SeriesJob } from './plan';

/** A NIDS run as a job: the submitter's resolved config (flags, environment and preset already applied). */
export interface NidsJob {
  kind: 'nids';
  key: string;
  config: { preset: string; nids: Record<string, unknown> };
}

/** One notebook as a job: path relative to the repository root, the preset its kernel sees, the nightly run it belongs to. */
export interface NotebookJob {
  kind: 'notebook';
  key: string;
  config: { path: string; preset: string; cell_timeout_ms: number; run_id: string };
}

export type Job = SeriesJob | NidsJob | NotebookJob;
export type JobKind = Job['kind'];
export const JOB_KINDS: readonly JobKind[] = ['series', 'nids', 'notebook'];

/** What a job hands back: metrics where it has them, seconds per stage, and kind-specific facts. */
export interface JobResult {
  metrics: MetricsRecord;
  seconds: Record<string, number>;
  /** `notebook` jobs: the executor's record of the run (status, cells, failure). */
  notebook?: unknown;
}

/** Run `job` with `dir` as its folder (created by the job; the run layer's safety rules apply). */
export async function runJob(job: Job, dir: string, log: (line: string) => void = () => {}): Promise<JobResult> {
  if (job.kind === 'series') {
    return runSeriesJob(job.config, dir, log);
  }
  if (job.kind === 'nids') {
    const cfg = resolveNidsConfig({ preset: job.config.preset, overrides: { ...job.config.nids, output_dir: dir }, env: {} });
    const r = await runNids(cfg, { log, progress: null });
    const metricsFile = path.join(r.dir, 'metrics.json');
    return { metrics: fs.existsSync(metricsFile) ? readJson<MetricsRecord>(metricsFile, 'NIDS metrics') : {}, seconds: r.seconds };
  }
  if (job.kind === 'notebook') {
    fs.mkdirSync(dir, { recursive: true });
    const r = await executeNotebook(fromRoot(job.config.path), {
      outPath: path.join(dir, path.basename(job.config.path)), cellTimeoutMs: job.config.cell_timeout_ms, env: { ...process.env, SEQSENTRY_PRESET: job.config.preset },
    });
    return { metrics: {}, seconds: { total: r.seconds }, notebook: r };
  }
  throw new Error(`unknown job kind "${(job as { kind: string }).kind}"; known: ${JOB_KINDS.join(', ')}`);
}

/** A short name of a job for progress lines and errors. */
export function jobLabel(job: Job): string {
  if (job.kind === 'series') return `${job.config.series.id}/${job.config.detector}/seed-${job.config.seed}`;
  if (job.kind === 'notebook') return job.config.path;
  return `nids ${String(job.config.nids.dataset ?? '')}`.trim();
}
