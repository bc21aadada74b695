import * as fs from 'node:fs';
import * as path from 'node:path';
import { initEngine, loadModel } from '../../engine';
import { clusterEmbeddingRows, type ClusterRow } from '../../cluster';
import { writeDirAtomic, writeJson } from '../../io/files';
import { loadNpy } from '../../io/npy';
import { deriveSeed } from '../../random';
import { historyChart, prChart, rocChart, saveChart } from '../../viz';
import { writeReportHtml, type ReportChart } from '../../viz/html';
import { project2d } from '../../viz/project';
import { runDir, type GruSaeConfig } from '../config';
import { gruSaeReport, type SkippedChart } from './report';
import {
  confusionChart, errorDistributionChart, hasBothClasses, latentChart, latentClusterChart, namedScores, timelineChart, type NamedThreshold,
} from './charts';
import { loadVisualiseInputs, type VisualiseInputs } from './inputs';
import { latentVectors, sampleIndices } from './latent';

export interface VisualiseOptions {
  /** Progress lines. Default: silent. */
  log?: (msg: string) => void;
  /** Timestamp printed in the report (tests pin it). Default now. */
  generatedAt?: Date;
}

export interface VisualiseResult {
  /** Every chart drawn, in report order: name (file stem under R/charts) and Vega-Lite spec, for `show`. */
  charts: ReportChart[];
  /** Charts left out, and why (also stated in the report). */
  skipped: SkippedChart[];
  chartsDir: string;
  reportPath: string;
  /** HDBSCAN clusters of the latent vectors (also R/latent_clusters.json), or null when not computed. */
  clusters: LatentClusters | null;
}

/** What R/latent_clusters.json holds: the clustering of the latent sample and each cluster's size and attack rate. */
export interface LatentClusters {
  method: 'hdbscan' | 'dbscan';
  /** Test windows clustered (the latent map's sample) and the width of their latent vectors. */
  windows: number;
  latent_dims: number;
  /** PCA components the vectors were reduced to before clustering, and the share of variance they keep. */
  pca_components: number;
  explained_variance: number;
  clusters: number;
  noise_share: number;
  /** Attack = window-end label 1, as the latent map's colours. */
  stats: ClusterRow[];
  settings: GruSaeConfig['viz']['clusters'];
}

/** The detector the per-detector charts show. */
export const MAIN_DETECTOR = 'gru_sae';

/**
 * Stage 5: read stage 4's scores/thresholds/metrics, stage 3's history and model, and stage 2's test
 * windows from the run folder; write every chart to R/charts/<name>.{svg,png,vl.json} (the folder is
 * replaced as a whole) and the offline report R/report.html. Returns the charts for notebooks.
 */
