/**
 * Workload 3: the SmartNetGuard L1 Conv1D autoencoder (lib/models/conv1d-ae.ts buildL1Model, defaults: filters
 * 256→128→64→32, kernel 3, LayerNorm, bottleneck 8 with squeeze-and-excitation, skip) on 2,048 random
 * windows × 112 × 32: one training epoch at batch 128 through lib/train trainAutoencoder (Huber δ 1, AdamW
 * lr 1e-3 wd 1e-4 with biases and norm parameters exempt, clipnorm 1, 64 validation windows), and scoring
 * all 2,048 windows with reconstructionErrors at batch 256, then through ONNX Runtime (the model exported by
 * lib/onnx with the detector's per-feature score head; `score ort`).
 * Run: npm run bench -- --only conv1d-ae
 */
import { reconstructionErrors } from '../lib/engine';
import { buildL1Model } from '../lib/models/conv1d-ae';
import { trainAutoencoder } from '../lib/train';
import { benchArgs, measure, ortScorer, randomHostArray, setupEngine } from './harness';
import workloads from './workloads.json';

const W = workloads['conv1d-ae'];

async function main(): Promise<void> {
  const args = benchArgs();
  await setupEngine();
  const train = randomHostArray([W.n, W.window, W.features], W.seed);
  const val = randomHostArray([W.val, W.window, W.features], W.seed + 1);
  const model = buildL1Model({ window: W.window, features: W.features, seed: W.seed });
  let lastLoss = NaN;
  await measure({
    workload: `conv1d-ae epoch b${W.batch_size}`, items: W.n, unit: 'windows/s', args,
    run: async () => {
      const r = await trainAutoencoder(model, {
        train, val, epochs: 1, batchSize: W.batch_size, learningRate: W.learning_rate, weightDecay: W.weight_decay, clipnorm: W.clipnorm,
        lossFn: { huber: W.huber_delta }, stopping: { strategy: 'none' }, seed: W.seed,
      });
      lastLoss = r.history[0].loss;
    },
    detail: () => ({ shape: [W.n, W.window, W.features], batch_size: W.batch_size, params: model.countParams(), last_epoch_loss: lastLoss }),
  });
  await measure({
    workload: `conv1d-ae score b${W.score_batch_size}`, items: W.n, unit: 'windows/s', args,
    run: () => reconstructionErrors(model, train, { batchSize: W.score_batch_size }),
    detail: () => ({ batch_size: W.score_batch_size }),
  });
  const ort = await ortScorer(model, { kind: 'reconstruction', reduction: 'feature_mean' });
  await measure({
    workload: `conv1d-ae score ort b${W.score_batch_size}`, items: W.n, unit: 'windows/s', args,
    run: () => ort.score(train, W.score_batch_size),
    detail: () => ({ batch_size: W.score_batch_size, engine: ort.label }),
  });
  await ort.release();
  model.dispose();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
