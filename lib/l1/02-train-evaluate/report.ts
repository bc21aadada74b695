import { plainConfig } from '../../config';
import type { MetricsRecord } from '../../eval';
import type { ReportChart, ReportOptions, ReportSection, TableRow } from '../../viz/html';
import type { L1Config } from '../config';
import type { L1Data } from '../01-inputs/data';
import { L1_BASELINES } from './baselines';

/** Errors and window-end labels of the validation prefix and the final split (views, no copies). */
export function errorSplits(errors: Float64Array, end: Uint8Array, split: { valEnd: number }) {
  return {
    val: { errors: errors.subarray(0, split.valEnd), end: end.subarray(0, split.valEnd) },
    final: { errors: errors.subarray(split.valEnd), end: end.subarray(split.valEnd) },
  };
}

const LAYOUT: { heading: string; text: string; charts: (name: string) => boolean }[] = [
  { heading: 'Training', text: 'Huber loss on random training windows (drawn afresh each epoch) and on the fixed holdout windows (the last share of the training rows).', charts: (n) => n === 'train_curve' },
  {
    heading: 'Reconstruction error by class',
    text: 'Each class as a share of itself. The validation prefix (first windows of the test series) sets thresholds and picks hard normals; the final split is only reported.',
    charts: (n) => n.startsWith('hist_reconstruction_error'),
  },
  { heading: 'Per-feature errors (final split)', text: 'The features with the largest mean error on the final split: where reconstruction fails.', charts: (n) => n.startsWith('hist_feature_') },
  {
    heading: 'Embedding clusters',
    text: 'En4 embeddings (global average of the last encoder block) of a seeded sample of final windows, incremental PCA, then HDBSCAN. hdbscan_cluster_stats.json lists size and attack rate per cluster.',
    charts: (n) => n === 'hdbscan_pca_subset',
  },
];

/** Headline columns of the L1 report (test split = the final split after the validation prefix). */
export const L1_HEADLINE = ['roc_auc', 'average_precision', 'vus_pr', 'attack_ratio', 'event_recall@budget', 'event_precision@budget', 'ttd_median_steps@budget', 'f1@val_q', 'f1@val_best_f1'];

export function l1Report(r: { cfg: L1Config; runDir: string; metrics: MetricsRecord; charts: ReportChart[]; trainRows: number; testRows: number; features: number }): ReportOptions {
  const m = r.metrics;
  const rows: TableRow[] = [
    { item: 'inputs', value: r.cfg.dataset === 'smd' ? `SMD ${r.cfg.entity}` : `${r.cfg.data.train}` },
    { item: 'training rows / test rows / features', value: `${r.trainRows} / ${r.testRows} / ${r.features}` },
    { item: 'window (rows)', value: r.cfg.preprocess.window },
    { item: 'validation prefix / final windows (attack, window end)', value: `${m['counts.val.windows']} (${m['counts.val.attack']}) / ${m['counts.test.windows']} (${m['counts.test.attack']})` },
    { item: 'fine-tuning', value: r.cfg.finetune.enabled ? `${m['conv1d_ae_ft.train.windows'] ?? 0} hard normals` : 'off' },
    { item: 'seed', value: r.cfg.seed },
  ];
  const sections: ReportSection[] = [{ heading: 'Run', text: 'SmartNetGuard L1: a deep Conv1D autoencoder over standardised windows; the score of a window is its mean squared reconstruction error. conv1d_ae_ft is the same model after fine-tuning on hard normals.', table: rows }];
  for (const s of LAYOUT) {
    const charts = r.charts.filter((c) => s.charts(c.name));
    if (charts.length) sections.push({ heading: s.heading, text: s.text, charts });
  }
  return {
    title: `SmartNetGuard L1 report${r.cfg.dataset === 'smd' ? `: SMD ${r.cfg.entity}` : ''}`,
    subtitle: `run folder ${r.runDir}`,
    sections,
    metrics: m,
    metricsOptions: { split: 'test', metrics: L1_HEADLINE },
    config: plainConfig(r.cfg as L1Config & object) as unknown as Record<string, unknown>,
  };
}

/** summary.txt: inputs, headline numbers per detector (an aligned table), where the artefacts are. */
export function summaryText(cfg: L1Config, data: L1Data, m: MetricsRecord, dir: string): string {
  const fmt = (v: number | undefined) => (v === undefined ? '–' : Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(4));
  const b = cfg.eval.event_budgets[0];
  const keys = ['roc_auc', 'average_precision', 'vus_pr', `event_recall@budget${b}`, `event_precision@budget${b}`, `ttd_median_steps@budget${b}`, 'attack_ratio', 'attack_ratio_trimmed'];
  const detectors = ['conv1d_ae', 'conv1d_ae_ft', ...L1_BASELINES, 'random'].filter((d) => `${d}.test.roc_auc` in m);
  const table = alignedTable(['detector', ...keys], detectors.map((d) => [d, ...keys.map((k) => fmt(m[`${d}.test.${k}`]))]));
  const lines = [
    'SmartNetGuard L1 run',
    `folder      ${dir}`,
    `train       ${data.sources.train} (${data.train.rows} rows × ${data.train.names.length} features)`,
    `test        ${data.sources.test} (${data.test.rows} rows), labels ${data.sources.labels}`,
    `windows     ${cfg.preprocess.window} rows; validation prefix ${m['counts.val.windows']}, final (test) ${m['counts.test.windows']} (${m['counts.test.attack']} attack by window end)`,
    '',
    'test split (the final windows after the validation prefix):',
    ...table,
    '',
    'Thresholds and hard normals come from the validation prefix; oracle_best_f1 in metrics.json is an upper bound on test, not a result.',
  ];
  return `${lines.join('\n')}\n`;
}

/** Rows of text cells as columns separated by two spaces, each as wide as its widest cell (first column left-aligned). */
export function alignedTable(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j].length)));
  const line = (cells: string[]) => cells.map((c, j) => (j === 0 ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)];
}
