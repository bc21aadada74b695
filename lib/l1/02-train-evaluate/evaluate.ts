/**
 * L1 evaluation on test windows (stride 1, in order): the first `validation_fraction` of windows is the
 * validation prefix (thresholds and fine-tuning may use its labels), the rest the final split (reported).
 * Pure: errors and labels in, numbers out.
 */
import { attackRatio, eventMetrics, trimmedAttackRatio, type EventMetrics } from '../../eval';

export interface WindowSplit {
  /** Windows [0, valEnd) are the validation prefix, [valEnd, n) the final split. */
  valEnd: number;
  n: number;
}

export function splitWindows(n: number, validationFraction: number): WindowSplit {
  const valEnd = Math.floor(n * validationFraction);
  if (valEnd < 1 || n - valEnd < 1) throw new Error(`the test series gives ${n} windows; too few for a validation prefix (${validationFraction}) and a final split`);
  return { valEnd, n };
}

/** The final split needs both normal and attack windows (window-end labels) to be evaluated; checked before training. */
export function checkFinalLabels(end: Uint8Array, split: WindowSplit): void {
  const finalLabels = end.subarray(split.valEnd);
  if (!finalLabels.some((v) => v === 1) || finalLabels.every((v) => v === 1)) {
    throw new Error(`the final split (test windows ${split.valEnd}–${split.n}) holds only one class of window-end labels; check the test labels or change eval.validation_fraction`);
  }
}

/** Attack/normal error ratios of one split; null where a class is absent. */
export interface AttackRatios {
  ar: number | null;
  ar_any: number | null;
  ar_trimmed: number | null;
}

export function attackRatios(errors: Float64Array, end: Uint8Array, any: Uint8Array, trim: number): AttackRatios {
  const safe = (f: () => number) => {
    try {
      return f();
    } catch {
      return null; // one class absent: the ratio is undefined
    }
  };
  return { ar: safe(() => attackRatio(errors, end)), ar_any: safe(() => attackRatio(errors, any)), ar_trimmed: safe(() => trimmedAttackRatio(errors, end, trim)) };
}

/** Event metrics (window-end labels) of one split for each budget, as `{ "0.04": {...} }`; absent when the split has no attack. */
export function budgetEvents(errors: Float64Array, end: Uint8Array, budgets: number[]): Record<string, EventMetrics> {
  if (!end.some((v) => v === 1)) return {};
  return Object.fromEntries(budgets.map((b) => [String(b), eventMetrics(end, errors, { budget: b })]));
}


