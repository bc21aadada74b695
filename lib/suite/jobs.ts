/**
 * The job kinds both engines run, each in a fresh Node process (child.ts) writing one folder:
 * - `series`: one (series, detector, seed) of a benchmark suite (job-series.ts);
 * - `nids`: a whole GRU NIDS run (lib/nids runNids) from config keys over a preset (the submitter's
 *   resolved config, or a NIDS suite's dataset, seed and settings);
 * - `gru-sae`: the GRU-SAE pipeline's stages 1–4 (lib/gru-sae runPipeline) from config keys over a preset;
 * - `notebook`: one notebook executed headless (lib/notebook executeNotebook), its executed copy kept.
 * `runJob` is the one dispatch; what it returns is plain JSON (it crosses a process or Redis).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { MetricsRecord } from '../eval';
import { readJson } from '../io/files';
import { fromRoot } from '../io/paths';
import { executeNotebook } from '../notebook/execute';
import type { Resolved } from '../config';
import { resolveGruSaeConfig, type GruSaeConfig } from '../gru-sae/config';
import { runPipeline } from '../gru-sae/pipeline';
import { GRU_SAE_STAGES } from '../gru-sae/stages';
import { resolveNidsConfig, type NidsConfig } from '../nids/config';
import { runNids } from '../nids/run';
import { runSeriesJob } from './job-series';
import type { SeriesJob } from './plan';

export type { SeriesJob } from './plan';

/** A NIDS run as a job: config keys over the preset (the submitter's resolved config, or a suite's dataset, seed and settings); the environment is ignored. */
export interface NidsJob {
  kind: 'nids';
  key: string;
  config: { preset: string; nids: Record<string, unknown> };
}

/** A GRU-SAE pipeline run (stages 1–4: aggregate, encode, train, evaluate) as a job: config keys over the preset. */
export interface GruSaeJob {
  kind: 'gru-sae';
  key: string;
  config: { preset: string; gru_sae: Record<string, unknown> };
}

/** One notebook as a job: path relative to the repository root, the preset its kernel sees, the nightly run it belongs to. */
export interface NotebookJob {
  kind: 'notebook';
  key: string;
  config: { path: string; preset: string; cell_timeout_ms: number; run_id: string };
}

export type Job = SeriesJob | NidsJob | GruSaeJob | NotebookJob;
export type JobKind = Job['kind'];
export const JOB_KINDS: readonly JobKind[] = ['series', 'nids', 'gru-sae', 'notebook'];

/** The resolved config a pipeline job runs with in `dir` (the run folder's manifest records its hash). */
export function pipelineJobConfig(job: NidsJob | GruSaeJob, dir: string): Resolved<NidsConfig> | Resolved<GruSaeConfig> {
  if (job.kind === 'nids') return resolveNidsConfig({ preset: job.config.preset, overrides: { ...job.config.nids, output_dir: dir }, env: {} });
  return resolveGruSaeConfig({ preset: job.config.preset, overrides: { ...job.config.gru_sae, out: dir } });
}

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
    const r = await runNids(pipelineJobConfig(job, dir) as Resolved<NidsConfig>, { log, progress: null });
    const metricsFile = path.join(r.dir, 'metrics.json');
    return { metrics: fs.existsSync(metricsFile) ? readJson<MetricsRecord>(metricsFile, 'NIDS metrics') : {}, seconds: r.seconds };
  }
  if (job.kind === 'gru-sae') {
    const cfg = pipelineJobConfig(job, dir) as Resolved<GruSaeConfig>;
    const results = await runPipeline(cfg, GRU_SAE_STAGES, { stopAt: 4, log, argv: [] });
    const failed = results.find((r) => r.status === 'failed');
    if (failed) throw new Error(`GRU-SAE stage ${failed.n} (${failed.name}) failed: ${failed.error}`);
    return { metrics: readJson<MetricsRecord>(path.join(dir, 'metrics.json'), 'GRU-SAE metrics'), seconds: Object.fromEntries(results.filter((r) => r.status === 'ok').map((r) => [r.name, r.seconds])) };
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
  if (job.kind === 'gru-sae') return `gru-sae ${String(job.config.gru_sae.dataset ?? '')}/seed-${String(job.config.gru_sae.seed ?? '')}`;
  return `nids ${String(job.config.nids.dataset ?? '')}`.trim() + (job.config.nids.seed === undefined ? '' : `/seed-${String(job.config.nids.seed)}`);
}
