/**
 * Where scores go. The CSV of scored windows (batch, and live with --out) and its summary
 * `<file>.summary.json`, which also marks the file as this tool's: an existing file is overwritten only
 * when its summary says seqsentry wrote it and the file is still what it wrote (same SHA-256), or the
 * run that wrote it never finished. Never a file inside the run folder or one of the inputs. Alert
 * lines (JSON, one per alert or per window) go to stdout as soon as a window is scored.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readJson, removeTempFile, writeJson } from '../io/files';
import { isInside, realPath } from '../run/safety';
import { TOOL } from '../run/manifest';
import { UsageError } from '../run/errors';
import type { ScoredWindow, WindowSink } from './stream';
import { isoTime } from './time';

export const SUMMARY_SUFFIX = '.summary.json';
export const SCORE_FORMAT = 'seqsentry.score/1';

/** The summary file beside an output file. */
export const summaryPath = (file: string) => `${file}${SUMMARY_SUFFIX}`;

/** Throw a UsageError unless `file` may be (over)written by `npm run score` (see the module comment). */
export function checkOutputFile(file: string, o: { runDir: string; inputs: readonly string[] }): void {
  const abs = realPath(file);
  const refuse = (why: string) => {
    throw new UsageError(`refusing to write ${file}: ${why}; choose another --out`);
  };
  if (isInside(abs, realPath(o.runDir))) refuse(`it lies inside the run folder ${o.runDir}, which holds only what its run wrote`);
  for (const input of o.inputs) if (realPath(input) === abs || isInside(abs, realPath(input))) refuse(`it is (or lies inside) an input, ${input}`);
  const side = summaryPath(abs);
  const mark = fs.existsSync(side) ? readMark(side) : null;
  if (fs.existsSync(side) && !mark) refuse(`${side} exists and was not written by ${TOOL}`);
  if (!fs.existsSync(abs)) return;
  if (!fs.statSync(abs).isFile()) refuse('it is not a file');
  if (!mark) refuse(`it exists and ${TOOL} did not write it (no ${path.basename(side)} beside it)`);
  if (mark!.status === 'complete' && mark!.sha256 !== sha256File(abs)) refuse(`it changed since ${TOOL} wrote it (its SHA-256 differs from the one in ${path.basename(side)})`);
}

function readMark(file: string): { status: string; sha256: string | null } | null {
  try {
    const j = readJson<{ tool?: string; format?: string; status?: string; output?: { sha256?: string | null } }>(file, 'score summary');
    return j.tool === TOOL && j.format === SCORE_FORMAT ? { status: String(j.status), sha256: j.output?.sha256 ?? null } : null;
  } catch {
    return null;
  }
}

