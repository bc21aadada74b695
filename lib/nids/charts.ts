/** Charts of a NIDS run (pure Vega-Lite spec builders). */
import { heatmap, lineChart, type TopLevelSpec } from '../viz';
import type { MulticlassConfusion } from '../eval';
import type { NidsEpoch } from './train';

/** Loss (train vs validation) above accuracy (train vs validation), per epoch. */
export function trainingHistoryChart(history: readonly NidsEpoch[], title = 'Training history'): TopLevelSpec {
  const x = history.map((h) => h.epoch);
  const loss = lineChart([
    { name: 'train', x, y: history.map((h) => h.train_loss) },
    { name: 'validation', x, y: history.map((h) => h.val_loss) },
  ], { title: 'weighted cross-entropy', xTitle: 'epoch', yTitle: 'loss', width: 420, height: 200 });
  const acc = lineChart([
    { name: 'train', x, y: history.map((h) => h.train_accuracy) },
    { name: 'validation', x, y: history.map((h) => h.val_accuracy) },
  ], { title: 'accuracy', xTitle: 'epoch', yTitle: 'accuracy', width: 420, height: 200 });
  const strip = (s: TopLevelSpec) => {
    const { $schema, config, ...rest } = s as unknown as Record<string, unknown>;
    void $schema;
    void config;
    return rest;
  };
  const base = loss as unknown as Record<string, unknown>;
  return { $schema: base.$schema, title, config: base.config, vconcat: [strip(loss), strip(acc)] } as unknown as TopLevelSpec;
}

/** Confusion matrix with class names, coloured by the share of each true class (recall), counts printed. */
export function confusionChart(c: MulticlassConfusion, title = 'Confusion matrix (test)'): TopLevelSpec {
  return heatmap(c.matrix, { rowNames: c.classNames, colNames: c.classNames, normalize: 'row', title, subtitle: 'colour: share of the true class; numbers: flows' });
}
