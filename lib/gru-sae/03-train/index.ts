import * as fs from 'node:fs';
import * as path from 'node:path';
import { tf, initEngine, type EngineInfo, type HostArray } from '../../engine';
import { GruSaeDetector, samplesFromArray, type GruSaeDetectorConfig } from '../../detectors';
import { writeJson } from '../../io/files';
import { loadNpy, type NdArray } from '../../io/npy';
import { takeWindows } from '../../baselines/windows';
import { createRng, sampleSorted } from '../../random';
import type { EpochRecord, TrainAutoencoderResult } from '../../train/autoencoder';
import { combineCallbacks, terminalProgress, type TrainingCallbacks } from '../../train/progress';
import { runDir, stoppingConfig, type GruSaeConfig } from '../config';
import { architectureSummary, LATENT_LAYER } from '../../models/gru-sae';
import { checkTrainConfig } from '../validate';

/** Artefact paths of stage 3 under the run folder R (see README). */
export const TRAIN_ARTEFACTS = {
  best: path.join('model', 'best'),
  final: path.join('model', 'final'),
  history: 'history.json',
  metadata: 'metadata.json',
} as const;

const INPUTS = ['X_train.npy', 'y_any_train.npy', 'X_val.npy', 'y_any_val.npy'] as const;

export interface TrainStageOptions extends TrainingCallbacks {
  log?: (line: string) => void;
  /** Progress bar / per-epoch lines on stderr; default true. */
  progress?: boolean;
}

export interface TrainStageResult {
  dir: string;
  history: EpochRecord[];
  bestEpoch: number;
  bestValLoss: number;
  stoppedReason: string;
  rows: RowsUsed;
  parameters: number;
  seconds: { load: number; train: number; save: number; total: number; per_epoch: number };
}

interface RowsUsed {
  train_total: number;
  train_benign: number;
  train_used: number;
  val_total: number;
  val_benign: number;
  val_used: number;
}

/**
 * Stage 3: train the GRU-SAE on benign windows of the encoded run folder and write `model/best/`,
 * `model/final/`, `history.json` and `metadata.json` under the run folder. Validation loss (which
 * drives stopping and the best checkpoint) is on benign validation windows too: the model should
 * reconstruct normal behaviour, and attack windows would reward reconstructing attacks.
 */
