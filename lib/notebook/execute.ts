import { PRESET_ENV } from '../config';
import { writeFileAtomic, writeJson } from '../io/files';
import { displayPath, executedPath, loadNotebook, notebookKey, trackedRecordPath } from './discover';
import { KernelClient, type KernelStartOptions } from './kernel';
import { firstSourceLine, joinText, serializeNotebook, toNbformat45, type Notebook } from './nbformat';
import { OutputCollector, type DisplayRegistry } from './outputs';
import { trackedRecord, type TrackedRecord } from './tracked';

// Run one notebook top to bottom in a fresh tslab kernel; write the executed copy and, beside it, the
// notebook's tracked record (`<name>.tracked.json`: its `track` outputs and the timings measured here).

/** Options for `executeNotebook`; every field has a default. */
export interface ExecuteNotebookOptions {
  /** Where to write the executed copy (default: `executedPath(file)`, under outputs/notebooks/). */
  outPath?: string;
  /** Per-cell time limit (ms, default 600 000). */
  cellTimeoutMs?: number;
  /** Kernel process environment (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** Kernel start options beyond `env` (command, ready timeout). */
  kernel?: Omit<KernelStartOptions, 'env'>;
  /** Called after each executed code cell with its 1-based position among all cells and its time (s). */
  onCell?: (cellNumber: number, seconds: number, status: string) => void;
}

/** Outcome of one notebook: `failed` = a cell raised, `timeout` = a cell ran too long, `crashed` = the kernel died. */
export type NotebookStatus = 'ok' | 'failed' | 'timeout' | 'crashed';

/** Where and why a notebook stopped. */
export interface CellFailure {
  /** 1-based position among all cells (markdown included); null when the kernel never started. */
  cellNumber: number | null;
  /** 1-based position among code cells; null when the kernel never started. */
  codeCellNumber: number | null;
  /** The cell's first non-blank source line. */
  firstLine: string;
  /** `ename: evalue`, a timeout note, or the crash description. */
  message: string;
}

/** One flat record per notebook. */
export interface NotebookResult {
  path: string;
  outPath: string;
  status: NotebookStatus;
  /** Code cells executed (including the failing one) and code cells in the notebook. */
  executedCells: number;
  codeCells: number;
  /** Wall time in seconds: whole notebook, kernel start, each executed code cell. */
  seconds: number;
  kernelStartSeconds: number;
  cellSeconds: number[];
  /** 1-based positions among all cells of the executed code cells (parallel to `cellSeconds`). */
  cellNumbers: number[];
  failure?: CellFailure;
  /** The tracked record (absent when the executor itself failed). */
  tracked?: TrackedRecord;
}

/** Execute `file` in a fresh kernel, stop at the first failing cell, and write the executed copy and tracked record (also on failure). */
export async function executeNotebook(file: string, opts: ExecuteNotebookOptions = {}): Promise<NotebookResult> {
  const t0 = Date.now();
  const nb = toNbformat45(loadNotebook(file));
  const outPath = opts.outPath ?? executedPath(file);
  const codeCells = nb.cells.filter((c) => c.cell_type === 'code').length;
  const result: NotebookResult = {
    path: displayPath(file), outPath, status: 'ok', executedCells: 0, codeCells, seconds: 0, kernelStartSeconds: 0, cellSeconds: [], cellNumbers: [],
  };
  for (const cell of nb.cells) if (cell.cell_type === 'code') Object.assign(cell, { outputs: [], execution_count: null });
  let kernel: KernelClient | null = null;
  try {
    kernel = await KernelClient.start({ ...opts.kernel, env: opts.env ?? process.env });
    result.kernelStartSeconds = (Date.now() - t0) / 1000;
    nb.metadata.language_info = kernel.info.language_info ?? nb.metadata.language_info;
    await runCells(nb, kernel, result, opts);
  } catch (err) {
    result.status = 'crashed';
    result.failure = { cellNumber: null, codeCellNumber: null, firstLine: '', message: (err as Error).message };
  } finally {
    await kernel?.shutdown({ force: result.status === 'timeout' || result.status === 'crashed' });
  }
  result.seconds = (Date.now() - t0) / 1000;
  writeFileAtomic(outPath, serializeNotebook(nb));
  const env = opts.env ?? process.env;
  result.tracked = trackedRecord(nb, {
    notebook: notebookKey(file), status: result.status, preset: env[PRESET_ENV] || 'default',
    timings: { total: result.seconds, kernelStart: result.kernelStartSeconds, cells: result.cellNumbers.map((n, i) => ({ cellNumber: n, seconds: result.cellSeconds[i] })) },
  });
  writeJson(trackedRecordPath(outPath), result.tracked);
  return result;
}

