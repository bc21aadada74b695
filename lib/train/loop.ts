/**
 * The one training loop of seqsentry. A caller (autoencoder.ts, lib/nids/02-train-evaluate/train.ts) supplies its batch
 * source, one optimisation step and a validation pass; the loop owns the rest: the epoch loop, tf.tidy
 * around every step, device-side sums read once per epoch, the divergence check, best-weights
 * snapshot/restore on the monitored metric, early stopping (stopping.ts), reduce-LR-on-plateau, the
 * history rows and the callbacks (progress bar, monitoring lines, live charts).
 */
import { tf, type AdamW } from '../engine';
import { bestValue, createStopper, resolveStopping, type StopDecision, type StoppingConfig } from './stopping';
import type {
  EpochBatches, EpochRecord, ExtraField, Monitor, ReduceLrConfig, StepSums, TrainingCallbacks, Validation,
} from './types';
import { VAL_LOSS } from './types';
import { finishWeights, snapshotWeights } from './weights';

export interface TrainModelOptions<B> extends TrainingCallbacks {
  epochs: number;
  /** Used by `step`; the loop reads and lowers its rate (reduceLr) and disposes it when training ends. */
  optimizer: AdamW;
  /** The batches of epoch `epoch` (1-based), drawn when the epoch starts. */
  batches: (epoch: number) => EpochBatches<B>;
  /** One optimisation step on `batch` (already inside tf.tidy): apply the update, return the batch's device sums. */
  step: (batch: B) => StepSums;
  /** Validation after each epoch, inference mode; one device read is enough. */
  validate: (epoch: number) => Promise<Validation>;
  /** Picks the best weights and drives stopping and reduceLr; default val_loss, lower is better. */
  monitor?: Monitor;
  /** Early stopping (standard = plain patience, smart, adaptive, none) and restore_best. */
  stopping: StoppingConfig;
  reduceLr?: ReduceLrConfig;
  /**
   * Return copies of the weights the model does not hold at the end: `finalWeights` when the best
   * were restored, else `bestWeights`. The caller disposes them (`disposeWeights`). Default false.
   */
  keepWeights?: boolean;
  /** Optional history fields to record besides the five always there (accuracy comes with `correct`). */
  extraFields?: readonly ExtraField[];
  /** How a user lowers the learning rate (named in the divergence error), e.g. '--learning-rate'. */
  learningRateFlag?: string;
}

export interface TrainModelResult {
  history: EpochRecord[];
  monitor: Monitor;
  /** 1-based epoch with the best monitored value (0 when none was finite), and that value. */
  bestEpoch: number;
  bestValue: number;
  /** True when a stopping rule ended training before `epochs`. */
  stoppedEarly: boolean;
  /** Why training ended (the stopping rule's sentence, or that all epochs ran). */
  stoppedReason: string;
  /** The model holds the best epoch's weights (else the last epoch's). */
  restoredBest: boolean;
  /** Total wall time. */
  seconds: number;
  finalWeights?: tf.Tensor[];
  bestWeights?: tf.Tensor[];
}

/**
 * Train `model` for up to `epochs` epochs. Leaves no tensors behind except the model's own (and the
 * returned weight copies, if asked for); the optimizer is disposed however training ends.
 */
export async function trainModel<B>(model: tf.LayersModel, opts: TrainModelOptions<B>): Promise<TrainModelResult> {
  try {
    checkLoopOptions(opts);
    return await loop(model, opts);
  } finally {
    opts.optimizer.dispose(); // Adam's moment variables
  }
}

async function loop<B>(model: tf.LayersModel, opts: TrainModelOptions<B>): Promise<TrainModelResult> {
  const monitor = opts.monitor ?? VAL_LOSS;
  const stopper = createStopper(opts.stopping, monitor);
  const keepBest = stopper.config.restore_best || opts.keepWeights === true;
  const history: EpochRecord[] = [];
  let best: tf.Tensor[] | null = null;
  let decision: StopDecision | null = null;
  const t0 = performance.now();
  try {
    let sinceBest = 0;
    for (let epoch = 1; epoch <= opts.epochs; epoch++) {
      const e0 = performance.now();
      const train = await readEpoch(runEpoch(opts, epoch, e0));
      const trainSeconds = (performance.now() - e0) / 1000;
      if (!Number.isFinite(train.loss)) throw new Error(`training diverged at epoch ${epoch} (loss ${train.loss}); lower the learning rate${flagNote(opts)} or check the inputs for NaN/Inf`);
      const v0 = performance.now();
      const val = await opts.validate(epoch);
      const valSeconds = (performance.now() - v0) / 1000;
      if (!Number.isFinite(val.val_loss)) throw new Error(`validation loss is ${val.val_loss} at epoch ${epoch}: check the validation data for NaN/Inf or lower the learning rate${flagNote(opts)}`);
      const value = val[monitor.metric];
      if (value === undefined) throw new Error(`validate() returned no ${monitor.metric}, the monitored metric`);
      decision = stopper.update(value);
      if (decision.best && keepBest) {
        if (best) tf.dispose(best);
        best = snapshotWeights(model);
      }
      const row = epochRow(opts, { epoch, train, val, seconds: (performance.now() - e0) / 1000, trainSeconds, valSeconds, best: decision.best });
      history.push(row);
      await opts.onEpoch?.(row, { epochs: opts.epochs, history, decision });
      if (decision.stop) break;
      sinceBest = decision.best ? 0 : sinceBest + 1;
      if (opts.reduceLr && sinceBest >= opts.reduceLr.patience && opts.optimizer.lr > opts.reduceLr.minLr) {
        opts.optimizer.setLearningRate(Math.max(opts.optimizer.lr * opts.reduceLr.factor, opts.reduceLr.minLr));
        sinceBest = 0;
      }
      await new Promise((r) => setImmediate(r)); // let timers, signals and kernel messages through
    }
  } catch (err) {
    if (best) tf.dispose(best);
    throw err;
  }
  const { bestEpoch } = stopper.state;
  const top = bestValue(stopper.config, stopper.state);
  const stop = decision?.stop === true;
  const weights = finishWeights(model, best, { restore: stopper.config.restore_best, keep: opts.keepWeights === true });
  return {
    history, monitor, bestEpoch, bestValue: top, ...weights,
    stoppedEarly: stop && history[history.length - 1].epoch < opts.epochs,
    stoppedReason: stop ? decision!.reason : `completed all ${opts.epochs} epochs; best ${monitor.metric} ${fmt(top)} at epoch ${bestEpoch}`,
    seconds: (performance.now() - t0) / 1000,
  };
}

