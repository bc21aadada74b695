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
import { initEngine, saveModel, tf } from '../engine';
import type { MetricsRecord } from '../eval';
import { writeFileAtomic, writeJson } from '../io/files';
import { saveNpy } from '../io/npy';
import { prefixRecord } from '../eval';
import { countPositives } from '../eval/validate';
import { withRun, type Run } from '../run';
import type { TrainingCallbacks } from '../train';
import { saveChart } from '../viz';
import { writeReportHtml, type ReportChart } from '../viz/html';
import { runL1Baselines, L1_BASELINES } from './baselines';
import { errorSplits, l1Report, summaryText } from './report';
import { clusterEmbeddings, clusterSample, type EmbeddingClusters } from './clusters';
import type { L1Config } from './config';
import { clusterScatter, errorHistogram, featureHistogram, topFeatures, trainCurve } from './charts';
import { l1InputPaths, loadL1Data, type L1Data } from './data';
import { attackRatios, budgetEvents, checkFinalLabels, finalRecord, l1SplitRecord, splitWindows, type AttackRatios } from './evaluate';
import { finetuneL1, selectHardNormals } from './finetune';
import { embeddingModel } from './model';
import { standardise } from './preprocess';
import { embedWindows, meanPerFeature, scoreWindows, type WindowErrors } from './score';
import { trainL1 } from './train';
import { startRange, windowCount, windowLabels, type Series } from '../features';

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

