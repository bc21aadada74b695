import * as path from 'node:path';
import { createDetector, evaluateDetectors, samplesFromArray, type DenseAeConfig, type DenseAeDetector } from '../detectors';
import { initEngine } from '../engine';
import { writeFileAtomic, writeJson } from '../io/files';
import { scoresCsv } from '../io/score-table';
import { fromRoot } from '../io/paths';
import { defaultRunDir, withRun, type Run } from '../run';
import { historyChart, saveChart } from '../viz';
import type { DemoOptions } from '../demo';
import type { Resolved } from '../config';
import { ensureDemoData } from '../demo/ensure';
import { labelCounts, loadFlows, prepareFlows, type PreparedFlows } from './data';
import { RECORD_DEFAULTS } from '../eval/record';
import type { EpochRecord } from '../train';
import { errorHistogram, labelChart, LOSS_CHART, testTimeline } from './charts';

/** Settings of the quickstart (config section "quickstart"). */
export const QUICKSTART_DEFAULTS = {
  seed: 7,
  /** Regenerate the demo data even when the files on disk match the preset. */
  regenerate_data: false,
  /** Time-ordered split of the flows; the test share is the rest. */
  split: { train: 0.6, val: 0.2 },
  /** Encoder widths; the decoder mirrors them. */
  units: [24, 8],
  epochs: 20,
  batch_size: 128,
  learning_rate: 0.003,
  weight_decay: 1e-4,
  clipnorm: 1.0,
  /** Threshold = this quantile of benign validation errors (target false-alarm rate 1 − q). */
  threshold_quantile: 0.99,
  /** Run folder; null = outputs/quickstart/demo-flows. */
  out: null as string | null,
};
export type QuickstartConfig = typeof QUICKSTART_DEFAULTS;

/** Check value ranges the type system cannot (called before any data is touched). */
export function validateQuickstartConfig(cfg: QuickstartConfig): void {
  const bad = (key: string, want: string, got: unknown) => new Error(`quickstart config "${key}" must be ${want}, got ${JSON.stringify(got)}`);
  for (const key of ['epochs', 'batch_size'] as const) if (!(Number.isInteger(cfg[key]) && cfg[key] >= 1)) throw bad(key, 'an integer ≥ 1', cfg[key]);
  if (!(cfg.learning_rate > 0)) throw bad('learning_rate', '> 0', cfg.learning_rate);
  if (!(cfg.weight_decay >= 0)) throw bad('weight_decay', '≥ 0', cfg.weight_decay);
  if (!(cfg.clipnorm >= 0)) throw bad('clipnorm', '≥ 0 (0 = no clipping)', cfg.clipnorm);
  if (!(cfg.threshold_quantile > 0 && cfg.threshold_quantile < 1)) throw bad('threshold_quantile', 'in (0, 1)', cfg.threshold_quantile);
  if (!cfg.units.length || !cfg.units.every((u) => Number.isInteger(u) && u >= 1)) throw bad('units', 'a list of integers ≥ 1', cfg.units);
  const { train, val } = cfg.split;
  if (!(train > 0 && val > 0 && train + val < 1)) throw bad('split', 'train > 0, val > 0, train + val < 1', cfg.split);
}

/** The run folder of a quickstart config. */
export function quickstartRunDir(cfg: Pick<QuickstartConfig, 'out'>): string {
  return defaultRunDir('quickstart', 'demo-flows', cfg.out);
}

/** Key prefix of the quickstart detector in `metrics.json`. */
export const QUICKSTART_DETECTOR = 'dense_ae';

/**
 * The whole quickstart as one job (`npm run quickstart`): demo data → flows → split → benign-only training
 * → validation threshold → test metrics; writes charts, model, `metrics.json` (flat, prefixed
 * `dense_ae.test.`) and `summary.json` into its run folder (lib/run). Returns the unprefixed test
 * record and run facts.
 */
export async function runQuickstart(cfg: QuickstartConfig, demo: DemoOptions, log: (line: string) => void = console.log) {
  validateQuickstartConfig(cfg);
  const { manifest, generated } = await ensureDemoData(demo, cfg.regenerate_data);
  log(`demo data: ${generated ? 'generated' : 'reused'} ${manifest.flows.rows} flows, ${manifest.sysmon.rows} Sysmon events in ${demo.out}`);
  return withRun({ dir: quickstartRunDir(cfg), kind: 'quickstart', config: cfg, inputs: [fromRoot(demo.out)], log }, async (run) => {
    const engine = await initEngine();
    const df = loadFlows(demo.out);
    const counts = labelCounts(df);
    const flows = prepareFlows(df, cfg.split);
    log(`split (time order): train ${flows.train.shape[0]} benign rows, val ${flows.val.shape[0]}, test ${flows.test.shape[0]}; ${flows.columns.length} features; ${flows.nonFinite} Infinity/NaN cells set to 0`);
    const detector = (await createDetector('dense_ae', denseAeConfig(cfg))) as DenseAeDetector;
    detector.preprocessing = { kind: 'quickstart.scaler', columns: flows.columns, ...flows.scaler };
    try {
      return await trainScoreAndSave({ run, detector, cfg, flows, counts, backend: engine.choice, log });
    } finally {
      detector.dispose();
    }
  });
}

