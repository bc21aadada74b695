/**
 * Stage 4, evaluate: score validation and test windows with the trained GRU-SAE (per-window
 * reconstruction MSE) and with two classical baselines fitted on benign training windows (PCA
 * reconstruction error, isolation forest); fit every detector's threshold on VALIDATION scores only;
 * report the full lib/eval record on test beside a seeded random-score control. Writes metrics.json
 * (one flat record, `<detector>.<split>.<metric>`), thresholds.json and scores/{val,test}.csv.
 */
import * as path from 'node:path';
import { initEngine, loadModel, reconstructionErrors } from '../engine';
import { attackRatio, metricsRecord, prefixRecord, randomScores, thresholdAtBenignQuantile, thresholdBestF1, trimmedAttackRatio, type MetricsRecord } from '../eval';
import { writeFileAtomic, writeJson } from '../io/files';
import { runDir, type GruSaeConfig } from './config';
import { checkSameWindowShape, evaluatePaths, loadSplit, requireEvaluateInputs, SPLITS, type SplitArrays, type SplitName } from './evaluate-artefacts';
import { runBaselines } from './evaluate-baselines';
import { scoresCsv } from './evaluate-csv';
import { formatSummary, summaryMetrics, summaryRows, type SummaryRow } from './evaluate-summary';
import { checkEvalConfig } from './validate';

/** Detectors in metrics.json, thresholds.json and the score CSVs (random = the chance control). */
export const EVAL_DETECTORS = ['gru_sae', 'pca', 'iforest', 'random'] as const;
export type EvalDetector = (typeof EVAL_DETECTORS)[number];

export interface EvaluateOptions {
  log?: (line: string) => void;
  /** Most benign training windows the baselines are fitted on. Default 20000. */
  maxBaselineFitRows?: number;
}

/** Validation thresholds per detector: `val_q<q>` always, `val_best_f1` when validation holds both classes. */
export type Thresholds = Record<EvalDetector, Record<string, number>>;

export interface EvaluateResult {
  /** What metrics.json holds. */
  record: MetricsRecord;
  thresholds: Thresholds;
  /** Headline numbers per detector and the same as a text table. */
  summary: { rows: SummaryRow[]; table: string };
  files: { metrics: string; thresholds: string; scores: { val: string; test: string } };
}

type SplitScores = Record<EvalDetector, { val: Float64Array; test: Float64Array }>;

