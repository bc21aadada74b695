/**
 * A cheap lower bound on pairwise distances, to skip most exact distance computations without
 * changing any result: the distance between two points' coordinates on the top-q principal axes
 * never exceeds their full distance (orthogonal projection is a contraction). A pair is skipped only
 * when the bound clears the threshold by a margin far above rounding error (relative 1e-9 plus an
 * absolute term from the data's magnitude), so the exact computation could not have passed either.
 */
import { symmetricEigen } from '../linalg';

/** Axes kept (fixed so the kernels' bound is four unrolled terms; 4 axes from d ≥ 16, one per 4 dims below). */
export const SCREEN_AXES = 4;

/** Projections `[n, 4]` on the top principal axes (zero-padded past d / 4 axes) and the error allowance. */
export interface Screen {
  /** Row-major `[n, 4]`. */
  y: Float64Array;
  /** Absolute allowance (distance units) for rounding in `y`. */
  slack: number;
}

/** Build a screen for `x` `[n, d]`; null when d is too small for a projection to save work. */
export function principalScreen(x: Float64Array, n: number, d: number): Screen | null {
  const q = Math.min(SCREEN_AXES, Math.floor(d / 4));
  if (q < 1 || n < 64) return null;
  const mean = new Float64Array(d);
  let maxAbs = 0;
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < d; f++) {
      const v = x[i * d + f];
      mean[f] += v;
      if (Math.abs(v) > maxAbs) maxAbs = Math.abs(v);
    }
  }
  for (let f = 0; f < d; f++) mean[f] /= n;
  const cov = new Float64Array(d * d);
  const z = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < d; f++) z[f] = x[i * d + f] - mean[f];
    for (let a = 0; a < d; a++) for (let b = a; b < d; b++) cov[a * d + b] += z[a] * z[b];
  }
  for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) cov[a * d + b] = cov[b * d + a];
  if (maxAbs === 0) return null;
  const { vectors } = symmetricEigen(cov, d);
  const y = new Float64Array(n * SCREEN_AXES);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < q; c++) {
      let s = 0;
      for (let f = 0; f < d; f++) s += (x[i * d + f] - mean[f]) * vectors[c * d + f];
      y[i * SCREEN_AXES + c] = s;
    }
  }
  return { y, slack: 1e-9 * maxAbs * Math.sqrt(d) };
}

/** Squared bound above which a pair may be skipped against squared threshold `t2` (Infinity stays Infinity). */
export function safeThreshold(t2: number, slack: number): number {
  const r = Math.sqrt(t2) * (1 + 1e-9) + slack;
  return r * r;
}

