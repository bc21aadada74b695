import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Resolved } from '../config';
import { resolveConfig } from '../config';
import { DEMO_DEFAULTS, ensureDemoData } from '../demo';
import { writeJson } from '../io/files';
import { runDir, type GruSaeConfig } from './config';

/** One pipeline stage: number, name, and what it does given the resolved config. */
export interface Stage {
  n: number;
  name: string;
  run: (cfg: Resolved<GruSaeConfig>, log: (line: string) => void) => Promise<unknown>;
}

export interface StageResult {
  n: number;
  name: string;
  status: 'ok' | 'failed' | 'skipped';
  seconds: number;
  error?: string;
  /** With continueOnError: the earlier stage that failed, so this stage ran on artefacts of an older run. */
  staleAfter?: number;
}

export interface PipelineOptions {
  /** First and last stage to run (1–5). */
  startFrom?: number;
  stopAt?: number;
  /** Stages not to run (their artefacts must already exist for later stages). */
  skip?: number[];
  /** Go on with the next stage after a failure instead of stopping. */
  continueOnError?: boolean;
  log?: (line: string) => void;
  /** Called as each stage starts and ends (for coloured progress). */
  onStage?: (event: 'start' | 'end', stage: Stage, result?: StageResult) => void;
}

/** Which stages run for these options; validates the numbers. */
export function selectStages<T extends { n: number }>(stages: T[], opts: PipelineOptions): T[] {
  const max = stages.length;
  const start = opts.startFrom ?? 1;
  const stop = opts.stopAt ?? max;
  for (const [flag, v] of [['--start-from', start], ['--stop-at', stop], ...(opts.skip ?? []).map((s) => ['--skip-stages', s] as const)] as const) {
    if (!(Number.isInteger(v) && v >= 1 && v <= max)) throw new Error(`${flag} must be a stage number 1–${max}, got ${v}`);
  }
  if (start > stop) throw new Error(`--start-from ${start} is after --stop-at ${stop}`);
  return stages.filter((s) => s.n >= start && s.n <= stop && !(opts.skip ?? []).includes(s.n));
}

/**
 * Run the selected stages in order. The resolved config goes to <run>/config.json first; demo datasets
 * get their synthetic data generated (or reused) before stage 1. A failing stage stops the run unless
 * `continueOnError`; every stage's outcome is returned for the closing summary.
 */
export async function runPipeline(cfg: Resolved<GruSaeConfig>, stages: Stage[], opts: PipelineOptions = {}): Promise<StageResult[]> {
  const log = opts.log ?? console.log;
  const selected = selectStages(stages, opts);
  const dir = runDir(cfg);
  writeJson(path.join(dir, 'config.json'), cfg);
  if (cfg.dataset.startsWith('demo-') && selected.some((s) => s.n === 1)) {
    const demo = resolveConfig('demo', DEMO_DEFAULTS, { preset: cfg._meta.preset });
    const { generated, manifest } = await ensureDemoData(demo);
    log(`demo data ${generated ? 'generated' : 'reused'}: ${manifest.sysmon.rows} Sysmon events, ${manifest.flows.rows} flows in ${demo.out}`);
  }
  const results: StageResult[] = [];
  let failed: number | null = null;
  for (const stage of stages) {
    if (!selected.includes(stage) || (failed !== null && !opts.continueOnError)) {
      results.push({ n: stage.n, name: stage.name, status: 'skipped', seconds: 0 });
      continue;
    }
    if (failed !== null) log(`warning: stage ${failed} failed, so stage ${stage.n} (${stage.name}) reads artefacts of an earlier run, if any`);
    opts.onStage?.('start', stage);
    const t0 = performance.now();
    let result: StageResult;
    try {
      await stage.run(cfg, log);
      result = { n: stage.n, name: stage.name, status: 'ok', seconds: (performance.now() - t0) / 1000, ...(failed !== null ? { staleAfter: failed } : {}) };
    } catch (err) {
      result = { n: stage.n, name: stage.name, status: 'failed', seconds: (performance.now() - t0) / 1000, error: (err as Error).message };
      failed ??= stage.n;
    }
    results.push(result);
    opts.onStage?.('end', stage, result);
  }
  return results;
}

/** A file each stage leaves behind, relative to the run folder: its presence means the stage ran. */
const STAGE_MARKERS: Record<number, (cfg: GruSaeConfig) => string> = {
  1: (cfg) => path.join('processed', `gru_sae-${cfg.dataset}-${cfg.version}.parquet`),
  2: () => path.join('encoded', 'X_test.npy'),
  3: () => path.join('model', 'best', 'model.json'),
  4: () => 'metrics.json',
  5: () => 'report.html',
};

/**
 * For notebooks: run the stages before `n` whose artefacts are missing (a notebook opened on its own
 * still works), then return. Stages whose artefacts exist are left alone.
 */
export async function ensureStagesBefore(cfg: Resolved<GruSaeConfig>, stages: Stage[], n: number, log: (line: string) => void = console.log): Promise<void> {
  const dir = runDir(cfg);
  const firstMissing = stages.find((s) => s.n < n && !fs.existsSync(path.join(dir, STAGE_MARKERS[s.n](cfg))));
  if (!firstMissing) return;
  log(`running stages ${firstMissing.n}–${n - 1} first (their artefacts are missing in ${dir})`);
  const results = await runPipeline(cfg, stages, { startFrom: firstMissing.n, stopAt: n - 1, log });
  const failed = results.find((r) => r.status === 'failed');
  if (failed) throw new Error(`stage ${failed.n} (${failed.name}) failed: ${failed.error}`);
}
