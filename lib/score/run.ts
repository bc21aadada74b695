/**
 * `npm run score`: a run folder's detector and fitted preprocessing applied to new data, in batch
 * (files → a CSV of scored windows and its summary) or live (a followed file or stdin → one JSON alert
 * line per alert, at once; latency from an event's arrival to its window's score). Arguments, the run
 * folder, the inputs' headers and their first rows' types are all checked before anything is written
 * (UsageError: exit 2); a failure later leaves no partial batch output.
 */
import * as path from 'node:path';
import { UsageError } from '../run/errors';
import { bindHeader, type Binding, type Malformed } from './codec';
import { labelMetrics } from './metrics';
import { AlertSink, checkOutputFile, CsvSink, writeSummary, type CsvLayout } from './output';
import { openRun, type RunProfile } from './profile';
import { ScoreProgress } from './progress';
import { openScorer, type WindowScorer } from './scorer';
import { expandInputs, followSource, openFile, stdinSource, type HeaderMode, type LiveSource } from './sources';
import { LiveRecords } from './live-records';
import { ScoreStream, type WindowSink } from './stream';
import { resolveThreshold } from './threshold';
import { setEngineLog } from '../detectors/engine';

export interface ScoreOptions {
  runDir: string;
  /** One of the run's detectors (default its final one: L1 → the fine-tuned model when there is one). */
  detector?: string;
  /** Batch: input files, folders or globs. */
  inputs?: string[];
  /** Batch: the CSV to write (required); live: optional CSV of every scored window. */
  out?: string | null;
  /** Live: follow this growing CSV file. */
  follow?: string | null;
  /** Live: read CSV or JSON lines from this stream (process.stdin). */
  stdin?: NodeJS.ReadableStream | null;
  /** Most windows per engine call; default 1024 (batch) and 256 (live). */
  maxBatch?: number;
  /** Records read per chunk in batch mode (default 4096). */
  chunk?: number;
  /** Live: which windows become JSON lines on `alertsOut`: alerts (default), all, none. */
  emit?: 'alerts' | 'all' | 'none';
  /** Live (follow): stop after this many seconds without new data (0 = run until stopped). */
  idleExitS?: number;
  progress?: boolean;
  /** Summary and malformed-line messages (default stderr). */
  log?: (line: string) => void;
  /** Where live alert lines go (default stdout). */
  alertsOut?: NodeJS.WritableStream;
  /** The command line, for the summary. */
  command?: string;
  /** Called once scoring has started (live: the source is being read), with a stop function (tests, signal handlers). */
  onStart?: (stop: () => void) => void;
}

export interface ScoreSummary {
  mode: 'batch' | 'stdin' | 'follow';
  run: string;
  run_kind: string;
  detector: string;
  engine: string;
  threshold: { name: string; value: number };
  inputs: string[];
  out: string | null;
  rows: number;
  windows: number;
  alerts: number;
  malformed: { lines: number; first: Malformed[] };
  out_of_order: { rows: number; first_line: number | null };
  groups: number;
  counts: Record<string, unknown>;
  metrics: Record<string, number> | null;
  seconds: number;
  events_per_s: number;
  latency_ms: { p50: number; p99: number; max: number } | null;
  note: string | null;
}

const MALFORMED_SHOWN = 20;

