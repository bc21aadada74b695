/**
 * A small seeded PRNG (mulberry32) with the draws the data generators, splits and samplers need.
 * Nothing in lib/ uses Math.random: one seed fixes every draw.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number;
  /** Integer uniform in [lo, hi] (both inclusive). */
  int(lo: number, hi: number): number;
  /** True with probability p. */
  bool(p: number): boolean;
  /** Standard normal (Box–Muller). */
  normal(mean?: number, sd?: number): number;
  /** Log-normal with the given median and log-space sd. */
  lognormal(median: number, sigma: number): number;
  /** Exponential with the given mean. */
  exp(mean: number): number;
  /** Poisson count with mean lambda (normal approximation above 40). */
  poisson(lambda: number): number;
  /** One element, uniformly. */
  choice<T>(items: readonly T[]): T;
  /** One element with probability proportional to `weights`. */
  weighted<T>(items: readonly T[], weights: readonly number[]): T;
  /** A new array with the items in a uniformly random order (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[];
  /** `n` lowercase hex digits. */
  hex(n: number): string;
  /** A child generator whose stream depends only on this seed and `label`. */
  fork(label: string): Rng;
}

/** 32-bit string hash (FNV-1a), for deriving sub-seeds from labels. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Mix a seed and a label into a new 32-bit seed (splitmix-style finaliser). */
export function deriveSeed(seed: number, label: string): number {
  let z = (Math.imul(seed >>> 0, 0x9e3779b1) ^ hash32(label)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** Create a generator from an integer seed. */
export function createRng(seed: number): Rng {
  if (!Number.isInteger(seed)) throw new Error(`rng seed must be an integer, got ${seed}`);
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = (mean = 0, sd = 1): number => {
    const u = 1 - next();
    const v = next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  const rng: Rng = {
    next,
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    bool: (p) => next() < p,
    normal,
    lognormal: (median, sigma) => median * Math.exp(sigma * normal()),
    exp: (mean) => -mean * Math.log(1 - next()),
    poisson(lambda) {
      if (lambda <= 0) return 0;
      if (lambda > 40) return Math.max(0, Math.round(normal(lambda, Math.sqrt(lambda))));
      const limit = Math.exp(-lambda);
      let k = 0;
      let p = next();
      while (p > limit) {
        k++;
        p *= next();
      }
      return k;
    },
    choice: (items) => {
      if (items.length === 0) throw new Error('rng.choice: empty list');
      return items[Math.floor(next() * items.length)];
    },
    weighted(items, weights) {
      if (items.length !== weights.length || items.length === 0) throw new Error('rng.weighted: items and weights must be non-empty and of equal length');
      let total = 0;
      for (const w of weights) total += w;
      let r = next() * total;
      for (let i = 0; i < items.length; i++) {
        r -= weights[i];
        if (r < 0) return items[i];
      }
      return items[items.length - 1];
    },
    shuffle(items) {
      const out = items.slice();
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [out[i], out[j]] = [out[j], out[i]];
      }
      return out;
    },
    hex(n) {
      let s = '';
      for (let i = 0; i < n; i++) s += Math.floor(next() * 16).toString(16);
      return s;
    },
    fork: (label) => createRng(deriveSeed(seed, label)),
  };
  return rng;
}

/** Bring a uniform random choice of `k` entries to the front of `a`, in place (partial Fisher–Yates; O(k) draws). */
export function partialShuffle(a: { length: number; [i: number]: number }, k: number, rng: Rng): void {
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rng.next() * (a.length - i));
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}

/** `k` of `items` chosen uniformly without replacement, in ascending order; all of them when k ≥ length. */
export function sampleSorted(items: ArrayLike<number>, k: number, rng: Rng): number[] {
  const a = Array.from(items);
  if (k >= a.length) return a.sort((p, q) => p - q);
  partialShuffle(a, k, rng);
  return a.slice(0, k).sort((p, q) => p - q);
}
