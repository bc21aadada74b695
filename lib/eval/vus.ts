import { checkBinaryInputs, checkBothClasses, type Numbers } from './validate';
import { prepareRangeAuc, rangeAucAt, type VusVariant } from './range-auc';

/**
 * Range-AUC and VUS (Volume Under the Surface), Paparrizos, Boniol, Palpanas, Tsay, Elmore,
 * Franklin, VLDB 2022. Each anomaly event gets a buffer of ⌊ℓ/2⌋ samples on either side with
 * soft labels √(1 − d/ℓ) at distance d; at each threshold the range-based TPR is
 * recall × (share of buffered ranges hit), FPR and precision use the buffered positives;
 * R-AUC(ℓ) is the area under those curves and VUS the mean of R-AUC over ℓ = 0…maxWindow.
 *
 * Reference: TheDatumOrg/TSB-AD `TSB_AD/evaluation/basic_metrics.py` RangeAUC_volume_opt as called
 * by its `get_metrics(score, labels, slidingWindow=100, …, thre=250)`, so the defaults are
 * maxWindow = 100 and 250 thresholds: the scores at positions `np.linspace(0, n−1, 250).astype(int)`
 * of the descending sort, a sample being flagged when score ≥ threshold (fewer than 250 distinct
 * thresholds when n < 250 or scores tie; the reference keeps the repeats and so do we). The ROC
 * curve runs (0,0) → thresholds → (1,1) with trapezoids; the PR area is Σ ΔTPR × precision.
 * `variant: 'vus-2022'` follows the original TheDatumOrg/VUS `vus/utils/metrics.py` instead
 * (whole buffer counted as positives, trapezoid PR). Golden values from both, computed with the
 * verbatim reference code, live in test/fixtures/vus/.
 *
 * rangeAucRoc/Pr(window = ℓ) is row ℓ of that surface, so VUS is exactly their mean. For
 * 'vus-2022' this equals the VUS repo's own RangeAUC(window = ℓ) (checked on the golden cases),
 * except when two buffered events touch without overlapping (its run finder joins them).
 * TSB-AD's RangeAUC is not ported: its run finder (np.diff == ±1) mis-reads soft labels, which
 * TSB-AD's get_metrics reflects by leaving the R-AUC line commented out.
 *
 * With a perfect score (scores = labels) the 'tsb-ad' VUS-ROC and VUS-PR are 1; for 'vus-2022'
 * they fall below 1 once ℓ ≥ 2, because the unflagged buffer still counts as missed positives.
 * Single-class labels throw: the reference crashes without anomalies and divides 0/0 without normals.
 *
 * Worked example (test/eval-vus.test.ts): labels [0,1,1,0,0,0,1,0],
 * scores [0.1,0.9,0.4,0.3,0.2,0.8,0.7,0.05], maxWindow 0 → VUS-ROC 5/6, VUS-PR 0.75 (derivation in the test).
 */

export interface VusOptions {
  /** Largest buffer width L; VUS averages ℓ = 0…L. TSB-AD passes its slidingWindow (default 100). */
  maxWindow?: number;
  /** Number of threshold positions (default 250, as TSB-AD's `thre`). */
  thresholds?: number;
  /** Which reference to follow (default 'tsb-ad'). */
  variant?: VusVariant;
}

export interface RangeAucOptions {
  /** Buffer width ℓ (default 100): ⌊ℓ/2⌋ samples each side of every event. */
  window?: number;
  thresholds?: number;
  variant?: VusVariant;
}

/** Both VUS numbers and the R-AUC of every ℓ = 0…maxWindow, from one pass. */
export interface VusSurface {
  vusRoc: number;
  vusPr: number;
  /** R-AUC-ROC at ℓ = index. */
  rocByWindow: Float64Array;
  /** R-AUC-PR at ℓ = index. */
  prByWindow: Float64Array;
}

export const VUS_DEFAULTS = { maxWindow: 100, thresholds: 250, variant: 'tsb-ad' as VusVariant };

