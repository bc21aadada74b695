/** Content of a NIDS run's report.html (pure): run facts, data, training, test results, baselines. */
import { plainConfig } from '../../config';
import type { ReportChart, ReportOptions, TableRow } from '../../viz/html';
import { nidsMetrics } from './metrics';
import type { NidsRunResult } from '../run';

/** Headline columns of the report's metrics table. */
export const NIDS_HEADLINE = ['weighted_f1', 'macro_f1', 'accuracy', 'binary_roc_auc', 'binary_f1'];

export function nidsReport(r: NidsRunResult, charts: ReportChart[], generatedAt?: Date): ReportOptions {
  const info = r.prepared.info;
  const t = r.trained.training;
  const byName = new Map(charts.map((c) => [c.name, c]));
  const d = r.prepared.data;
  const run: TableRow[] = [
    { item: 'dataset', value: info.source === 'raw' ? info.dataset : `prepared parquet (${info.files[0]})` },
    { item: 'split', value: `${info.split_strategy}: train ${info.split_rows.train}, val ${info.split_rows.val}, test ${info.split_rows.test}${info.train_rows_before_cap ? ` (train capped from ${info.train_rows_before_cap})` : ''}${info.train_rows_oversampled ? ` (train includes ${info.train_rows_oversampled} copies of rare classes' rows, data.oversample_to)` : ''}` },
    { item: 'features / classes', value: `${d.nFeatures} / ${d.indexer.labels.length}` },
    { item: 'model', value: `Dense(${r.cfg.hidden_size}) → GRU(${r.cfg.hidden_size}) → Dropout(${r.cfg.dropout}) → Dense(${d.indexer.labels.length}); ${r.trained.model.countParams()} weights; seq_len ${r.cfg.seq_len}` },
    { item: 'training', value: `${t.history.length}/${r.cfg.epochs} epochs, batch ${r.cfg.batch_size}, AdamW lr ${r.cfg.learning_rate}; best val accuracy ${t.bestValAccuracy.toFixed(4)} at epoch ${t.bestEpoch}` },
    { item: 'sample weights', value: info.weight_source },
    { item: 'scoring', value: `${Math.round(r.evaluation.scoring.flows_per_s)} flows/s (${r.backend}, batch ${r.evaluation.scoring.batch_size})` },
    { item: 'wall time', value: Object.entries(r.seconds).map(([k, v]) => `${k} ${v.toFixed(1)} s`).join(', ') },
    { item: 'seed', value: r.cfg.seed },
  ];
  const nf = info.nonfinite;
  const dataText = [
    info.notes,
    nf ? `Non-finite numeric cells: ${nf.cells} in ${nf.rows} rows (policy "${nf.policy}"${nf.dropped_rows ? `, ${nf.dropped_rows} rows dropped` : ''}). Dropped columns: ${info.dropped_columns.join(', ') || 'none'}.` : '',
    Object.keys(info.skipped_unseen).length ? `Skipped rows with labels unseen in training: ${JSON.stringify(info.skipped_unseen)}.` : '',
    'The scaler, imputation values, one-hot categories and label index were fitted on the training rows only.',
  ].filter(Boolean).join('\n\n');
  const counts: TableRow[] = d.indexer.labels.map((l) => ({
    class: l, train: info.class_counts.train[l] ?? 0, val: info.class_counts.val[l] ?? 0, test: info.class_counts.test[l] ?? 0, weight: info.class_weights[l] ?? null,
  }));
  const perClass: TableRow[] = r.evaluation.test.report.classes.map((c) => ({ class: c.name, precision: c.precision, recall: c.recall, f1: c.f1, support: c.support }));
  const baselineRows: TableRow[] = [
    ['GRU classifier', r.evaluation.test.metrics],
    ['softmax regression', r.baselines.softmaxRegression.metrics],
    [`majority ("${r.baselines.majorityClass}")`, r.baselines.majority.metrics],
  ].map(([name, m]) => ({ model: name as string, ...Object.fromEntries(NIDS_HEADLINE.map((k) => [k, (m as Record<string, number>)[k] ?? null])) }));
  return {
    title: `GRU NIDS classifier: ${info.dataset}`,
    subtitle: `run folder ${r.dir}`,
    metrics: nidsMetrics(r),
    metricsOptions: { split: 'test', metrics: NIDS_HEADLINE },
    sections: [
      { heading: 'Run', table: run },
      { heading: 'Data', text: dataText, table: counts },
      { heading: 'Training', text: `Weighted cross-entropy and accuracy per epoch; the model of the best validation accuracy (epoch ${t.bestEpoch}) is kept. ${t.stoppedReason}.`, charts: byName.has('training_history') ? [byName.get('training_history')!] : [] },
      { heading: 'Test results', text: 'Per-class precision, recall and F1 on the test split (sklearn definitions; a class absent from the test split has support 0). Binary view: attack = any class but the benign one, scored by 1 − P(benign).', charts: byName.has('confusion_matrix') ? [byName.get('confusion_matrix')!] : [], table: perClass },
      { heading: 'Baselines on the same split', text: 'The majority class shows what "no model" gets; softmax regression (linear, same weighted loss) shows what the GRU adds.', table: baselineRows },
    ],
    config: plainConfig(r.cfg) as unknown as Record<string, unknown>,
    generatedAt,
  };
}