export function sha256File(file: string): string {
  const h = createHash('sha256');
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(1 << 20);
    for (let n; (n = fs.readSync(fd, buf, 0, buf.length, null)) > 0;) h.update(buf.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  return h.digest('hex');
}

/** Write the summary (the file's mark); `status` running while a live run writes, complete at the end. */
export function writeSummary(file: string, summary: Record<string, unknown>, status: 'running' | 'complete' | 'interrupted'): void {
  const abs = path.resolve(file);
  const sha = status === 'complete' && fs.existsSync(abs) ? sha256File(abs) : null;
  writeJson(summaryPath(abs), { tool: TOOL, format: SCORE_FORMAT, status, ...summary, output: { file: abs, sha256: sha } });
}

/** Columns of the scored-window CSV for a run kind and whether the input has labels. */
export interface CsvLayout {
  /** Input file names (a `file` column when there are several; `line` is within that file). */
  files?: string[];
  group: boolean;
  thresholdName: string;
  labels: boolean;
  /** Classifier: class names (columns predicted, p_<class>…). */
  classes?: string[];
}

export function csvHeader(l: CsvLayout): string {
  const cols = ['window', ...(l.files && l.files.length > 1 ? ['file'] : []), 'line', 'time', ...(l.group ? ['group'] : []), ...(l.classes ? ['predicted', ...l.classes.map((c) => `p_${c}`)] : []), 'score', `alert@${l.thresholdName}`];
  if (l.labels) cols.push(...(l.classes ? ['label'] : ['label', 'label_any']));
  return cols.map(csvCell).join(',');
}

/** A CSV cell, quoted when it holds a comma, quote or line break. */
export function csvCell(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** The CSV of scored windows, written to a temp file beside the target and renamed into place at `close`. */
export class CsvSink implements WindowSink {
  private readonly fd: number;
  private readonly tmp: string;
  rows = 0;

  constructor(readonly file: string, private readonly layout: CsvLayout, opts: { live?: boolean } = {}) {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    // Live output is readable while it grows: written in place. Batch output appears whole or not at all.
    this.tmp = opts.live ? path.resolve(file) : path.join(path.dirname(path.resolve(file)), `.${path.basename(file)}.tmp-${process.pid}-${Date.now()}`);
    this.fd = fs.openSync(this.tmp, 'w');
    fs.writeSync(this.fd, csvHeader(layout) + '\n');
  }

  write(batch: readonly ScoredWindow[]): void {
    const l = this.layout;
    const lines = batch.map((s) => {
      const w = s.window;
      const cells = [String(w.index)];
      if (l.files && l.files.length > 1) cells.push(csvCell(l.files[w.end.source ?? 0]));
      cells.push(String(w.end.line), isoTime(w.end.time));
      if (l.group) cells.push(csvCell(w.group));
      if (l.classes) cells.push(csvCell(l.classes[s.predicted!]), ...Array.from(s.probs!, (p) => String(p)));
      cells.push(String(s.score), s.alert ? '1' : '0');
      if (l.labels) {
        const lab = w.end.label;
        if (l.classes) cells.push(lab >= 0 ? csvCell(l.classes[lab]) : '');
        else cells.push(lab >= 0 ? String(lab) : '', lab >= 0 ? String(w.anyLabel) : '');
      }
      return cells.join(',');
    });
    if (lines.length) fs.writeSync(this.fd, lines.join('\n') + '\n');
    this.rows += lines.length;
  }

  /** Finish the file (batch: rename into place). */
  close(): void {
    fs.closeSync(this.fd);
    if (this.tmp !== path.resolve(this.file)) fs.renameSync(this.tmp, this.file);
  }

  /** Give up: remove a batch temp file. */
  abort(): void {
    try {
      fs.closeSync(this.fd);
    } catch {
      // already closed
    }
    if (this.tmp !== path.resolve(this.file)) removeTempFile(this.tmp);
  }
}

/** One JSON line per alert (or per window with `all`) on a stream, written at once. */
export class AlertSink implements WindowSink {
  lines = 0;

  constructor(private readonly o: { detector: string; threshold: { name: string; value: number }; classes?: string[]; all: boolean; out: NodeJS.WritableStream; files?: string[] }) {}

  write(batch: readonly ScoredWindow[]): void {
    let text = '';
    for (const s of batch) {
      if (!s.alert && !this.o.all) continue;
      const w = s.window;
      const rec: Record<string, unknown> = {
        alert: s.alert, detector: this.o.detector, window: w.index, line: w.end.line, time: isoTime(w.end.time) || null,
        ...(w.group ? { group: w.group } : {}), ...(this.o.files && this.o.files.length > 1 ? { file: this.o.files[w.end.source ?? 0] } : {}), score: s.score, threshold: this.o.threshold.value, threshold_name: this.o.threshold.name,
        latency_ms: Math.round((s.scoredAt - w.end.arrival) * 1000) / 1000,
      };
      if (this.o.classes && s.predicted !== undefined) {
        rec.predicted = this.o.classes[s.predicted];
        rec.probability = s.probs![s.predicted];
      }
      if (w.end.label >= 0) rec.label = this.o.classes ? this.o.classes[w.end.label] : w.end.label;
      text += JSON.stringify(rec) + '\n';
      this.lines++;
    }
    if (text) this.o.out.write(text);
  }
}
