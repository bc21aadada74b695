/**
 * A benchmark suite end to end: plan its jobs (prepareSuite: everything checked before anything is
 * written), open the suite folder through the run layer (kind `benchmark`, kept across runs), skip
 * jobs whose folders are complete with the same settings, run the rest on an engine (local processes
 * or the BullMQ queue), then build the leaderboard from the jobs' folders. Series suites have one job
 * per (series, detector, seed); pipeline suites (GRU-SAE, NIDS) one per (dataset, seed), each giving a
 * leaderboard row to every detector of its pipeline.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readJson, writeJson } from '../io/files';
import { resolveL1Config } from '../l1/config';
import { readManifest, effectiveStatus } from '../run/manifest';
import { configHash, withoutMeta, withRun } from '../run';
import { defaultRunDir } from '../run/paths';
import { resolveRawDir } from '../io/paths';
import { EVAL_DETECTORS } from '../gru-sae/04-evaluate';
import type { GruSaeConfig } from '../gru-sae/config';
import { runSchema } from '../gru-sae/run-schema';
import { validateGruSaeConfig } from '../gru-sae/validate';
import { FLOW_DATASETS } from '../nids/01-prepare/datasets';
import { nidsInputs, type NidsConfig } from '../nids/config';
import { NIDS_RECORD_DETECTORS } from '../nids/02-train-evaluate/metrics';
import { jobLabel, pipelineJobConfig } from './jobs';
import { buildLeaderboard, headlineMetrics, NIDS_HEADLINE, type Leaderboard, type LeaderboardEntry } from './leaderboard';
import type { JobRecord, Task } from './local';
import { jobHash, planJobs, planPipelineJobs, SUITE_DETECTORS, unknownDetector, type PipelineJob, type SeriesJob } from './plan';
import { writeLeaderboard } from './report';
import { expandSeries, seriesInputs } from './series';
import type { Suite, SuitePipeline } from './spec';

export interface SuiteRunOptions {
  suite: Suite;
  /** The suite file, recorded in the suite folder's config. */
  suiteFile: string;
  preset: string;
  /** Subset of the suite's detectors (default: all of them). */
  detectors?: string[];
  /** Seeds (default: the suite's). */
  seeds?: number[];
  /** Suite folder (default outputs/benchmark/<suite>-<preset>). */
  out?: string | null;
}

export type SuiteJob = SeriesJob | PipelineJob;

export interface PreparedSuite {
  pipeline: SuitePipeline;
  dir: string;
  jobs: SuiteJob[];
  config: Record<string, unknown>;
  /** Detector order of the leaderboard. */
  detectors: string[];
  /** The leaderboard's headline metrics, the first one ranks. */
  metrics: string[];
  /** Files and folders the jobs read (recorded in the suite folder's manifest). */
  inputs: string[];
}

/** The detectors a pipeline's run reports (its metrics record's `<detector>.test.*`), the chance control aside. */
export const PIPELINE_DETECTORS = {
  'gru-sae': EVAL_DETECTORS.filter((d) => d !== 'random'),
  nids: NIDS_RECORD_DETECTORS,
} as const;

/** Resolve and check everything (series files, detectors, settings); throws naming the problem. Writes nothing. */
export function prepareSuite(o: SuiteRunOptions): PreparedSuite {
  if (o.suite.pipeline !== 'series') return preparePipelineSuite(o, o.suite.pipeline);
  const detectors = o.detectors ?? Object.keys(o.suite.detectors);
  for (const d of detectors) {
    if (!(SUITE_DETECTORS as readonly string[]).includes(d)) throw new Error(unknownDetector(d));
  }
  const seeds = o.seeds ?? o.suite.seeds;
  const l1 = resolveL1Config({ preset: o.preset, overrides: o.suite.l1 });
  const series = expandSeries(o.suite.series);
  const settings = Object.fromEntries(detectors.map((d) => [d, o.suite.detectors[d] ?? {}]));
  const jobs = planJobs({ suite: o.suite.name, series, detectors: settings, seeds, l1 });
  const dir = defaultRunDir('benchmark', `${o.suite.name}-${o.preset}`, o.out);
  const config = {
    suite: o.suite.name, suite_file: o.suiteFile, preset: o.preset, detectors, seeds, series: series.map((s) => s.id),
    detector_settings: settings, l1: o.suite.l1, jobs: jobs.length, _meta: { section: 'benchmark', preset: o.preset },
  };
  const inputs = [...new Set(jobs.flatMap((j) => seriesInputs(j.config.series)))];
  return { pipeline: 'series', dir, jobs, config, detectors, metrics: headlineMetrics(l1.eval.event_budgets[0]), inputs };
}