async function runCells(nb: Notebook, kernel: KernelClient, result: NotebookResult, opts: ExecuteNotebookOptions): Promise<void> {
  const displays: DisplayRegistry = new Map();
  let count = 0;
  let codeIndex = 0;
  for (const [i, cell] of nb.cells.entries()) {
    if (cell.cell_type !== 'code') continue;
    codeIndex++;
    const code = joinText(cell.source);
    if (code.trim() === '') continue;
    const collector = new OutputCollector(++count, displays);
    cell.execution_count = count;
    cell.outputs = collector.outputs;
    const t = Date.now();
    const timeoutMs = opts.cellTimeoutMs ?? 600_000;
    const outcome = await kernel.execute(code, { timeoutMs, onOutput: (m) => collector.add(m.header.msg_type, m.content) });
    const seconds = (Date.now() - t) / 1000;
    result.cellSeconds.push(seconds);
    result.cellNumbers.push(i + 1);
    result.executedCells++;
    opts.onCell?.(i + 1, seconds, outcome.status);
    const where = { cellNumber: i + 1, codeCellNumber: codeIndex, firstLine: firstSourceLine(cell) };
    const asyncError = outcome.status === 'ok' ? (uncaughtAsyncError(collector.outputs) ?? kernel.takeAsyncErrors()[0] ?? null) : null;
    if (asyncError) {
      result.status = 'failed';
      result.failure = { ...where, message: `uncaught asynchronous error (raised while this cell ran, possibly by a timer or promise of an earlier cell): ${asyncError}` };
      return;
    }
    if (outcome.status === 'ok') continue;
    if (outcome.status === 'error') {
      const err = collector.finishError(outcome.reply ?? {});
      result.status = 'failed';
      result.failure = { ...where, message: err.evalue ? `${err.ename}: ${err.evalue}` : err.ename };
    } else if (outcome.status === 'timeout') {
      const message = `cell timed out after ${timeoutMs / 1000} s (kernel killed)`;
      collector.outputs.push({ output_type: 'error', ename: 'CellTimeoutError', evalue: message, traceback: [message] });
      result.status = 'timeout';
      result.failure = { ...where, message };
    } else {
      const message = outcome.crash ?? 'kernel process exited';
      collector.outputs.push({ output_type: 'error', ename: 'KernelDied', evalue: message.split('\n')[0], traceback: message.split('\n') });
      result.status = 'crashed';
      result.failure = { ...where, message };
    }
    return;
  }
}

/**
 * tslab catches errors thrown outside a cell's own await chain (timers, unawaited promises) and only
 * prints `UncaughtException: …` / `UnhandledPromiseRejection: …` to stderr, so the cell "succeeds".
 * A nightly run must not pass on those: return the first such line, if any.
 */
export function uncaughtAsyncError(outputs: Notebook['cells'][number]['outputs']): string | null {
  for (const out of outputs ?? []) {
    if (out.output_type !== 'stream' || out.name !== 'stderr') continue;
    const line = joinText(out.text).split('\n').find((l) => /^(UncaughtException|UnhandledPromiseRejection):/.test(l));
    if (line) return line.trim();
  }
  return null;
}
