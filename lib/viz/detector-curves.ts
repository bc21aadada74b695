import { averagePrecision, prCurve as prPoints, rocAuc, rocCurve as rocPoints } from '../eval/ranking';
import { prCurve, rocCurve, type CurveOptions } from './curves';
import type { TopLevelSpec } from './spec';
import type { Numbers } from './validate';

/**
 * ROC curves of several detectors' scores against one label vector (1 = attack), on one chart with the
 * AUC in the legend; the dashed diagonal is chance. Both classes must be present (lib/eval throws).
 */
export function rocChart(labels: Numbers, scores: Record<string, Numbers>, opts: CurveOptions = {}): TopLevelSpec {
  const curves = Object.fromEntries(Object.entries(scores).map(([name, s]) => {
    const c = rocPoints(labels, s);
    return [name, { fpr: c.fpr, tpr: c.tpr, auc: rocAuc(labels, s) }];
  }));
  return rocCurve(curves, { title: 'ROC curves', subtitle: 'dashed: chance', ...opts });
}

/** Precision-recall curves of several detectors, AP in the legend; the attack rate (chance) as a dashed rule. */
export function prChart(labels: Numbers, scores: Record<string, Numbers>, opts: CurveOptions = {}): TopLevelSpec {
  const curves = Object.fromEntries(Object.entries(scores).map(([name, s]) => {
    const c = prPoints(labels, s);
    return [name, { recall: c.recall, precision: c.precision, ap: averagePrecision(labels, s) }];
  }));
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i];
  const rate = positives / labels.length;
  return prCurve(curves, { title: 'Precision-recall curves', subtitle: `dashed: attack rate ${(rate * 100).toFixed(2)}% (chance)`, ...opts, baseline: rate });
}
