/**
 * Profile one training step (and one scoring batch) with tf.profile: kernel calls by name, their
 * summed kernel time, and wall ms per step. Not a bench (the runner does not pick it up).
 * Run: npx tsx bench/profile-step.ts [--model gru|conv1d] [--batch 64] [--steps 5] [--top 15] [--layer fast|tfjs]
 */
import { tf, adam, adamw } from '../lib/engine';
import { buildGruSae } from '../lib/models/gru-sae';
import { perSampleError } from '../lib/train';
import { flag, median, randomHostArray, setupEngine } from './harness';
import workloads from './workloads.json';

interface Row { name: string; calls: number; ms: number }

function summarise(kernels: { name: string; kernelTimeMs: number | { error: string } }[]): Row[] {
  const by = new Map<string, Row>();
  for (const k of kernels) {
    const row = by.get(k.name) ?? { name: k.name, calls: 0, ms: 0 };
    row.calls++;
    row.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    by.set(k.name, row);
  }
  return [...by.values()].sort((a, b) => b.ms - a.ms);
}

/** Per kernel name: the calls of the first profile and the median summed time over all profiles. */
function medianRows(profiles: Row[][]): Row[] {
  const names = new Set(profiles.flatMap((p) => p.map((r) => r.name)));
  const rows = [...names].map((name) => {
    const got = profiles.map((p) => p.find((r) => r.name === name));
    return { name, calls: got.find((r) => r)!.calls, ms: median(got.map((r) => r?.ms ?? 0)) };
  });
  return rows.sort((a, b) => b.ms - a.ms);
}

async function buildModel(kind: string): Promise<{ model: tf.LayersModel; shape: number[]; loss: ReturnType<typeof perSampleError>; opt: ReturnType<typeof adam> }> {
  if (kind === 'gru') {
    const W = workloads['gru-ae'];
    const model = buildGruSae({
      inputDim: W.features, seqLen: W.seq_len, encoderUnits: W.encoder_units, decoderUnits: W.decoder_units, dropout: W.dropout, seed: W.seed,
      recurrentLayer: flag('layer', 'fast') as 'fast' | 'tfjs',
    });
    return { model, shape: [W.seq_len, W.features], loss: perSampleError('mse'), opt: adam({ learningRate: W.learning_rate, clipnorm: W.clipnorm }) };
  }
  const W = workloads['conv1d-ae'];
  const l1Path = '../lib/models/conv1d-ae';
  const mod = (await import(l1Path)) as { buildL1Model: (o: { window: number; features: number; seed: number }) => tf.LayersModel };
  const model = mod.buildL1Model({ window: W.window, features: W.features, seed: W.seed });
  return {
    model, shape: [W.window, W.features], loss: perSampleError({ huber: W.huber_delta }),
    opt: adamw({ learningRate: W.learning_rate, weightDecay: W.weight_decay, clipnorm: W.clipnorm, excludeFromWeightDecay: ['bias', 'gamma', 'beta'] }),
  };
}

async function main(): Promise<void> {
  await setupEngine();
  const kind = flag('model', 'gru');
  const batch = Number(flag('batch', kind === 'gru' ? '64' : '128'));
  const steps = Number(flag('steps', '7'));
  const top = Number(flag('top', '15'));
  const { model, shape, loss, opt } = await buildModel(kind);
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const host = randomHostArray([batch, ...shape], 1);
  const x = tf.tensor(host.data, host.shape);
  const step = () => tf.tidy(() => {
    const cost = opt.minimize(() => tf.mean(loss(x, model.apply(x, { training: true }) as tf.Tensor)) as tf.Scalar, true, vars)!;
    return cost;
  });
  const score = () => tf.tidy(() => tf.mean(tf.squaredDifference(model.predict(x, { batchSize: batch }) as tf.Tensor, x), shape.map((_, i) => i + 1)));
  for (let i = 0; i < 2; i++) { step().dataSync(); score().dataSync(); }
  // This machine shares its cores (steal time): every number is the median over `steps` repeats.
  for (const [what, f] of [['train step', step], ['scoring batch', score]] as const) {
    const walls: number[] = [];
    for (let i = 0; i < steps; i++) {
      const t0 = performance.now();
      f().dataSync();
      walls.push(performance.now() - t0);
    }
    const profiles: Row[][] = [];
    for (let i = 0; i < steps; i++) profiles.push(summarise((await tf.profile(() => { f().dataSync(); })).kernels as never));
    const all = medianRows(profiles);
    // Scopes (customGrad forwards: 'unnamed scope', fused ops: '*__op') contain other kernels: leave them out of the totals.
    const isScope = (n: string) => n === 'unnamed scope' || n.endsWith('__op');
    const rows = all.filter((r) => !isScope(r.name));
    const scopes = all.filter((r) => isScope(r.name));
    const calls = rows.reduce((s, r) => s + r.calls, 0);
    const ms = rows.reduce((s, r) => s + r.ms, 0);
    console.log(`\n${kind} ${what}, batch ${batch}: ${median(walls).toFixed(1)} ms/step wall (median of ${steps}); ${calls} kernel calls, ${ms.toFixed(1)} ms summed kernel time (per-kernel medians)`);
    if (scopes.length) console.log(`(scopes, nested, not in totals: ${scopes.map((r) => `${r.name} ×${r.calls} ${r.ms.toFixed(1)} ms`).join('; ')})`);
    console.log(`${'kernel'.padEnd(24)} ${'calls'.padStart(6)} ${'ms'.padStart(8)} ${'ms/call'.padStart(8)} share`);
    for (const r of rows.slice(0, top)) {
      console.log(`${r.name.padEnd(24)} ${String(r.calls).padStart(6)} ${r.ms.toFixed(1).padStart(8)} ${(r.ms / r.calls).toFixed(3).padStart(8)} ${((100 * r.ms) / ms).toFixed(1)}%`);
    }
  }
  model.dispose();
  x.dispose();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
