/**
 * Stage 4, evaluate: score validation and test windows with the trained GRU-SAE (per-window
 * reconstruction MSE) and with the classical baselines fitted on benign training windows (PCA
 * reconstruction error, isolation forest, KMeansAD, kNN distance, HBOS: baselines.ts); fit every detector's threshold on VALIDATION scores only;
 * report the full lib/eval record on test beside a seeded random-score control. Writes metrics.json
 * (one flat record, `<detector>.<split>.<metric>`), thresholds.json and scores/{val,test}.csv.
 */
import * as path from 'node:path';
import { evaluateScores, loadDetector, samplesFromArray, scoreSplits, type Detector } from '../../detectors';
import type { MetricsRecord } from '../../eval';
import { writeFileAtomic, writeJson } from '../../io/files';
import { runDir, type GruSaeConfig } from '../config';
import { checkSameWindowShape, evaluatePaths, loadSplit, requireEvaluateInputs, SPLITS, type SplitArrays, type SplitName } from './artefacts';
import { BASELINE_NAMES, fitBaselines } from './baselines';
import { scoresCsv } from '../../io/score-table';
import { formatSummary, summaryMetrics, summaryRows, type SummaryRow } from './summary';
import { checkEvalConfig } from '../validate';

/** Detectors in metrics.json, thresholds.json and the score CSVs (random = the chance control). */
export const EVAL_DETECTORS = ['gru_sae', ...BASELINE_NAMES, 'random'] as const;
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

  const samples = { val: samplesFromArray(splits.val.X), test: samplesFromArray(splits.test.X) };
  const gru = await loadGruSae(paths.model, [T, F]);
  const base = await fitBaselines(splits.train, cfg, { maxFitRows: opts.maxBaselineFitRows });
  try {
    const scored = await scoreSplits({ gru_sae: gru, ...base.detectors }, samples);
    log(`gru_sae: scored ${splits.val.y.length + splits.test.y.length} windows in ${scored.seconds.gru_sae.toFixed(1)} s`);
    log(`baselines on ${base.representation === 'flatten' ? 'flattened' : 'summarised'} windows (${base.inputDim} values), fitted on ${base.fitRows} benign training windows: ` +
      BASELINE_NAMES.map((k) => `${k} fit ${base.seconds[k].toFixed(1)} s, score ${scored.seconds[k].toFixed(1)} s`).join('; '));
    const ordered = splits.test.tMs.every((v, i, a) => i === 0 || v >= a[i - 1]);
    if (!ordered) log('warning: t_test.npy is not in time order; time to detect is reported in steps only (re-run stage 2 to fix)');
    const labels = (s: SplitArrays, times: boolean) => ({ labels: s.y, labelsAny: s.yAny, ...(times ? { timestampsMs: s.tMs } : {}) });
    const ev = evaluateScores(scored.scores, { val: labels(splits.val, false), test: labels(splits.test, ordered) }, {
      valQuantile: cfg.eval.threshold_quantile, budgets: cfg.eval.budgets, vusMaxWindow: cfg.eval.vus_max_window, randomSeed: cfg.seed, ratios: ['gru_sae'],
    });
    const record = { ...counts, ...ev.record, ...base.facts };
    const thresholds = ev.thresholds as Thresholds;
    const qKey = `val_q${cfg.eval.threshold_quantile}`;
    const predAt = Object.fromEntries(EVAL_DETECTORS.map((d) => [d, thresholds[d][qKey]]));
    // metrics.json marks stage 4 as done, so it is written last: a failure part-way never leaves new
    // metrics beside old per-window scores.
    for (const name of BASELINE_NAMES) await base.detectors[name].save(path.join(dir, 'detectors', name));
    writeJson(paths.thresholds, thresholds);
    for (const split of ['val', 'test'] as const) {
      const s = splits[split];
      const table = { tMs: s.tMs, label: s.y, labelAny: s.yAny, scores: Object.fromEntries(EVAL_DETECTORS.map((d) => [d, ev.scores[d][split]])), thresholds: predAt };
      writeFileAtomic(paths.scores(split), scoresCsv(table));
    }
    writeJson(paths.metrics, record);
    const rows = summaryRows(record, [...EVAL_DETECTORS], summaryMetrics(cfg.eval.threshold_quantile, cfg.eval.budgets[0]));
    const table = formatSummary(rows);
    log(`test metrics (thresholds from validation):\n${table}`);
    log(`wrote ${path.relative(dir, paths.metrics)}, ${path.relative(dir, paths.thresholds)}, scores/val.csv, scores/test.csv and detectors/{${BASELINE_NAMES.join(',')}} in ${dir}`);
    return { record, thresholds, summary: { rows, table }, files: { metrics: paths.metrics, thresholds: paths.thresholds, scores: { val: paths.scores('val'), test: paths.scores('test') } } };
  } finally {
    gru.dispose();
  }
}

/** The best GRU-SAE of stage 3, checked to take windows [T, F]. */
async function loadGruSae(dir: string, [T, F]: [number, number]): Promise<Detector> {
  const d = await loadDetector(dir);
  const shape = d.describe().input?.shape ?? [];
  if (shape.length !== 2 || shape[0] !== T || shape[1] !== F) {
    d.dispose();
    throw new Error(`the model in ${dir} takes input [${shape}] but the encoded windows are [${T}, ${F}]; re-run stage 3 (train) on these windows`);
  }
  return d;
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



