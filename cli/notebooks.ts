// Run notebooks headlessly in fresh tslab kernels and write executed copies (no Python, no Jupyter).
// Usage: npm run notebooks [-- [--timeout S] [--preset NAME] [--out-dir DIR] [--bail] [--check | --update-baseline]
//        [--baseline FILE] [--history DIR] [--queue redis://H:P] [notebook|folder ...]]
import * as path from 'node:path';
import { listPresets, loadPreset, PRESET_ENV } from '../lib/config';
import { EXECUTED_DIR, NOTEBOOK_DIR, checkOutputFolder, displayPath, executedPath, findNotebooks, loadNotebook } from '../lib/notebook/discover';
import { executeNotebook, type NotebookResult } from '../lib/notebook/execute';
import { KernelClient } from '../lib/notebook/kernel';
import { launcherPids, watchLaunchers } from '../lib/notebook/launchers';
import { finishRegression, prepareRegression, type RegressionPlan } from '../lib/notebook/regression';
import { formatFailure, formatSummary } from '../lib/notebook/report';
import { UsageError as RunUsageError } from '../lib/run';
import { runNotebooksOnQueue } from '../lib/suite/remote';

const USAGE = `usage: npm run notebooks [-- [options] [notebook.ipynb | folder ...]]

Runs each notebook (default: every *.ipynb under notebooks/, in path order) in a fresh tslab
kernel whose working directory is the repo root, and writes the executed copy to
outputs/notebooks/<path under notebooks/>. A notebook stops at its first failing cell; the
remaining notebooks still run. Each notebook's tracked values (its \`track\`/\`trackRunFolder\` outputs,
lib/notebook/track.ts, and the seconds per cell and in total) go beside its executed copy as
<name>.tracked.json; all of them to <out-dir>/tracked.json, and a page to <out-dir>/summary.html.
Exit code: 0 all ok, 1 some notebook not ok or (--check) a tracked value out of tolerance,
2 bad arguments or input.

options:
  --timeout S     per-cell time limit in seconds (default 600)
  --preset NAME   set ${PRESET_ENV} for the kernels (default: inherited; validated before any
                  kernel starts; known: ${listPresets().join(', ') || 'none'})
  --out-dir DIR   write executed copies under DIR instead of outputs/notebooks (checked before
                  any kernel starts: must be a writable folder or creatable as one)
  --bail          stop after the first notebook that is not ok
  --queue URL     run each notebook as a job on the BullMQ queue at URL (redis://HOST:PORT), taken by
                  npm run worker processes on any machine; executed copies and the summary come back here
  --check         compare the tracked values with the baseline; exit 1 when a value leaves its
                  tolerance or a baseline key is missing (timings and new keys only warn); prints
                  notebook, key, baseline, now, change, tolerance for every value not within it
  --update-baseline
                  rewrite the baseline from this run (keeping its tolerance rules) and say what
                  changed; failed notebooks keep their old entry (not with --check)
  --baseline FILE the baseline to check or update (default notebooks/baseline.<preset>.json, the
                  preset from --preset, else ${PRESET_ENV}, else "default")
  --history DIR   keep this run's record in DIR (a folder; created if missing) and draw each key's
                  trend over the earlier records there as a sparkline in summary.html
  -h, --help      show this help`;

interface Args {
  inputs: string[];
  timeoutS: number;
  preset?: string;
  outDir: string;
  bail: boolean;
  help: boolean;
  check: boolean;
  update: boolean;
  baseline?: string;
  history?: string;
  queue?: string;
}

class UsageError extends Error {}

