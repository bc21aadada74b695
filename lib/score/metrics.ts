/**
 * Metrics of a scoring run when its input carried labels (pure): ROC-AUC and AP of the window scores
 * against window-end labels (and any-in-window labels), precision / recall / F1 of the alerts at the
 * run's threshold; for the classifier also the accuracy of the predicted class. Windows without a
 * label are left out; a metric that needs both classes is left out when one is missing.
 */
import { averagePrecision, rocAuc } from '../eval';

export interface LabelledScores {
  scores: Float32Array;
  /** Window-end labels: 0/1, or class indices for the classifier. */
  labels: Int8Array;
  labelsAny: Int8Array;
  /** Classifier: predicted class per window. */
  predicted?: Int8Array;
}

/** Flat metrics (`roc_auc`, `average_precision`, `roc_auc_any`, `precision`, `recall`, `f1`, `accuracy`, counts). */
export function labelMetrics(s: LabelledScores, o: { threshold: number; benign?: number | null }): Record<string, number> {
  const n = s.scores.length;
  const out: Record<string, number> = { labelled_windows: n };
  if (!n) return out;
  const classifier = s.predicted !== undefined;
  // Anomaly labels: 1 = attack. Classifier: anything but the benign class.
  const attack = classifier ? Uint8Array.from(s.labels, (c) => (c === o.benign ? 0 : 1)) : Uint8Array.from(s.labels, (v) => (v === 1 ? 1 : 0));
  const positives = attack.reduce((a, v) => a + v, 0);
  out.attack_windows = positives;
  if (positives > 0 && positives < n) {
    out.roc_auc = rocAuc(attack, s.scores);
    out.average_precision = averagePrecision(attack, s.scores);
  }
  if (!classifier) {
    const any = Uint8Array.from(s.labelsAny, (v) => (v === 1 ? 1 : 0));
    const p = any.reduce((a, v) => a + v, 0);
    if (p > 0 && p < n) out.roc_auc_any = rocAuc(any, s.scores);
  }
  let tp = 0, fp = 0, fn = 0;
  for (let i = 0; i < n; i++) {
    const alert = s.scores[i] >= o.threshold;
    if (alert && attack[i]) tp++;
    else if (alert) fp++;
    else if (attack[i]) fn++;
  }
  out.precision = tp + fp ? tp / (tp + fp) : 0;
  out.recall = tp + fn ? tp / (tp + fn) : 0;
  out.f1 = out.precision + out.recall ? (2 * out.precision * out.recall) / (out.precision + out.recall) : 0;
  if (classifier) {
    let right = 0;
    for (let i = 0; i < n; i++) if (s.predicted![i] === s.labels[i]) right++;
    out.accuracy = right / n;
  }
  return out;
}
