/**
 * One SmartNetGuard L1 run, end to end: load → standardise (fit on train) → train on random windows →
 * score every test window (stride 1) → ratios, event metrics, full record, baselines → embedding
 * clusters → fine-tune on hard normals and score again → metrics.json, summary.txt, report.html.
 * Inputs are read and checked before the run folder is touched; the run layer (lib/run) records
 * every stage in the folder's run.json.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { plainConfig, type Resolved } from '../config';
import {
  createDetector, embedSamples, evaluateScores, range, samplesFromSeries, scoreSplits, subset,
  type Conv1dAeConfig, type Conv1dAeDetector, type FitReport, type ReconstructionScores, type Samples, type SplitLabels,
} from '../detectors';
import { initEngine, tf } from '../engine';
import type { MetricsRecord } from '../eval';
import { writeFileAtomic, writeJson } from '../io/files';
import { saveNpy } from '../io/npy';
import { countPositives } from '../eval/validate';
import { embeddingModel } from '../models/conv1d-ae';
import { withRun, type Run } from '../run';
import type { TrainingCallbacks } from '../train';
import { historyChart, saveChart } from '../viz';
import { writeReportHtml, type ReportChart } from '../viz/html';
import { fitL1Baselines, L1_BASELINES } from './02-train-evaluate/baselines';
import { errorSplits, l1Report, summaryText } from './02-train-evaluate/report';
import { clusterEmbeddings, clusterSample } from './03-finetune-clusters/clusters';
import type { L1Config } from './config';
import { clusterScatter, errorHistogram, featureHistogram, topFeatures } from './02-train-evaluate/charts';
import { l1InputPaths, loadL1Data, type L1Data } from './01-inputs/data';
import { attackRatios, budgetEvents, checkFinalLabels, splitWindows, type AttackRatios, type WindowSplit } from './02-train-evaluate/evaluate';
import { finetuneL1, selectHardNormals } from './03-finetune-clusters/finetune';
import { standardise } from './01-inputs/preprocess';
import { meanPerFeature } from './02-train-evaluate/score';
import { windowCount, windowLabels } from '../features';

export interface L1RunOptions {
  /** Progress lines (default console.log). */
  log?: (line: string) => void;
  callbacks?: TrainingCallbacks;
  /** Inputs already in memory (e.g. lib/l1/synthetic.ts); default: read the files the config names. */
  data?: L1Data;
}

export interface L1RunResult {
  dir: string;
  metrics: MetricsRecord;
  /** Seconds per stage (load, train, score, …), as in timings.json. */
  seconds: Record<string, number>;
}

export async function runL1(cfg: Resolved<L1Config>, dir: string, opts: L1RunOptions = {}): Promise<L1RunResult> {
  const log = opts.log ?? ((s: string) => console.log(s));
  // Inputs are read and checked before anything is written.
  const t0 = performance.now();
  const data = opts.data ?? loadL1Data(l1InputPaths(cfg), { header: cfg.data.header });
  const load = (performance.now() - t0) / 1000;
  const T = cfg.preprocess.window;
  const n = windowCount(data.test.rows, T);
  checkFinalLabels(windowLabels(data.labels, T).end, splitWindows(n, cfg.eval.validation_fraction));
  await initEngine();
  const inputs = Object.values(data.sources).filter((p) => fs.existsSync(p)); // files, not 'synthetic'
  return withRun({ dir, kind: 'l1', config: cfg, inputs, log }, async (run) => {
    const metrics = await runInto(run, cfg, data, log, opts.callbacks ?? {});
    const seconds = { load, ...run.seconds };
    writeJson(path.join(run.dir, 'timings.json'), seconds);
    return { dir: run.dir, metrics, seconds };
  });
}

/** Everything the steps of one run share. */
interface RunContext {
  run: Run;
  cfg: Resolved<L1Config>;
  data: L1Data;
  log: (s: string) => void;
  T: number;
  F: number;
  split: WindowSplit;
  labels: { end: Uint8Array; any: Uint8Array };
  trainSamples: Samples;
  testSamples: Samples;
  charts: ReportChart[];
  metrics: MetricsRecord;
}

