/**
 * The whole NIDS job (`npm run nids`): prepare → train → evaluate → baselines → write the run folder.
 * Each step is also exported on its own for the notebooks; only `writeNidsRun` writes the run's
 * artefacts, through the run layer (lib/run), which records each stage in run.json.
 */
import { resolveConfig, type Resolved } from '../config';
import { DEMO_DEFAULTS, ensureDemoData } from '../demo';
import { initEngine, tf } from '../engine';
import { withRun } from '../run';
import type { NidsConfig } from './config';
import { checkNidsInputs, nidsInputs, nidsRunDir } from './config';
import { majorityBaseline, softmaxRegressionBaseline } from './02-train-evaluate/baselines';
import { evaluateClassifier, type ClassifierEvaluation } from './02-train-evaluate/evaluate';
import { classifierProba, createClassifier, type GruClassifier, type GruClassifierConfig } from '../detectors';
import { prepareNidsData, type Prepared } from './01-prepare/prepare';
import type { NidsEpoch, TrainNidsResult } from './02-train-evaluate/train';
import { writeNidsRun } from './02-train-evaluate/outputs';

export interface TrainedNids {
  /** The classifier under the detector contract's save / load / describe (lib/detectors). */
  classifier: GruClassifier;
  /** Its network (the same object as classifier.network). */
  model: tf.LayersModel;
  training: TrainNidsResult;
}

export interface NidsEvaluation {
  val: ClassifierEvaluation;
  test: ClassifierEvaluation;
  /** Warm scoring throughput on the test split. */
  scoring: { flows: number; seconds: number; flows_per_s: number; flows_per_cpu_s: number; batch_size: number };
}

export interface NidsBaselines {
  majority: ClassifierEvaluation;
  majorityClass: string;
  softmaxRegression: ClassifierEvaluation;
  softmaxSeconds: number;
}

/** Everything a run produced, as written by `writeNidsRun`. */
export interface NidsRunResult {
  cfg: Resolved<NidsConfig>;
  dir: string;
  prepared: Prepared;
  trained: TrainedNids;
  evaluation: NidsEvaluation;
  baselines: NidsBaselines;
  seconds: Record<string, number>;
  backend: string;
  startedAt: Date;
}

export interface RunHooks {
  log?: (line: string) => void;
  /** Progress bar stream; null = none. */
  progress?: NodeJS.WriteStream | null;
  onEpoch?: (row: NidsEpoch, history: readonly NidsEpoch[]) => void | Promise<void>;
}

/** Demo datasets: generate (or reuse) the synthetic data of the active preset before reading it. */
export async function ensureNidsInputs(cfg: Resolved<NidsConfig>, log: (line: string) => void = () => {}): Promise<void> {
  if (cfg.train_path || !cfg.dataset.startsWith('demo-')) return;
  const demo = resolveConfig('demo', DEMO_DEFAULTS, { preset: cfg._meta.preset });
  const { generated, manifest } = await ensureDemoData(demo);
  log(`demo data ${generated ? 'generated' : 'reused'}: ${manifest.flows.rows} flows in ${demo.out}/flows`);
}

/** Build and train the GRU classifier on prepared data; the model holds the best validation-accuracy weights. */
export async function trainNids(cfg: NidsConfig, prepared: Prepared, hooks: RunHooks = {}): Promise<TrainedNids> {
  await initEngine({ quiet: true }); // once per process; notebooks call the steps directly
  const d = prepared.data;
  const classifier = createClassifier(classifierConfig(cfg));
  classifier.preprocessing = { kind: 'nids.features', encoder: prepared.encoder, label_indexer: d.indexer, feature_names: d.featureNames };
  const training = await classifier.fit({ train: d.train, val: d.val, nFeatures: d.nFeatures, numClasses: d.indexer.labels.length }, hooks);
  return { classifier, model: classifier.network, training };
}

/** The classifier's settings from the NIDS config. */
export function classifierConfig(cfg: NidsConfig): GruClassifierConfig {
  return {
    seq_len: cfg.seq_len, hidden_size: cfg.hidden_size, dropout: cfg.dropout, epochs: cfg.epochs, batch_size: cfg.batch_size, learning_rate: cfg.learning_rate,
    weight_decay: cfg.weight_decay, clipnorm: cfg.clipnorm, early_stopping_patience: cfg.early_stopping_patience, seed: cfg.seed, eval_batch_size: cfg.eval_batch_size,
    num_processes: cfg.num_processes,
  };
}