/** Score files into `o.out`. */
export async function scoreFiles(o: ScoreOptions): Promise<ScoreSummary> {
  const log = o.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  if (!o.inputs?.length) throw new UsageError('--input PATH is required (a file, a folder or a glob; several allowed)');
  setEngineLog(log);
  if (!o.out) throw new UsageError('--out FILE is required');
  const profile = openRun(o.runDir, { detector: o.detector });
  const files = expandInputs(o.inputs, profile.kind === 'gru-sae' ? gruSaeGlob(profile) : null);
  checkOutputFile(o.out, { runDir: profile.runDir, inputs: files });
  const chunk = o.chunk ?? 4096;
  const bad: Malformed[] = [];
  // Every file's header and first rows are checked before anything is scored or written.
  const first = await Promise.all(files.map(async (f, i) => {
    const src = await openFile(f, profile.header as HeaderMode, { chunk: 1000, onMalformed: (m) => bad.push(m) });
    const b = bindHeader(src.header, f, profile.codec, i);
    const head = await src.chunks.next();
    profile.codec.checkTypes(head.done ? [] : head.value, b);
    await src.chunks.return(undefined);
    return { b, size: src.size };
  }));
  const { scorer, threshold } = await openScoring(profile);
  const t0 = performance.now();
  const layout = { ...csvLayout(profile, threshold, first[0].b), files: files.map((f) => path.basename(f)) };
  const sink = new CsvSink(o.out, layout);
  const stream = newStream(profile, scorer, threshold, o.maxBatch ?? 1024, [sink], (m) => reportMalformed(log, m, stream));
  const progress = new ScoreProgress(first.reduce((a, f) => a + f.size, 0), process.stderr, o.progress !== false);
  try {
    let before = 0;
    for (const [i, file] of files.entries()) {
      const src = await openFile(file, profile.header as HeaderMode, { chunk, onMalformed: (m) => stream.reportMalformed(m) });
      const b = bindHeader(src.header, file, profile.codec, i);
      for await (const records of src.chunks) {
        await stream.push(records, b, performance.now());
        progress.update(before + src.bytesRead(), stream.rows, stream.alerts);
      }
      before += src.size;
    }
    progress.done();
    sink.close();
  } catch (err) {
    progress.done();
    sink.abort();
    scorer.dispose();
    throw err;
  }
  scorer.dispose();
  const summary = summarise(stream, profile, scorer, threshold, { mode: 'batch', inputs: files, out: path.resolve(o.out), t0, live: false });
  writeSummary(o.out, { command: o.command ?? null, ...summary }, 'complete');
  printSummary(log, summary);
  return summary;
}

/** Score a live source until it ends (stdin EOF, idle follow, stop). */
export async function scoreLive(o: ScoreOptions): Promise<ScoreSummary> {
  const log = o.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  if (!!o.follow === !!o.stdin) throw new UsageError('live mode reads one source: --follow FILE or --stdin');
  setEngineLog(log); // stdout carries only the JSON alert lines
  const profile = openRun(o.runDir, { detector: o.detector });
  const inputs = o.follow ? [path.resolve(o.follow)] : [];
  if (o.follow) expandInputs([o.follow]);
  if (o.out) checkOutputFile(o.out, { runDir: profile.runDir, inputs });
  const { scorer, threshold } = await openScoring(profile);
  await warmUp(scorer, o.maxBatch ?? 256);
  const emit = o.emit ?? 'alerts';
  const sinks: WindowSink[] = [];
  if (emit !== 'none') sinks.push(new AlertSink({ detector: profile.detector, threshold, classes: profile.classes?.names, all: emit === 'all', out: o.alertsOut ?? process.stdout }));
  let csv: CsvSink | null = null;
  const stream = newStream(profile, scorer, threshold, o.maxBatch ?? 256, sinks, (m) => reportMalformed(log, m, stream));
  const source: LiveSource = o.follow ? followSource(o.follow, { idleExitS: o.idleExitS }) : stdinSource(o.stdin!);
  const reader = new LiveRecords([...profile.codec.required, ...profile.codec.optional]);
  const t0 = performance.now();
  let binding: Binding | null = null;
  const where = o.follow ?? 'stdin';
  o.onStart?.(() => source.stop());
  try {
    for await (const chunk of source.chunks) {
      if (chunk.restart) {
        log(`score: ${where} was rewritten; reading it again from its header`);
        reader.reset();
        binding = null;
        continue;
      }
      const bad: Malformed[] = [];
      const records = reader.push(chunk.text, bad);
      bad.forEach((m) => stream.reportMalformed(m));
      if (!binding && reader.header) {
        binding = liveBinding(reader, where, profile);
        if (!binding) continue;
        profile.codec.checkTypes(records, binding);
        if (o.out && !csv) {
          csv = new CsvSink(o.out, csvLayout(profile, threshold, binding), { live: true });
          sinks.push(csv);
          writeSummary(o.out, { command: o.command ?? null, mode: o.follow ? 'follow' : 'stdin', run: profile.runDir }, 'running');
        }
      }
      if (binding) await stream.push(records, binding, chunk.arrival);
    }
    const bad: Malformed[] = [];
    const tail = reader.end(bad);
    bad.forEach((m) => stream.reportMalformed(m));
    if (binding) await stream.push(tail, binding, performance.now());
  } finally {
    csv?.close();
    scorer.dispose();
  }
  const summary = summarise(stream, profile, scorer, threshold, { mode: o.follow ? 'follow' : 'stdin', inputs, out: o.out ? path.resolve(o.out) : null, t0, live: true });
  if (reader.repeatedHeaders) summary.counts.repeated_headers = reader.repeatedHeaders;
  if (o.out && csv) writeSummary(o.out, { command: o.command ?? null, ...summary }, 'complete');
  printSummary(log, summary);
  return summary;
}

