import type { Numbers } from './validate';

/** A half-open index range [start, end) of consecutive samples. */
export interface Run {
  start: number;
  end: number;
}

/**
 * Maximal runs of 1s in a 0/1 sequence, as half-open ranges, in order.
 * Example: [0,1,1,0,1] → [{start:1,end:3},{start:4,end:5}].
 */
export function runsOf(mask: Numbers): Run[] {
  const runs: Run[] = [];
  let start = -1;
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] && start < 0) start = i;
    else if (!mask[i] && start >= 0) {
      runs.push({ start, end: i });
      start = -1;
    }
  }
  if (start >= 0) runs.push({ start, end: mask.length });
  return runs;
}