async function runInto(run: Run, cfg: Resolved<L1Config>, data: L1Data, log: (s: string) => void, callbacks: TrainingCallbacks): Promise<MetricsRecord> {
  const dir = run.dir;
  const T = cfg.preprocess.window;
  const F = data.train.names.length;
  log(`[l1] train ${data.train.rows} × ${F} (${data.sources.train}), test ${data.test.rows} rows, ${countPositives(data.labels)} attack rows`);
  const std = await run.stage('preprocess', () => {
    const std = standardise(data.train, data.test, cfg);
    saveNpy(path.join(dir, 'std_mean.npy'), { data: Float64Array.from(std.scaler.mean), shape: [F] });
    saveNpy(path.join(dir, 'std_scale.npy'), { data: Float64Array.from(std.scaler.scale), shape: [F] });
    writeJson(path.join(dir, 'preprocessing_config.json'), std.config);
    return std;
  });
  const train: Series = { data: std.train, F };
  const test: Series = { data: std.test, F };
  const n = windowCount(data.test.rows, T);
  const split = splitWindows(n, cfg.eval.validation_fraction);
  const labels = windowLabels(data.labels, T);

  const charts: ReportChart[] = [];
  const chart = async (name: string, spec: ReportChart['spec']) => {
    await saveChart(spec, dir, name);
    charts.push({ name, spec });
  };
  log(`[l1] training: ${cfg.train.epochs} epochs × ${cfg.train.steps_per_epoch} steps × batch ${cfg.train.batch_size}, windows ${T} × ${F}`);
  const trained = await run.stage('train', () => trainL1(train, cfg, callbacks));
  const model = trained.model;
  try {
    await run.stage('save_model', async () => {
      await saveModel(model, path.join(dir, 'model'), { metadata: { config: plainConfig(cfg), preprocessing: std.config } });
      writeJson(path.join(dir, 'hyperparams.json'), { ...cfg.train, model: cfg.model, window: T, features: F, fit_rows: trained.fitRows, holdout_rows: trained.holdoutRows, params: model.countParams() });
      writeJson(path.join(dir, 'train_history.json'), { history: trained.history, best_epoch: trained.bestEpoch, best_val_loss: trained.bestValLoss, stopped_reason: trained.stoppedReason });
      await chart('train_curve', trainCurve(trained.history));
    });
    log(`[l1] ${trained.stoppedReason} (${trained.seconds.toFixed(1)} s)`);

    log(`[l1] scoring ${n} test windows (validation prefix ${split.valEnd}, final ${n - split.valEnd})`);
    const before = await run.stage('score', () => scoreWindows(model, test, T, startRange(0, n), { batchSize: cfg.eval.score_batch_size }));
    const metrics: MetricsRecord = {
      'counts.final.windows': n - split.valEnd, 'counts.val.windows': split.valEnd,
      'counts.final.attack_windows': countPositives(labels.end.subarray(split.valEnd)), 'counts.val.attack_windows': countPositives(labels.end.subarray(0, split.valEnd)),
    };
    const evalOut = await run.stage('evaluate', async () => {
      const evalOut = writeEvaluation(dir, '', before, labels, split, cfg, data.train.names);
      Object.assign(metrics, prefixRecord(evalOut.val, 'conv1d_ae.val'));
      const full = finalRecord(before.errors, labels.end, split, cfg, cfg.seed);
      Object.assign(metrics, prefixRecord(ownKeys(full), 'conv1d_ae.final'), prefixRecord(evalOut.final, 'conv1d_ae.final'), prefixRecord(controlKeys(full), 'random.final'));
      saveNpy(path.join(dir, 'window_errors.npy'), { data: before.errors, shape: [n] });
      saveNpy(path.join(dir, 'window_labels_end.npy'), { data: labels.end, shape: [n] });
      const valSplit = errorSplits(before.errors, labels.end, split);
      await chart('hist_reconstruction_error_val', errorHistogram(valSplit.val.errors, valSplit.val.end, 'Validation prefix: reconstruction error'));
      await chart('hist_reconstruction_error_final', errorHistogram(valSplit.final.errors, valSplit.final.end, 'Final split: reconstruction error'));
      const finalMeans = meanPerFeature(before.perFeature, F, split.valEnd, n);
      for (const j of topFeatures(finalMeans, cfg.eval.feature_histograms)) {
        const name = data.train.names[j].replace(/[^A-Za-z0-9._-]/g, '_');
        await chart(`hist_feature_${name}`, featureHistogram(before.perFeature, F, j, data.train.names[j], valSplit.final.end, split.valEnd));
      }
      return evalOut;
    });

    if (cfg.eval.baselines.enabled) {
      const b = await run.stage('baselines', () => runL1Baselines(train, trained.fitRows, test, n, cfg));
      for (const name of L1_BASELINES) {
        Object.assign(metrics, prefixRecord(finalRecord(b.scores[name], labels.end, split, cfg, null), `${name}.final`));
        metrics[`${name}.train.fit_windows`] = b.fitWindows;
      }
      log(`[l1] baselines: ${L1_BASELINES.map((k) => `${k} ${b.seconds[k].toFixed(1)} s`).join(', ')}`);
    }

    if (cfg.clusters.enabled) {
      const c = await run.stage('clusters', async () => {
        const c = await embeddingClusters(model, test, T, split.valEnd, n, labels.any, cfg);
        saveNpy(path.join(dir, 'hdbscan_idx_subset.npy'), { data: c.indices, shape: [c.indices.length] });
        saveNpy(path.join(dir, 'hdbscan_labels_subset.npy'), { data: c.labels, shape: [c.labels.length] });
        writeJson(path.join(dir, 'hdbscan_cluster_stats.json'), { method: c.method, windows: c.indices.length, pca_components: c.components, explained_variance: c.explainedVariance, clusters: c.stats });
        await chart('hdbscan_pca_subset', clusterScatter(c.projected, c.components, c.labels, c.method));
        return c;
      });
      metrics['conv1d_ae.final.clusters'] = c.stats.filter((r) => r.cluster >= 0).length;
      log(`[l1] ${c.method}: ${c.stats.filter((r) => r.cluster >= 0).length} clusters in ${c.indices.length} final windows`);
    }

    if (cfg.finetune.enabled) {
      const hard = selectHardNormals(before.errors, labels.any, split.valEnd, cfg.finetune);
      log(`[l1] fine-tuning on ${hard.indices.length} hard normals (of ${hard.safeNormals} safe normal windows in the validation prefix)`);
      const ft = await run.stage('finetune', () => finetuneL1(model, test, hard, trained.val, cfg));
      const after = await run.stage('score_after_ft', () => scoreWindows(model, test, T, startRange(0, n), { batchSize: cfg.eval.score_batch_size }));
      await run.stage('evaluate_after_ft', async () => {
        const ftDir = path.join(dir, 'finetuned');
        await saveModel(model, path.join(ftDir, 'model'), { metadata: { config: plainConfig(cfg), preprocessing: std.config, finetuned: true } });
        const ftEval = writeEvaluation(ftDir, '_after_ft', after, labels, split, cfg, data.train.names);
        writeJson(path.join(ftDir, 'finetune_info.json'), {
          windows: ft.windows, safe_normals: hard.safeNormals, learning_rate: ft.learningRate, epochs: cfg.finetune.epochs, margin: cfg.finetune.margin,
          top_share: cfg.finetune.top_share, max_windows: cfg.finetune.max_windows, history: ft.history, seconds: ft.seconds,
          note: 'hard normals come from the validation prefix only (labels of the final split are never read)',
        });
        writeJson(path.join(ftDir, 'compare_before_after.json'), { before: evalOut.ratios, after: ftEval.ratios });
        Object.assign(metrics, prefixRecord(ftEval.val, 'conv1d_ae_ft.val'));
        Object.assign(metrics, prefixRecord(ownKeys(finalRecord(after.errors, labels.end, split, cfg, null)), 'conv1d_ae_ft.final'), prefixRecord(ftEval.final, 'conv1d_ae_ft.final'));
        metrics['conv1d_ae_ft.train.windows'] = ft.windows;
      });
    }

    const sorted = Object.fromEntries(Object.entries(metrics).sort(([a], [b]) => a.localeCompare(b)));
    await run.stage('report', () => {
      writeJson(path.join(dir, 'metrics.json'), sorted);
      writeFileAtomic(path.join(dir, 'summary.txt'), summaryText(cfg, data, sorted, dir));
      writeReportHtml(path.join(dir, 'report.html'), l1Report({ cfg, runDir: dir, metrics: sorted, charts, trainRows: data.train.rows, testRows: data.test.rows, features: F }));
    });
    return sorted;
  } finally {
    model.dispose();
  }
}