function parseArgs(argv: string[]): Args {
  const args: Args = { inputs: [], timeoutS: 600, outDir: EXECUTED_DIR, bail: false, help: false, check: false, update: false };
  // Help wins over anything else on the line, even a bad option.
  if (argv.some((a) => a === '-h' || a === '--help')) return { ...args, help: true };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].startsWith('--') ? (argv[i].split(/=(.*)/s, 2) as [string, string?]) : [argv[i]];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new UsageError(`option ${flag} needs a value`);
      return v;
    };
    if (inline !== undefined && SWITCHES.has(flag)) throw new UsageError(`option ${flag} takes no value, got "${argv[i]}"`);
    if (flag === '--bail') args.bail = true;
    else if (flag === '--check') args.check = true;
    else if (flag === '--update-baseline') args.update = true;
    else if (flag === '--baseline') args.baseline = value();
    else if (flag === '--history') args.history = path.resolve(value());
    else if (flag === '--queue') args.queue = value();
    else if (flag === '--timeout') {
      const v = value();
      args.timeoutS = Number(v);
      // setTimeout fires at once past 2^31 − 1 ms; a day is plenty for one cell.
      if (!(args.timeoutS > 0 && args.timeoutS <= 86400)) throw new UsageError(`--timeout must be a number of seconds in (0, 86400], got "${v}"`);
    } else if (flag === '--preset') args.preset = value();
    else if (flag === '--out-dir') args.outDir = path.resolve(value());
    else if (flag.startsWith('-')) throw new UsageError(`unknown option ${flag}`);
    else args.inputs.push(flag);
  }
  if (args.check && args.update) throw new UsageError('--check and --update-baseline cannot be used together: check against the baseline, or rewrite it');
  if (args.baseline !== undefined && !args.check && !args.update) throw new UsageError('--baseline needs --check or --update-baseline');
  return args;
}

const SWITCHES = new Set(['--bail', '--help', '--check', '--update-baseline']);

/** Validate everything up front (preset, output folder, baseline, history, paths, notebook JSON, output clashes); returns the notebooks to run. */
function prepare(args: Args): { files: string[]; plan: RegressionPlan } {
  const preset = args.preset ?? process.env[PRESET_ENV];
  if (preset) loadPreset(preset); // throws, listing the known presets, before any kernel starts
  checkOutputFolder(args.outDir, '--out-dir');
  if (args.history !== undefined) checkOutputFolder(args.history, '--history');
  const mode = args.check ? 'check' : args.update ? 'update' : 'none';
  const plan = prepareRegression({ preset: preset || 'default', mode, baseline: args.baseline, history: args.history });
  if (mode === 'update') checkOutputFolder(path.dirname(plan.baselineFile), '--baseline');
  const files = findNotebooks(args.inputs.length ? args.inputs : [NOTEBOOK_DIR]);
  const outs = new Map<string, string>();
  const sources = new Set(files.map((f) => path.resolve(f)));
  for (const file of files) {
    loadNotebook(file);
    const out = executedPath(file, args.outDir);
    if (sources.has(path.resolve(out))) throw new Error(`the executed copy of ${displayPath(file)} would overwrite the source ${displayPath(out)}; choose another --out-dir`);
    const clash = outs.get(out);
    if (clash) throw new Error(`${displayPath(file)} and ${displayPath(clash)} would both be written to ${out}; use --out-dir`);
    outs.set(out, file);
    // Copies of notebooks under notebooks/ go to subfolders of --out-dir, which must be creatable too.
    checkOutputFolder(path.dirname(out), '--out-dir');
  }
  return { files, plan };
}

async function main(argv: string[]): Promise<number> {
  let args: Args;
  let files: string[];
  let plan: RegressionPlan;
  try {
    args = parseArgs(argv);
    if (args.help) {
      console.log(USAGE);
      return 0;
    }
    ({ files, plan } = prepare(args));
  } catch (err) {
    console.error(`notebooks: ${(err as Error).message}`);
    if (err instanceof UsageError) console.error(`run with --help for usage`);
    return 2;
  }
  if (!files.length) {
    console.log(`notebooks: no notebooks found in ${args.inputs.length ? args.inputs.join(', ') : displayPath(NOTEBOOK_DIR)}`);
    return 0;
  }
  const env = args.preset === undefined ? process.env : { ...process.env, [PRESET_ENV]: args.preset };
  const startedAt = new Date();
  const results = args.queue ? await runQueued(args, files) : await runHere(args, files, env);
  if (!results) return 2;
  console.log(`\n${formatSummary(results)}`);
  if (results.length < files.length) console.log(`${files.length - results.length} notebook(s) not run (--bail)`);
  console.log('');
  const complete = args.inputs.length === 0 && results.length === files.length;
  const reg = finishRegression(plan, results, { outDir: args.outDir, startedAt, complete, log: (l) => console.log(l) });
  return results.every((r) => r.status === 'ok') && results.length === files.length && !reg.failed ? 0 : 1;
}

