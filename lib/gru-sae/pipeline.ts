import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Resolved } from '../config';
import { resolveConfig } from '../config';
import { getPath, isPlainObject } from '../config/merge';
import { DEMO_DEFAULTS, ensureDemoData } from '../demo';
import { resolveRawDir } from '../io/paths';
import { Run, UsageError, checkRunDir, effectiveStatus, readManifest, inputChanges, inputFacts, type RunManifest } from '../run';
import { canonicalJson } from '../run/provenance';
import { runDir, type GruSaeConfig } from './config';
import { runSchema } from './run-schema';
import { validateGruSaeConfig } from './validate';

/** One pipeline stage: number, name, what it does, and what its artefacts depend on. */
export interface Stage {
  n: number;
  name: string;
  run: (cfg: Resolved<GruSaeConfig>, log: (line: string) => void) => Promise<unknown>;
  /** The config values (dotted keys) the stage's artefacts are built from; a resume compares them. */
  keys?: (cfg: GruSaeConfig) => Record<string, unknown>;
  /** Files outside the run folder the stage reads; a resume compares their size and time. */
  inputs?: (cfg: GruSaeConfig) => string[];
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
  /** A command that rebuilds from stage `n` with this run's settings, for resume errors (the CLI's). */
  rebuildCommand?: (n: number) => string;
  /** The command's arguments, for the manifest (default process.argv.slice(2)). */
  argv?: string[];
}

/** Which stages run for these options; validates the numbers. */
export function selectStages<T extends { n: number }>(stages: T[], opts: PipelineOptions): T[] {
  const max = stages.length;
  const start = opts.startFrom ?? 1;
  const stop = opts.stopAt ?? max;
  for (const [flag, v] of [['--start-from', start], ['--stop-at', stop], ...(opts.skip ?? []).map((s) => ['--skip-stages', s] as const)] as const) {
    if (!(Number.isInteger(v) && v >= 1 && v <= max)) throw new UsageError(`${flag} must be a stage number 1–${max}, got ${v}`);
  }
  if (start > stop) throw new UsageError(`--start-from ${start} is after --stop-at ${stop}`);
  return stages.filter((s) => s.n >= start && s.n <= stop && !(opts.skip ?? []).includes(s.n));
}

/**
 * For a run that reuses stages of an existing run folder (--start-from, --skip-stages): the settings
 * those stages were built with (from the folder's config.json, `stageKeys` naming the config keys of
 * each stage) as dotted overrides, for every key the user did not set. So `--start-from 3` needs only
 * stage 3's flags, as the original's stage scripts do; a flag that contradicts a reused stage is still
 * refused by the resume check. Empty when the folder holds no GRU-SAE run.
 */
export function inheritedOverrides(dir: string, reused: readonly string[], stageKeys: Record<string, readonly string[]>, given: Record<string, unknown>, defaults: object): Record<string, unknown> {
  const manifest = readManifest(dir);
  const file = path.join(dir, 'config.json');
  if (!reused.length || manifest?.kind !== 'gru-sae' || !fs.existsSync(file)) return {};
  const previous = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  const tops = new Set(reused.filter((name) => manifest.stages[name]?.status === 'complete').flatMap((name) => stageKeys[name] ?? []));
  const out: Record<string, unknown> = {};
  const givenKeys = Object.keys(given);
  for (const top of tops) {
    if (!(top in previous)) continue;
    const leaves = isPlainObject(previous[top]) ? flattenKeys({ [top]: previous[top] }) : { [top]: previous[top] };
    for (const [key, value] of Object.entries(leaves)) {
      // A flag on the key, on a section above it, or on a leaf below it wins.
      if (givenKeys.some((g) => g === key || key.startsWith(`${g}.`) || g.startsWith(`${key}.`))) continue;
      // A key this version does not know, or a null where it wants a value, is left to the resume check.
      const template = getPath(defaults, key);
      if (template === undefined || (value === null && template !== null)) continue;
      out[key] = value;
    }
  }
  return out;
}

