/**
 * One series job: one detector, one seed, on one series, under SmartNetGuard L1's conventions —
 * standardise on training rows (lib/l1/01-inputs/preprocess), stride-1 windows, the first
 * `validation_fraction` of the test windows is the validation prefix (thresholds), the rest the test
 * split, window-end labels. conv1d_ae fits on the training series' windows; the classical detectors (pca, iforest, kmeans, knn, hbos) on seeded
 * random windows of the first (1 − holdout_fraction) training rows, summarised; random is the chance
 * detector. Its run folder (kind `benchmark-job`) holds config.json, run.json, metrics.json (one key
 * scheme, with the seeded control `random.test.*`), the validation and test scores and the detector.
 */
import * as path from 'node:path';
import { createDetector, evaluateScores, range, samplesFromSeries, subset, type Samples, type SplitLabels } from '../detectors';
import type { MetricsRecord } from '../eval';
import { countPositives } from '../eval/validate';
import { randomStarts, windowCount, windowLabels } from '../features';
import { writeJson } from '../io/files';
import { saveNpy } from '../io/npy';
import { standardise } from '../l1/01-inputs/preprocess';
import type { L1Data } from '../l1/01-inputs/data';
import { checkFinalLabels, splitWindows } from '../l1/02-train-evaluate/evaluate';
import { createRng, deriveSeed } from '../random';
import { withRun } from '../run';
import type { SeriesJobConfig } from './plan';
import { loadSeries, seriesInputs } from './series';

export interface SeriesJobResult {
  metrics: MetricsRecord;
  seconds: Record<string, number>;
}

/** Read and check the series (errors name the file, row and column), then run the job in `dir`. */
export async function runSeriesJob(cfg: SeriesJobConfig, dir: string, log: (line: string) => void = () => {}): Promise<SeriesJobResult> {
  const data = loadSeries(cfg.series);
  const T = cfg.eval.window;
  const n = windowCount(data.test.rows, T);
  const split = splitWindows(n, cfg.eval.validation_fraction);
  const labels = windowLabels(data.labels, T);
  checkFinalLabels(labels.end, split);
  return withRun({ dir, kind: 'benchmark-job', config: cfg, inputs: seriesInputs(cfg.series), log, argv: [], command: `benchmark job ${path.basename(path.dirname(path.dirname(dir)))}/${cfg.detector}/seed-${cfg.seed}` }, async (run) => {
    const F = data.train.names.length;
    const std = await run.stage('preprocess', () => standardise(data.train, data.test, { preprocess: { window: T, z_clip: cfg.eval.z_clip } }));
    const train = samplesFromSeries({ data: std.train, F }, T);
    const test = samplesFromSeries({ data: std.test, F }, T);
    const det = await createDetector(cfg.detector, cfg.detector_config);
    det.preprocessing = std.config;
    try {
      const fit = await run.stage('fit', () => det.fit(fitSamples(cfg, train, data)));
      const scores = await run.stage('score', async () => ({ val: await det.score(subset(test, range(0, split.valEnd))), test: await det.score(subset(test, range(split.valEnd, n - split.valEnd))) }));
      const metrics = await run.stage('evaluate', () => {
        const record = evaluate(cfg, scores, {
          val: { labels: labels.end.subarray(0, split.valEnd), labelsAny: labels.any.subarray(0, split.valEnd) },
          test: { labels: labels.end.subarray(split.valEnd), labelsAny: labels.any.subarray(split.valEnd) },
        });
        const name = cfg.detector;
        for (const [k, v] of Object.entries(fit.facts)) record[`${name}.train.${k}`] = v;
        record[`${name}.train.fit_seconds`] = fit.seconds;
        Object.assign(record, counts(labels.end, split.valEnd));
        const sorted = Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
        saveNpy(path.join(run.dir, 'scores_val.npy'), { data: scores.val, shape: [scores.val.length] });
        saveNpy(path.join(run.dir, 'scores_test.npy'), { data: scores.test, shape: [scores.test.length] });
        writeJson(path.join(run.dir, 'metrics.json'), sorted);
        return sorted;
      });
      await run.stage('save', () => det.save(path.join(run.dir, 'detector')));
      log(`${cfg.series.id} ${cfg.detector} seed ${cfg.seed}: vus_pr ${metrics[`${cfg.detector}.test.vus_pr`]?.toFixed(4)}`);
      return { metrics, seconds: { ...run.seconds } };
    } finally {
      det.dispose();
    }
  });
}

/** What the detector fits on: the training series' windows (conv1d_ae draws its own), else seeded windows of train_for_fit. */
function fitSamples(cfg: SeriesJobConfig, train: Samples, data: L1Data): Samples {
  if (cfg.detector === 'conv1d_ae' || cfg.detector === 'random') return train;
  const T = cfg.eval.window;
  const fitRows = data.train.rows - Math.floor(data.train.rows * cfg.eval.holdout_fraction);
  return subset(train, randomStarts(0, fitRows, T, cfg.eval.fit_windows, createRng(deriveSeed(cfg.seed, 'l1-baselines'))));
}

/** The one record: `<detector>.test.*` (ratios too for the autoencoder) and the seeded control `random.test.*`. */
function evaluate(cfg: SeriesJobConfig, scores: { val: Float64Array; test: Float64Array }, splits: Record<'val' | 'test', SplitLabels>): MetricsRecord {
  const e = cfg.eval;
  const o = { valQuantile: 0.99, budgets: e.event_budgets, vusMaxWindow: e.vus_max_window, trim: e.trim };
  if (cfg.detector === 'random') {
    // evaluateScores keeps the name `random` for the control: score the chance detector under another name, then rename.
    const r = evaluateScores({ chance: scores }, splits, { ...o, randomSeed: null }).record;
    return Object.fromEntries(Object.entries(r).map(([k, v]) => [k.replace(/^chance\./, 'random.'), v]));
  }
  const ratios = cfg.detector === 'conv1d_ae' ? [cfg.detector] : [];
  return evaluateScores({ [cfg.detector]: scores }, splits, { ...o, randomSeed: cfg.seed, ratios }).record;
}

function counts(end: Uint8Array, valEnd: number): MetricsRecord {
  return {
    'counts.val.windows': valEnd, 'counts.test.windows': end.length - valEnd,
    'counts.val.attack': countPositives(end.subarray(0, valEnd)), 'counts.test.attack': countPositives(end.subarray(valEnd)),
  };
}
