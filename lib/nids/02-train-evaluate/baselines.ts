/** Baselines on the same split: the majority class, and softmax regression (a linear model) on the flattened sequence (the flow itself at seq_len 1). */
import { classCounts, type NidsData } from '../01-prepare/data';
import { evaluateClassifier, predictProba, type ClassifierEvaluation, type Scored } from './evaluate';
import { buildSoftmaxRegression } from '../../models/gru-classifier';
import { sequenceEnds } from './shards';
import { trainNidsClassifier } from './train';

export interface BaselineOptions {
  seqLen: number;
  seed: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  evalBatchSize: number;
}

/** Always the most frequent training class (probability 1): what "no model" gets. */
export function majorityBaseline(d: NidsData, seqLen: number): { evaluation: ClassifierEvaluation; majority: string } {
  const k = d.indexer.labels.length;
  const counts = classCounts(d.train.y, k);
  const top = counts.indexOf(Math.max(...counts));
  const ends = sequenceEnds(d.test.n, seqLen);
  const probs = new Float32Array(ends.length * k);
  for (let i = 0; i < ends.length; i++) probs[i * k + top] = 1;
  const scored: Scored = { probs, k, yTrue: Int32Array.from(ends, (r) => d.test.y[r]), seconds: 0 };
  return { evaluation: evaluateClassifier(scored, d.indexer.labels, d.benignIndex), majority: d.indexer.labels[top] };
}

/** Softmax regression trained with the same weighted loss and loop (fixed epochs, AdamW without decay). */
export async function softmaxRegressionBaseline(d: NidsData, o: BaselineOptions): Promise<{ evaluation: ClassifierEvaluation; seconds: number }> {
  const model = buildSoftmaxRegression({ inputDim: d.nFeatures, seqLen: o.seqLen, numClasses: d.indexer.labels.length, seed: o.seed });
  try {
    const t0 = performance.now();
    await trainNidsClassifier(model, {
      train: d.train, val: d.val, nFeatures: d.nFeatures, seqLen: o.seqLen, epochs: o.epochs, batchSize: o.batchSize,
      learningRate: o.learningRate, weightDecay: 0, clipnorm: 1, patience: 0, seed: o.seed, evalBatchSize: o.evalBatchSize,
    });
    const scored = await predictProba(model, d.test, { nFeatures: d.nFeatures, seqLen: o.seqLen, batchSize: o.evalBatchSize });
    return { evaluation: evaluateClassifier(scored, d.indexer.labels, d.benignIndex), seconds: (performance.now() - t0) / 1000 };
  } finally {
    model.dispose();
  }
}
