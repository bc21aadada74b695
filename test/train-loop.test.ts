import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { tf, initEngine, reconstructionErrors, type HostArray } from '../lib/engine';
import { buildDenseAutoencoder } from '../lib/models/dense-autoencoder';
import { createRng } from '../lib/random';
import {
  createStopper, resolveStopping, stepStopping, initialStoppingState, trainAutoencoder, disposeWeights,
  terminalProgress, batchLine, epochLine, combineCallbacks, perSampleError,
  type StoppingConfig, type StopDecision, type EpochRecord,
} from '../lib/train';
import { historyChart } from '../lib/viz';

before(async () => {
  await initEngine({ force: 'wasm', quiet: true });
});

/** Feed `losses` to a fresh stopper; the decisions, and the 1-based epoch it stopped at (0 = never). */
function run(cfg: StoppingConfig, losses: number[]): { decisions: StopDecision[]; stoppedAt: number; last: StopDecision } {
  const s = createStopper(cfg);
  const decisions: StopDecision[] = [];
  for (const l of losses) {
    const d = s.update(l);
    decisions.push(d);
    if (d.stop) break;
  }
  const stoppedAt = decisions.at(-1)?.stop ? decisions.length : 0;
  return { decisions, stoppedAt, last: decisions[decisions.length - 1] };
}

/** Geometric decline by `rate` per epoch from 1. */
const decline = (n: number, rate: number, start = 1) => Array.from({ length: n }, (_, i) => start * (1 - rate) ** i);

// ---------- stopping strategies (pure) ----------

test('standard: stops after exactly `patience` epochs without a new minimum, naming the best epoch', () => {
  const { stoppedAt, last, decisions } = run({ strategy: 'standard', patience: 3 }, [1, 0.8, 0.7, 0.71, 0.72, 0.69, 0.7, 0.75, 0.8, 0.9]);
  // new minimum at epoch 6 (0.69); epochs 7, 8, 9 do not improve → stop at 9.
  assert.equal(stoppedAt, 9);
  assert.equal(last.rule, 'patience');
  assert.match(last.reason, /did not improve for 3 epochs \(patience 3\); best val_loss 0\.69.* at epoch 6/);
  assert.deepEqual(decisions.map((d) => d.best), [true, true, true, false, false, true, false, false, false]);
  // equal to the best is no improvement: the wait does not reset.
  assert.equal(run({ strategy: 'standard', patience: 3 }, [1, 0.7, 0.7, 0.7, 0.7]).stoppedAt, 5);
});

test('standard: never stops while the loss keeps falling, however little', () => {
  assert.equal(run({ strategy: 'standard', patience: 1 }, decline(50, 1e-6)).stoppedAt, 0);
});

test('smart: an improvement counts only when ≥ min_improvement relative to the last one that counted', () => {
  const cfg = { strategy: 'smart', patience: 3, min_improvement: 0.005, window: 100 };
  // 0.3% per epoch: each step alone is too small, two together (0.6%) count → never 3 epochs without.
  assert.equal(run(cfg, decline(40, 0.003)).stoppedAt, 0);
  // 0.1% per epoch: 0.1, 0.2, 0.3 → stops at epoch 4 (3 epochs without a counting improvement).
  const slow = run(cfg, decline(40, 0.001));
  assert.equal(slow.stoppedAt, 4);
  assert.equal(slow.last.rule, 'patience');
  assert.match(slow.last.reason, /did not improve by at least 0\.50% for 3 epochs/);
  // best still tracks every new minimum, so restore-best gives the lowest loss
  assert.ok(slow.decisions.every((d) => d.best));
  // 0.6% per epoch counts every time
  assert.equal(run(cfg, decline(40, 0.006)).stoppedAt, 0);
});