/** The dense_ae detector's settings from the quickstart config. */
export function denseAeConfig(cfg: QuickstartConfig): DenseAeConfig {
  return { units: cfg.units, epochs: cfg.epochs, batch_size: cfg.batch_size, learning_rate: cfg.learning_rate, weight_decay: cfg.weight_decay, clipnorm: cfg.clipnorm, seed: cfg.seed, score_batch_size: 1024 };
}

interface RunParts {
  run: Run;
  detector: DenseAeDetector;
  cfg: QuickstartConfig;
  flows: PreparedFlows;
  counts: { category: string; count: number }[];
  backend: string;
  log: (line: string) => void;
}

async function trainScoreAndSave({ run, detector, cfg, flows, counts, backend, log }: RunParts) {
  const val = samplesFromArray(flows.val);
  const onEpoch = (r: EpochRecord) => log(`epoch ${r.epoch}/${cfg.epochs}  loss ${r.loss.toFixed(4)}  val_loss ${r.val_loss.toFixed(4)}  ${r.seconds.toFixed(2)} s`);
  const fit = await run.stage('train', () => detector.fit(samplesFromArray(flows.train), { val, callbacks: { onEpoch }, learningRateFlag: '--learning-rate' }));
  const history = fit.history!;
  const ev = await run.stage('score', () => evaluateDetectors({ [QUICKSTART_DETECTOR]: detector }, {
    val: { samples: val, labels: flows.val.attack }, test: { samples: samplesFromArray(flows.test), labels: flows.test.attack, timestampsMs: flows.test.timeMs },
  }, { valQuantile: cfg.threshold_quantile, budgets: RECORD_DEFAULTS.budgets, vusMaxWindow: RECORD_DEFAULTS.vusMaxWindow, randomSeed: cfg.seed }));
  const testErr = Float32Array.from(ev.scores[QUICKSTART_DETECTOR].test); // the charts take float32 errors (exact: they were float32)
  const threshold = ev.thresholds[QUICKSTART_DETECTOR][`val_q${cfg.threshold_quantile}`];
  // The detector's own keys and the control, without the `<detector>.<split>.` prefixes (what notebook 00 shows).
  const metrics = Object.fromEntries(Object.entries(ev.record).map(([k, v]) => [k.replace(`${QUICKSTART_DETECTOR}.test.`, '').replace(/^random\.test\./, 'random.'), v]));
  const summary = {
    detector: QUICKSTART_DETECTOR,
    backend,
    preset: (cfg as Partial<Resolved<QuickstartConfig>>)._meta?.preset ?? null,
    features: flows.columns.length,
    rows: { train_benign: flows.train.shape[0], val: flows.val.shape[0], test: flows.test.shape[0] },
    final_loss: history[history.length - 1].loss,
    train_seconds: history.reduce((s, h) => s + h.seconds, 0),
    threshold: { value: threshold, from: `quantile ${cfg.threshold_quantile} of benign validation errors` },
  };
  const dir = run.dir;
  await run.stage('write', async () => {
    writeJson(path.join(dir, 'history.json'), history);
    for (const split of ['val', 'test'] as const) {
      const f = flows[split];
      const scores = { [QUICKSTART_DETECTOR]: ev.scores[QUICKSTART_DETECTOR][split], random: ev.scores.random[split] };
      const thresholds = Object.fromEntries(Object.keys(scores).map((d) => [d, ev.thresholds[d][`val_q${cfg.threshold_quantile}`]]));
      writeFileAtomic(path.join(dir, 'scores', `${split}.csv`), scoresCsv({ tMs: f.timeMs, label: f.attack, labelAny: f.attack, scores, thresholds }));
    }
    writeJson(path.join(dir, 'metrics.json'), ev.record);
    writeJson(path.join(dir, 'summary.json'), summary);
    writeJson(path.join(dir, 'scaler.json'), { columns: flows.columns, ...flows.scaler });
    await saveChart(labelChart(counts), dir, 'label_distribution');
    await saveChart(historyChart(history, LOSS_CHART), dir, 'loss');
    await saveChart(errorHistogram(testErr, flows.test.attack, 'Test reconstruction error'), dir, 'test_errors');
    await saveChart(testTimeline(testErr, flows.test.attack, threshold), dir, 'test_timeline');
    await detector.save(path.join(dir, 'model'), { config: cfg, columns: flows.columns });
  });
  const q = `val_q${cfg.threshold_quantile}`;
  const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
  log(`test at the validation threshold: recall ${pct(metrics[`recall@${q}`])} of attack flows, false alarms ${pct(metrics[`fpr@${q}`])} of benign flows, event recall ${pct(metrics[`event_recall@${q}`])}`);
  log(`test, threshold-free: ROC-AUC ${metrics.roc_auc.toFixed(3)}, AP ${metrics.average_precision.toFixed(3)}, VUS-PR ${metrics.vus_pr.toFixed(3)} (random score: AP ${metrics['random.average_precision'].toFixed(3)}, VUS-PR ${metrics['random.vus_pr'].toFixed(3)})`);
  log(`run folder: ${dir}`);
  return { metrics, run: summary };
}
