/**
 * Workload 1: one training epoch of the GRU-SAE autoencoder (lib/models/gru-sae.ts, FastGRU, units
 * 64,32 / 32,64, dropout 0.1) on 4,096 random sequences × 20 steps × 32 features, at batch 64 and 256,
 * through the real shared loop (lib/train trainAutoencoder, Adam lr 1e-3, clipnorm 1.0, MSE). One run =
 * one `trainAutoencoder` call with epochs 1 and a 64-sequence validation set (the PyTorch peer does the
 * same validation pass); then both again with `workers: 2` (data parallelism, ours only).
 * Run: npm run bench -- --only gru-ae
 */
import { buildGruSae } from '../lib/models/gru-sae';
import { trainAutoencoder } from '../lib/train';
import { benchArgs, measure, randomHostArray, setupEngine } from './harness';
import workloads from './workloads.json';

const W = workloads['gru-ae'];

async function main(): Promise<void> {
  const args = benchArgs();
  await setupEngine();
  const train = randomHostArray([W.n, W.seq_len, W.features], W.seed);
  const val = randomHostArray([W.val, W.seq_len, W.features], W.seed + 1);
  // Data parallelism (train.workers): the same epochs over 2 replicas (main thread + 1 worker thread).
  const runs = [...W.batch_sizes.map((b) => [b, 1]), ...W.batch_sizes.map((b) => [b, 2])];
  for (const [batchSize, workers] of runs) {
    const model = buildGruSae({
      inputDim: W.features, seqLen: W.seq_len, encoderUnits: W.encoder_units, decoderUnits: W.decoder_units, dropout: W.dropout, seed: W.seed,
    });
    let lastLoss = NaN;
    await measure({
      workload: `gru-ae epoch b${batchSize}${workers > 1 ? ` workers ${workers}` : ''}`, items: W.n, unit: 'seq/s', args,
      run: async () => {
        const r = await trainAutoencoder(model, {
          train, val, epochs: 1, batchSize, learningRate: W.learning_rate, clipnorm: W.clipnorm, stopping: { strategy: 'none' }, seed: W.seed, workers,
        });
        lastLoss = r.history[0].loss;
      },
      detail: () => ({ shape: [W.n, W.seq_len, W.features], batch_size: batchSize, workers, params: model.countParams(), last_epoch_loss: lastLoss }),
    });
    model.dispose();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
