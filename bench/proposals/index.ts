/**
 * Engine changes proposed for files the bench does not own (lib/engine/*), applied only when a bench
 * runs with `--proposals`, so their effect is measured on the same workloads before they land. Which
 * ones: `$SEQSENTRY_PROPOSALS` (comma-separated names below; default DEFAULT_PROPOSALS). Results name them in their
 * backend label.
 */
import { FastGRU, tf } from '../../lib/engine';
import { registerNoCopySlices } from './wasm-slice';
import { registerConv1dFilterGrad } from './conv-filter';
import { gruSequenceV2, type GruV2Options } from './gru-v2';

export const PROPOSALS = ['slices', 'convfilter', 'tanh', 'dbsum', 'presplit'] as const;
type Proposal = (typeof PROPOSALS)[number];
/** What `--proposals` applies by default: `presplit` measured no gain (±5%, noise), so it is opt-in. */
export const DEFAULT_PROPOSALS: Proposal[] = ['slices', 'convfilter', 'tanh', 'dbsum'];

/** Apply the chosen proposals; returns their names. */
export function applyProposals(names: string | undefined = process.env.SEQSENTRY_PROPOSALS): string[] {
  const chosen = (names ? names.split(',').map((s) => s.trim()).filter(Boolean) : [...DEFAULT_PROPOSALS]) as Proposal[];
  const unknown = chosen.filter((n) => !PROPOSALS.includes(n));
  if (unknown.length) throw new Error(`SEQSENTRY_PROPOSALS: unknown ${unknown.join(', ')}; use any of ${PROPOSALS.join(', ')}`);
  if (chosen.includes('slices')) registerNoCopySlices();
  if (chosen.includes('convfilter')) registerConv1dFilterGrad();
  const gru: GruV2Options = { tanhViaSigmoid: chosen.includes('tanh'), biasGradByMatmul: chosen.includes('dbsum'), presplit: chosen.includes('presplit') };
  if (gru.tanhViaSigmoid || gru.biasGradByMatmul || gru.presplit) patchFastGru(gru);
  return chosen;
}

/** Route FastGRU.call through gruSequenceV2 (its weights are private fields: read them by name). */
function patchFastGru(o: GruV2Options): void {
  type Fields = { kernel: tf.LayerVariable; recurrentKernel: tf.LayerVariable; bias: tf.LayerVariable | null; returnSequences: boolean };
  FastGRU.prototype.call = function (this: FastGRU, inputs: tf.Tensor | tf.Tensor[], kwargs: tf.serialization.ConfigDict = {}): tf.Tensor {
    const f = this as unknown as Fields;
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor3D;
    return gruSequenceV2(x, f.kernel.read() as tf.Tensor2D, f.recurrentKernel.read() as tf.Tensor2D, f.bias ? (f.bias.read() as tf.Tensor2D) : null, f.returnSequences, kwargs.training !== true, o);
  };
}
