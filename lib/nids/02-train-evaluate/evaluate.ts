/** Scoring and metrics: class probabilities, the multi-class report, and the attack-vs-benign view. */
import { tf } from '../../engine';
import { averagePrecision, classificationReport, multiclassConfusion, rocAuc, type ClassificationReport, type MulticlassConfusion } from '../../eval';
import type { NidsSplit } from '../01-prepare/data';
import { epochBatches, sequenceEnds, shardTensors } from './shards';

/** Class probabilities [m, k] row-major for the m sequences of a split (ends seqLen−1 … n−1), and their labels. */
export interface Scored {
  probs: Float32Array;
  k: number;
  yTrue: Int32Array;
  /** Wall time of the forward passes, s. */
  seconds: number;
}

/** Softmax probabilities for every sequence of `split`, batched, one read per batch; leaks no tensors. */
export async function predictProba(model: tf.LayersModel, split: NidsSplit, o: { nFeatures: number; seqLen: number; batchSize: number }): Promise<Scored> {
  const ends = sequenceEnds(split.n, o.seqLen);
  const k = (model.outputs[0].shape as number[])[1];
  const probs = new Float32Array(ends.length * k);
  const t0 = performance.now();
  let offset = 0;
  for (const [shard] of epochBatches(ends, { batchSize: o.batchSize, rng: null })) {
    const p = tf.tidy(() => tf.softmax(model.apply(shardTensors(split, o.nFeatures, o.seqLen, shard.rows).x, { training: false }) as tf.Tensor2D));
    probs.set(await p.data(), offset);
    offset += shard.rows.length * k;
    p.dispose();
  }
  return { probs, k, yTrue: Int32Array.from(ends, (r) => split.y[r]), seconds: (performance.now() - t0) / 1000 };
}

/** Arg-max class per row of [m, k] probabilities. */
export function argmaxRows(probs: Float32Array, k: number): Int32Array {
  const m = probs.length / k;
  const out = new Int32Array(m);
  for (let i = 0; i < m; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (probs[i * k + c] > probs[i * k + best]) best = c;
    out[i] = best;
  }
  return out;
}

export interface ClassifierEvaluation {
  report: ClassificationReport;
  confusion: MulticlassConfusion;
  /** Flat record: accuracy, macro_/weighted_ precision/recall/f1, binary_* (attack vs benign), f1@<class> per class. */
  metrics: Record<string, number>;
}

/**
 * sklearn's classification_report without `labels=`: only classes that occur in the truth or the
 * predictions (a time-ordered test split often lacks some attack classes; they are not averaged in
 * as zeros). A class predicted but absent from the truth stays in, with precision 0.
 */
export function reportOverPresentClasses(yTrue: Int32Array, yPred: Int32Array, classNames: string[]): ClassificationReport {
  const k = classNames.length;
  const seen = new Uint8Array(k);
  for (let i = 0; i < yTrue.length; i++) seen[yTrue[i]] = seen[yPred[i]] = 1;
  if (seen.every((v) => v === 1)) return classificationReport(yTrue, yPred, classNames);
  const present = classNames.map((_, c) => c).filter((c) => seen[c]);
  const map = new Int32Array(k).fill(-1);
  present.forEach((c, i) => (map[c] = i));
  return classificationReport(yTrue.map((c) => map[c]), yPred.map((c) => map[c]), present.map((c) => classNames[c]));
}

/**
 * Multi-class report (classes present in truth or predictions) and confusion matrix (all classes), plus the binary attack-vs-benign
 * view: score 1 − P(benign), label "not benign"; ROC-AUC and AP need both kinds in the split (else left
 * out), precision/recall/F1 are those of "predicted class is not benign".
 */
export function evaluateClassifier(s: Scored, classNames: string[], benignIndex: number | null): ClassifierEvaluation {
  const yPred = argmaxRows(s.probs, s.k);
  const report = reportOverPresentClasses(s.yTrue, yPred, classNames);
  const confusion = multiclassConfusion(s.yTrue, yPred, classNames);
  const metrics: Record<string, number> = {
    accuracy: report.accuracy,
    macro_precision: report.macroAvg.precision, macro_recall: report.macroAvg.recall, macro_f1: report.macroAvg.f1,
    weighted_precision: report.weightedAvg.precision, weighted_recall: report.weightedAvg.recall, weighted_f1: report.weightedAvg.f1,
    samples: s.yTrue.length,
  };
  if (benignIndex !== null) Object.assign(metrics, binaryView(s, yPred, benignIndex));
  Object.assign(metrics, perClassF1(report));
  return { report, confusion, metrics };
}

/** `f1@<class>` per class of the report, the class name as a key parameter (`Web Attack - XSS` → `f1@web_attack_xss`). */
export function perClassF1(report: ClassificationReport): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of report.classes) {
    const slug = c.name.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '') || 'class';
    let key = `f1@${slug}`;
    for (let i = 2; key in out; i++) key = `f1@${slug}_${i}`;
    out[key] = c.f1;
  }
  return out;
}

function binaryView(s: Scored, yPred: Int32Array, b: number): Record<string, number> {
  const m = s.yTrue.length;
  const labels = Uint8Array.from(s.yTrue, (y) => (y === b ? 0 : 1));
  const scores = Float64Array.from({ length: m }, (_, i) => 1 - s.probs[i * s.k + b]);
  let tp = 0, fp = 0, fn = 0;
  for (let i = 0; i < m; i++) {
    const p = yPred[i] !== b;
    if (p && labels[i]) tp++;
    else if (p) fp++;
    else if (labels[i]) fn++;
  }
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  const out: Record<string, number> = {
    binary_precision: precision, binary_recall: recall, binary_f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0,
    binary_attack_share: labels.reduce((a, v) => a + v, 0) / m,
  };
  const positives = labels.reduce((a, v) => a + v, 0);
  if (positives > 0 && positives < m) {
    out.binary_roc_auc = rocAuc(labels, scores);
    out.binary_average_precision = averagePrecision(labels, scores);
  }
  return out;
}

/** sklearn's classification_report(output_dict=True) layout: per class, accuracy, macro avg, weighted avg. */
export function reportDict(r: ClassificationReport): Record<string, unknown> {
  const row = (s: { precision: number; recall: number; f1: number; support: number }) => ({ precision: s.precision, recall: s.recall, 'f1-score': s.f1, support: s.support });
  return {
    ...Object.fromEntries(r.classes.map((c) => [c.name, row(c)])),
    accuracy: r.accuracy,
    'macro avg': row(r.macroAvg),
    'weighted avg': row(r.weightedAvg),
  };
}
