import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../io/files';
import { gitCommit } from '../run/provenance';
import { compareToBaseline, updateBaseline, type Baseline, type Comparison } from './baseline';
import { displayPath, notebookKey } from './discover';
import type { NotebookResult } from './execute';
import { addToHistory, defaultBaselinePath, loadBaseline, loadHistory, writeBaseline, writeRunRecord, type RunRecord } from './records';
import { formatCheck, formatUpdate } from './report';
import { summaryHtml } from './summary-html';
import type { TrackedRecord } from './tracked';

// The nightly regression after the notebooks ran: the run record, history, baseline check or update,
// and the summary page. Validation (`prepareRegression`) runs before any kernel starts.

/** What the command line asked of the regression. */
export interface RegressionArgs {
  preset: string;
  mode: 'none' | 'check' | 'update';
  /** --baseline as given (default: notebooks/baseline.<preset>.json). */
  baseline?: string;
  history?: string;
}

/** Validated regression settings (from `prepareRegression`). */
export interface RegressionPlan extends RegressionArgs {
  baselineFile: string;
  /** The baseline as it was before this run (null: none yet). */
  before: Baseline | null;
}

/** Check the baseline file for the mode (exists and parses for --check; parses if present for --update). Throws naming it. */
export function prepareRegression(a: RegressionArgs): RegressionPlan {
  const baselineFile = a.baseline ? path.resolve(a.baseline) : defaultBaselinePath(a.preset);
  const flag = a.baseline ? `--baseline ${a.baseline}` : `the baseline ${displayPath(baselineFile)}`;
  if (a.mode === 'none') return { ...a, baselineFile, before: null };
  let before: Baseline | null;
  try {
    before = loadBaseline(baselineFile);
  } catch (err) {
    throw new Error(`${flag}: ${(err as Error).message}${a.mode === 'update' ? ' (fix it, or remove it to start afresh)' : ''}`);
  }
  if (a.mode === 'check' && !before) {
    throw new Error(`--check: no baseline at ${displayPath(baselineFile)} for preset "${a.preset}"; make it with \`SEQSENTRY_PRESET=${a.preset} npm run notebooks -- --update-baseline\``);
  }
  if (before && before.preset !== a.preset) {
    throw new Error(`${flag} holds preset "${before.preset}" but this run uses preset "${a.preset}"; pass --preset ${before.preset} or another --baseline`);
  }
  return { ...a, baselineFile, before };
}

/** What the regression phase did. */
export interface RegressionOutcome {
  /** --check found a value out of tolerance or missing. */
  failed: boolean;
  comparison?: Comparison;
  summaryFile: string;
}

/**
 * Write `<outDir>/tracked.json` and `summary.html`, add the run to --history, and check or update the
 * baseline. `complete` says whether every notebook of the default folder ran (then --update-baseline
 * drops notebooks that no longer exist). Prints what it did through `log`.
 */
export function finishRegression(
  plan: RegressionPlan,
  results: NotebookResult[],
  opts: { outDir: string; startedAt: Date; complete: boolean; log: (line: string) => void },
): RegressionOutcome {
  const { commit, dirty } = gitCommit();
  const records = results.map((r) => r.tracked ?? placeholder(r, plan.preset));
  const run: RunRecord = {
    format: 1, preset: plan.preset, started_at: opts.startedAt.toISOString(), commit, commit_dirty: dirty,
    notebooks: Object.fromEntries(records.map((r) => [r.notebook, r])),
  };
  for (const rec of records) for (const p of rec.problems) opts.log(`warning: ${rec.notebook}: ${p}`);
  writeRunRecord(path.join(opts.outDir, 'tracked.json'), run);
  let history: RunRecord[] = [];
  if (plan.history) {
    const h = loadHistory(plan.history, plan.preset);
    for (const s of h.skipped) opts.log(`warning: --history: skipped ${displayPath(s)} (not a run record)`);
    history = h.runs.slice(-60);
    const file = addToHistory(plan.history, run);
    opts.log(`history: added ${displayPath(file)} (${h.runs.length} earlier run(s) of preset ${plan.preset})`);
  }
  let comparison: Comparison | undefined;
  const where = displayPath(plan.baselineFile);
  if (plan.mode === 'check' && plan.before) {
    comparison = compareToBaseline(plan.before, records);
    opts.log(formatCheck(comparison, where));
  } else if (plan.mode === 'update') {
    const up = updateBaseline(plan.before, records, { preset: plan.preset, commit, now: new Date().toISOString(), prune: opts.complete });
    writeBaseline(plan.baselineFile, up.baseline);
    comparison = up.comparison;
    opts.log(formatUpdate(comparison, where));
  }
  const summaryFile = path.join(opts.outDir, 'summary.html');
  const statuses = Object.fromEntries(results.map((r) => [r.tracked?.notebook ?? notebookKey(r.path), r.status]));
  fs.mkdirSync(opts.outDir, { recursive: true });
  writeFileAtomic(summaryFile, summaryHtml({ run, history, comparison: plan.mode === 'check' ? comparison : undefined, baselineFile: plan.mode === 'check' ? where : undefined, statuses }));
  opts.log(`summary: ${displayPath(summaryFile)}`);
  return { failed: plan.mode === 'check' && comparison?.failed === true, comparison, summaryFile };
}

/** A record for a notebook the executor could not run at all. */
function placeholder(r: NotebookResult, preset: string): TrackedRecord {
  return { format: 1, notebook: notebookKey(r.path), status: r.status, preset, values: {}, context: {}, problems: [] };
}
