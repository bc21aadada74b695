/**
 * Workload 4: one training epoch of the GRU NIDS classifier (lib/models/gru-classifier.ts buildNidsModel: Dense(64,
 * no bias) → FastGRU(64, no bias) → Dropout(0.2) → Dense(15, no bias); seq_len 1) on 40,000 random flows
 * × 80 features with 15 classes and balanced sample weights, batch 32, through lib/nids
 * trainNidsClassifier (weighted cross-entropy, AdamW lr 0.002 wd 0.01, clipnorm 1; its per-epoch
 * validation pass runs over 1,024 flows). PyTorch peer: bench/peer/nids.py. Run: npm run bench -- --only nids
 */
import { buildNidsModel } from '../lib/models/gru-classifier';
import { trainNidsClassifier } from '../lib/nids/02-train-evaluate/train';
import { createRng } from '../lib/random';
import { benchArgs, measure, randomHostArray, setupEngine } from './harness';
import workloads from './workloads.json';

const W = workloads.nids;

interface Split { x: Float32Array; y: Int32Array; w: Float32Array; n: number }

/** Random flows with labels skewed like an IDS set (class c drawn ∝ 1/(c+1)) and balanced weights. */
function flows(n: number, seed: number): Split {
  const x = randomHostArray([n, W.features], seed).data;
  const rng = createRng(seed + 1);
  const p = Array.from({ length: W.classes }, (_, c) => 1 / (c + 1));
  const classes = Array.from({ length: W.classes }, (_, c) => c);
  const y = Int32Array.from({ length: n }, () => rng.weighted(classes, p));
  const counts = new Array<number>(W.classes).fill(0);
  for (const c of y) counts[c]++;
  const w = Float32Array.from(y, (c) => n / (W.classes * counts[c]));
  return { x, y, w, n };
}

async function main(): Promise<void> {
  const args = benchArgs();
  await setupEngine();
  const train = flows(W.n, W.seed);
  const val = flows(1024, W.seed + 2);
  const model = buildNidsModel({ inputDim: W.features, seqLen: 1, hiddenSize: 64, numClasses: W.classes, dropout: 0.2, seed: W.seed });
  let lastLoss = NaN;
  await measure({
    workload: `nids epoch b${W.batch_size}`, items: W.n, unit: 'flows/s', args,
    run: async () => {
      const r = await trainNidsClassifier(model, {
        train, val, nFeatures: W.features, seqLen: 1, epochs: 1, batchSize: W.batch_size, learningRate: 0.002, weightDecay: 0.01,
        clipnorm: 1.0, patience: 0, seed: W.seed, evalBatchSize: 1024, progress: null,
      });
      lastLoss = r.history[0].loss;
    },
    detail: () => ({ flows: W.n, features: W.features, classes: W.classes, batch_size: W.batch_size, params: model.countParams(), last_epoch_loss: lastLoss }),
  });
  model.dispose();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
