/**
 * A benchmark suite end to end: plan its jobs (prepareSuite: everything checked before anything is
 * written), open the suite folder through the run layer (kind `benchmark`, kept across runs), skip
 * jobs whose folders are complete with the same settings, run the rest on an engine (local processes
 * or the BullMQ queue), then build the leaderboard from the jobs' folders.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readJson, writeJson } from '../io/files';
import { resolveL1Config } from '../l1/config';
import { readManifest, effectiveStatus } from '../run/manifest';
import { withRun } from '../run';
import { defaultRunDir } from '../run/paths';
import { jobLabel } from './jobs';
import { buildLeaderboard, headlineMetrics, type Leaderboard, type LeaderboardEntry } from './leaderboard';
import type { JobRecord, Task } from './local';
import { jobHash, planJobs, SUITE_DETECTORS, unknownDetector, type SeriesJob } from './plan';
import { writeLeaderboard } from './report';
import { expandSeries, seriesInputs } from './series';
import type { Suite } from './spec';

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

export interface PreparedSuite {
  dir: string;
  jobs: SeriesJob[];
  config: Record<string, unknown>;
  /** Detector order of the leaderboard. */
  detectors: string[];
  budget: number;
}

/** Resolve and check everything (series files, detectors, settings); throws naming the problem. Writes nothing. */
export function prepareSuite(o: SuiteRunOptions): PreparedSuite {
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
  return { dir, jobs, config, detectors, budget: l1.eval.event_budgets[0] };
}

/** Whether a job's folder already holds its complete run with the same settings. */
export function jobComplete(dir: string, job: SeriesJob): boolean {
  const m = readManifest(dir);
  return !!m && effectiveStatus(m) === 'complete' && m.config_hash.replace(/^sha256:/, '').startsWith(jobHash(job.config)) && fs.existsSync(path.join(dir, 'metrics.json'));
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
  const inputs = [...new Set(p.jobs.flatMap((j) => seriesInputs(j.config.series)))];
  return withRun({ dir: p.dir, kind: 'benchmark', config: p.config, inputs, resume: true, log }, async (run) => {
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
      const board = buildLeaderboard(entries(tasks, records), headlineMetrics(p.budget), p.detectors);
      const html = writeLeaderboard(run.dir, { suite: String(p.config.suite), preset: String(p.config.preset), engine: engine.name, board, jobs: records, seconds });
      return { board, html };
    });
    return { dir: run.dir, board, records, html, seconds };
  });
}

/** The metrics of every complete job, read from its folder (each job once: one folder per key). */
function entries(tasks: Task[], records: JobRecord[]): LeaderboardEntry[] {
  return tasks.flatMap((t, i) => {
    if (records[i].status !== 'complete' || t.job.kind !== 'series') return [];
    const file = path.join(t.dir, 'metrics.json');
    if (!fs.existsSync(file)) return [];
    const c = t.job.config;
    return [{ key: t.job.key, series: c.series.id, detector: c.detector, seed: c.seed, metrics: readJson<Record<string, number>>(file, 'job metrics') }];
  });
}
