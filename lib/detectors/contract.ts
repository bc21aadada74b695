/**
 * The one detector contract (STYLE 6): fit on training samples, score with higher = more anomalous
 * (one finite score per sample), thresholds from validation scores by the caller (evaluate.ts), and a
 * self-describing saved folder (`detector.json`: kind, config, expected input shape, the fitted
 * preprocessing it expects, fit facts) that `loadDetector` reads back to the same scores, bit for bit.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readJson, writeJson } from '../io/files';
import type { EpochRecord, TrainingCallbacks } from '../train';
import type { Samples } from './samples';

export const DETECTOR_FILE = 'detector.json';
export const DETECTOR_FORMAT = 'seqsentry.detector/1';

export interface FitOptions {
  /** Validation samples (benign): the autoencoders' early stopping and best checkpoint; ignored by the others. */
  val?: Samples;
  callbacks?: TrainingCallbacks;
  log?: (line: string) => void;
  /** How the caller sets the learning rate (named if training diverges), e.g. `--train.learning_rate`. */
  learningRateFlag?: string;
}

/** What fitting produced besides the fitted state. */
export interface FitReport {
  /** Facts for the metrics record as `<detector>.train.<fact>` (fit windows, components, …). */
  facts: Record<string, number>;
  /** Networks: one row per epoch, and why training stopped. */
  history?: EpochRecord[];
  stoppedReason?: string;
  seconds: number;
}

/** `detector.json`: everything needed to load a detector and know what it expects. */
export interface DetectorDescription {
  format: typeof DETECTOR_FORMAT;
  kind: string;
  /** The detector's own settings (architecture, training, representation, seed). */
  config: Record<string, unknown>;
  /** Shape of one input sample (`[T, F]` windows or `[d]` rows); null before fitting. */
  input: { shape: number[] } | null;
  /** The fitted preprocessing the inputs must have gone through (a pipeline's scaler, encoder, …), or null. */
  preprocessing: unknown;
  facts: Record<string, number>;
  /** Trainable parameters of a network. */
  parameters?: number;
}

export interface Detector {
  readonly kind: string;
  /** Learn from training samples (benign by the pipelines' convention). */
  fit(train: Samples, opts?: FitOptions): Promise<FitReport>;
  /** One finite score per sample, higher = more anomalous. */
  score(x: Samples): Promise<Float64Array>;
  /** Write the fitted detector into `dir` (its own folder; replaced). */
  save(dir: string): Promise<void>;
  describe(): DetectorDescription;
  /** The preprocessing the inputs went through, saved with the detector (set by the pipeline before save). */
  preprocessing: unknown;
  /** Free what the detector holds (networks' weights). */
  dispose(): void;
}

/** Write `detector.json` into `dir` (created if needed). */
export function writeDescription(dir: string, d: DetectorDescription): void {
  writeJson(path.join(dir, DETECTOR_FILE), d);
}

/** Read and check `dir/detector.json`, naming the folder in every error. */
export function readDescription(dir: string): DetectorDescription {
  if (!fs.existsSync(path.join(dir, DETECTOR_FILE))) throw new Error(`no saved detector in ${dir}: ${DETECTOR_FILE} is missing (save it with detector.save(dir))`);
  const d = readJson<DetectorDescription>(path.join(dir, DETECTOR_FILE), 'detector description');
  if (d.format !== DETECTOR_FORMAT) throw new Error(`${path.join(dir, DETECTOR_FILE)}: format "${String(d.format)}" is not ${DETECTOR_FORMAT}`);
  if (typeof d.kind !== 'string' || typeof d.config !== 'object' || d.config === null) throw new Error(`${path.join(dir, DETECTOR_FILE)}: needs a kind and a config`);
  return d;
}

/** Throw unless `x`'s sample shape is `want` (what the detector was fitted on). */
export function checkInputShape(who: string, x: Samples, want: readonly number[] | undefined): void {
  if (!want) throw new Error(`${who}: call fit() (or load a fitted detector) before score()`);
  if (x.shape.length !== want.length || x.shape.some((v, i) => v !== want[i])) {
    throw new Error(`${who}: samples have shape [${x.shape}] but the detector was fitted on [${want}]`);
  }
}

/** Every score finite, else an error naming the first bad sample. */
export function checkScores(who: string, scores: Float64Array): Float64Array {
  const bad = scores.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new Error(`${who}: non-finite score ${scores[bad]} for sample ${bad}`);
  return scores;
}