export async function trainStage(cfg: GruSaeConfig, opts: TrainStageOptions = {}): Promise<TrainStageResult> {
  const log = opts.log ?? console.log;
  checkTrainConfig(cfg);
  const t0 = performance.now();
  const dir = runDir(cfg);
  const data = loadEncoded(cfg, dir);
  const engine = await initEngine({ quiet: true });
  const { train, val, rows } = benignSamples(data, cfg);
  const tLoad = performance.now();
  const [, seqLen, inputDim] = train.shape;
  const detector = new GruSaeDetector(gruSaeDetectorConfig(cfg));
  try {
    const callbacks = combineCallbacks(opts.progress === false ? undefined : terminalProgress({ label: 'gru-sae' }), opts);
    log(`stage 3: ${rows.train_used} benign training windows (of ${rows.train_benign} benign, ${rows.train_total} total), ` +
      `${rows.val_used} benign validation windows; windows [${seqLen}, ${inputDim}]; backend ${engine.choice}`);
    const st = cfg.train.stopping;
    const rl = cfg.train.reduce_lr;
    log(`stage 3: ${cfg.model.name} encoder ${cfg.model.encoder_units.join(',')} / decoder ${cfg.model.decoder_units.join(',')}, dropout ${cfg.model.dropout}; ` +
      `adam lr ${cfg.train.learning_rate}, batch ${cfg.train.batch_size}, ${st.strategy} stopping (patience ${st.patience}${st.strategy === 'smart' ? `, min improvement ${st.min_improvement_pct}%` : st.strategy === 'adaptive' ? `, min ratio ${st.adaptive_factor}` : ''}), ` +
      `${rl.enabled ? `reduce-LR-on-plateau ×${rl.factor} after ${rl.patience} epochs (min ${rl.min_lr})` : 'constant learning rate'}`);
    const fit = await detector.fit(samplesFromArray(train), { val: samplesFromArray(val), callbacks, learningRateFlag: '--train.learning_rate' });
    const history = fit.history!;
    const tTrain = performance.now();
    const model = detector.network;
    const last = history[history.length - 1];
    const best = { epoch: fit.facts.best_epoch, valLoss: fit.facts.best_val_loss };
    const meta = (which: 'best' | 'final', epoch: number, valLoss: number) => ({
      stage: 'gru-sae/train', which, epoch, val_loss: valLoss, latent_layer: LATENT_LAYER, input_shape: model.inputs[0].shape.slice(1), config: cfg, created: new Date().toISOString(),
    });
    detector.preprocessing = { kind: 'gru_sae.encoder', dir: path.relative(path.join(dir, TRAIN_ARTEFACTS.best), path.join(dir, 'encoded')) };
    // model/best is the stage's "done" marker for later stages and notebooks, so it is written last:
    // a failure part-way leaves no new best model beside an old history.
    writeJson(path.join(dir, TRAIN_ARTEFACTS.history), history);
    await detector.saveFinal(path.join(dir, TRAIN_ARTEFACTS.final), meta('final', last.epoch, last.val_loss));
    await detector.save(path.join(dir, TRAIN_ARTEFACTS.best), meta('best', best.epoch, best.valLoss));
    const tSave = performance.now();
    const seconds = {
      load: (tLoad - t0) / 1000, train: (tTrain - tLoad) / 1000, save: (tSave - tTrain) / 1000, total: (tSave - t0) / 1000,
      per_epoch: history.reduce((s, h) => s + h.seconds, 0) / history.length,
    };
    const result = { history, bestEpoch: best.epoch, bestValLoss: best.valLoss, stoppedReason: fit.stoppedReason!, stoppedEarly: history.length < cfg.train.epochs, restoredBest: detector.restoredBest };
    writeJson(path.join(dir, TRAIN_ARTEFACTS.metadata), metadata(model, cfg, engine, result, rows, seconds));
    log(`stage 3: ${result.stoppedReason}; ${history.length} epochs, ${seconds.per_epoch.toFixed(1)} s/epoch; ${model.countParams()} parameters in ${path.join(dir, 'model')}`);
    return { dir, history, bestEpoch: best.epoch, bestValLoss: best.valLoss, stoppedReason: result.stoppedReason, rows, parameters: model.countParams(), seconds };
  } finally {
    detector.dispose();
  }
}

/** The GRU-SAE detector's settings from the pipeline config (model, train, seed, eval batch size). */
export function gruSaeDetectorConfig(cfg: GruSaeConfig): GruSaeDetectorConfig {
  const { model: m, train: t } = cfg;
  return {
    encoder_units: m.encoder_units, decoder_units: m.decoder_units, dropout: m.dropout, recurrent_layer: m.recurrent_layer,
    epochs: t.epochs, batch_size: t.batch_size, learning_rate: t.learning_rate, clipnorm: t.clipnorm, stopping: stoppingConfig(t.stopping),
    reduce_lr: t.reduce_lr.enabled ? { factor: t.reduce_lr.factor, patience: t.reduce_lr.patience, min_lr: t.reduce_lr.min_lr } : null,
    seed: cfg.seed, score_batch_size: cfg.eval.batch_size, workers: t.workers,
  };
}

/** What metadata.json says about training. */
type TrainingFacts = Pick<TrainAutoencoderResult, 'history' | 'bestEpoch' | 'bestValLoss' | 'stoppedEarly' | 'stoppedReason' | 'restoredBest'>;

interface Encoded {
  xTrain: NdArray;
  yTrain: NdArray;
  xVal: NdArray;
  yVal: NdArray;
}

function loadEncoded(cfg: GruSaeConfig, dir: string): Encoded {
  const enc = path.join(dir, 'encoded');
  const missing = INPUTS.filter((f) => !fs.existsSync(path.join(enc, f)));
  if (missing.length) {
    throw new Error(
      `stage 3 needs the encoded windows of stage 2, but ${enc} lacks ${missing.join(', ')}: run stage 2 (encode) first`,
    );
  }
  const [xTrain, yTrain, xVal, yVal] = INPUTS.map((f) => loadNpy(path.join(enc, f)));
  checkPair(xTrain, yTrain, 'train');
  checkPair(xVal, yVal, 'val');
  if (xTrain.shape.slice(1).join() !== xVal.shape.slice(1).join()) {
    throw new Error(`X_train.npy windows [${xTrain.shape.slice(1)}] and X_val.npy windows [${xVal.shape.slice(1)}] differ; re-run stage 2`);
  }
  return { xTrain, yTrain, xVal, yVal };
}