async function runInto(run: Run, cfg: Resolved<L1Config>, data: L1Data, log: (s: string) => void, callbacks: TrainingCallbacks): Promise<MetricsRecord> {
  const T = cfg.preprocess.window;
  const F = data.train.names.length;
  log(`[l1] train ${data.train.rows} × ${F} (${data.sources.train}), test ${data.test.rows} rows, ${countPositives(data.labels)} attack rows`);
  const std = await run.stage('preprocess', () => preprocessInto(run.dir, data, cfg));
  const n = windowCount(data.test.rows, T);
  const split = splitWindows(n, cfg.eval.validation_fraction);
  const labels = windowLabels(data.labels, T);
  const ctx: RunContext = {
    run, cfg, data, log, T, F, split, labels, charts: [],
    trainSamples: samplesFromSeries({ data: std.train, F }, T), testSamples: samplesFromSeries({ data: std.test, F }, T),
    metrics: { 'counts.test.windows': n - split.valEnd, 'counts.val.windows': split.valEnd, 'counts.test.attack': countPositives(labels.end.subarray(split.valEnd)), 'counts.val.attack': countPositives(labels.end.subarray(0, split.valEnd)) },
  };
  log(`[l1] training: ${cfg.train.epochs} epochs × ${cfg.train.steps_per_epoch} steps × batch ${cfg.train.batch_size}, windows ${T} × ${F}`);
  const det = (await createDetector('conv1d_ae', conv1dAeConfig(cfg))) as Conv1dAeDetector;
  det.preprocessing = std.config;
  try {
    const fit = await run.stage('train', () => det.fit(ctx.trainSamples, { callbacks }));
    await run.stage('save_model', () => saveTrained(ctx, det, fit));
    log(`[l1] ${fit.stoppedReason} (${fit.seconds.toFixed(1)} s)`);
    log(`[l1] scoring ${n} test windows (validation prefix ${split.valEnd}, final ${n - split.valEnd})`);
    const before = await run.stage('score', () => det.errors(ctx.testSamples));
    const evalOut = await run.stage('evaluate', () => evaluateInto(ctx, 'conv1d_ae', before, ''));
    if (cfg.eval.baselines.enabled) await run.stage('baselines', () => baselinesInto(ctx, det.holdout!.fitRows));
    if (cfg.clusters.enabled) await run.stage('clusters', () => clustersInto(ctx, det.network));
    if (cfg.finetune.enabled) await finetuneInto(ctx, det, before, evalOut.ratios);
    const sorted = Object.fromEntries(Object.entries(ctx.metrics).sort(([a], [b]) => a.localeCompare(b)));
    await run.stage('report', () => {
      writeJson(path.join(run.dir, 'metrics.json'), sorted);
      writeFileAtomic(path.join(run.dir, 'summary.txt'), summaryText(cfg, data, sorted, run.dir));
      writeReportHtml(path.join(run.dir, 'report.html'), l1Report({ cfg, runDir: run.dir, metrics: sorted, charts: ctx.charts, trainRows: data.train.rows, testRows: data.test.rows, features: F }));
    });
    return sorted;
  } finally {
    det.dispose();
  }
}

/** The conv1d_ae detector's settings from the L1 config. */
export function conv1dAeConfig(cfg: L1Config): Conv1dAeConfig {
  return { preprocess: { window: cfg.preprocess.window }, model: cfg.model, train: cfg.train, seed: cfg.seed, score_batch_size: cfg.eval.score_batch_size, score_rows: cfg.eval.score_rows };
}

/** Standardise with training statistics and write the scaler files the second level reads. */
function preprocessInto(dir: string, data: L1Data, cfg: L1Config) {
  const F = data.train.names.length;
  const std = standardise(data.train, data.test, cfg);
  saveNpy(path.join(dir, 'std_mean.npy'), { data: Float64Array.from(std.scaler.mean), shape: [F] });
  saveNpy(path.join(dir, 'std_scale.npy'), { data: Float64Array.from(std.scaler.scale), shape: [F] });
  writeJson(path.join(dir, 'preprocessing_config.json'), std.config);
  return std;
}

async function chart(ctx: RunContext, name: string, spec: ReportChart['spec']): Promise<void> {
  await saveChart(spec, ctx.run.dir, name);
  ctx.charts.push({ name, spec });
}

async function saveTrained(ctx: RunContext, det: Conv1dAeDetector, fit: FitReport): Promise<void> {
  const { cfg, run } = ctx;
  const h = det.holdout!;
  await det.save(path.join(run.dir, 'model'), { config: plainConfig(cfg), preprocessing: det.preprocessing });
  writeJson(path.join(run.dir, 'hyperparams.json'), { ...cfg.train, model: cfg.model, window: ctx.T, features: ctx.F, fit_rows: h.fitRows, holdout_rows: h.holdoutRows, params: det.network.countParams() });
  writeJson(path.join(run.dir, 'train_history.json'), { history: fit.history, best_epoch: fit.facts.best_epoch, best_val_loss: fit.facts.best_val_loss, stopped_reason: fit.stoppedReason });
  await chart(ctx, 'train_curve', historyChart(fit.history!, { title: 'Training curve', yTitle: 'Huber loss' }));
}