/** A GRU-SAE or NIDS suite: every job's config resolved and validated (dataset, settings), its data found. */
function preparePipelineSuite(o: SuiteRunOptions, pipeline: 'gru-sae' | 'nids'): PreparedSuite {
  if (o.detectors) throw new Error(`--detectors applies to series suites; the ${pipeline} suite ${o.suite.name} runs the pipeline's own detectors (${PIPELINE_DETECTORS[pipeline].join(', ')})`);
  const seeds = o.seeds ?? o.suite.seeds;
  const dir = defaultRunDir('benchmark', `${o.suite.name}-${o.preset}`, o.out);
  const jobs = planPipelineJobs({ suite: o.suite.name, pipeline, datasets: o.suite.datasets, seeds, settings: o.suite.settings, preset: o.preset });
  const inputs = new Set<string>();
  let budget: number | null = null;
  for (const job of jobs) {
    const where = `suite ${o.suite.name}, dataset "${job.dataset}"`;
    let cfg: GruSaeConfig | NidsConfig;
    try {
      cfg = pipelineJobConfig(job, path.join(dir, job.rel));
      if (job.kind === 'gru-sae') validateGruSaeConfig(cfg as GruSaeConfig);
      else if (!FLOW_DATASETS[(cfg as NidsConfig).dataset]) throw new Error(`unknown NIDS dataset; built-in: ${Object.keys(FLOW_DATASETS).join(', ')}`);
    } catch (err) {
      throw new Error(`${where}: ${(err as Error).message}`);
    }
    const own = job.kind === 'gru-sae' ? [resolveRawDir(runSchema(cfg as GruSaeConfig).schema.raw_dir)] : nidsInputs(cfg as NidsConfig);
    if (!job.dataset.startsWith('demo-')) for (const p of own) if (!fs.existsSync(p)) throw new Error(`${where}: its data ${p} is missing (../shared/data follows SEQSENTRY_SHARED_DATA)`);
    own.forEach((p) => inputs.add(p));
    if (job.kind === 'gru-sae') budget = (cfg as GruSaeConfig).eval.budgets[0];
  }
  const config = {
    suite: o.suite.name, suite_file: o.suiteFile, preset: o.preset, pipeline, datasets: o.suite.datasets, seeds, settings: o.suite.settings,
    jobs: jobs.length, _meta: { section: 'benchmark', preset: o.preset },
  };
  const metrics = pipeline === 'nids' ? [...NIDS_HEADLINE] : headlineMetrics(budget!);
  return { pipeline, dir, jobs, config, detectors: [...PIPELINE_DETECTORS[pipeline]], metrics, inputs: [...inputs] };
}

/** Whether a job's folder already holds its complete run with the same settings (a pipeline job: the same resolved config). */
export function jobComplete(dir: string, job: SuiteJob): boolean {
  const m = readManifest(dir);
  if (!m || effectiveStatus(m) !== 'complete' || !fs.existsSync(path.join(dir, 'metrics.json'))) return false;
  if (job.kind === 'series') return m.config_hash.replace(/^sha256:/, '').startsWith(jobHash(job.config));
  return m.config_hash === configHash(withoutMeta(pipelineJobConfig(job, dir)));
}

/** An engine runs tasks and says how each ended (local.ts runLocal, queue/submit.ts runOnQueue). */
export type Engine = { name: string; run: (tasks: Task[], onRecord: (r: JobRecord) => void) => Promise<JobRecord[]> };

export interface SuiteResult {
  dir: string;
  board: Leaderboard;
  records: (JobRecord & { label: string })[];
  html: string;
  seconds: number;
}

/** Run a prepared suite on `engine` in its folder; resolves when the leaderboard is written. */
export async function runSuite(p: PreparedSuite, engine: Engine, log: (line: string) => void = () => {}): Promise<SuiteResult> {
  const t0 = performance.now();
  return withRun({ dir: p.dir, kind: 'benchmark', config: p.config, inputs: p.inputs, resume: true, log }, async (run) => {
    const tasks = p.jobs.map((job) => ({ job, dir: path.join(run.dir, job.rel) }));
    const byKey = new Map<string, JobRecord & { label: string }>();
    const todo = tasks.filter((t) => {
      if (!jobComplete(t.dir, t.job)) return true;
      byKey.set(t.job.key, { key: t.job.key, status: 'complete', attempts: 0, seconds: 0, worker: 'earlier run', label: jobLabel(t.job) });
      return false;
    });
    if (byKey.size) log(`${byKey.size} of ${tasks.length} jobs already complete in ${run.dir}; running ${todo.length}`);
    const jobsFile = path.join(run.dir, 'jobs.json');
    const save = () => writeJson(jobsFile, tasks.map((t) => byKey.get(t.job.key) ?? { key: t.job.key, label: jobLabel(t.job), status: 'pending' }));
    save();
    await run.stage('jobs', () => engine.run(todo, (r) => {
      byKey.set(r.key, { ...r, label: jobLabel(tasks.find((t) => t.job.key === r.key)!.job) });
      save();
    }));
    const records = tasks.map((t) => byKey.get(t.job.key) ?? { key: t.job.key, label: jobLabel(t.job), status: 'failed' as const, attempts: 0, seconds: 0, worker: '', error: 'the engine returned no record' });
    const seconds = (performance.now() - t0) / 1000;
    const { board, html } = await run.stage('leaderboard', () => {
      const board = buildLeaderboard(entries(tasks, records, p.detectors), p.metrics, p.detectors);
      const html = writeLeaderboard(run.dir, { suite: String(p.config.suite), preset: String(p.config.preset), pipeline: p.pipeline, engine: engine.name, board, jobs: records, seconds });
      return { board, html };
    });
    return { dir: run.dir, board, records, html, seconds };
  });
}

/**
 * The metrics of every complete job, read from its folder (each job once: one folder per key). A
 * pipeline job gives one entry per detector its record reports, with the dataset as the series.
 */
function entries(tasks: Task[], records: JobRecord[], detectors: readonly string[]): LeaderboardEntry[] {
  return tasks.flatMap((t, i) => {
    const file = path.join(t.dir, 'metrics.json');
    if (records[i].status !== 'complete' || !fs.existsSync(file)) return [];
    const metrics = readJson<Record<string, number>>(file, 'job metrics');
    const job = t.job as SuiteJob;
    if (job.kind === 'series') return [{ key: job.key, series: job.config.series.id, detector: job.config.detector, seed: job.config.seed, metrics }];
    return detectors.filter((d) => Object.keys(metrics).some((k) => k.startsWith(`${d}.test.`)))
      .map((d) => ({ key: `${job.key}/${d}`, series: job.dataset, detector: d, seed: job.seed, metrics }));
  });
}
