import type { SysEvent } from './events';
import type { Rng } from '../random';
import type { World } from './world';

/** What an activity generator needs: the random stream, the domain, and the event sink. */
export interface GenCtx {
  rng: Rng;
  world: World;
  out: SysEvent[];
}

/** Short random suffixes that make command lines vary like real ones. */
export const WORDS = ['report', 'budget', 'minutes', 'invoice', 'proposal', 'timesheet', 'roadmap', 'forecast', 'contract', 'review'];

/** `2024-03-07`-style date of epoch ms `t`. */
export function isoDay(t: number): string {
  return new Date(t).toISOString().slice(0, 10);
}