/** Ratios, per-budget event metrics and per-feature errors of both splits, written as the original names them. */
function writeEvaluation(dir: string, suffix: string, e: WindowErrors, labels: { end: Uint8Array; any: Uint8Array }, split: { valEnd: number; n: number }, cfg: L1Config, names: string[]) {
  const F = names.length;
  const parts = { val: [0, split.valEnd], final: [split.valEnd, split.n] } as const;
  const ratios = {} as Record<'val' | 'final', AttackRatios>;
  const out = {} as Record<'val' | 'final', MetricsRecord>;
  for (const key of ['val', 'final'] as const) {
    const [lo, hi] = parts[key];
    const errors = e.errors.subarray(lo, hi);
    const end = labels.end.subarray(lo, hi);
    ratios[key] = attackRatios(errors, end, labels.any.subarray(lo, hi), cfg.eval.trim);
    const events = budgetEvents(errors, end, cfg.eval.event_budgets);
    writeJson(path.join(dir, `event_metrics_${key}${suffix}.json`), events);
    const perFeature = meanPerFeature(e.perFeature, F, lo, hi);
    writeJson(path.join(dir, `per_feature_errors_${key}${suffix}.json`), Object.fromEntries(names.map((n, j) => [n, perFeature[j]])));
    out[key] = l1SplitRecord(ratios[key], events);
  }
  writeJson(path.join(dir, `ar_values${suffix}.json`), ratios);
  writeJson(path.join(dir, `diagnostics${suffix}.json`), {
    windows: split.n, validation_windows: split.valEnd, final_windows: split.n - split.valEnd,
    error_quantiles: quantiles(e.errors), attack_windows_end: countPositives(labels.end), attack_windows_any: countPositives(labels.any),
  });
  return { ratios, ...out };
}

async function embeddingClusters(model: tf.LayersModel, test: Series, T: number, valEnd: number, n: number, any: Uint8Array, cfg: L1Config): Promise<EmbeddingClusters> {
  const indices = clusterSample(valEnd, n, cfg);
  const enc = embeddingModel(model);
  const emb = await embedWindows(enc, test, T, indices, { batchSize: cfg.eval.score_batch_size });
  const attack = Uint8Array.from(indices, (i) => any[i]);
  return clusterEmbeddings(emb.data, emb.dims, indices, attack, cfg.clusters);
}

const ownKeys = (r: MetricsRecord) => Object.fromEntries(Object.entries(r).filter(([k]) => !k.startsWith('random.')));
const controlKeys = (r: MetricsRecord) => Object.fromEntries(Object.entries(r).filter(([k]) => k.startsWith('random.')).map(([k, v]) => [k.slice(7), v]));

function quantiles(values: Float64Array): Record<string, number> {
  const s = Float64Array.from(values).sort();
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * (s.length - 1)))];
  return { min: s[0], p50: q(0.5), p90: q(0.9), p99: q(0.99), max: s[s.length - 1] };
}
