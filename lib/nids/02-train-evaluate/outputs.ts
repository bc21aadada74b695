/** Write a NIDS run folder through the run layer (lib/run): every artefact, then `complete` in run.json. */
import * as path from 'node:path';
import { plainConfig } from '../../config';
import { tf } from '../../engine';
import { writeJson } from '../../io/files';
import { withRun, type Run } from '../../run';
import { historyChart, saveChart } from '../../viz';
import { writeReportHtml } from '../../viz/html';
import { confusionChart } from './charts';
import { reportDict } from './evaluate';
import { saveLabelIndexer } from '../01-prepare/indexer';
import { nidsMetrics } from './metrics';
import { layerSummary } from '../../models/gru-classifier';
import { writePreparedParquet } from '../01-prepare/parquet';
import { nidsReport } from './report';
import { nidsInputs } from '../config';
import type { NidsRunResult } from '../run';

/** model_info.json: architecture, sizes, classes and features. */
export function modelInfo(r: NidsRunResult): Record<string, unknown> {
  const d = r.prepared.data;
  const m = r.trained.model;
  return {
    architecture: 'input_projection Dense(hidden, no bias) → GRU(hidden, no bias, reset_after) → Dropout → Dense(num_classes, no bias); softmax in the loss',
    framework: `TensorFlow.js ${tf.version.tfjs} (${r.backend})`,
    input_shape: [r.cfg.seq_len, d.nFeatures],
    seq_len: r.cfg.seq_len, hidden_size: r.cfg.hidden_size, dropout: r.cfg.dropout, num_classes: d.indexer.labels.length,
    parameters: m.countParams(), layers: layerSummary(m),
    class_names: d.indexer.labels, benign_class: d.benignIndex === null ? null : d.indexer.labels[d.benignIndex],
    feature_names: d.featureNames,
    best_epoch: r.trained.training.bestEpoch, best_val_accuracy: r.trained.training.bestValAccuracy,
  };
}

/** experiment_summary.json: what ran, on what, how long, and the headline numbers. */
export function experimentSummary(r: NidsRunResult): Record<string, unknown> {
  const t = r.trained.training;
  const { columns, ...nonfinite } = r.prepared.info.nonfinite ?? { columns: [] };
  return {
    dataset: r.prepared.info.dataset, source: r.prepared.info.source, preset: r.cfg._meta.preset, backend: r.backend,
    started_at: r.startedAt.toISOString(), seconds: r.seconds,
    data: { ...r.prepared.info, nonfinite: r.prepared.info.nonfinite ? { ...nonfinite, columns } : null },
    training: { epochs_run: t.history.length, epochs: r.cfg.epochs, best_epoch: t.bestEpoch, best_val_accuracy: t.bestValAccuracy, stopped_early: t.stoppedEarly, stopped_reason: t.stoppedReason, seconds: t.seconds, seconds_per_epoch: t.seconds / t.history.length },
    test: r.evaluation.test.metrics,
    validation: r.evaluation.val.metrics,
    baselines: { majority: { class: r.baselines.majorityClass, ...r.baselines.majority.metrics }, softmax_regression: { ...r.baselines.softmaxRegression.metrics, seconds: r.baselines.softmaxSeconds } },
    scoring: r.evaluation.scoring,
  };
}

/**
 * Write the whole run folder (see lib/nids/README.md for the list) as the `write` stage of `run`, or,
 * without one (the notebooks), as a run of its own in `r.dir` (its folder checked by the run layer).
 */
export async function writeNidsRun(r: NidsRunResult, run?: Run): Promise<void> {
  if (!run) return withRun({ dir: r.dir, kind: 'nids', config: r.cfg, inputs: nidsInputs(r.cfg) }, (own) => writeNidsRun(r, own));
  const d = r.prepared.data;
  const tmp = run.dir;
  await run.stage('write', async () => {
    if (r.prepared.info.source === 'raw') {
      const prep = path.join(tmp, 'prepared');
      writePreparedParquet(path.join(prep, 'train_df.parquet'), d.train, d.nFeatures);
      writePreparedParquet(path.join(prep, 'val_df.parquet'), d.val, d.nFeatures);
      writePreparedParquet(path.join(prep, 'test_df.parquet'), d.test, d.nFeatures);
      saveLabelIndexer(path.join(prep, 'label_indexer.json'), d.indexer);
      writeJson(path.join(prep, 'preprocessing.json'), { encoder: r.prepared.encoder, data: r.prepared.info });
    }
    saveLabelIndexer(path.join(tmp, 'label_indexer.json'), d.indexer);
    await r.trained.classifier.save(path.join(tmp, 'best_model'), {
      class_names: d.indexer.labels, feature_names: d.featureNames, seq_len: r.cfg.seq_len, best_epoch: r.trained.training.bestEpoch, config: plainConfig(r.cfg),
    });
    writeJson(path.join(tmp, 'model_info.json'), modelInfo(r));
    writeJson(path.join(tmp, 'training_history.json'), r.trained.training.history);
    writeJson(path.join(tmp, 'confusion_matrix.json'), { class_names: r.evaluation.test.confusion.classNames, matrix: r.evaluation.test.confusion.matrix, orientation: 'rows: true class, columns: predicted class' });
    writeJson(path.join(tmp, 'classification_report.json'), reportDict(r.evaluation.test.report));
    writeJson(path.join(tmp, 'metrics.json'), nidsMetrics(r));
    writeJson(path.join(tmp, 'experiment_summary.json'), experimentSummary(r));
    const history = historyChart(r.trained.training.history, { yTitle: 'weighted cross-entropy' });
    const confusion = confusionChart(r.evaluation.test.confusion);
    await saveChart(history, tmp, 'training_history');
    await saveChart(confusion, tmp, 'confusion_matrix');
    writeReportHtml(path.join(tmp, 'report.html'), nidsReport(r, [{ name: 'training_history', spec: history }, { name: 'confusion_matrix', spec: confusion }]));
  });
}