/** Validation and test reports of a trained model, and its warm scoring throughput (flows/s). */
export async function evaluateNids(cfg: NidsConfig, prepared: Prepared, model: tf.LayersModel): Promise<NidsEvaluation> {
  await initEngine({ quiet: true });
  const d = prepared.data;
  const o = { nFeatures: d.nFeatures, seqLen: cfg.seq_len, batchSize: cfg.eval_batch_size };
  // ONNX Runtime where the network exports (SEQSENTRY_SCORER), as every detector scores.
  const val = evaluateClassifier(await classifierProba(model, d.val, o), d.indexer.labels, d.benignIndex);
  const test = evaluateClassifier(await classifierProba(model, d.test, o), d.indexer.labels, d.benignIndex);
  return { val, test, scoring: await measureThroughput(model, prepared, o) };
}

/** Score the test split repeatedly (warm, after evaluation) for `minSeconds` or `maxPasses`, whichever comes first; flows per second. */
export async function measureThroughput(model: tf.LayersModel, prepared: Prepared, o: { nFeatures: number; seqLen: number; batchSize: number }, minSeconds = 1, maxPasses = 20) {
  let flows = 0;
  let seconds = 0;
  const cpu0 = process.cpuUsage();
  for (let pass = 0; pass < maxPasses && seconds < minSeconds; pass++) {
    const s = await classifierProba(model, prepared.data.test, o);
    flows += s.yTrue.length;
    seconds += s.seconds;
  }
  const cpu = process.cpuUsage(cpu0);
  // Per CPU-second too: on a shared machine the wall-clock rate says more about the neighbours than the model.
  return { flows, seconds, flows_per_s: flows / seconds, flows_per_cpu_s: flows / ((cpu.user + cpu.system) / 1e6), batch_size: o.batchSize };
}

/** The majority-class and softmax-regression baselines on the same split. */
export async function runNidsBaselines(cfg: NidsConfig, prepared: Prepared): Promise<NidsBaselines> {
  await initEngine({ quiet: true });
  const majority = majorityBaseline(prepared.data, cfg.seq_len);
  const t0 = performance.now();
  const softmax = await softmaxRegressionBaseline(prepared.data, {
    seqLen: cfg.seq_len, seed: cfg.seed, epochs: cfg.baselines.softmax_epochs, batchSize: cfg.baselines.softmax_batch_size,
    learningRate: cfg.baselines.softmax_learning_rate, evalBatchSize: cfg.eval_batch_size,
  });
  return { majority: majority.evaluation, majorityClass: majority.majority, softmaxRegression: softmax.evaluation, softmaxSeconds: (performance.now() - t0) / 1000 };
}

/** The whole job in its run folder (lib/run); resolves to what was written there (`result.dir`). */
export async function runNids(cfg: Resolved<NidsConfig>, hooks: RunHooks = {}): Promise<NidsRunResult> {
  const log = hooks.log ?? console.log;
  const startedAt = new Date();
  checkNidsInputs(cfg);
  const engine = await initEngine({ quiet: true });
  await ensureNidsInputs(cfg, log);
  return withRun({ dir: nidsRunDir(cfg), kind: 'nids', config: cfg, inputs: nidsInputs(cfg), log }, async (run) => {
    const prepared = await run.stage('prepare', () => prepareNidsData(cfg, log));
    const trained = await run.stage('train', () => trainNids(cfg, prepared, { ...hooks, log }));
    try {
      const evaluation = await run.stage('evaluate', () => evaluateNids(cfg, prepared, trained.model));
      log(`test: accuracy ${fmt(evaluation.test.metrics.accuracy)}, weighted F1 ${fmt(evaluation.test.metrics.weighted_f1)}, macro F1 ${fmt(evaluation.test.metrics.macro_f1)}, binary ROC-AUC ${fmt(evaluation.test.metrics['binary_roc_auc'])}; scoring ${Math.round(evaluation.scoring.flows_per_s)} flows/s (${Math.round(evaluation.scoring.flows_per_cpu_s)} per CPU-second)`);
      const baselines = await run.stage('baselines', () => runNidsBaselines(cfg, prepared));
      log(`baselines: majority ("${baselines.majorityClass}") weighted F1 ${fmt(baselines.majority.metrics.weighted_f1)}; softmax regression weighted F1 ${fmt(baselines.softmaxRegression.metrics.weighted_f1)}, macro F1 ${fmt(baselines.softmaxRegression.metrics.macro_f1)}`);
      const seconds: Record<string, number> = { ...run.seconds, total_before_write: (Date.now() - startedAt.getTime()) / 1000 };
      const result: NidsRunResult = { cfg, dir: run.dir, prepared, trained, evaluation, baselines, seconds, backend: engine.choice, startedAt };
      await writeNidsRun(result, run);
      seconds.write = run.seconds.write;
      log(`run folder written in ${seconds.write.toFixed(1)} s: ${run.dir}`);
      return result;
    } finally {
      trained.model.dispose();
    }
  });
}

const fmt = (v: number | undefined) => (v === undefined ? 'n/a' : v.toFixed(4));