/** VUS-ROC in [0, 1]: mean range-AUC-ROC over buffer widths 0…maxWindow. */
export function vusRoc(labels: Numbers, scores: Numbers, options: VusOptions = {}): number {
  return vusSurfaceOf('vusRoc', labels, scores, options).vusRoc;
}

/** VUS-PR in [0, 1]: mean range-AUC-PR over buffer widths 0…maxWindow. */
export function vusPr(labels: Numbers, scores: Numbers, options: VusOptions = {}): number {
  return vusSurfaceOf('vusPr', labels, scores, options).vusPr;
}

/** VUS-ROC, VUS-PR and the per-width R-AUCs in one pass (what a metrics record wants). */
export function vusSurface(labels: Numbers, scores: Numbers, options: VusOptions = {}): VusSurface {
  return vusSurfaceOf('vusSurface', labels, scores, options);
}

/** Range-AUC-ROC in [0, 1] at one buffer width; equals `vusSurface(…).rocByWindow[window]`. */
export function rangeAucRoc(labels: Numbers, scores: Numbers, options: RangeAucOptions = {}): number {
  return rangeAucOf('rangeAucRoc', labels, scores, options).roc;
}

/** Range-AUC-PR in [0, 1] at one buffer width; equals `vusSurface(…).prByWindow[window]`. */
export function rangeAucPr(labels: Numbers, scores: Numbers, options: RangeAucOptions = {}): number {
  return rangeAucOf('rangeAucPr', labels, scores, options).pr;
}

function vusSurfaceOf(fn: string, labels: Numbers, scores: Numbers, options: VusOptions): VusSurface {
  checkOptions(fn, options, ['maxWindow', 'thresholds', 'variant']);
  const maxWindow = options.maxWindow ?? VUS_DEFAULTS.maxWindow;
  checkCount(fn, 'maxWindow', maxWindow, 0);
  const { count, variant } = checkCommon(fn, labels, scores, options);
  const prep = prepareRangeAuc(labels, scores, count);
  const scratch = new Float64Array(labels.length);
  const rocByWindow = new Float64Array(maxWindow + 1);
  const prByWindow = new Float64Array(maxWindow + 1);
  let sumRoc = 0;
  let sumPr = 0;
  for (let w = 0; w <= maxWindow; w++) {
    const { roc, pr } = rangeAucAt(prep, w, variant, scratch);
    rocByWindow[w] = roc;
    prByWindow[w] = pr;
    sumRoc += roc;
    sumPr += pr;
  }
  return { vusRoc: sumRoc / (maxWindow + 1), vusPr: sumPr / (maxWindow + 1), rocByWindow, prByWindow };
}

function rangeAucOf(fn: string, labels: Numbers, scores: Numbers, options: RangeAucOptions): { roc: number; pr: number } {
  checkOptions(fn, options, ['window', 'thresholds', 'variant']);
  const window = options.window ?? VUS_DEFAULTS.maxWindow;
  checkCount(fn, 'window', window, 0);
  const { count, variant } = checkCommon(fn, labels, scores, options);
  const prep = prepareRangeAuc(labels, scores, count);
  return rangeAucAt(prep, window, variant, new Float64Array(labels.length));
}

function checkCommon(fn: string, labels: Numbers, scores: Numbers, options: { thresholds?: number; variant?: VusVariant }): { count: number; variant: VusVariant } {
  checkBinaryInputs(fn, labels, scores);
  checkBothClasses(fn, labels);
  const count = options.thresholds ?? VUS_DEFAULTS.thresholds;
  checkCount(fn, 'thresholds', count, 2);
  const variant = options.variant ?? VUS_DEFAULTS.variant;
  if (variant !== 'tsb-ad' && variant !== 'vus-2022') {
    throw new Error(`${fn}: variant must be 'tsb-ad' or 'vus-2022', got ${JSON.stringify(variant)}`);
  }
  return { count, variant };
}

function checkCount(fn: string, name: string, value: unknown, min: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new Error(`${fn}: ${name} must be an integer ≥ ${min}, got ${JSON.stringify(value)}`);
  }
}

function checkOptions(fn: string, options: object, known: string[]): void {
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) throw new Error(`${fn}: unknown option '${key}' (known: ${known.join(', ')})`);
  }
}