test('smart window rule: stops once the loss fell < window_improvement over the last `window` epochs, not before', () => {
  // 0.15% per epoch: patience never fires (0.5% is reached every 4 epochs, patience 5), rate 0.15% ≥ 0.1%,
  // but 10 epochs make only ~1.5% < 2%. It needs 11 losses (10 epochs of change) to judge.
  const cfg = { strategy: 'smart', patience: 5, min_improvement: 0.005, window: 10, window_improvement: 0.02, min_rate: 0.001 };
  const r = run(cfg, decline(40, 0.0015));
  assert.equal(r.stoppedAt, 11);
  assert.equal(r.last.rule, 'window');
  assert.match(r.last.reason, /fell by only 1\.4\d% over the last 10 epochs \(needs 2\.00%\)/);
  // 10% drops up to epoch 6, then the slow phase: the window starting at epoch 6 ends at epoch 16
  const twoPhase = [...decline(5, 0.1), ...decline(30, 0.0015, 0.9 ** 5).slice(1)];
  assert.equal(run(cfg, twoPhase).stoppedAt, 16);
  // 0.25% per epoch falls 2.5% per 10 epochs: never stops
  assert.equal(run(cfg, decline(60, 0.0025)).stoppedAt, 0);
});

test('smart rate rule: stops when the mean relative change per epoch over the window is < min_rate, even after a big drop', () => {
  // epoch 2 drops 5% (window rule sees ≥ 2% in the window), then the loss creeps back up 0.45% per epoch.
  const cfg = { strategy: 'smart', patience: 100, window: 10, window_improvement: 0.02, min_rate: 0.001 };
  const losses = [1, 0.95];
  for (let i = 0; i < 20; i++) losses.push(losses[losses.length - 1] * 1.0045);
  const r = run(cfg, losses);
  assert.equal(r.stoppedAt, 11);
  assert.equal(r.last.rule, 'rate');
  assert.match(r.last.reason, /improved by 0\.(0\d|10)% per epoch on average over the last 10 epochs \(needs 0\.10%\)/);
  // the same shape with a steady 0.3%/epoch decline after the drop passes all three rules
  const good = [1, 0.95];
  for (let i = 0; i < 20; i++) good.push(good[good.length - 1] * 0.997);
  assert.equal(run({ ...cfg, patience: 5 }, good).stoppedAt, 0);
});

test('smart: rules fire in order patience → window → rate when several hold', () => {
  const flat = Array(20).fill(1);
  const r = run({ strategy: 'smart', patience: 5, window: 3 }, flat);
  assert.equal(r.stoppedAt, 4); // window (3 epochs of change) fires at epoch 4, patience would only at 6
  assert.equal(r.last.rule, 'window');
  assert.equal(run({ strategy: 'smart', patience: 2, window: 3 }, flat).last.rule, 'patience');
});

test('adaptive: an improvement must exceed adaptive_factor × the current loss', () => {
  const cfg = { strategy: 'adaptive', patience: 2, adaptive_factor: 0.01 };
  // 0.2% steps: the gain since the last counted improvement reaches 1% only after 5 epochs → stop at 3
  const small = run(cfg, decline(20, 0.002));
  assert.equal(small.stoppedAt, 3);
  assert.match(small.last.reason, /by more than 1\.00% of its value for 2 epochs/);
  // 0.6% steps add up to > 1% every second epoch: never 2 epochs without
  assert.equal(run(cfg, decline(30, 0.006)).stoppedAt, 0);
  // the threshold scales with the loss: the same absolute gain counts at small loss only
  assert.equal(run(cfg, [10, 9.97, 9.94, 9.91]).stoppedAt, 3);
  assert.equal(run(cfg, [1, 0.97, 0.94, 0.91]).stoppedAt, 0);
});