export async function visualiseStage(cfg: GruSaeConfig, opts: VisualiseOptions = {}): Promise<VisualiseResult> {
  const log = opts.log ?? (() => {});
  const R = runDir(cfg);
  const t0 = Date.now();
  const inputs = loadVisualiseInputs(R);
  const detector = MAIN_DETECTOR in inputs.test.scores ? MAIN_DETECTOR : Object.keys(inputs.test.scores)[0];
  const threshold = validationThreshold(inputs, detector, cfg.eval.threshold_quantile);
  log(`visualise: ${inputs.test.label.length} test windows, detectors ${Object.keys(inputs.test.scores).join(', ')}; ${detector} threshold ${threshold.name} = ${threshold.value}`);

  const { charts, skipped } = scoreCharts(inputs, detector, threshold);
  const latent = await latentMap(R, cfg, log);
  let clusters: LatentClusters | null = null;
  if ('skipped' in latent) skipped.push(latent.skipped);
  else {
    charts.push(...latent.charts);
    clusters = latent.clusters;
    if (latent.clusterSkip) skipped.push(latent.clusterSkip);
  }
  const clustersFile = path.join(R, 'latent_clusters.json');
  // Without clusters no file: a stale one from an earlier run was removed with stage 5's artefacts (Run.discard).
  if (clusters) writeJson(clustersFile, clusters);
  for (const s of skipped) log(`visualise: skipped ${s.name}: ${s.reason}`);

  const chartsDir = path.join(R, 'charts');
  await writeDirAtomic(chartsDir, async (tmp) => {
    for (const c of charts) await saveChart(c.spec, tmp, c.name);
  });
  const reportPath = writeReportHtml(path.join(R, 'report.html'), gruSaeReport({ cfg, runDir: R, inputs, charts, skipped, detector, threshold, clusters, generatedAt: opts.generatedAt }));
  log(`visualise: ${charts.length} charts in ${chartsDir}, report ${reportPath} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  return { charts, skipped, chartsDir, reportPath, clusters };
}

/** The benign-quantile threshold of `detector` from thresholds.json (`val_q<q>`, else any `val_q*`). */
export function validationThreshold(inputs: VisualiseInputs, detector: string, quantile: number): NamedThreshold {
  const all = inputs.thresholds[detector];
  if (!all) throw new Error(`thresholds.json has no entry for detector "${detector}" (has: ${Object.keys(inputs.thresholds).join(', ')})`);
  const want = `val_q${quantile}`;
  const name = want in all ? want : Object.keys(all).find((k) => k.startsWith('val_q'));
  if (!name || !Number.isFinite(all[name])) throw new Error(`thresholds.json: detector "${detector}" has no finite validation quantile threshold (${want}); has ${JSON.stringify(all)}`);
  return { name, value: all[name] };
}

/** Charts computed from the score table and history alone (pure). */
export function scoreCharts(inputs: VisualiseInputs, detector: string, threshold: NamedThreshold): { charts: ReportChart[]; skipped: SkippedChart[] } {
  const t = inputs.test;
  const charts: ReportChart[] = [];
  const skipped: SkippedChart[] = [];
  if (hasBothClasses(t.label)) {
    charts.push(
      { name: 'roc_curves', spec: rocChart(t.label, namedScores(t), { title: 'ROC curves (test)', subtitle: 'window-end labels; dashed: chance' }) },
      { name: 'pr_curves', spec: prChart(t.label, namedScores(t), { title: 'Precision-recall curves (test)' }) },
    );
  } else {
    const reason = 'the test split holds a single class; ranking curves need both benign and attack windows';
    skipped.push({ name: 'roc_curves', reason }, { name: 'pr_curves', reason });
  }
  charts.push(
    { name: 'error_distribution', spec: errorDistributionChart(t, detector, threshold) },
    { name: 'confusion_matrix', spec: confusionChart(t, detector, threshold) },
    { name: 'score_timeline', spec: timelineChart(t, detector, threshold) },
  );
  if (inputs.history?.length) charts.push({ name: 'training_history', spec: historyChart(inputs.history) });
  else skipped.push({ name: 'training_history', reason: 'history.json is missing or empty (stage 3 not run in this folder)' });
  return { charts, skipped };
}

type LatentResult = { skipped: SkippedChart } | { charts: ReportChart[]; clusters: LatentClusters | null; clusterSkip: SkippedChart | null };

/**
 * Latent map of a seeded sample of test windows (t-SNE by default, PCA above viz.tsne_max_points, said in
 * the log), and HDBSCAN clusters of the same latent vectors with each cluster's attack rate; or why not.
 */
async function latentMap(R: string, cfg: GruSaeConfig, log: (m: string) => void): Promise<LatentResult> {
  const name = 'latent_map';
  const modelDir = path.join(R, 'model', 'best');
  const xFile = path.join(R, 'encoded', 'X_test.npy');
  const yFile = path.join(R, 'encoded', 'y_test.npy');
  for (const [f, what] of [[modelDir, 'model/best (stage 3)'], [xFile, 'encoded/X_test.npy (stage 2)'], [yFile, 'encoded/y_test.npy (stage 2)']]) {
    if (!fs.existsSync(f)) return { skipped: { name, reason: `${what} not found` } };
  }
  const v = cfg.viz;
  if (v.latent_method !== 'pca' && v.latent_method !== 'tsne') throw new Error(`viz.latent_method must be 'pca' or 'tsne', got "${v.latent_method}"`);
  const t0 = Date.now();
  const engine = await initEngine({ quiet: true });
  const X = loadNpy(xFile);
  const y = loadNpy(yFile).data;
  if (y.length !== X.shape[0]) throw new Error(`${yFile} has ${y.length} labels but ${xFile} has ${X.shape[0]} windows`);
  if (X.shape[0] < 2) return { skipped: { name, reason: `only ${X.shape[0]} test window(s)` } };
  const rows = sampleIndices(X.shape[0], v.latent_points, deriveSeed(cfg.seed, 'viz.latent'));
  const model = await loadModel(modelDir);
  let vectors;
  try {
    vectors = latentVectors(model, X, rows, { batchSize: cfg.eval.batch_size });
  } finally {
    model.dispose();
  }
  let method: 'pca' | 'tsne' = v.latent_method;
  if (method === 'tsne' && rows.length > v.tsne_max_points) {
    log(`visualise: ${rows.length} windows exceed viz.tsne_max_points ${v.tsne_max_points} (exact t-SNE is O(n²)): the latent map falls back to PCA`);
    method = 'pca';
  }
  const labels = Uint8Array.from(rows, (r) => (y[r] ? 1 : 0));
  const projection = project2d(vectors, { method, seed: deriveSeed(cfg.seed, 'viz.tsne'), maxTsnePoints: v.tsne_max_points, perplexity: Math.min(30, rows.length - 1) });
  log(`visualise: latent map of ${rows.length} windows (${vectors.shape[1]}-d, ${engine.choice}) by ${projection.description} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const charts: ReportChart[] = [{ name, spec: latentChart(projection, labels) }];
  if (!v.clusters.enabled) return { charts, clusters: null, clusterSkip: null };
  if (rows.length < 4) return { charts, clusters: null, clusterSkip: { name: 'latent_clusters', reason: `only ${rows.length} windows to cluster` } };
  const t1 = Date.now();
  const c = clusterEmbeddingRows(vectors.data, vectors.shape[1], labels, v.clusters);
  const clusters: LatentClusters = {
    method: c.method, windows: rows.length, latent_dims: vectors.shape[1], pca_components: c.components, explained_variance: c.explainedVariance,
    clusters: c.stats.filter((r) => r.cluster >= 0).length, noise_share: c.stats[0].share, stats: c.stats, settings: v.clusters,
  };
  const note = `${clusters.clusters} ${c.method.toUpperCase()} clusters of ${c.components} principal components, noise ${(100 * clusters.noise_share).toFixed(1)}%`;
  log(`visualise: ${note} in ${((Date.now() - t1) / 1000).toFixed(1)} s; attack rate by cluster ${c.stats.filter((r) => r.cluster >= 0).map((r) => `${r.cluster}: ${((r.attack_rate ?? 0) * 100).toFixed(0)}% of ${r.size}`).join(', ') || '(none)'}`);
  charts.push({ name: 'latent_clusters', spec: latentClusterChart(projection, c.labels, note) });
  return { charts, clusters, clusterSkip: null };
}
