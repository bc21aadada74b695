import { createRng } from '../random';

export interface ScoreTraceOptions {
  /** Samples (one a minute). Default 1000. */
  n?: number;
  /** Anomaly events as [start, length]. Default three events of 40, 15 and 80 samples. */
  events?: [number, number][];
  /** Steps a lagging detector reacts late. Default 10. */
  lag?: number;
  seed?: number;
}

/** A labelled toy trace with several detectors' scores, for explaining metrics. */
export interface ScoreTrace {
  labels: Uint8Array;
  timestampsMs: Float64Array;
  /** Name → score per sample. */
  detectors: Record<'prompt' | 'lagging' | 'spiky' | 'random', Float64Array>;
}

/**
 * A synthetic anomaly-score trace: `prompt` rises as each event starts, `lagging` is the same
 * response shifted `lag` steps later (it also outlasts each event by `lag` steps), `spiky` fires once inside each event among noise spikes elsewhere, `random` is chance.
 * Deterministic by seed.
 */
export function syntheticScoreTrace(opts: ScoreTraceOptions = {}): ScoreTrace {
  const n = opts.n ?? 1000;
  const events = opts.events ?? [[150, 40], [480, 15], [760, 80]];
  const lag = opts.lag ?? 10;
  for (const [s, len] of events) if (!(s >= 0 && len > 0 && s + len <= n)) throw new Error(`syntheticScoreTrace: event [${s}, ${len}] does not fit in ${n} samples`);
  const rng = createRng(opts.seed ?? 1);
  const labels = new Uint8Array(n);
  for (const [s, len] of events) labels.fill(1, s, s + len);
  const noise = () => 0.25 * rng.next();
  const prompt = Float64Array.from(labels, (l) => noise() + 0.6 * l);
  const lagging = Float64Array.from(labels, (_, i) => noise() + (i >= lag && labels[i - lag] ? 0.6 : 0));
  const spiky = Float64Array.from({ length: n }, () => noise() + (rng.bool(0.02) ? 0.5 : 0));
  for (const [s, len] of events) spiky[s + Math.floor(len / 2)] += 0.7;
  const random = Float64Array.from({ length: n }, () => rng.next());
  const t0 = Date.parse('2024-03-04T00:00:00Z');
  return { labels, timestampsMs: Float64Array.from({ length: n }, (_, i) => t0 + i * 60_000), detectors: { prompt, lagging, spiky, random } };
}