test('none: never stops, still tracks the best epoch', () => {
  const r = run({ strategy: 'none' }, [1, 2, 3, 0.5, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
  assert.equal(r.stoppedAt, 0);
  assert.deepEqual(r.decisions.map((d) => d.best).indexOf(true, 1), 3);
});

test('a NaN loss is never an improvement and does not poison the window rules', () => {
  const r = run({ strategy: 'smart', patience: 2, window: 3 }, [1, NaN, NaN]);
  assert.equal(r.stoppedAt, 3);
  assert.equal(r.last.rule, 'patience');
  assert.equal(r.decisions[1].best, false);
  assert.match(r.decisions[1].reason, /NaN/);
});

test('a metric where higher is better (val_accuracy): same rules on the negated value, sentences in the metric\'s own units', () => {
  const s = createStopper({ strategy: 'standard', patience: 2 }, { metric: 'val_accuracy', mode: 'max' });
  const d = [0.5, 0.8, 0.8, 0.7].map((v) => s.update(v));
  assert.deepEqual(d.map((x) => [x.best, x.stop]), [[true, false], [true, false], [false, false], [false, true]]);
  assert.match(d[1].reason, /^val_accuracy 0\.8000 improved 60\.00% on 0\.5000$/);
  assert.match(d[3].reason, /^val_accuracy did not improve for 2 epochs \(patience 2\); best val_accuracy 0\.8000 at epoch 2$/);
  const smart = createStopper({ strategy: 'smart', patience: 50, window: 3, window_improvement: 0.02 }, { metric: 'val_accuracy', mode: 'max' });
  const last = [0.9, 0.901, 0.902, 0.903].map((v) => smart.update(v)).at(-1)!;
  assert.equal(last.rule, 'window');
  assert.match(last.reason, /^val_accuracy rose by only 0\.33% over the last 3 epochs/);
  assert.throws(() => resolveStopping({ strategy: 'none' }, { metric: 'f1' as 'val_loss', mode: 'max' }), /monitor must be \{ metric: 'val_loss' \| 'val_accuracy'/);
});

test('stepStopping is pure: the input state is not modified', () => {
  const cfg = resolveStopping({ strategy: 'standard', patience: 2 });
  const s0 = initialStoppingState();
  const { state: s1 } = stepStopping(cfg, s0, 1);
  const frozen = JSON.stringify(s1);
  stepStopping(cfg, s1, 2);
  assert.equal(JSON.stringify(s1), frozen);
  assert.deepEqual(s0.losses, []);
});

test('resolveStopping fills defaults and rejects bad settings by name', () => {
  assert.equal(resolveStopping({ strategy: 'smart' }).window, 10);
  assert.throws(() => resolveStopping({ strategy: 'smrt' }), /strategy "smrt" is unknown; use one of standard, smart, adaptive, none/);
  assert.throws(() => resolveStopping({ strategy: 'smart', patience: 0 }), /stopping\.patience must be an integer ≥ 1, got 0/);
  assert.throws(() => resolveStopping({ strategy: 'smart', min_improvement: 1.5 }), /stopping\.min_improvement/);
});

// ---------- the shared loop ----------

/** Rank-2 data in 8 dimensions plus a little noise: an autoencoder with a 2-unit bottleneck can learn it. */
function lowRank(n: number, seed: number, dim = 8): HostArray {
  const basis = createRng(99); // one subspace for every sample set
  const w = Array.from({ length: 2 * dim }, () => basis.normal());
  const rng = createRng(seed);
  const data = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    const z = [rng.normal(), rng.normal()];
    for (let j = 0; j < dim; j++) data[i * dim + j] = z[0] * w[j] + z[1] * w[dim + j] + 0.05 * rng.normal();
  }
  return { data, shape: [n, dim] };
}

const denseModel = (seed = 3) => buildDenseAutoencoder(8, { units: [6, 2], norm: false, seed });
const mean = (a: Float32Array) => a.reduce((s, v) => s + v, 0) / a.length;

test('trainAutoencoder: a dense AE learns (loss falls), leaks no tensors, reports every epoch', async () => {
  const model = denseModel();
  const before = tf.memory().numTensors;
  const rows: EpochRecord[] = [];
  let batches = 0;
  let lossSeen = NaN;
  const r = await trainAutoencoder(model, {
    train: lowRank(512, 1), val: lowRank(128, 2), epochs: 8, batchSize: 64, learningRate: 0.01, clipnorm: 1,
    stopping: { strategy: 'none' }, seed: 5,
    onEpoch: (row) => void rows.push(row),
    onBatch: (b) => {
      batches++;
      if (b.batch === b.batches) lossSeen = b.lossSoFar();
    },
  });
  assert.equal(tf.memory().numTensors, before, 'no tensors left behind');
  assert.equal(r.history.length, 8);
  assert.deepEqual(rows, r.history);
  assert.equal(batches, 8 * 8);
  assert.ok(Math.abs(lossSeen - r.history[7].loss) < 1e-5, 'lossSoFar at the last batch is the epoch loss');
  assert.ok(r.history[7].loss < r.history[0].loss * 0.5, `loss fell: ${r.history.map((h) => h.loss.toFixed(3))}`);
  assert.ok(r.history[7].val_loss < r.history[0].val_loss * 0.5, `val_loss fell: ${r.history.map((h) => h.val_loss.toFixed(3))}`);
  for (const h of r.history) assert.ok(h.seconds > 0 && h.lr === 0.01);
  assert.match(r.stoppedReason, /completed all 8 epochs/);
  assert.equal(r.stoppedEarly, false);
  model.dispose();
});

test('trainAutoencoder: restore_best puts back the best epoch (val loss after training = best val loss)', async () => {
  const model = denseModel(11);
  const val = lowRank(128, 2);
  // A learning rate this high makes the validation loss bounce, so the last epoch is not the best.
  const r = await trainAutoencoder(model, {
    train: lowRank(256, 1), val, epochs: 4, batchSize: 32, learningRate: 0.3, clipnorm: 0,
    stopping: { strategy: 'none', restore_best: true }, seed: 1, keepWeights: true,
  });
  const best = Math.min(...r.history.map((h) => h.val_loss));
  assert.equal(r.bestValLoss, best);
  assert.equal(r.history[r.bestEpoch - 1].val_loss, best);
  assert.ok(r.bestEpoch < r.history.length, `the scenario needs a last epoch worse than the best (best ${r.bestEpoch} of ${r.history.length})`);
  assert.ok(r.restoredBest);
  const after = mean(await reconstructionErrors(model, val));
  assert.ok(Math.abs(after - best) / best < 1e-5, `val loss now ${after}, best was ${best}`);
  // the final weights came back as copies and reproduce the last epoch's val loss
  assert.ok(r.finalWeights && !r.bestWeights);
  model.setWeights(r.finalWeights);
  const last = r.history[r.history.length - 1].val_loss;
  assert.ok(Math.abs(mean(await reconstructionErrors(model, val)) - last) / last < 1e-5);
  const n = tf.memory().numTensors;
  disposeWeights(r);
  assert.ok(tf.memory().numTensors < n);
  model.dispose();
});

test('trainAutoencoder: restore_best false keeps the last weights and can hand back the best', async () => {
  const model = denseModel(11);
  const val = lowRank(128, 2);
  const r = await trainAutoencoder(model, {
    train: lowRank(256, 1), val, epochs: 4, batchSize: 32, learningRate: 0.3, clipnorm: 0,
    stopping: { strategy: 'none', restore_best: false }, seed: 1, keepWeights: true,
  });
  assert.equal(r.restoredBest, false);
  const last = r.history[r.history.length - 1].val_loss;
  assert.ok(Math.abs(mean(await reconstructionErrors(model, val)) - last) / last < 1e-5);
  assert.ok(r.bestWeights && !r.finalWeights);
  disposeWeights(r);
  model.dispose();
});

test('trainAutoencoder: the same seed gives the same history (1e-6), another seed a different one', async () => {
  const go = async (seed: number) => {
    const model = denseModel(7);
    const r = await trainAutoencoder(model, {
      train: lowRank(256, 1), val: lowRank(64, 2), epochs: 4, batchSize: 32, learningRate: 0.01, clipnorm: 1,
      stopping: { strategy: 'standard' }, seed,
    });
    model.dispose();
    return r.history.flatMap((h) => [h.loss, h.val_loss]);
  };
  const a = await go(1);
  const b = await go(1);
  const c = await go(2);
  a.forEach((v, i) => assert.ok(Math.abs(v - b[i]) <= 1e-6, `epoch value ${i}: ${v} vs ${b[i]}`));
  assert.ok(a.some((v, i) => Math.abs(v - c[i]) > 1e-6), 'a different shuffle seed changes the losses');
});

test('trainAutoencoder: early stopping ends training and says why', async () => {
  const model = denseModel(7);
  const r = await trainAutoencoder(model, {
    train: lowRank(128, 1), val: lowRank(64, 2), epochs: 200, batchSize: 64, learningRate: 1e-5, clipnorm: 1,
    stopping: { strategy: 'smart', patience: 2, min_improvement: 0.05 }, seed: 1,
  });
  assert.ok(r.stoppedEarly);
  assert.ok(r.history.length < 10);
  assert.match(r.stoppedReason, /did not improve by at least 5\.00% for 2 epochs/);
  model.dispose();
});

test('trainAutoencoder: Huber and custom per-sample losses train too', async () => {
  for (const lossFn of [{ huber: 0.5 }, (x: tf.Tensor, y: tf.Tensor) => tf.mean(tf.abs(tf.sub(x, y)), 1)] as const) {
    const model = denseModel(7);
    const before = tf.memory().numTensors;
    const r = await trainAutoencoder(model, {
      train: lowRank(256, 1), val: lowRank(64, 2), epochs: 4, batchSize: 32, learningRate: 0.01,
      stopping: { strategy: 'none' }, seed: 1, lossFn,
    });
    assert.equal(tf.memory().numTensors, before);
    assert.ok(r.history[3].loss < r.history[0].loss);
    model.dispose();
  }
  assert.throws(() => perSampleError({ huber: 0 }), /huber: δ \} needs δ > 0/);
  // Huber with a huge δ is half the MSE
  const [x, y] = [tf.tensor2d([[0, 1], [2, 4]]), tf.tensor2d([[1, 1], [0, 0]])];
  assert.deepEqual(Array.from(perSampleError({ huber: 100 })(x, y).dataSync()), [0.25, 5]);
  assert.deepEqual(Array.from(perSampleError('mse')(x, y).dataSync()), [0.5, 10]);
  tf.dispose([x, y]);
});

test('trainAutoencoder: rejects bad inputs with messages that name them', async () => {
  const model = denseModel();
  const ok = { train: lowRank(16, 1), val: lowRank(8, 2), epochs: 1, batchSize: 8, learningRate: 0.01, stopping: { strategy: 'none' }, seed: 1 };
  await assert.rejects(trainAutoencoder(model, { ...ok, batchSize: 0 }), /batchSize must be an integer ≥ 1/);
  await assert.rejects(trainAutoencoder(model, { ...ok, val: lowRank(8, 2, 5) }), /val samples \[5\] differ from train samples \[8\]/);
  await assert.rejects(trainAutoencoder(model, { ...ok, train: { data: new Float32Array(8), shape: [2, 4] }, val: { data: new Float32Array(4), shape: [1, 4] } }), /model input \[8\] does not take samples \[4\]/);
  await assert.rejects(trainAutoencoder(model, { ...ok, train: { data: new Float32Array(3), shape: [2, 8] } }), /train data length 3 does not match shape \[2,8\]/);
  await assert.rejects(trainAutoencoder(model, { ...ok, stopping: { strategy: 'early' } }), /strategy "early" is unknown/);
  const nan = lowRank(16, 1);
  nan.data[3] = NaN;
  const before = tf.memory().numTensors;
  await assert.rejects(trainAutoencoder(model, { ...ok, train: nan }), /training diverged at epoch 1 \(loss NaN\)/);
  assert.equal(tf.memory().numTensors, before, 'a failed run leaks nothing');
  model.dispose();
});

// ---------- progress ----------

const decision = (over: Partial<StopDecision> = {}): StopDecision => ({ stop: false, best: true, rule: null, reason: '', ...over });
const row: EpochRecord = { epoch: 3, loss: 0.012345, val_loss: 0.0131, seconds: 4.23, lr: 0.001 };

test('progress lines: bar with batches, loss so far and ETA; epoch line with the stop reason', () => {
  const line = batchLine({ epoch: 3, epochs: 20, batch: 4, batches: 16, seconds: 2, lossSoFar: () => 0 }, 0.012345, 16);
  assert.equal(line, 'epoch  3/20 [####------------]  4/16 loss 0.01235 ETA 6s');
  assert.equal(epochLine(row, { epochs: 20, history: [row], decision: decision() }), 'epoch  3/20 loss 0.01235 val_loss 0.01310 4.2s * best');
  assert.equal(
    epochLine(row, { epochs: 20, history: [row], decision: decision({ stop: true, best: false, reason: 'enough' }) }),
    'epoch  3/20 loss 0.01235 val_loss 0.01310 4.2s\nstopping: enough',
  );
});

test('terminalProgress: one line per epoch off a TTY (no bar, no loss reads); redraws in place on a TTY', () => {
  const out: string[] = [];
  const plain = terminalProgress({ stream: { write: (s: string) => out.push(s), isTTY: false }, label: 'ae' });
  let reads = 0;
  plain.onBatch({ epoch: 1, epochs: 2, batch: 1, batches: 2, seconds: 1, lossSoFar: () => ++reads });
  plain.onEpoch(row, { epochs: 20, history: [row], decision: decision() });
  assert.equal(reads, 0);
  assert.deepEqual(out, ['ae epoch  3/20 loss 0.01235 val_loss 0.01310 4.2s * best\n']);

  const tty: string[] = [];
  const live = terminalProgress({ stream: { write: (s: string) => tty.push(s), isTTY: true, columns: 200 }, intervalMs: 0 });
  live.onBatch({ epoch: 1, epochs: 2, batch: 1, batches: 2, seconds: 1, lossSoFar: () => 0.5 });
  live.onEpoch(row, { epochs: 20, history: [row], decision: decision() });
  assert.match(tty[0], /^\repoch 1\/2 \[#+-+\] 1\/2 loss 0\.5000 ETA 1s\x1b\[K$/);
  assert.match(tty[1], /^\r\x1b\[Kepoch  3\/20 /);
});

test('historyChart (the live training chart): train and validation series on a log axis; combineCallbacks calls each', async () => {
  const spec = historyChart([row, { ...row, epoch: 4, loss: 0.01 }]) as { data: { values: { series: string }[] }; encoding: { y: { scale: { type: string } } } };
  assert.deepEqual([...new Set(spec.data.values.map((v) => v.series))], ['train', 'validation']);
  assert.equal(spec.encoding.y.scale.type, 'log');
  const calls: string[] = [];
  const both = combineCallbacks({ onEpoch: () => void calls.push('a') }, undefined, { onEpoch: async () => void calls.push('b'), onBatch: () => void calls.push('batch') });
  await both.onEpoch?.(row, { epochs: 1, history: [row], decision: decision() });
  both.onBatch?.({ epoch: 1, epochs: 1, batch: 1, batches: 1, seconds: 0, lossSoFar: () => 0 });
  assert.deepEqual(calls, ['a', 'b', 'batch']);
});

test('trainAutoencoder: resample draws each epoch afresh; reduceLr lowers the rate after `patience` epochs without a new best', async () => {
  const model = denseModel(4);
  const drawn: number[] = [];
  const r = await trainAutoencoder(model, {
    train: lowRank(64, 1), val: lowRank(64, 2), epochs: 6, batchSize: 32, learningRate: 0.3, clipnorm: 0,
    stopping: { strategy: 'none' }, seed: 1,
    resample: (epoch) => {
      drawn.push(epoch);
      return lowRank(96, 10 + epoch);
    },
    reduceLr: { factor: 0.5, patience: 1, minLr: 0.1 },
  });
  assert.deepEqual(drawn, [2, 3, 4, 5, 6]);
  // With patience 1, every epoch without a new best halves the rate (never below minLr) for the next epoch.
  for (let e = 1; e < r.history.length; e++) {
    const prev = r.history[e - 1];
    const newBest = prev.val_loss <= Math.min(...r.history.slice(0, e).map((h) => h.val_loss));
    const want = newBest || prev.lr <= 0.1 ? prev.lr : Math.max(0.1, prev.lr * 0.5);
    assert.ok(Math.abs(r.history[e].lr - want) < 1e-9, `epoch ${e + 1}: lr ${r.history[e].lr}, expected ${want}`);
  }
  assert.ok(r.history.some((h) => h.lr < 0.3), `the scenario needs at least one plateau: lr ${r.history.map((h) => h.lr)}`);
  await assert.rejects(
    trainAutoencoder(model, { train: lowRank(64, 1), val: lowRank(64, 2), epochs: 2, batchSize: 32, learningRate: 0.1, stopping: { strategy: 'none' }, seed: 1, resample: () => lowRank(8, 1, 5) }),
    /resample\(2\) must return/,
  );
  model.dispose();
});
