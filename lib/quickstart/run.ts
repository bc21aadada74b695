import * as path from 'node:path';
import { buildDenseAutoencoder } from '../models/dense-autoencoder';
import { initEngine, reconstructionErrors, saveModel, type tf } from '../engine';
import { writeJson } from '../io/files';
import { fromRoot } from '../io/paths';
import { defaultRunDir, withRun, type Run } from '../run';
import { historyChart, saveChart } from '../viz';
import type { DemoOptions } from '../demo';
import type { Resolved } from '../config';
import { ensureDemoData } from '../demo/ensure';
import { labelCounts, loadFlows, prepareFlows, type PreparedFlows } from './data';
import { trainQuickstartModel } from './train';
import { metricsRecord, prefixRecord, thresholdAtBenignQuantile } from '../eval';
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
    const model = buildDenseAutoencoder(flows.columns.length, { units: cfg.units, seed: cfg.seed });
    try {
      return await trainScoreAndSave({ run, model, cfg, flows, counts, backend: engine.choice, log });
    } finally {
      model.dispose();
    }
  });
}

interface RunParts {
  run: Run;
  model: tf.LayersModel;
  cfg: QuickstartConfig;
  flows: PreparedFlows;
  counts: { category: string; count: number }[];
  backend: string;
  log: (line: string) => void;
}

async function trainScoreAndSave({ run, model, cfg, flows, counts, backend, log }: RunParts) {
  const history = await run.stage('train', () => trainQuickstartModel(model, flows, cfg, (r) =>
    log(`epoch ${r.epoch}/${cfg.epochs}  loss ${r.loss.toFixed(4)}  val_loss ${r.val_loss.toFixed(4)}  ${r.seconds.toFixed(2)} s`),
  ));
  const { valErr, testErr } = await run.stage('score', async () => ({
    valErr: await reconstructionErrors(model, flows.val, { batchSize: 1024 }),
    testErr: await reconstructionErrors(model, flows.test, { batchSize: 1024 }),
  }));
  const threshold = thresholdAtBenignQuantile(valErr, flows.val.attack, cfg.threshold_quantile);
  const metrics = metricsRecord(flows.test.attack, testErr, {
    val: { labels: flows.val.attack, scores: valErr },
    valQuantile: cfg.threshold_quantile,
    timestampsMs: flows.test.timeMs,
    randomSeed: cfg.seed,
  });
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
    writeJson(path.join(dir, 'metrics.json'), prefixRecord(metrics, `${QUICKSTART_DETECTOR}.test`));
    writeJson(path.join(dir, 'summary.json'), summary);
    writeJson(path.join(dir, 'scaler.json'), { columns: flows.columns, ...flows.scaler });
    await saveChart(labelChart(counts), dir, 'label_distribution');
    await saveChart(historyChart(history, LOSS_CHART), dir, 'loss');
    await saveChart(errorHistogram(testErr, flows.test.attack, 'Test reconstruction error'), dir, 'test_errors');
    await saveChart(testTimeline(testErr, flows.test.attack, threshold), dir, 'test_timeline');
    await saveModel(model, path.join(dir, 'model'), { metadata: { config: cfg, columns: flows.columns } });
  });
  const q = `val_q${cfg.threshold_quantile}`;
  const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
  log(`test at the validation threshold: recall ${pct(metrics[`recall@${q}`])} of attack flows, false alarms ${pct(metrics[`fpr@${q}`])} of benign flows, event recall ${pct(metrics[`event_recall@${q}`])}`);
  log(`test, threshold-free: ROC-AUC ${metrics.roc_auc.toFixed(3)}, AP ${metrics.average_precision.toFixed(3)}, VUS-PR ${metrics.vus_pr.toFixed(3)} (random score: AP ${metrics['random.average_precision'].toFixed(3)}, VUS-PR ${metrics['random.vus_pr'].toFixed(3)})`);
  log(`run folder: ${dir}`);
  return { metrics, run: summary };
}
