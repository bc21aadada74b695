/** Charts of a NIDS run (pure Vega-Lite spec builders); the training history is lib/viz historyChart. */
import { heatmap, type TopLevelSpec } from '../../viz';
import type { MulticlassConfusion } from '../../eval';

/** Confusion matrix with class names, coloured by the share of each true class (recall), counts printed. */
export function confusionChart(c: MulticlassConfusion, title = 'Confusion matrix (test)'): TopLevelSpec {
  return heatmap(c.matrix, { rowNames: c.classNames, colNames: c.classNames, normalize: 'row', title, subtitle: 'colour: share of the true class; numbers: flows' });
}