/** The binding of a live source once its header (CSV) or first object (JSON lines) is known; null until then. */
function liveBinding(reader: LiveRecords, where: string, profile: RunProfile): Binding | null {
  if (reader.format === 'csv') return bindHeader(reader.header!, where, profile.codec);
  if (!reader.firstKeys) return null;
  bindHeader(reader.firstKeys, `${where} (JSON lines: the first object's keys)`, profile.codec);
  return bindHeader(reader.header!, where, profile.codec);
}

async function openScoring(profile: RunProfile): Promise<{ scorer: WindowScorer; threshold: { name: string; value: number } }> {
  const scorer = await openScorer(profile);
  try {
    return { scorer, threshold: await resolveThreshold(profile, scorer) };
  } catch (err) {
    scorer.dispose();
    throw err;
  }
}

/**
 * Live mode: score blank batches (one window, and a full batch) before the first event, so the first
 * real windows do not pay for the engine's start-up (session initialisation, JIT): measured on the demo
 * log, that start-up was most of the p99 latency of a 14,000-event replay.
 */
async function warmUp(scorer: WindowScorer, maxBatch: number): Promise<void> {
  const size = scorer.shape.reduce((a, b) => a * b, 1);
  for (const n of [1, Math.max(1, Math.min(maxBatch, 1024))]) for (let r = 0; r < 2; r++) await scorer.score(new Float32Array(n * size), n);
}

function newStream(profile: RunProfile, scorer: WindowScorer, threshold: { value: number }, maxBatch: number, sinks: WindowSink[], onMalformed: (m: Malformed) => void): ScoreStream {
  if (!(Number.isInteger(maxBatch) && maxBatch >= 1)) throw new UsageError(`--max-batch must be an integer ≥ 1, got ${maxBatch}`);
  return new ScoreStream({
    codec: profile.codec, scorer, window: profile.window, threshold: threshold.value, maxBatch, sinks, onMalformed, classes: profile.classes?.names.length,
  });
}

function csvLayout(profile: RunProfile, threshold: { name: string }, b: Binding): CsvLayout {
  return { group: profile.window.groupBy !== null, thresholdName: threshold.name, labels: profile.codec.labelColumn(b) !== null, classes: profile.classes?.names };
}

function gruSaeGlob(profile: RunProfile): string | null {
  return (profile.codec as unknown as { schema?: { files?: string } }).schema?.files ?? null;
}

function reportMalformed(log: (l: string) => void, m: Malformed, stream: ScoreStream): void {
  if (stream.malformed <= MALFORMED_SHOWN) log(`score: line ${m.line}: ${m.reason}`);
  if (stream.malformed === MALFORMED_SHOWN) log('score: further malformed lines are counted, not shown (see the summary)');
}