/** The epoch's device sums (added up in step order) and how many samples they cover. */
interface EpochSums {
  loss: tf.Scalar;
  weight?: tf.Scalar;
  correct?: tf.Scalar;
  samples: number;
}

/** One pass over the epoch's batches, every step in tf.tidy; returns the sums, not yet read. */
function runEpoch<B>(opts: TrainModelOptions<B>, epoch: number, e0: number): EpochSums {
  const { steps, items } = opts.batches(epoch);
  let sums: EpochSums = { loss: tf.scalar(0), samples: 0 };
  let batch = 0;
  try {
    for (const item of items) {
      const next = tf.tidy(() => {
        const out = opts.step(item);
        const add = (sum: tf.Scalar | undefined, part: tf.Scalar | undefined) => (part ? (tf.add(sum ?? tf.scalar(0), part) as tf.Scalar) : undefined);
        return { loss: add(sums.loss, out.lossSum)!, weight: add(sums.weight, out.weightSum), correct: add(sums.correct, out.correct), samples: sums.samples + out.samples };
      });
      disposeSums(sums);
      sums = next;
      batch++;
      if (opts.onBatch) {
        const current = sums;
        opts.onBatch({
          epoch, epochs: opts.epochs, batch, batches: steps, seconds: (performance.now() - e0) / 1000,
          lossSoFar: () => current.loss.dataSync()[0] / Math.max(current.weight ? current.weight.dataSync()[0] : current.samples, 1e-12),
        });
      }
    }
  } catch (err) {
    disposeSums(sums);
    throw err;
  }
  return sums;
}

/** Read the sums once (one device sync) into the epoch's mean loss and accuracy. */
async function readEpoch(sums: EpochSums): Promise<{ loss: number; accuracy?: number }> {
  try {
    const [loss, weight, correct] = await Promise.all([sums.loss, sums.weight, sums.correct].map(async (s) => (s ? (await s.data())[0] : undefined)));
    // Weighted: Σ w·loss / Σ w; unweighted: Σ loss / n (max(n, ε) = n, so the same division).
    const mean = loss! / Math.max(weight ?? sums.samples, 1e-12);
    return correct === undefined ? { loss: mean } : { loss: mean, accuracy: correct / sums.samples };
  } finally {
    disposeSums(sums);
  }
}

function disposeSums(s: EpochSums): void {
  tf.dispose([s.loss, s.weight, s.correct].filter((t): t is tf.Scalar => t !== undefined));
}

interface EpochFacts {
  epoch: number;
  train: { loss: number; accuracy?: number };
  val: Validation;
  seconds: number;
  trainSeconds: number;
  valSeconds: number;
  best: boolean;
}

/** The history row: the five fields always, accuracy when measured, extras when asked for. */
function epochRow<B>(opts: TrainModelOptions<B>, f: EpochFacts): EpochRecord {
  const row: EpochRecord = { epoch: f.epoch, loss: f.train.loss, val_loss: f.val.val_loss, seconds: f.seconds, lr: opts.optimizer.lr };
  if (f.train.accuracy !== undefined) row.accuracy = f.train.accuracy;
  if (f.val.val_accuracy !== undefined) row.val_accuracy = f.val.val_accuracy;
  const extra = opts.extraFields ?? [];
  if (extra.includes('train_seconds')) row.train_seconds = f.trainSeconds;
  if (extra.includes('val_seconds')) row.val_seconds = f.valSeconds;
  if (extra.includes('best')) row.best = f.best;
  return row;
}

const flagNote = (opts: { learningRateFlag?: string }) => (opts.learningRateFlag ? ` (${opts.learningRateFlag})` : '');
const fmt = (x: number) => (Number.isFinite(x) ? x.toPrecision(4) : String(x));

function checkLoopOptions<B>(opts: TrainModelOptions<B>): void {
  const bad = (what: string) => new Error(`trainModel: ${what}`);
  if (!(Number.isInteger(opts.epochs) && opts.epochs >= 1)) throw bad(`epochs must be an integer ≥ 1, got ${opts.epochs}`);
  for (const key of ['batches', 'step', 'validate'] as const) if (typeof opts[key] !== 'function') throw bad(`${key} must be a function`);
  resolveStopping(opts.stopping, opts.monitor ?? VAL_LOSS);
  if (opts.reduceLr) {
    const { factor, patience, minLr } = opts.reduceLr;
    if (!(factor > 0 && factor < 1) || !(Number.isInteger(patience) && patience >= 1) || !(minLr >= 0)) {
      throw bad(`reduceLr needs 0 < factor < 1, an integer patience ≥ 1 and minLr ≥ 0, got ${JSON.stringify(opts.reduceLr)}`);
    }
  }
  const known: readonly string[] = ['train_seconds', 'val_seconds', 'best'];
  for (const f of opts.extraFields ?? []) if (!known.includes(f)) throw bad(`extraFields: unknown field "${f}"; use ${known.join(', ')}`);
}