const report = (r: NotebookResult) =>
  console.log(r.status === 'ok' ? `  ok in ${r.seconds.toFixed(1)} s (kernel start ${r.kernelStartSeconds.toFixed(1)} s) → ${displayPath(r.outPath)}` : formatFailure(r));

/** The notebooks one after another in kernels of this process (--bail stops at the first failure). */
async function runHere(args: Args, files: string[], env: NodeJS.ProcessEnv): Promise<NotebookResult[]> {
  const results: NotebookResult[] = [];
  for (const file of files) {
    console.log(`▶ ${displayPath(file)}`);
    const r = await runOne(file, executedPath(file, args.outDir), args.timeoutS, env);
    results.push(r);
    report(r);
    if (args.bail && r.status !== 'ok') break;
  }
  return results;
}

/** --queue: every notebook one job on the BullMQ queue, run by `npm run worker` processes; null when the queue cannot be used (exit 2). */
async function runQueued(args: Args, files: string[]): Promise<NotebookResult[] | null> {
  console.log(`notebooks: ${files.length} notebook(s) as jobs on ${args.queue}; waiting for workers (npm run worker -- --queue ${args.queue})`);
  try {
    const preset = args.preset ?? process.env[PRESET_ENV] ?? 'default';
    return await runNotebooksOnQueue(args.queue!, files, { preset, outDir: args.outDir, cellTimeoutMs: args.timeoutS * 1000, onResult: (r) => {
      console.log(`▶ ${displayPath(r.path)}`);
      report(r);
    } });
  } catch (err) {
    if (!(err instanceof RunUsageError)) throw err;
    console.error(`notebooks: ${err.message}`);
    return null;
  }
}

/** Run one notebook; an executor failure (e.g. an unwritable output folder) marks it crashed, not the whole run. */
async function runOne(file: string, outPath: string, timeoutS: number, env: NodeJS.ProcessEnv): Promise<NotebookResult> {
  const t0 = performance.now();
  try {
    return await executeNotebook(file, { outPath, cellTimeoutMs: timeoutS * 1000, env });
  } catch (err) {
    return {
      path: displayPath(file), outPath, status: 'crashed', executedCells: 0, codeCells: 0, cellSeconds: [], cellNumbers: [],
      seconds: (performance.now() - t0) / 1000, kernelStartSeconds: 0,
      failure: { cellNumber: null, codeCellNumber: null, firstLine: '', message: `executor error: ${(err as Error).message}` },
    };
  }
}

// A kernel must not outlive us. Unhandled, SIGINT and SIGTERM end Node without running 'exit' hooks
// (KernelClient's cleanup), and the kernel ignores SIGINT (tslab treats it as "interrupt cell").
// SIGKILL no handler sees: against it each kernel watches for our death itself (cli/tslab-kernel.cjs).
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    KernelClient.killAll();
    process.exit(sig === 'SIGINT' ? 130 : 143);
  });
}

// kill -9 of `npm run notebooks` (or of tsx) leaves us an orphan: stop with the launcher (lib/notebook/launchers.ts).
watchLaunchers(launcherPids(), (pid) => {
  console.error(`notebooks: launcher process ${pid} is gone; stopping the kernels`);
  KernelClient.killAll();
  process.exit(1);
});

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (err) => {
    console.error(err);
    process.exitCode = 1;
  },
);
