import { plainConfig } from '../../config';
import type { ReportChart, ReportOptions, ReportSection, TableRow } from '../../viz/html';
import type { GruSaeConfig } from '../config';
import { detectorName, type NamedThreshold } from './charts';
import type { VisualiseInputs } from './inputs';
import type { LatentClusters } from './index';

/** A chart that could not be drawn, and why (shown in the report instead of the chart). */
export interface SkippedChart {
  name: string;
  reason: string;
}

/** What the GRU-SAE report is built from: stage 5's charts plus the inputs they came from. */
export interface GruSaeReportInput {
  cfg: GruSaeConfig;
  /** Run folder, shown in the subtitle. */
  runDir: string;
  inputs: VisualiseInputs;
  charts: ReportChart[];
  skipped: SkippedChart[];
  /** The detector the per-detector charts show, and its validation threshold. */
  detector: string;
  threshold: NamedThreshold;
  /** HDBSCAN clusters of the latent vectors (a table in the latent-space section), when computed. */
  clusters?: LatentClusters | null;
  generatedAt?: Date;
}

/** Section layout of report.html: chart names (from visualise.ts) grouped under headings with a line of why. */
const LAYOUT: { heading: string; text: string; charts: string[] }[] = [
  {
    heading: 'Detection quality, all detectors',
    text: 'Threshold-free ranking quality on the test split. Every detector scores the same windows; the random control shows what chance gets. Labels are window-end labels.',
    charts: ['roc_curves', 'pr_curves'],
  },
  {
    heading: 'GRU-SAE at the validation threshold',
    text: 'The threshold is a quantile of benign validation scores, fixed before the test split is looked at. The histogram compares each class as a share of itself, so the rare attack class stays visible.',
    charts: ['error_distribution', 'confusion_matrix', 'score_timeline'],
  },
  { heading: 'Training', text: 'Loss per epoch on benign training windows and on validation windows.', charts: ['training_history'] },
  {
    heading: 'Latent space',
    text: 'Encoder vectors (output of the layer named "latent") of a seeded sample of test windows, projected to 2-D (t-SNE, or PCA for a large sample). Separation of attack windows here means the encoder alone already tells them apart; overlap is normal, since detection uses the reconstruction error. The second map colours the same points by HDBSCAN cluster of the latent vectors (not of the 2-D map); the table gives each cluster\'s size and attack rate (window-end labels).',
    charts: ['latent_map', 'latent_clusters'],
  },
];

/** The report's content (pure): title, run summary, chart sections, headline metrics and config. */
export function gruSaeReport(r: GruSaeReportInput): ReportOptions {
  const byName = new Map(r.charts.map((c) => [c.name, c]));
  const placed = new Set(LAYOUT.flatMap((s) => s.charts));
  const sections: ReportSection[] = [runSection(r)];
  for (const s of LAYOUT) {
    const charts = s.charts.flatMap((n) => byName.get(n) ?? []);
    const missing = r.skipped.filter((k) => s.charts.includes(k.name)).map((k) => `${k.name}: not drawn (${k.reason}).`);
    if (charts.length === 0 && missing.length === 0) continue;
    const table = s.charts.includes('latent_clusters') && r.clusters ? clusterTable(r.clusters) : undefined;
    sections.push({ heading: s.heading, text: [s.text, ...missing].join('\n\n'), charts, ...(table ? { table } : {}) });
  }
  const extra = r.charts.filter((c) => !placed.has(c.name));
  if (extra.length) sections.push({ heading: 'More charts', charts: extra });
  return {
    title: `GRU-SAE report: ${r.cfg.dataset} ${r.cfg.version}`,
    subtitle: `run folder ${r.runDir}`,
    sections,
    metrics: r.inputs.metrics,
    metricsOptions: { split: 'test' },
    config: plainConfig(r.cfg as GruSaeConfig & object) as unknown as Record<string, unknown>,
    generatedAt: r.generatedAt,
  };
}

/** One row per latent cluster (noise first). */
function clusterTable(c: LatentClusters): TableRow[] {
  return c.stats.map((row) => ({
    cluster: row.cluster < 0 ? 'noise' : row.cluster, windows: row.size, share: Number(row.share.toFixed(4)),
    'attack rate': row.attack_rate === null ? null : Number(row.attack_rate.toFixed(4)),
  }));
}

function runSection(r: GruSaeReportInput): ReportSection {
  const t = r.inputs.test;
  const attacks = t.label.reduce((a, b) => a + b, 0);
  const rows: TableRow[] = [
    { item: 'dataset / version', value: `${r.cfg.dataset} / ${r.cfg.version}` },
    { item: 'encoding preset', value: r.cfg.config_preset },
    { item: 'split strategy', value: r.cfg.split.strategy },
    { item: 'window length (seq_len)', value: r.cfg.encoding.seq_len },
    { item: 'encoder / decoder units', value: `${r.cfg.model.encoder_units.join(',')} / ${r.cfg.model.decoder_units.join(',')}` },
    { item: 'epochs trained', value: r.inputs.history?.length ?? null },
    { item: 'test windows (attack)', value: `${t.label.length} (${attacks}, ${((attacks / Math.max(1, t.label.length)) * 100).toFixed(2)}%)` },
    { item: 'detectors', value: Object.keys(t.scores).map(detectorName).join(', ') },
    { item: `threshold ${r.threshold.name} (${detectorName(r.detector)})`, value: r.threshold.value },
    { item: 'seed', value: r.cfg.seed },
  ];
  return { heading: 'Run', text: 'Stage 5 of the GRU-SAE pipeline: charts of the test split, from the scores, thresholds and metrics of stage 4.', table: rows };
}
