/**
 * Closed-form integrals behind the affiliation metrics (Huet, Navarro, Rossi, KDD 2022).
 * Ported from ahstat/affiliation-metrics-py `affiliation/_integral_interval.py`
 * (read from a vendored copy, HanJunSeoJB/AISecurityLab `affiliation/_integral_interval.py`,
 * which matches the upstream tests in ahstat/affiliation-metrics-py `tests/`).
 *
 * Conventions as in the reference: I is a predicted interval, J a ground-truth interval, E the
 * affiliation zone of J (J ⊂ E); all intervals are half-open reals [start, end); `null` is the
 * empty interval (Python `None`). Every function returns an integral (a sum), not a mean.
 */
import type { Run } from './runs';

export type Interval = Run;

/** |I|, 0 for the empty interval. */
export function intervalLength(i: Interval | null): number {
  return i === null ? 0 : i.end - i.start;
}

/** I ∩ J, or null when empty or a single point. */
export function intersect(i: Interval | null, j: Interval | null): Interval | null {
  if (i === null || j === null) return null;
  const start = Math.max(i.start, j.start);
  const end = Math.min(i.end, j.end);
  return start >= end ? null : { start, end };
}

/**
 * Split I into (part before J, I ∩ J, part after J) (`cut_into_three_func`). The reference can
 * return zero-length side pieces (when I and J share an endpoint); they integrate to 0, so they
 * are returned as null here.
 */
function cutIntoThree(i: Interval | null, j: Interval): [Interval | null, Interval | null, Interval | null] {
  if (i === null) return [null, null, null];
  const mid = intersect(i, j);
  if (i.end <= j.start) return [i, null, null];
  if (i.start >= j.end) return [null, null, i];
  const before = i.start < j.start ? { start: i.start, end: j.start } : null;
  const after = i.end > j.end ? { start: j.end, end: i.end } : null;
  return [before, mid, after];
}

/** The point of J closest to I, for I outside J (`get_pivot_j`). */
function pivot(i: Interval, j: Interval): number {
  if (i.end <= j.start) return j.start;
  if (i.start >= j.end) return j.end;
  throw new Error('affiliation: pivot needs I outside J (internal error)');
}

/** ∫_{x∈I} d(x, J) dx for I outside J (`integral_mini_interval`). */
function distanceOutside(i: Interval | null, j: Interval): number {
  if (i === null) return 0;
  const p = pivot(i, j);
  return (i.end - i.start) * Math.abs(p - (i.start + i.end) / 2);
}

/** ∫_{x∈I} d(x, J) dx for any I (`integral_interval_distance`); 0 inside J. */
export function integralDistance(i: Interval | null, j: Interval): number {
  const [before, , after] = cutIntoThree(i, j);
  return distanceOutside(before, j) + 0 + distanceOutside(after, j);
}

/**
 * ∫_{x∈I} F̄(d(x, J)) dx for I outside J, where F̄(d) = P(d(X, J) ≥ d) for X uniform on E
 * (`integral_mini_interval_Pprecision_CDFmethod` with its `__min_piece` helper).
 */
function precisionOutside(i: Interval, j: Interval, e: Interval): number {
  const dMin = Math.max(i.start - j.end, j.start - i.end);
  const dMax = Math.max(i.end - j.end, j.start - i.start);
  const m = Math.min(j.start - e.start, e.end - j.end);
  const a = Math.min(dMax, m) ** 2 - Math.min(dMin, m) ** 2;
  const b = Math.max(dMax, m) - Math.max(dMin, m);
  const minPiece = (1 / 2) * a + m * b;
  const linearPiece = (1 / 2) * (dMax ** 2 - dMin ** 2);
  const remainingPiece = (j.end - j.start) * (i.end - i.start);
  return i.end - i.start - (1 / (e.end - e.start)) * (minPiece + linearPiece + remainingPiece);
}

/** ∫_{x∈I} F̄(d(x, J)) dx for any I ⊂ E (`integral_interval_probaCDF_precision`); F̄ = 1 inside J. */
export function integralPrecisionProba(i: Interval | null, j: Interval, e: Interval): number {
  // No inner closures in these per-piece functions: tsx (esbuild keepNames) names each closure it creates with a defineProperty call.
  const [before, mid, after] = cutIntoThree(i, j);
  return (before === null ? 0 : precisionOutside(before, j, e)) + intervalLength(mid) + (after === null ? 0 : precisionOutside(after, j, e));
}

const w = (x: Interval): number => x.end - x.start;
const sq = (x: Interval): number => x.end ** 2 - x.start ** 2;

/** Split J at t into (part ≤ t, part ≥ t) (`cut_J_based_on_mean_func`). */
function cutAt(j: Interval | null, t: number): [Interval | null, Interval | null] {
  if (j === null) return [null, null];
  if (t >= j.end) return [j, null];
  if (t <= j.start) return [null, j];
  return [{ start: j.start, end: t }, { start: t, end: j.end }];
}

/**
 * ∫_{y∈J} F̄_y(d(y, I)) dy for J outside I, where F̄_y(d) = P(|X − y| ≥ d) for X uniform on E
 * (`integral_mini_interval_Precall_CDFmethod`). With p the point of I closest to J and
 * m = min(y − e_min, e_max − y), F̄_y(d) = 1 − (min(d, m) + d)/|E|; J is cut at the centre of E and
 * at the midpoints between p and each end of E so that min(d, m) is one linear piece on each part.
 */
function recallOutside(i: Interval, j: Interval, e: Interval): number {
  const p = pivot(j, i);
  // The reference sets the recall to 0 when the pivot is not strictly inside E.
  if (p <= e.start || p >= e.end) return 0;
  const [jBefore, jAfter] = cutAt(j, (e.start + e.end) / 2);
  const [beforeCloseE, beforeCloseI] = cutAt(jBefore, (e.start + p) / 2);
  const [afterCloseI, afterCloseE] = cutAt(jAfter, (e.end + p) / 2);
  // ∫_J (min(d, m) + d) dy, summed part by part in the reference's order. As p ∈ E, the part
  // closer to e_max than to p is empty when p lies right of J (and the e_min part when left);
  // both branches are kept whole to mirror the reference.
  let sum = 0;
  if (p >= j.end) {
    if (beforeCloseE) sum += (p - e.start) * w(beforeCloseE);
    if (beforeCloseI) sum += 2 * p * w(beforeCloseI) - sq(beforeCloseI);
    if (afterCloseI) sum += 2 * p * w(afterCloseI) - sq(afterCloseI);
    if (afterCloseE) sum += (e.end + p) * w(afterCloseE) - sq(afterCloseE);
  } else {
    if (beforeCloseE) sum += sq(beforeCloseE) - (e.start + p) * w(beforeCloseE);
    if (beforeCloseI) sum += sq(beforeCloseI) - 2 * p * w(beforeCloseI);
    if (afterCloseI) sum += sq(afterCloseI) - 2 * p * w(afterCloseI);
    if (afterCloseE) sum += (e.end - p) * w(afterCloseE);
  }
  return j.end - j.start - (1 / (e.end - e.start)) * sum;
}

/** ∫_{y∈J} F̄_y(d(y, I)) dy for any J ⊂ E (`integral_interval_probaCDF_recall`); F̄ = 1 on J ∩ I. */
export function integralRecallProba(i: Interval, j: Interval | null, e: Interval): number {
  const [before, mid, after] = cutIntoThree(j, i);
  return (before === null ? 0 : recallOutside(i, before, e)) + intervalLength(mid) + (after === null ? 0 : recallOutside(i, after, e));
}
