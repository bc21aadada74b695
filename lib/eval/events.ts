import { checkBinaryLabels, checkFiniteScores, checkSameLength, type Numbers } from './validate';
import { runsOf } from './runs';
import { delaysOf, quantileLinear, type DetectionDelay } from './events-delay';

export type { DetectionDelay } from './events-delay';

/**
 * Event-level metrics under an alert budget (the SmartNetGuard protocol). Events are the
 * maximal runs of 1s in the labels; predicted clusters the maximal runs of flagged samples.
 * Event recall = events with ≥ 1 flagged sample / events; event precision = clusters that
 * overlap an event / clusters (0 when nothing is flagged); F1 their harmonic mean (0 when both 0).
 * Time to detect = first flagged index inside an event − its start, in steps, and in seconds
 * when `timestampsMs` (epoch milliseconds, non-decreasing) are given; median and p95 use numpy's
 * default 'linear' quantile, and are null when no event is detected.
 * Labels without any event throw: recall is undefined then.
 *
 * Worked example (test/eval-events.test.ts): labels [0,1,1,1,0,0,1,1,0,0],
 * predictions [0,0,1,0,0,0,0,0,1,1] → 2 events, 1 detected (delay 1 step), 2 clusters of which
 * 1 overlaps an event: recall 1/2, precision 1/2, F1 1/2.
 */
export interface EventMetrics {
  /** True events (runs of 1s in labels). */
  events: number;
  detected: number;
  missed: number;
  /** Predicted clusters (runs of flagged samples). */
  clusters: number;
  /** Clusters overlapping no event. */
  falseClusters: number;
  /** Flagged samples. */
  alerts: number;
  /** Score cut-off: the given threshold, or under a budget the lowest flagged score; null if none flagged. */
  threshold: number | null;
  eventRecall: number;
  eventPrecision: number;
  eventF1: number;
  delayMedianSteps: number | null;
  delayP95Steps: number | null;
  /** Null without timestamps or without detections. */
  delayMedianSeconds: number | null;
  delayP95Seconds: number | null;
}

export interface EventTimingOptions {
  /** Sample times in epoch milliseconds, same length as labels, non-decreasing. */
  timestampsMs?: Numbers;
}

export interface EventBudgetOptions extends EventTimingOptions {
  /** Share of samples that may raise an alert, in [0, 1]: the top ⌈budget·N⌉ scores are flagged. */
  budget: number;
}

/** Event metrics when the top ⌈budget·N⌉ scores raise alerts (ties: the earlier sample first). */
export function eventMetrics(labels: Numbers, scores: Numbers, options: EventBudgetOptions): EventMetrics {
  const fn = 'eventMetrics';
  checkEventInputs(fn, labels, scores, 'scores', options);
  const { mask, threshold } = budgetMask(fn, scores, options.budget);
  return eventKernel(labels, mask, threshold, options.timestampsMs);
}

/** Event metrics when samples with score ≥ `threshold` (e.g. fixed on validation data) raise alerts. */
export function eventMetricsAtThreshold(labels: Numbers, scores: Numbers, threshold: number, options: EventTimingOptions = {}): EventMetrics {
  const fn = 'eventMetricsAtThreshold';
  checkEventInputs(fn, labels, scores, 'scores', options);
  if (typeof threshold !== 'number' || Number.isNaN(threshold)) throw new Error(`${fn}: threshold must be a number, got ${threshold}`);
  const mask = Uint8Array.from(scores as ArrayLike<number>, (s) => (s >= threshold ? 1 : 0));
  return eventKernel(labels, mask, threshold, options.timestampsMs);
}

/** Event metrics for a ready 0/1 alert mask; `threshold` is reported as null. */
export function eventMetricsFromPredictions(labels: Numbers, predictions: Numbers, options: EventTimingOptions = {}): EventMetrics {
  checkEventInputs('eventMetricsFromPredictions', labels, predictions, 'predictions', options);
  return eventKernel(labels, predictions, null, options.timestampsMs);
}

