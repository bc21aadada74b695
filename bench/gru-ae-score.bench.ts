/**
 * Workload 2: scoring all 4,096 sequences (20 × 32) of workload 1 with the GRU-SAE (FastGRU, units
 * 64,32 / 32,64) through lib/engine reconstructionErrors (per-sequence MSE, host array in, Float32Array
 * out), at batch 256 (its default) and 1024 (the GRU-SAE's eval.batch_size). Weights are the seeded
 * initial ones: scoring costs the same whatever they are. Then the same through ONNX Runtime (the model
 * exported by lib/onnx, its score head; `score ort`), the engine the detectors score with where they export.
 * Run: npm run bench -- --only gru-ae-score
 */
import { reconstructionErrors, tf } from '../lib/engine';
import { buildGruSae } from '../lib/models/gru-sae';
import { benchArgs, measure, ortScorer, randomHostArray, setupEngine } from './harness';
import workloads from './workloads.json';

const W = workloads['gru-ae'];

async function main(): Promise<void> {
  const args = benchArgs();
  await setupEngine();
  const x = randomHostArray([W.n, W.seq_len, W.features], W.seed);
  const model = buildGruSae({
    inputDim: W.features, seqLen: W.seq_len, encoderUnits: W.encoder_units, decoderUnits: W.decoder_units, dropout: W.dropout, seed: W.seed,
  });
  for (const batchSize of workloads['gru-ae-score'].batch_sizes) {
    const before = tf.memory().numTensors;
    let mean = NaN;
    await measure({
      workload: `gru-ae score b${batchSize}`, items: W.n, unit: 'seq/s', args,
      run: async () => {
        const errs = await reconstructionErrors(model, x, { batchSize });
        mean = errs.reduce((a, b) => a + b, 0) / errs.length;
      },
      detail: () => ({ batch_size: batchSize, mean_error: mean, leaked_tensors: tf.memory().numTensors - before }),
    });
  }
  const ort = await ortScorer(model, { kind: 'reconstruction', reduction: 'mean' });
  for (const batchSize of workloads['gru-ae-score'].batch_sizes) {
    let mean = NaN;
    await measure({
      workload: `gru-ae score ort b${batchSize}`, items: W.n, unit: 'seq/s', args,
      run: async () => {
        const s = await ort.score(x, batchSize);
        mean = s.reduce((a, b) => a + b, 0) / s.length;
      },
      detail: () => ({ batch_size: batchSize, mean_error: mean, engine: ort.label }),
    });
  }
  await ort.release();
  model.dispose();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
