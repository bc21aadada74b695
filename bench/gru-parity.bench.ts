/**
 * Quality check, not a timing (opt-in: npm run bench -- --only gru-parity): does a GRU-SAE built with
 * FastGRU (`model.recurrent_layer: 'fast'`, Keras reset_after form) train to the same loss as one built
 * with stock `tf.layers.gru` ('tfjs', TF.js's reset_before form: TF.js 4.22 has no reset_after), on the
 * demo Sysmon data, and does the saved model load back with the same loss?
 *
 * Smoke-sized: demo data of the smoke preset generated into a temporary folder (data/demo is left
 * alone), stages 1–2 of the smoke preset once, then stage 3 (lib/gru-sae trainStage, the real one) for
 * each seed × layer with `--epochs` (default 8) and no early stopping, on all benign validation windows
 * (max_val 1e6) so the reloaded model/best can be scored on exactly the windows its val_loss came from.
 * Flags: --seeds 1,2,3 --epochs 8. Prints per-run losses, per-layer mean ± sd, and emits result lines
 * (median_s = seconds per epoch; detail = the losses).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadModel, reconstructionErrors, tf } from '../lib/engine';
import { resolveConfig } from '../lib/config';
import { DEMO_DEFAULTS, ensureDemoData } from '../lib/demo';
import { loadNpy } from '../lib/io/npy';
import { takeWindows } from '../lib/baselines/windows';
import { aggregate } from '../lib/gru-sae/01-aggregate';
import { resolveGruSaeConfig, runDir, type GruSaeConfig } from '../lib/gru-sae/config';
import { encodeStage } from '../lib/gru-sae/02-encode';
import { loadSchema } from '../lib/gru-sae/schema';
import { trainStage, TRAIN_ARTEFACTS } from '../lib/gru-sae/03-train';
import { emit, flag, median, peakRssMb, backendLabel, setupEngine } from './harness';

type Layer = 'fast' | 'tfjs';
const LAYERS: Layer[] = ['fast', 'tfjs'];

interface Run { seed: number; layer: Layer; best: number; final: number; bestEpoch: number; perEpoch: number; reloaded: number }

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: number[]) => (xs.length < 2 ? 0 : Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1)));

/** Mean per-window MSE of the reloaded model/best over the benign validation windows (what val_loss averaged). */
async function reloadedValLoss(cfg: GruSaeConfig): Promise<number> {
  const dir = runDir(cfg);
  const x = loadNpy(path.join(dir, 'encoded', 'X_val.npy'));
  const y = loadNpy(path.join(dir, 'encoded', 'y_any_val.npy'));
  const benign: number[] = [];
  for (let i = 0; i < y.data.length; i++) if (y.data[i] === 0) benign.push(i);
  const windows = takeWindows({ data: x.data as Float32Array, shape: x.shape as [number, number, number] }, benign);
  const model = await loadModel(path.join(dir, TRAIN_ARTEFACTS.best));
  try {
    return mean(Array.from(await reconstructionErrors(model, windows, { batchSize: 1024 })));
  } finally {
    model.dispose();
  }
}

async function main(): Promise<void> {
  await setupEngine();
  const seeds = flag('seeds', '1,2,3').split(',').map(Number);
  const epochs = Number(flag('epochs', '8'));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'seqsentry-gru-parity-'));
  const quiet = () => {};
  try {
    const demo = resolveConfig('demo', DEMO_DEFAULTS, { preset: 'smoke', overrides: { out: path.join(tmp, 'demo') } });
    await ensureDemoData(demo);
    const base = resolveGruSaeConfig({ preset: 'smoke', overrides: { out: path.join(tmp, 'run'), 'train.max_val': 1_000_000 } });
    const schema = loadSchema(base.dataset, base.version);
    await aggregate(base, { log: quiet, schema: { ...schema, raw_dir: path.join(tmp, 'demo', 'sysmon') } });
    const enc = await encodeStage(base, schema, { log: quiet });
    console.log(`demo ${base.dataset} (smoke): windows [${enc.seq_len}, ${enc.n_features}], train ${enc.splits.train.windows}, val ${enc.splits.val.windows}; ` +
      `model ${base.model.encoder_units}/${base.model.decoder_units}, dropout ${base.model.dropout}, ${epochs} epochs, batch ${base.train.batch_size}, seeds ${seeds.join(', ')}`);
    const runs: Run[] = [];
    for (const seed of seeds) {
      for (const layer of LAYERS) {
        const cfg: GruSaeConfig = {
          ...base, seed, model: { ...base.model, recurrent_layer: layer },
          train: { ...base.train, epochs, stopping: { ...base.train.stopping, strategy: 'none' } },
        };
        const r = await trainStage(cfg, { log: quiet, progress: false });
        const last = r.history[r.history.length - 1];
        const run: Run = {
          seed, layer, best: r.bestValLoss, final: last.val_loss, bestEpoch: r.bestEpoch, perEpoch: r.seconds.per_epoch, reloaded: await reloadedValLoss(cfg),
        };
        runs.push(run);
        console.log(`seed ${seed} ${layer.padEnd(4)}  best val_loss ${run.best.toFixed(5)} (epoch ${run.bestEpoch})  final ${run.final.toFixed(5)}  ` +
          `reloaded model/best ${run.reloaded.toFixed(5)} (Δ ${(run.reloaded - run.best).toExponential(1)})  ${run.perEpoch.toFixed(2)} s/epoch`);
      }
    }
    const backend = await backendLabel();
    for (const layer of LAYERS) {
      const mine = runs.filter((r) => r.layer === layer);
      const best = mine.map((r) => r.best);
      const final = mine.map((r) => r.final);
      console.log(`${layer.padEnd(4)}: best val_loss ${mean(best).toFixed(5)} ± ${sd(best).toFixed(5)}, final ${mean(final).toFixed(5)} ± ${sd(final).toFixed(5)} (mean ± sd over ${mine.length} seeds)`);
      emit({
        workload: `gru-parity ${layer} (s/epoch)`, impl: 'tfjs', median_s: median(mine.map((r) => r.perEpoch)), runs_s: mine.map((r) => r.perEpoch),
        throughput: null, unit: 'epochs', peak_rss_mb: peakRssMb(), backend,
        detail: { best_val_loss: best, final_val_loss: final, reloaded_best_val_loss: mine.map((r) => r.reloaded), seeds, epochs },
      });
    }
    const d = mean(runs.filter((r) => r.layer === 'fast').map((r) => r.best)) - mean(runs.filter((r) => r.layer === 'tfjs').map((r) => r.best));
    const noise = Math.max(...LAYERS.map((l) => sd(runs.filter((r) => r.layer === l).map((r) => r.best))));
    console.log(`fast − tfjs mean best val_loss: ${d.toExponential(2)} (${((100 * d) / mean(runs.map((r) => r.best))).toFixed(1)}%); seed-to-seed sd up to ${noise.toExponential(2)}: ` +
      `${Math.abs(d) <= 2 * noise ? 'within noise (|Δ| ≤ 2 sd)' : 'OUTSIDE 2 sd of the seed-to-seed noise'}`);
    const worstReload = Math.max(...runs.map((r) => Math.abs(r.reloaded - r.best) / r.best));
    console.log(`reloaded model/best reproduces its val_loss to a relative ${worstReload.toExponential(1)} at worst`);
    if (tf.memory().numTensors > 50) console.log(`note: ${tf.memory().numTensors} tensors alive at the end`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
