/**
 * Fine-tuning on hard normals: validation-prefix windows that are normal (no attack row in the window) and
 * at least `margin` windows away from any attack window, the highest-error share of them, trained on for a
 * few epochs at a lower rate. Only the validation prefix's labels are read, never the final split's.
 */
import { tf, type HostArray } from '../../engine';
import { deriveSeed } from '../../random';
import { trainAutoencoder, type EpochRecord } from '../../train';
import type { L1Config } from '../config';
import { gatherWindows, type Series } from '../../features';

/** `mask` dilated by `margin` on both sides: 1 where any set element lies within `margin` positions. */
export function dilateMask(mask: Uint8Array, margin: number): Uint8Array {
  const out = new Uint8Array(mask.length);
  let last = -Infinity;
  for (let i = 0; i < mask.length; i++) {
    if (mask[i]) last = i;
    if (i - last <= margin) out[i] = 1;
  }
  last = Infinity;
  for (let i = mask.length - 1; i >= 0; i--) {
    if (mask[i]) last = i;
    if (last - i <= margin) out[i] = 1;
  }
  return out;
}

export interface HardNormals {
  /** Window indices (into the validation prefix), highest error first. */
  indices: Int32Array;
  /** Normal windows far from attacks, before the top-share cut. */
  safeNormals: number;
}

/** Pick hard normals among windows [0, valEnd) from their any-in-window labels and errors. */
export function selectHardNormals(errors: Float64Array, any: Uint8Array, valEnd: number, cfg: L1Config['finetune']): HardNormals {
  const near = dilateMask(any.subarray(0, valEnd), cfg.margin);
  const safe: number[] = [];
  for (let i = 0; i < valEnd; i++) if (!near[i]) safe.push(i);
  safe.sort((a, b) => errors[b] - errors[a] || a - b);
  const take = Math.min(cfg.max_windows, Math.ceil(safe.length * cfg.top_share));
  return { indices: Int32Array.from(safe.slice(0, take)), safeNormals: safe.length };
}

export interface FinetuneResult {
  history: EpochRecord[];
  windows: number;
  learningRate: number;
  seconds: number;
}

/** Train `model` in place on the hard-normal windows (test starts = window indices), validating on the training holdout windows. */
export async function finetuneL1(model: tf.LayersModel, test: Series, hard: HardNormals, holdout: HostArray, cfg: L1Config): Promise<FinetuneResult> {
  if (hard.indices.length === 0) throw new Error('fine-tuning found no hard normals in the validation prefix (all windows are near attacks); lower finetune.margin or set finetune.enabled false');
  const T = cfg.preprocess.window;
  const lr = cfg.train.learning_rate * cfg.finetune.lr_factor;
  const r = await trainAutoencoder(model, {
    train: gatherWindows(test, T, hard.indices),
    val: holdout,
    epochs: cfg.finetune.epochs,
    batchSize: Math.min(cfg.train.batch_size, hard.indices.length),
    learningRate: lr,
    weightDecay: cfg.train.weight_decay,
    clipnorm: cfg.train.clipnorm,
    lossFn: { huber: cfg.train.huber_delta },
    stopping: { strategy: 'none', restore_best: false },
    seed: deriveSeed(cfg.seed, 'l1-finetune'),
    learningRateFlag: '--finetune.lr_factor',
  });
  return { history: r.history, windows: hard.indices.length, learningRate: lr, seconds: r.seconds };
}