/** Scores of a whole test series split into the validation prefix and the final (test) split. */
function splitScores(errors: Float64Array, split: WindowSplit) {
  return { val: errors.subarray(0, split.valEnd), test: errors.subarray(split.valEnd) };
}

function splitLabels(ctx: RunContext): Record<'val' | 'test', SplitLabels> {
  const { labels, split } = ctx;
  return {
    val: { labels: labels.end.subarray(0, split.valEnd), labelsAny: labels.any.subarray(0, split.valEnd) },
    test: { labels: labels.end.subarray(split.valEnd), labelsAny: labels.any.subarray(split.valEnd) },
  };
}

/** The detector's record (with ratios and validation events), the original's per-split files, and the error charts. */
async function evaluateInto(ctx: RunContext, name: string, e: ReconstructionScores, suffix: string, dir = ctx.run.dir) {
  const { cfg, split } = ctx;
  const ev = evaluateScores({ [name]: splitScores(e.errors, split) }, splitLabels(ctx), {
    valQuantile: 0.99, budgets: cfg.eval.event_budgets, vusMaxWindow: cfg.eval.vus_max_window, randomSeed: name === 'conv1d_ae' ? cfg.seed : null,
    ratios: [name], trim: cfg.eval.trim, valEvents: [name],
  });
  Object.assign(ctx.metrics, ev.record);
  const evalOut = writeEvaluation(dir, suffix, e, ctx.labels, split, cfg, ctx.data.train.names);
  if (name !== 'conv1d_ae') return evalOut;
  saveNpy(path.join(dir, 'window_errors.npy'), { data: e.errors, shape: [split.n] });
  saveNpy(path.join(dir, 'window_labels_end.npy'), { data: ctx.labels.end, shape: [split.n] });
  const parts = errorSplits(e.errors, ctx.labels.end, split);
  await chart(ctx, 'hist_reconstruction_error_val', errorHistogram(parts.val.errors, parts.val.end, 'Validation prefix: reconstruction error'));
  await chart(ctx, 'hist_reconstruction_error_final', errorHistogram(parts.final.errors, parts.final.end, 'Final split: reconstruction error'));
  const finalMeans = meanPerFeature(e.perFeature!, ctx.F, split.valEnd, split.n);
  for (const j of topFeatures(finalMeans, cfg.eval.feature_histograms)) {
    const feature = ctx.data.train.names[j];
    await chart(ctx, `hist_feature_${feature.replace(/[^A-Za-z0-9._-]/g, '_')}`, featureHistogram(e.perFeature!, ctx.F, j, feature, parts.final.end, split.valEnd));
  }
  return evalOut;
}

/** PCA and isolation forest on window summaries: fitted on seeded windows of train_for_fit, saved under detectors/. */
async function baselinesInto(ctx: RunContext, fitRows: number): Promise<void> {
  const { cfg, log } = ctx;
  const b = await fitL1Baselines(ctx.trainSamples, fitRows, cfg);
  const { scores, seconds } = await scoreSplits(b.detectors, { val: subset(ctx.testSamples, range(0, ctx.split.valEnd)), test: subset(ctx.testSamples, range(ctx.split.valEnd, ctx.split.n - ctx.split.valEnd)) });
  const ev = evaluateScores(scores, splitLabels(ctx), { valQuantile: 0.99, budgets: cfg.eval.event_budgets, vusMaxWindow: cfg.eval.vus_max_window, randomSeed: null });
  Object.assign(ctx.metrics, ev.record, b.facts);
  for (const name of L1_BASELINES) await b.detectors[name].save(path.join(ctx.run.dir, 'detectors', name));
  log(`[l1] baselines: ${L1_BASELINES.map((k) => `${k} ${(b.seconds[k] + seconds[k]).toFixed(1)} s`).join(', ')}`);
}

