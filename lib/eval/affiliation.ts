/**
 * Affiliation precision and recall (Huet, Navarro, Rossi, "Local Evaluation of Time Series Anomaly
 * Detection Algorithms", KDD 2022, arXiv:2206.13167), exact (closed-form integrals, no sampling).
 *
 * Ported from ahstat/affiliation-metrics-py: `affiliation/metrics.py` (pr_from_events),
 * `affiliation/_affiliation_zone.py` (E_gt_func, affiliation_partition),
 * `affiliation/_single_ground_truth_event.py` (the four per-zone quantities),
 * `affiliation/generics.py` (convert_vector_to_events); the source files were read from vendored
 * copies (HanJunSeoJB/AISecurityLab `affiliation/*.py`, generics from another verbatim copy), the
 * expected numbers in test/eval-affiliation.test.ts from the upstream `tests/*.py`.
 *
 * Each ground-truth event J owns the affiliation zone E of the times closer to it than to any other
 * event (cut at midpoints between events, the outer zones end at the series range). In each zone:
 * precision = mean over predicted times x in E of F̄(d(x, J)), the chance that a uniformly random
 * time of E lies at least as far from J; recall = mean over y in J of the chance that a random
 * time of E lies at least as far from y as the nearest prediction in E. Zone precisions are
 * averaged over the zones that hold predictions, zone recalls over all zones.
 *
 * Worked example (also a unit test): labels [0,0,1,1,0,0,0,0], predictions [0,0,0,1,1,0,0,0]:
 * one event J = [2,4), zone E = [0,8), prediction [3,5). Precision: half the prediction is in J
 * (F̄ = 1), the other half [4,5) sits d = 0..1 past J where F̄(d) = 1 − (|J| + 2d)/|E| = 1 − (2 + 2d)/8,
 * integral 5/8, so precision = (1 + 5/8)/2 = 0.8125. Recall: [3,4) is covered (1); on [2,3) the distance to the
 * prediction is d = 3 − y ≤ m = y, F̄ = 1 − 2d/8, integral 7/8; recall = (1 + 7/8)/2 = 0.9375.
 */
import { checkBinaryLabels, checkBinaryMask, checkSameLength, type Numbers } from './validate';
import { runsOf } from './runs';
import { integralDistance, integralPrecisionProba, integralRecallProba, intersect, intervalLength, type Interval } from './affiliation-integrals';

/** Per ground-truth event values (the reference's `individual_*` lists). */
export interface AffiliationZone {
  /** The ground-truth event J, half-open. */
  event: Interval;
  /** Its affiliation zone E ⊇ J. */
  zone: Interval;
  /** Precision probability in [0, 1]; NaN when no prediction falls in the zone. */
  precision: number;
  /** Recall probability in [0, 1]; 0 when no prediction falls in the zone. */
  recall: number;
  /** Mean distance from predicted times in the zone to J; NaN when none. */
  precisionDistance: number;
  /** Mean distance from times of J to the nearest prediction in the zone; Infinity when none. */
  recallDistance: number;
}

export interface AffiliationResult {
  /** Mean zone precision over the zones holding predictions; NaN when there is no prediction at all. */
  precision: number;
  /** Mean zone recall over all zones. */
  recall: number;
  /** 2PR/(P+R) (the reference's `f1_func`); NaN when precision is NaN. */
  f1: number;
  zones: AffiliationZone[];
}

const FN = 'affiliationMetrics';

/**
 * Affiliation metrics of 0/1 predictions against 0/1 labels, both [time]. As the reference's
 * `convert_vector_to_events`, a positive index i is the interval [i, i+1), so a run of 1s from
 * a to b (inclusive) is the event [a, b+1); the series range is [0, n). Labels with no 1 throw
 * (no ground-truth event); predictions with no 1 give precision NaN and recall 0, as the reference.
 */
export function affiliationMetrics(labels: Numbers, predictions: Numbers): AffiliationResult {
  checkSameLength(FN, labels, predictions, ['labels', 'predictions']);
  checkBinaryLabels(FN, labels);
  checkBinaryMask(FN, predictions, 'predictions');
  const gt = runsOf(labels);
  if (gt.length === 0) throw new Error(`${FN}: labels hold no anomalous event (all 0); affiliation metrics need at least one`);
  return affiliationKernel(runsOf(predictions), gt, { start: 0, end: labels.length });
}

/**
 * The same from events (`pr_from_events(events_pred, events_gt, Trange)`): half-open intervals,
 * sorted, non-empty (start < end) and strictly disjoint (end < next start), inside `range`.
 */