/** `{ a: { b: 1 } }` → `{ "a.b": 1 }` (arrays stay values): the form stage keys are recorded in. */
export function flattenKeys(obj: Record<string, unknown>, prefix = ''): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (isPlainObject(v)) Object.assign(out, flattenKeys(v, key));
    else out[key] = v;
  }
  return out;
}

/**
 * Why the artefacts of `stage` in a run folder cannot be reused by a run with `cfg`, or null when they
 * can: the stage never completed there (a rebuild of an earlier stage removes the later ones), was
 * built with other values of its config keys, or from input files that have changed since.
 */
export function staleReason(previous: RunManifest | null, stage: Stage, cfg: GruSaeConfig): string | null {
  const rec = previous?.stages[stage.name];
  const what = `stage ${stage.n} (${stage.name})`;
  if (!rec) return `${what} has not run in this folder`;
  if (rec.status !== 'complete') {
    // A stage still `running` in the manifest of a run that is no longer alive was interrupted.
    const status = rec.status === 'running' && previous && effectiveStatus(previous) !== 'running' ? 'interrupted' : rec.status;
    return `${what} is ${status} in this folder`;
  }
  const now = stage.keys?.(cfg) ?? {};
  const differ = [...new Set([...Object.keys(rec.keys), ...Object.keys(now)])].filter((k) => canonicalJson(rec.keys[k]) !== canonicalJson(now[k]));
  if (differ.length) {
    const show = (v: unknown) => (v === undefined ? '(unset)' : JSON.stringify(v));
    const [k, ...more] = differ;
    return `${what} was built with ${k} = ${show(rec.keys[k])}, but this run asks for ${show(now[k])}${more.length ? ` (and ${more.length} more: ${more.join(', ')})` : ''}`;
  }
  const changes = inputChanges(rec.inputs, inputFacts(stage.inputs?.(cfg) ?? []));
  if (changes.length) return `${what} was built from inputs that changed since: ${changes.slice(0, 3).join('; ')}${changes.length > 3 ? '; …' : ''}`;
  return null;
}

/** The first of `stages` whose artefacts cannot be reused (see staleReason), with the reason. */
export function firstStale(previous: RunManifest | null, stages: Stage[], cfg: GruSaeConfig): { stage: Stage; reason: string } | null {
  for (const stage of stages) {
    const reason = staleReason(previous, stage, cfg);
    if (reason) return { stage, reason };
  }
  return null;
}

/**
 * Run the selected stages in order through the run layer (lib/run): the run folder's manifest records
 * each stage. Stages before the last selected one that do not run this time must have artefacts built
 * with the same config keys and inputs (else a UsageError names the key and how to rebuild); a fresh
 * run from stage 1 empties the folder first. Demo datasets get their synthetic data generated (or
 * reused) before stage 1. A failing stage stops the run unless `continueOnError`.
 */
export async function runPipeline(cfg: Resolved<GruSaeConfig>, stages: Stage[], opts: PipelineOptions = {}): Promise<StageResult[]> {
  const selected = selectStages(stages, opts);
  return (await executeStages(cfg, stages, selected, opts)).results;
}

/**
 * Run stage `n` with `fn` (a notebook's own call of the stage function, with its live chart), in the
 * run layer like runPipeline; the stages before `n` must be reusable (ensureStagesBefore makes them so).
 */
export async function runStage<T>(cfg: Resolved<GruSaeConfig>, stages: Stage[], n: number, fn: () => Promise<T>, opts: PipelineOptions = {}): Promise<T> {
  const stage = stages.find((s) => s.n === n);
  if (!stage) throw new Error(`runStage: no stage ${n}`);
  let value: T | undefined;
  const own: Stage = { ...stage, run: async () => (value = await fn()) };
  const { results } = await executeStages(cfg, stages.map((s) => (s.n === n ? own : s)), [own], opts);
  const failed = results.find((r) => r.status === 'failed');
  if (failed) throw new Error(`stage ${failed.n} (${failed.name}) failed: ${failed.error}`);
  return value as T;
}