function summarise(stream: ScoreStream, p: RunProfile, scorer: WindowScorer, threshold: { name: string; value: number }, o: { mode: ScoreSummary['mode']; inputs: string[]; out: string | null; t0: number; live: boolean }): ScoreSummary {
  const labelled = stream.scores.length > 0;
  return {
    mode: o.mode, run: p.runDir, run_kind: p.kind, detector: p.detector, engine: scorer.engine, threshold, inputs: o.inputs, out: o.out,
    rows: stream.rows, windows: stream.windows, alerts: stream.alerts,
    malformed: { lines: stream.malformed, first: stream.malformedExamples },
    out_of_order: { rows: stream.windower.outOfOrder, first_line: stream.windower.firstOutOfOrderLine },
    groups: stream.windower.groupCount, counts: p.codec.counts(),
    metrics: labelled ? labelMetrics({
      scores: stream.scores.values(), labels: stream.labels.values(), labelsAny: stream.labelsAny.values(),
      ...(p.classes ? { predicted: stream.predicted.values() } : {}),
    }, { threshold: threshold.value, benign: p.classes?.benign }) : null,
    seconds: (performance.now() - o.t0) / 1000,
    events_per_s: stream.eventsPerSecond(),
    latency_ms: o.live && stream.latency.count ? { p50: stream.latency.quantile(0.5), p99: stream.latency.quantile(0.99), max: stream.latency.max } : null,
    note: p.note,
  };
}

const fmt = (v: number, d = 3) => (Number.isFinite(v) ? v.toFixed(d) : 'n/a');

/** The human summary on stderr. */
export function printSummary(log: (l: string) => void, s: ScoreSummary): void {
  const n = (v: number) => v.toLocaleString('en');
  log(`score: ${n(s.rows)} events → ${n(s.windows)} ${s.run_kind === 'nids' ? 'flows' : 'windows'} scored by ${s.detector} with ${s.engine}; ${n(s.alerts)} alerts at ${s.threshold.name} = ${fmt(s.threshold.value, 6)}; ${n(s.malformed.lines)} malformed lines`);
  const unknown = (s.counts.unknown_categories ?? {}) as Record<string, number>;
  const u = Object.entries(unknown).filter(([, c]) => c > 0);
  if (u.length) log(`score: values outside the fitted categories (scored as <unknown>): ${u.map(([k, c]) => `${k} ${n(c)}`).join(', ')}`);
  if (s.out_of_order.rows) log(`score: ${n(s.out_of_order.rows)} events arrived earlier in time than the one before them in their group (first at line ${s.out_of_order.first_line}); windows follow arrival order`);
  if (s.metrics) {
    const m = s.metrics;
    log(`score: labels present: ROC-AUC ${fmt(m.roc_auc)}${m.roc_auc_any !== undefined ? ` (any-in-window ${fmt(m.roc_auc_any)})` : ''}, AP ${fmt(m.average_precision)}; at the threshold precision ${fmt(m.precision)}, recall ${fmt(m.recall)}, F1 ${fmt(m.f1)}${m.accuracy !== undefined ? `; accuracy ${fmt(m.accuracy)}` : ''} (${n(m.labelled_windows)} labelled, ${n(m.attack_windows ?? 0)} attack)`);
  }
  const rate = `${n(Math.round(s.events_per_s || 0))} events/s`;
  log(s.latency_ms ? `score: ${rate}; latency from arrival to score p50 ${fmt(s.latency_ms.p50, 2)} ms, p99 ${fmt(s.latency_ms.p99, 2)} ms (max ${fmt(s.latency_ms.max, 1)})` : `score: ${rate} (${fmt(s.seconds, 1)} s)`);
  if (s.out) log(`score: wrote ${s.out} (+ ${path.basename(s.out)}.summary.json)`);
  if (s.note) log(`score: note: ${s.note}`);
}
