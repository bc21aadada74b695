import { fastGru, quietOrthogonal, seededInitializers, tf, seededDropout } from '../engine';
import { deriveSeed } from '../random';

export interface NidsModelOptions {
  /** Features per flow (F). */
  inputDim: number;
  /** Flows per sequence (T); 1 as the original. */
  seqLen: number;
  hiddenSize: number;
  numClasses: number;
  /** Dropout after the GRU, in [0, 1). */
  dropout: number;
  seed: number;
}

/**
 * The original's light GRU classifier `[batch, seqLen, F] → logits [batch, numClasses]`:
 * input projection Dense(hidden, no bias) on every flow → GRU(hidden, no bias; its last state) →
 * Dropout → Dense(numClasses, no bias). Logits, not probabilities: softmax lives in the loss and in
 * scoring. The GRU is lib/engine's FastGRU with useBias false (PyTorch's bias=False). Pure and silent.
 */
export function buildNidsModel(o: NidsModelOptions): tf.LayersModel {
  checkOptions(o);
  const init = seededInitializers(o.seed);
  const input = tf.input({ shape: [o.seqLen, o.inputDim], name: 'flows' });
  let h = tf.layers.dense({ units: o.hiddenSize, useBias: false, kernelInitializer: init.glorotUniform(), name: 'input_projection' }).apply(input) as tf.SymbolicTensor;
  const gru = fastGru({ units: o.hiddenSize, useBias: false, kernelInitializer: init.glorotUniform(), recurrentInitializer: init.orthogonal(), name: 'gru' });
  h = quietOrthogonal(() => gru.apply(h) as tf.SymbolicTensor);
  if (o.dropout > 0) h = seededDropout({ rate: o.dropout, seed: deriveSeed(o.seed, 'dropout'), name: 'dropout' }).apply(h) as tf.SymbolicTensor;
  const logits = tf.layers.dense({ units: o.numClasses, useBias: false, kernelInitializer: init.glorotUniform(), name: 'classifier' }).apply(h) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: logits, name: 'gru_nids' });
}

/**
 * The linear baseline: softmax regression on the flattened sequence (the flow's own features when
 * seq_len is 1), `[batch, seqLen, F] → logits [batch, numClasses]`: one Dense with bias. Pure and silent.
 */
export function buildSoftmaxRegression(o: Pick<NidsModelOptions, 'inputDim' | 'seqLen' | 'numClasses' | 'seed'>): tf.LayersModel {
  const init = seededInitializers(o.seed);
  const input = tf.input({ shape: [o.seqLen, o.inputDim], name: 'flows' });
  const flat = tf.layers.flatten({ name: 'flatten' }).apply(input) as tf.SymbolicTensor;
  const logits = tf.layers.dense({ units: o.numClasses, kernelInitializer: init.glorotUniform(), name: 'softmax_regression' }).apply(flat) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: logits, name: 'softmax_regression' });
}

/** Layer name, class, output shape and parameter count per layer (model_info.json). */
export function layerSummary(model: tf.LayersModel): { name: string; class: string; output_shape: unknown; params: number }[] {
  return model.layers.map((l) => ({ name: l.name, class: l.getClassName(), output_shape: l.outputShape, params: l.countParams() }));
}

function checkOptions(o: NidsModelOptions): void {
  const posInt = (v: unknown) => Number.isInteger(v) && (v as number) >= 1;
  for (const key of ['inputDim', 'seqLen', 'hiddenSize', 'numClasses'] as const) {
    if (!posInt(o[key])) throw new Error(`buildNidsModel: ${key} must be a positive integer, got ${JSON.stringify(o[key])}`);
  }
  if (o.numClasses < 2) throw new Error(`buildNidsModel: numClasses must be ≥ 2, got ${o.numClasses}`);
  if (!(o.dropout >= 0 && o.dropout < 1)) throw new Error(`buildNidsModel: dropout must be in [0, 1), got ${o.dropout}`);
}