async function clustersInto(ctx: RunContext, model: tf.LayersModel): Promise<void> {
  const { cfg, split, run } = ctx;
  const indices = clusterSample(split.valEnd, split.n, cfg);
  const emb = await embedSamples(embeddingModel(model), subset(ctx.testSamples, indices), { batchSize: cfg.eval.score_batch_size });
  const c = clusterEmbeddings(emb.data, emb.dims, indices, Uint8Array.from(indices, (i) => ctx.labels.any[i]), cfg.clusters);
  saveNpy(path.join(run.dir, 'hdbscan_idx_subset.npy'), { data: c.indices, shape: [c.indices.length] });
  saveNpy(path.join(run.dir, 'hdbscan_labels_subset.npy'), { data: c.labels, shape: [c.labels.length] });
  writeJson(path.join(run.dir, 'hdbscan_cluster_stats.json'), { method: c.method, windows: c.indices.length, pca_components: c.components, explained_variance: c.explainedVariance, clusters: c.stats });
  await chart(ctx, 'hdbscan_pca_subset', clusterScatter(c.projected, c.components, c.labels, c.method));
  ctx.metrics['conv1d_ae.test.clusters'] = c.stats.filter((r) => r.cluster >= 0).length;
  ctx.log(`[l1] ${c.method}: ${ctx.metrics['conv1d_ae.test.clusters']} clusters in ${c.indices.length} final windows`);
}

/** Fine-tune on hard normals of the validation prefix, score again into finetuned/ (`conv1d_ae_ft.*`). */
async function finetuneInto(ctx: RunContext, det: Conv1dAeDetector, before: ReconstructionScores, ratiosBefore: Record<'val' | 'final', AttackRatios>): Promise<void> {
  const { cfg, run, split } = ctx;
  const hard = selectHardNormals(before.errors, ctx.labels.any, split.valEnd, cfg.finetune);
  ctx.log(`[l1] fine-tuning on ${hard.indices.length} hard normals (of ${hard.safeNormals} safe normal windows in the validation prefix)`);
  const testSeries = ctx.testSamples.series!.series;
  const ft = await run.stage('finetune', () => finetuneL1(det.network, testSeries, hard, det.holdout!.val, cfg));
  const after = await run.stage('score_after_ft', () => det.errors(ctx.testSamples));
  await run.stage('evaluate_after_ft', async () => {
    const ftDir = path.join(run.dir, 'finetuned');
    await det.save(path.join(ftDir, 'model'), { config: plainConfig(cfg), preprocessing: det.preprocessing, finetuned: true });
    const ftEval = await evaluateInto(ctx, 'conv1d_ae_ft', after, '_after_ft', ftDir);
    writeJson(path.join(ftDir, 'finetune_info.json'), {
      windows: ft.windows, safe_normals: hard.safeNormals, learning_rate: ft.learningRate, epochs: cfg.finetune.epochs, margin: cfg.finetune.margin,
      top_share: cfg.finetune.top_share, max_windows: cfg.finetune.max_windows, history: ft.history, seconds: ft.seconds,
      note: 'hard normals come from the validation prefix only (labels of the final split are never read)',
    });
    writeJson(path.join(ftDir, 'compare_before_after.json'), { before: ratiosBefore, after: ftEval.ratios });
    ctx.metrics['conv1d_ae_ft.train.windows'] = ft.windows;
  });
}

/** Ratios, per-budget event metrics and per-feature errors of both splits, written as the original names them. */
function writeEvaluation(dir: string, suffix: string, e: ReconstructionScores, labels: { end: Uint8Array; any: Uint8Array }, split: { valEnd: number; n: number }, cfg: L1Config, names: string[]) {
  const F = names.length;
  const parts = { val: [0, split.valEnd], final: [split.valEnd, split.n] } as const;
  const ratios = {} as Record<'val' | 'final', AttackRatios>;
  for (const key of ['val', 'final'] as const) {
    const [lo, hi] = parts[key];
    const errors = e.errors.subarray(lo, hi);
    const end = labels.end.subarray(lo, hi);
    ratios[key] = attackRatios(errors, end, labels.any.subarray(lo, hi), cfg.eval.trim);
    const events = budgetEvents(errors, end, cfg.eval.event_budgets);
    writeJson(path.join(dir, `event_metrics_${key}${suffix}.json`), events);
    const perFeature = meanPerFeature(e.perFeature!, F, lo, hi);
    writeJson(path.join(dir, `per_feature_errors_${key}${suffix}.json`), Object.fromEntries(names.map((n, j) => [n, perFeature[j]])));
  }
  writeJson(path.join(dir, `ar_values${suffix}.json`), ratios);
  writeJson(path.join(dir, `diagnostics${suffix}.json`), {
    windows: split.n, validation_windows: split.valEnd, final_windows: split.n - split.valEnd,
    error_quantiles: quantiles(e.errors), attack_windows_end: countPositives(labels.end), attack_windows_any: countPositives(labels.any),
  });
  return { ratios };
}



function quantiles(values: Float64Array): Record<string, number> {
  const s = Float64Array.from(values).sort();
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * (s.length - 1)))];
  return { min: s[0], p50: q(0.5), p90: q(0.9), p99: q(0.99), max: s[s.length - 1] };
}
