// Shared test helpers (not a test file: the runner only picks up *.test.ts).
import type { Rng } from '../lib/random';

/** A 0/1 sequence of runs (two-state Markov chain), with at least one 1 when `nonEmpty`. */
export function randomMask(rng: Rng, n: number, nonEmpty: boolean): number[] {
  const pOn = rng.uniform(0.01, 0.3);
  const pStay = rng.uniform(0.3, 0.95);
  const x: number[] = [];
  let on = false;
  for (let i = 0; i < n; i++) {
    on = on ? rng.bool(pStay) : rng.bool(pOn);
    x.push(on ? 1 : 0);
  }
  if (nonEmpty && !x.includes(1)) x[rng.int(0, n - 1)] = 1;
  return x;
}