/** Run stage 4 on the run folder of `cfg` (artefacts of stages 2 and 3 must exist). */
export async function evaluateStage(cfg: GruSaeConfig, opts: EvaluateOptions = {}): Promise<EvaluateResult> {
  const log = opts.log ?? console.log;
  checkEvalConfig(cfg);
  const dir = runDir(cfg);
  const paths = evaluatePaths(dir);
  requireEvaluateInputs(dir);
  const splits = Object.fromEntries(SPLITS.map((s) => [s, loadSplit(dir, s)])) as Record<SplitName, SplitArrays>;
  const [T, F] = checkSameWindowShape(splits);
  checkLabels(splits);
  const counts = windowCounts(splits);
  log(`windows [${T}, ${F}]: train ${counts['counts.train.windows']} (${counts['counts.train.benign']} benign), val ${counts['counts.val.windows']} (${counts['counts.val.attack']} attack), test ${counts['counts.test.windows']} (${counts['counts.test.attack']} attack)`);

  const t0 = performance.now();
  const gru = await gruSaeErrors(paths.model, splits, cfg.eval.batch_size, [T, F]);
  log(`gru_sae: scored ${splits.val.y.length + splits.test.y.length} windows in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const base = runBaselines(splits.train, splits.val.X, splits.test.X, cfg, { maxFitRows: opts.maxBaselineFitRows });
  log(`baselines on ${base.representation === 'flatten' ? 'flattened' : 'summarised'} windows (${base.inputDim} values), fitted on ${base.fitRows} benign training windows: ` +
    Object.entries(base.seconds).map(([k, s]) => `${k} fit ${s.fit.toFixed(1)} s, score ${s.score.toFixed(1)} s`).join('; '));
  const scores: SplitScores = {
    gru_sae: gru,
    ...base.scores,
    // The same draws as metricsRecord's random control (seed for test, seed + 1 for validation).
    random: { val: randomScores(splits.val.y.length, cfg.seed + 1), test: randomScores(splits.test.y.length, cfg.seed) },
  };

  const thresholds = validationThresholds(scores, splits.val.y, cfg.eval.threshold_quantile);
  const ordered = splits.test.tMs.every((v, i, a) => i === 0 || v >= a[i - 1]);
  if (!ordered) log('warning: t_test.npy is not in time order; time to detect is reported in steps only (re-run stage 2 to fix)');
  const record = assembleRecord(scores, splits, cfg, counts, base.facts, ordered);
  const qKey = `val_q${cfg.eval.threshold_quantile}`;
  const predAt = Object.fromEntries(EVAL_DETECTORS.map((d) => [d, thresholds[d][qKey]]));
  // metrics.json marks stage 4 as done, so it is written last: a failure part-way never leaves new
  // metrics beside old per-window scores.
  writeJson(paths.thresholds, thresholds);
  for (const split of ['val', 'test'] as const) {
    const s = splits[split];
    const table = { tMs: s.tMs, label: s.y, labelAny: s.yAny, scores: Object.fromEntries(EVAL_DETECTORS.map((d) => [d, scores[d][split]])), thresholds: predAt };
    writeFileAtomic(paths.scores(split), scoresCsv(table));
  }
  writeJson(paths.metrics, record);
  const rows = summaryRows(record, [...EVAL_DETECTORS], summaryMetrics(cfg.eval.threshold_quantile, cfg.eval.budgets[0]));
  const table = formatSummary(rows);
  log(`test metrics (thresholds from validation):\n${table}`);
  log(`wrote ${path.relative(dir, paths.metrics)}, ${path.relative(dir, paths.thresholds)}, scores/val.csv, scores/test.csv in ${dir}`);
  return { record, thresholds, summary: { rows, table }, files: { metrics: paths.metrics, thresholds: paths.thresholds, scores: { val: paths.scores('val'), test: paths.scores('test') } } };
}


/** Test needs both classes (every ranking metric does); validation needs benign windows for the quantile threshold. */
function checkLabels(splits: Record<SplitName, SplitArrays>): void {
  const test = splits.test.y;
  const attacks = test.reduce((a, b) => a + b, 0);
  if (test.length === 0 || attacks === 0 || attacks === test.length) {
    throw new Error(`stage 4 evaluate: the test split holds only ${attacks === 0 ? 'benign' : 'attack'} windows (${test.length} windows, window-end labels); ` +
      'metrics need both classes — choose another test split or campaign (split.test_campaigns, or split.strategy "time") and re-run from stage 2');
  }
  if (!splits.val.y.some((v) => v === 0)) {
    throw new Error(`stage 4 evaluate: the val split holds no benign windows (${splits.val.y.length} windows); thresholds are fitted on benign validation scores — choose another validation split (split.val_campaigns) and re-run from stage 2`);
  }
}

function windowCounts(splits: Record<SplitName, SplitArrays>): MetricsRecord {
  const sum = (a: Uint8Array) => a.reduce((s, v) => s + v, 0);
  const out: MetricsRecord = {};
  for (const s of SPLITS) {
    const { y, yAny } = splits[s];
    out[`counts.${s}.windows`] = y.length;
    out[`counts.${s}.attack`] = sum(y);
    out[`counts.${s}.attack_any`] = sum(yAny);
    out[`counts.${s}.benign`] = y.length - sum(yAny);
  }
  return out;
}

/** Per-window reconstruction MSE of the best model on val and test; the model's input must be [T, F]. */
async function gruSaeErrors(modelDir: string, splits: Record<SplitName, SplitArrays>, batchSize: number, [T, F]: [number, number]) {
  await initEngine();
  const model = await loadModel(modelDir);
  try {
    const inShape = model.inputs[0].shape;
    if (inShape.length !== 3 || inShape[1] !== T || inShape[2] !== F) {
      throw new Error(`the model in ${modelDir} takes input [${inShape.slice(1)}] but the encoded windows are [${T}, ${F}]; re-run stage 3 (train) on these windows`);
    }
    const out = {} as { val: Float64Array; test: Float64Array };
    for (const split of ['val', 'test'] as const) {
      const err = Float64Array.from(await reconstructionErrors(model, splits[split].X, { batchSize }));
      const bad = err.findIndex((v) => !Number.isFinite(v));
      if (bad >= 0) throw new Error(`the model in ${modelDir} gives a non-finite error (${err[bad]}) on ${split} window ${bad}; retrain (stage 3)`);
      out[split] = err;
    }
    return out;
  } finally {
    model.dispose();
  }
}

function validationThresholds(scores: SplitScores, yVal: Uint8Array, q: number): Thresholds {
  const positives = yVal.reduce((a, b) => a + b, 0);
  const out = {} as Thresholds;
  for (const d of EVAL_DETECTORS) {
    out[d] = { [`val_q${q}`]: thresholdAtBenignQuantile(scores[d].val, yVal, q) };
    if (positives > 0 && positives < yVal.length) out[d].val_best_f1 = thresholdBestF1(yVal, scores[d].val).threshold;
  }
  return out;
}

/** counts.*, then `<detector>.test.*` for gru_sae, pca, iforest and random (the control, once), then fit facts. */
function assembleRecord(scores: SplitScores, splits: Record<SplitName, SplitArrays>, cfg: GruSaeConfig, counts: MetricsRecord, facts: MetricsRecord, timed: boolean): MetricsRecord {
  const { val, test } = splits;
  const base = { valQuantile: cfg.eval.threshold_quantile, budgets: cfg.eval.budgets, timestampsMs: timed ? test.tMs : undefined, vusMaxWindow: cfg.eval.vus_max_window };
  const record: MetricsRecord = { ...counts };
  let control: MetricsRecord = {};
  for (const d of ['gru_sae', 'pca', 'iforest'] as const) {
    const r = metricsRecord(test.y, scores[d].test, { ...base, val: { labels: val.y, scores: scores[d].val }, randomSeed: d === 'gru_sae' ? cfg.seed : null });
    const own = Object.fromEntries(Object.entries(r).filter(([k]) => !k.startsWith('random.')));
    if (d === 'gru_sae') {
      own.attack_ratio = attackRatio(scores.gru_sae.test, test.y);
      own.attack_ratio_any = attackRatio(scores.gru_sae.test, test.yAny);
      own.attack_ratio_trimmed = trimmedAttackRatio(scores.gru_sae.test, test.y);
    }
    Object.assign(record, prefixRecord(own, `${d}.test`));
    if (d === 'gru_sae') control = Object.fromEntries(Object.entries(r).filter(([k]) => k.startsWith('random.')).map(([k, v]) => [k.slice('random.'.length), v]));
  }
  return { ...record, ...prefixRecord(control, 'random.test'), ...facts };
}