function checkPair(x: NdArray, y: NdArray, split: string): void {
  if (!(x.data instanceof Float32Array) || x.shape.length !== 3) {
    throw new Error(`X_${split}.npy must be float32 [n, seq_len, features], got ${x.data.constructor.name} [${x.shape}]`);
  }
  if (!(y.data instanceof Uint8Array || y.data instanceof Int32Array) || y.shape.length !== 1 || y.shape[0] !== x.shape[0]) {
    throw new Error(`y_any_${split}.npy must be uint8 [${x.shape[0]}] (one label per window), got ${y.data.constructor.name} [${y.shape}]`);
  }
}

/** Benign windows of each split, capped at max_train / max_val by a seeded random sample (kept in time order). */
function benignSamples(d: Encoded, cfg: GruSaeConfig): { train: HostArray; val: HostArray; rows: RowsUsed } {
  const rng = createRng(cfg.seed).fork('gru-sae/train/sample');
  const pick = (x: NdArray, y: NdArray, cap: number | null, split: string) => {
    const benign: number[] = [];
    for (let i = 0; i < y.data.length; i++) if (y.data[i] === 0) benign.push(i);
    if (!benign.length) {
      throw new Error(
        `no benign ${split} windows: all ${y.data.length} windows of X_${split}.npy contain an attack (y_any = 1). ` +
        'The autoencoder learns normal behaviour from benign windows only; check the split (split.* campaigns) and the schema\'s benign_labels',
      );
    }
    const chosen = cap !== null && benign.length > cap ? sampleSorted(benign, cap, rng.fork(split)) : benign;
    return { array: takeWindows({ data: x.data as Float32Array, shape: x.shape as [number, number, number] }, chosen), benign: benign.length, used: chosen.length };
  };
  const tr = pick(d.xTrain, d.yTrain, cfg.train.max_train, 'train');
  const va = pick(d.xVal, d.yVal, cfg.train.max_val, 'val');
  return {
    train: tr.array, val: va.array,
    rows: { train_total: d.yTrain.data.length, train_benign: tr.benign, train_used: tr.used, val_total: d.yVal.data.length, val_benign: va.benign, val_used: va.used },
  };
}

/** `k` of `items`, uniformly without replacement, in their original order. */
function metadata(model: tf.LayersModel, cfg: GruSaeConfig, engine: EngineInfo, r: TrainingFacts, rows: RowsUsed, seconds: TrainStageResult['seconds']) {
  const last = r.history[r.history.length - 1];
  return {
    stage: 'gru-sae/train',
    created: new Date().toISOString(),
    model: {
      name: model.name,
      input_shape: model.inputs[0].shape.slice(1),
      output_shape: model.outputs[0].shape.slice(1),
      latent_layer: LATENT_LAYER,
      parameters: model.countParams(),
      layers: architectureSummary(model),
    },
    training: {
      epochs_run: r.history.length,
      best_epoch: r.bestEpoch,
      best_val_loss: r.bestValLoss,
      final_val_loss: last.val_loss,
      stopped_early: r.stoppedEarly,
      stopped_reason: r.stoppedReason,
      restored_best: r.restoredBest,
      optimizer: { name: 'adam', learning_rate: cfg.train.learning_rate, clipnorm: cfg.train.clipnorm },
      /** The rate of each epoch (it falls when reduce_lr fires) and the last one used. */
      learning_rates: r.history.map((h) => h.lr),
      final_learning_rate: last.lr,
      reduce_lr: cfg.train.reduce_lr,
      dropout: cfg.model.dropout,
      stopping: { ...cfg.train.stopping, min_improvement: `${cfg.train.stopping.min_improvement_pct}%` },
      batch_size: cfg.train.batch_size,
      loss: 'mse',
    },
    rows,
    seconds,
    backend: { ...engine, tfjs: tf.version.tfjs },
    config: cfg,
  };
}

