import type { Numbers } from './validate';
import { quantileOfSorted } from './quantile';
import { runsOf } from './runs';

/** Time to detect: per-event delays and the quantiles reported by lib/eval/events.ts. */

/** One detected event: [start, end) and how long the first alert took. */
export interface DetectionDelay {
  start: number;
  end: number;
  firstAlert: number;
  delaySteps: number;
  /** Null without timestamps. */
  delaySeconds: number | null;
}

/** Kernel (trusted inputs): one entry per event with ≥ 1 flagged sample, in event order. */
export function delaysOf(labels: Numbers, mask: Numbers, timestampsMs?: Numbers): DetectionDelay[] {
  const out: DetectionDelay[] = [];
  for (const { start, end } of runsOf(labels)) {
    let first = start;
    while (first < end && mask[first] !== 1) first++;
    if (first === end) continue;
    const delaySeconds = timestampsMs ? (timestampsMs[first] - timestampsMs[start]) / 1000 : null;
    out.push({ start, end, firstAlert: first, delaySteps: first - start, delaySeconds });
  }
  return out;
}

/** numpy's default ('linear') quantile of ascending-sorted values; null when empty. Example: [0, 1, 2, 10] → median 1.5, p95 8.8. */
export function quantileLinear(sorted: readonly number[], q: number): number | null {
  return sorted.length === 0 ? null : quantileOfSorted(sorted, q);
}
