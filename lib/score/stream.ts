/**
 * The scoring stream shared by batch and live mode: records → codec (the run's preprocessing) →
 * windower (per group) → the detector's engine in batches of at most `maxBatch` windows → sinks (CSV
 * rows, alert lines). Every window completed by a chunk is scored before the next chunk is read, so a
 * live window waits for nothing but the engine; memory is bounded by the chunk and the windower's rings.
 */
import type { Binding, Malformed, RowCodec } from './codec';
import type { CsvRecord } from './csv';
import type { WindowScorer } from './scorer';
import { Grow, LatencyHistogram } from './stats';
import { Windower, type Window } from './windower';

export interface ScoredWindow {
  window: Window;
  score: number;
  alert: boolean;
  /** Classifier: the window's class probabilities and the arg-max class. */
  probs?: Float32Array;
  predicted?: number;
  /** performance.now() when its score was known. */
  scoredAt: number;
}

export interface WindowSink {
  write(batch: readonly ScoredWindow[]): void;
}

export interface StreamOptions {
  codec: RowCodec;
  scorer: WindowScorer;
  window: { seqLen: number; stride: number };
  threshold: number;
  /** Most windows per engine call (1 = each window alone). */
  maxBatch: number;
  sinks: WindowSink[];
  /** Each malformed line as it is found (live mode reports them on stderr). */
  onMalformed?: (m: Malformed) => void;
  /** Classifier: number of classes (probabilities per window). */
  classes?: number;
}

export class ScoreStream {
  readonly windower: Windower;
  readonly latency = new LatencyHistogram();
  rows = 0;
  malformed = 0;
  alerts = 0;
  /** First malformed lines, for the summary. */
  readonly malformedExamples: Malformed[] = [];
  /** Per scored window with a known label: score, window-end label, any-in-window label (metrics at the end). */
  readonly scores = new Grow((n) => new Float32Array(n));
  readonly labels = new Grow((n) => new Int8Array(n));
  readonly labelsAny = new Grow((n) => new Int8Array(n));
  /** Classifier: the arg-max class of each labelled window. */
  readonly predicted = new Grow((n) => new Int8Array(n));
  firstArrival = NaN;
  lastScored = NaN;
  private readonly sampleSize: number;
  /** Windows waiting for the engine, their values in `batch` (one buffer of maxBatch windows, reused). */
  private pending: Window[] = [];
  private readonly batch: Float32Array;

  constructor(private readonly o: StreamOptions) {
    this.windower = new Windower(o.window.seqLen, o.window.stride, o.codec.F);
    this.sampleSize = o.window.seqLen * o.codec.F;
    const want = o.scorer.shape.reduce((a, b) => a * b, 1);
    if (want !== this.sampleSize) throw new Error(`the detector takes samples of shape [${o.scorer.shape}] but the run's preprocessing makes windows of ${o.window.seqLen} × ${o.codec.F}`);
    if (!(Number.isInteger(o.maxBatch) && o.maxBatch >= 1)) throw new Error(`maxBatch must be an integer ≥ 1, got ${o.maxBatch}`);
    this.batch = new Float32Array(o.maxBatch * this.sampleSize);
  }

  get windows(): number {
    return this.scores.length + this.unlabelled;
  }

  private unlabelled = 0;

  /** Encode, window and score a chunk of records that arrived at `arrival` (performance.now() ms). */
  async push(records: readonly CsvRecord[], b: Binding, arrival: number): Promise<void> {
    if (!records.length) return;
    if (Number.isNaN(this.firstArrival)) this.firstArrival = arrival;
    const bad: Malformed[] = [];
    const enc = this.o.codec.encode(records, b, arrival, bad);
    for (const m of bad) this.reportMalformed(m);
    this.rows += enc.n;
    const F = this.o.codec.F;
    for (let i = 0; i < enc.n; i++) {
      const w = this.windower.push(enc.groups ? enc.groups[i] : '', enc.features, i * F, enc.meta[i], this.batch, this.pending.length * this.sampleSize);
      if (!w) continue;
      this.pending.push(w);
      if (this.pending.length === this.o.maxBatch) await this.scoreBatch();
    }
    // Every window this chunk completed is scored before the next chunk is read.
    if (this.pending.length) await this.scoreBatch();
  }

  /** Count and remember a malformed line (also for lines the source itself could not read). */
  reportMalformed(m: Malformed): void {
    this.malformed++;
    if (this.malformedExamples.length < 20) this.malformedExamples.push(m);
    this.o.onMalformed?.(m);
  }

  /** Score the pending windows (their values are in `batch`). */
  private async scoreBatch(): Promise<void> {
    const ws = this.pending;
    this.pending = [];
    const n = ws.length;
    const r = await this.o.scorer.score(this.batch.subarray(0, n * this.sampleSize), n);
    const now = performance.now();
    const k = this.o.classes ?? 0;
    const out: ScoredWindow[] = ws.map((w, i) => {
      const score = r.scores[i];
      const alert = score >= this.o.threshold;
      const s: ScoredWindow = { window: w, score, alert, scoredAt: now };
      if (r.probs) {
        s.probs = r.probs.subarray(i * k, (i + 1) * k);
        let best = 0;
        for (let c = 1; c < k; c++) if (s.probs[c] > s.probs[best]) best = c;
        s.predicted = best;
      }
      return s;
    });
    for (const s of out) {
      this.latency.add(now - s.window.end.arrival);
      if (s.alert) this.alerts++;
      const label = s.window.end.label;
      if (label >= 0) {
        this.scores.push(s.score);
        this.labels.push(label);
        this.labelsAny.push(s.window.anyLabel);
        if (s.predicted !== undefined) this.predicted.push(s.predicted);
      } else {
        this.unlabelled++;
      }
    }
    this.lastScored = now;
    for (const sink of this.o.sinks) sink.write(out);
  }

  /** Events per second from the first arrival to the last score (NaN before any). */
  eventsPerSecond(): number {
    const s = (this.lastScored - this.firstArrival) / 1000;
    return s > 0 ? (this.rows + this.malformed) / s : NaN;
  }
}