async function executeStages(cfg: Resolved<GruSaeConfig>, stages: Stage[], selected: Stage[], opts: PipelineOptions): Promise<{ results: StageResult[] }> {
  const log = opts.log ?? console.log;
  try {
    validateGruSaeConfig(cfg);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const dir = runDir(cfg);
  const last = Math.max(...selected.map((s) => s.n));
  const reused = stages.filter((s) => s.n < last && !selected.includes(s));
  for (const r of reused) {
    const before = selected.find((s) => s.n < r.n);
    if (before) throw new UsageError(`stage ${r.n} (${r.name}) would be skipped while stage ${before.n} (${before.name}), which it is built on, runs again: its artefacts would not match; run stage ${r.n} too, or stop before it (--stop-at ${r.n - 1})`);
  }
  const inputs = [resolveRawDir(runSchema(cfg).schema.raw_dir)];
  checkRunDir(dir, { kind: 'gru-sae', inputs }); // before the demo data is made: a refused folder costs nothing
  if (cfg.dataset.startsWith('demo-') && selected.some((s) => s.n === 1)) {
    const demo = resolveConfig('demo', DEMO_DEFAULTS, { preset: cfg._meta.preset });
    const { generated, manifest } = await ensureDemoData(demo);
    log(`demo data ${generated ? 'generated' : 'reused'}: ${manifest.sysmon.rows} Sysmon events, ${manifest.flows.rows} flows in ${demo.out}`);
  }
  const run = Run.open({
    dir, kind: 'gru-sae', config: cfg, resume: reused.length > 0, argv: opts.argv, log,
    inputs,
    check: (previous) => {
      const stale = firstStale(previous, reused, cfg);
      if (!stale) return;
      const how = opts.rebuildCommand ? `rebuild from stage ${stale.stage.n}: ${opts.rebuildCommand(stale.stage.n)}` : `run from stage ${stale.stage.n}`;
      throw new UsageError(`cannot reuse the artefacts in ${dir}: ${stale.reason}; ${how}`);
    },
  });
  // What this run rebuilds (and every later stage, built on it) goes first: no old artefact outlives its config.
  const first = Math.min(...selected.map((s) => s.n));
  run.discard(stages.filter((s) => s.n >= first).map((s) => s.name));
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
      await run.stage(stage.name, () => stage.run(cfg, log), { keys: stage.keys?.(cfg), inputs: stage.inputs?.(cfg) });
      result = { n: stage.n, name: stage.name, status: 'ok', seconds: (performance.now() - t0) / 1000, ...(failed !== null ? { staleAfter: failed } : {}) };
    } catch (err) {
      result = { n: stage.n, name: stage.name, status: 'failed', seconds: (performance.now() - t0) / 1000, error: (err as Error).message };
      failed ??= stage.n;
    }
    results.push(result);
    opts.onStage?.('end', stage, result);
  }
  if (failed !== null) run.fail(new Error(`stage ${failed} (${stages[failed - 1]?.name}) failed: ${results.find((r) => r.n === failed)?.error}`));
  else run.complete();
  return { results };
}

/**
 * For notebooks: run the stages before `n` whose artefacts cannot be reused (missing, or built with
 * other settings, e.g. another preset), from the first such stage on; stages that can be reused are
 * left alone.
 */
export async function ensureStagesBefore(cfg: Resolved<GruSaeConfig>, stages: Stage[], n: number, log: (line: string) => void = console.log): Promise<void> {
  const dir = runDir(cfg);
  const stale = firstStale(readManifest(dir), stages.filter((s) => s.n < n), cfg);
  if (!stale) return;
  log(`running stages ${stale.stage.n}–${n - 1} first: ${stale.reason} (${dir})`);
  const results = await runPipeline(cfg, stages, { startFrom: stale.stage.n, stopAt: n - 1, log });
  const failed = results.find((r) => r.status === 'failed');
  if (failed) throw new Error(`stage ${failed.n} (${failed.name}) failed: ${failed.error}`);
}