/** Per detected event: its range and time to first alert (steps; seconds with timestamps). */
export function detectionDelays(labels: Numbers, predictions: Numbers, options: EventTimingOptions = {}): DetectionDelay[] {
  checkEventInputs('detectionDelays', labels, predictions, 'predictions', options);
  return delaysOf(labels, predictions, options.timestampsMs);
}

/**
 * The alert mask of a budget: the ⌈budget·N⌉ highest scores (computed with a 1e-9 slack so that
 * 0.1·30 flags 3, not 4), ties broken by index, earlier first. `threshold` is the lowest flagged score.
 */
export function budgetMask(fn: string, scores: Numbers, budget: number): { mask: Uint8Array; threshold: number | null } {
  if (typeof budget !== 'number' || !(budget >= 0 && budget <= 1)) throw new Error(`${fn}: budget must be a number in [0, 1], got ${budget}`);
  const n = scores.length;
  const k = Math.min(n, Math.ceil(budget * n - 1e-9));
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b] - scores[a] || a - b);
  const mask = new Uint8Array(n);
  for (let r = 0; r < k; r++) mask[order[r]] = 1;
  return { mask, threshold: k > 0 ? scores[order[k - 1]] : null };
}

function eventKernel(labels: Numbers, mask: Numbers, threshold: number | null, timestampsMs?: Numbers): EventMetrics {
  const events = runsOf(labels).length;
  const delays = delaysOf(labels, mask, timestampsMs);
  const clusters = runsOf(mask);
  let falseClusters = 0;
  let alerts = 0;
  for (const c of clusters) {
    let hit = false;
    for (let i = c.start; i < c.end; i++) if (labels[i] === 1) hit = true;
    if (!hit) falseClusters++;
    alerts += c.end - c.start;
  }
  const detected = delays.length;
  const eventRecall = detected / events;
  const eventPrecision = clusters.length > 0 ? (clusters.length - falseClusters) / clusters.length : 0;
  const sum = eventPrecision + eventRecall;
  const steps = delays.map((d) => d.delaySteps).sort((a, b) => a - b);
  const seconds = timestampsMs ? delays.map((d) => d.delaySeconds as number).sort((a, b) => a - b) : [];
  return {
    events,
    detected,
    missed: events - detected,
    clusters: clusters.length,
    falseClusters,
    alerts,
    threshold,
    eventRecall,
    eventPrecision,
    eventF1: sum > 0 ? (2 * eventPrecision * eventRecall) / sum : 0,
    delayMedianSteps: quantileLinear(steps, 0.5),
    delayP95Steps: quantileLinear(steps, 0.95),
    delayMedianSeconds: quantileLinear(seconds, 0.5),
    delayP95Seconds: quantileLinear(seconds, 0.95),
  };
}

function checkEventInputs(fn: string, labels: Numbers, values: Numbers, name: string, options: EventTimingOptions): void {
  checkSameLength(fn, labels, values, ['labels', name]);
  checkBinaryLabels(fn, labels);
  if (name === 'predictions') {
    for (let i = 0; i < values.length; i++) {
      if (values[i] !== 0 && values[i] !== 1) throw new Error(`${fn}: predictions must be 0 or 1, got ${values[i]} at index ${i}`);
    }
  } else checkFiniteScores(fn, values);
  for (const key of Object.keys(options ?? {})) {
    if (key !== 'timestampsMs' && key !== 'budget') throw new Error(`${fn}: unknown option '${key}' (known: budget, timestampsMs)`);
  }
  if (!labels.length || runsOf(labels).length === 0) throw new Error(`${fn}: labels hold no event (no 1s); event recall is undefined`);
  const ts = options.timestampsMs;
  if (ts !== undefined) {
    checkSameLength(fn, labels, ts, ['labels', 'timestampsMs']);
    checkFiniteScores(fn, ts, 'timestampsMs');
    for (let i = 1; i < ts.length; i++) {
      if (ts[i] < ts[i - 1]) throw new Error(`${fn}: timestampsMs must be non-decreasing, but index ${i} (${ts[i]}) < index ${i - 1} (${ts[i - 1]})`);
    }
  }
}