export function affiliationFromEvents(predicted: readonly Interval[], groundTruth: readonly Interval[], range: Interval): AffiliationResult {
  const fn = 'affiliationFromEvents';
  checkEvents(fn, predicted, 'predicted');
  checkEvents(fn, groundTruth, 'groundTruth');
  if (groundTruth.length === 0) throw new Error(`${fn}: groundTruth needs at least one event`);
  if (!(range.start < range.end)) throw new Error(`${fn}: range must satisfy start < end, got [${range.start}, ${range.end})`);
  for (const e of [...predicted, ...groundTruth]) {
    if (e.start < range.start || e.end > range.end) throw new Error(`${fn}: range [${range.start}, ${range.end}) must include every event, not [${e.start}, ${e.end})`);
  }
  return affiliationKernel(predicted, groundTruth, range);
}

function checkEvents(fn: string, events: readonly Interval[], name: string): void {
  events.forEach((e, k) => {
    if (!Number.isFinite(e.start) || !Number.isFinite(e.end)) throw new Error(`${fn}: ${name}[${k}] has a non-finite bound`);
    if (!(e.start < e.end)) throw new Error(`${fn}: ${name}[${k}] = [${e.start}, ${e.end}) must have start < end (point events are not supported)`);
    if (k > 0 && !(events[k - 1].end < e.start)) throw new Error(`${fn}: ${name} must be sorted and disjoint, but [${k - 1}] ends at ${events[k - 1].end} and [${k}] starts at ${e.start}`);
  });
}

/**
 * Zone of each event (`E_gt_func`): from the midpoint with the previous event to the midpoint with
 * the next; the outer bounds use mirrored neighbours (2a − start₀, 2b − end_last) so they land on a, b.
 */
function affiliationZones(events: readonly Interval[], range: Interval): Interval[] {
  const n = events.length;
  return events.map((ev, j) => {
    const prevStop = j === 0 ? 2 * range.start - events[0].start : events[j - 1].end;
    const nextStart = j === n - 1 ? 2 * range.end - events[n - 1].end : events[j + 1].start;
    return { start: (prevStop + ev.start) / 2, end: (ev.end + nextStart) / 2 };
  });
}

/** Kernel: trusts valid, sorted events. Sweeps predictions once across the zones. */
function affiliationKernel(predicted: readonly Interval[], groundTruth: readonly Interval[], range: Interval): AffiliationResult {
  const zoneBounds = affiliationZones(groundTruth, range);
  const zones: AffiliationZone[] = [];
  let first = 0;
  for (let j = 0; j < groundTruth.length; j++) {
    const E = zoneBounds[j];
    while (first < predicted.length && predicted[first].end <= E.start) first++;
    const pieces: Interval[] = []; // `affiliation_partition`: predictions cut to the zone
    for (let k = first; k < predicted.length && predicted[k].start < E.end; k++) {
      const piece = intersect(predicted[k], E);
      if (piece !== null) pieces.push(piece);
    }
    zones.push(zoneValues(pieces, groundTruth[j], E));
  }
  let pSum = 0;
  let pCount = 0;
  let rSum = 0;
  for (const z of zones) {
    if (!Number.isNaN(z.precision)) {
      pSum += z.precision;
      pCount++;
    }
    rSum += z.recall;
  }
  const precision = pCount > 0 ? pSum / pCount : NaN;
  const recall = rSum / zones.length;
  const f1 = Number.isNaN(precision) ? NaN : precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, zones };
}

/** The four quantities of `_single_ground_truth_event.py` for one event J, its zone E and the prediction pieces in E. */
function zoneValues(pieces: readonly Interval[], J: Interval, E: Interval): AffiliationZone {
  if (pieces.length === 0) return { event: J, zone: E, precision: NaN, recall: 0, precisionDistance: NaN, recallDistance: Infinity };
  let predLength = 0;
  let dSum = 0;
  let pSum = 0;
  for (const I of pieces) {
    predLength += intervalLength(I);
    dSum += integralDistance(I, J);
    pSum += integralPrecisionProba(I, J, E);
  }
  // Recall: J is split among the pieces by nearest piece (zones of the pieces inside E); since
  // J ⊂ E this is also the partition the reference builds over (−∞, ∞) for the recall distance.
  const sub = affiliationZones(pieces, E);
  let rdSum = 0;
  let rSum = 0;
  for (let k = 0; k < pieces.length; k++) {
    const part = intersect(J, sub[k]);
    rdSum += integralDistance(part, pieces[k]);
    rSum += integralRecallProba(pieces[k], part, E);
  }
  const jLength = intervalLength(J);
  return {
    event: J,
    zone: E,
    precision: pSum / predLength,
    recall: rSum / jLength,
    precisionDistance: dSum / predLength,
    recallDistance: rdSum / jLength,
  };
}
