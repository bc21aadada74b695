/**
 * Workload 3: the SmartNetGuard L1 Conv1D autoencoder (lib/models/conv1d-ae.ts buildL1Model, defaults: filters
 * 256→128→64→32, kernel 3, LayerNorm, bottleneck 8 with squeeze-and-excitation, skip) on 2,048 random
 * windows × 112 × 32: one training epoch at batch 128 through lib/train trainAutoencoder (Huber δ 1, AdamW
 * lr 1e-3 wd 1e-4 with biases and norm parameters exempt, clipnorm 1, 64 validation windows), and scoring
 * all 2,048 windows with reconstructionErrors at batch 256. Skips, saying so, while lib/models/conv1d-ae.ts is absent.
 * Run: npm run bench -- --only conv1d-ae
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { reconstructionErrors, type tf } from '../lib/engine';
import { trainAutoencoder } from '../lib/train';
import { benchArgs, measure, randomHostArray, setupEngine, skip } from './harness';
import workloads from './workloads.json';

const W = workloads['conv1d-ae'];
const MODEL_FILE = path.resolve(__dirname, '..', 'lib', 'l1', 'model.ts');

type BuildL1 = (o: { window: number; features: number; seed: number }) => tf.LayersModel;

async function main(): Promise<void> {
  const args = benchArgs();
  await setupEngine();
  if (!fs.existsSync(MODEL_FILE)) {
    for (const w of ['conv1d-ae epoch b128', 'conv1d-ae score b256']) await skip(w, 'windows/s', 'lib/models/conv1d-ae.ts not present');
    return;
  }
  // A computed path keeps the typecheck independent of whether lib/l1 exists yet.
  const modelPath = '../lib/models/conv1d-ae';
  const { buildL1Model } = (await import(modelPath)) as { buildL1Model: BuildL1 };
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
  model.dispose();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
