/**
 * SmartNetGuard L1: npm run l1 -- --dataset smd --entity machine-1-6 [--preset smoke] [--out DIR]
 *   or: npm run l1 -- --train X_train.parquet --test X_test.csv --labels y_test.csv [--header auto|yes|no]
 *   plus any config key: --train.epochs 5, --preprocess.window 64, --finetune.enabled false, …
 * Layers: defaults (lib/l1/config.ts) → configs/presets/<preset>.json "l1" → flags.
 */
import { parseArgs } from '../lib/config';
import { L1_DEFAULTS, l1RunDir, resolveL1Config } from '../lib/l1/config';
import { runL1 } from '../lib/l1/run';
import { terminalProgress } from '../lib/train';

/** Short flags → dotted config keys (`--train PATH` is the training file; `--train.epochs` the section). */
const ALIASES: Record<string, string> = { train: 'data.train', test: 'data.test', labels: 'data.labels', header: 'data.header', epochs: 'train.epochs', window: 'preprocess.window' };

function normalise(argv: string[]): string[] {
  return argv.map((a) => {
    const m = /^--([\w-]+)(=.*)?$/.exec(a);
    return m && ALIASES[m[1]] ? `--${ALIASES[m[1]]}${m[2] ?? ''}` : a;
  });
}

async function main(argv: string[]): Promise<void> {
  const { overrides, reserved, positional } = parseArgs(normalise(argv), L1_DEFAULTS);
  if (positional.length) throw new Error(`unexpected argument(s): ${positional.join(' ')}`);
  const cfg = resolveL1Config({ preset: reserved.preset, overrides });
  const dir = l1RunDir(cfg);
  console.log(`SmartNetGuard L1 (preset ${cfg._meta.preset}) → ${dir}`);
  const t0 = performance.now();
  const r = await runL1(cfg, dir, { callbacks: terminalProgress() });
  const b = cfg.eval.event_budgets[0];
  const m = r.metrics;
  const show = (d: string) => `${d}: roc_auc ${m[`${d}.final.roc_auc`]?.toFixed(3)}, vus_pr ${m[`${d}.final.vus_pr`]?.toFixed(3)}, event_recall@${b} ${m[`${d}.final.event_recall@${b}`]?.toFixed(3)}`;
  for (const d of ['conv1d_ae', 'conv1d_ae_ft', 'pca', 'iforest', 'random']) if (`${d}.final.roc_auc` in m) console.log(`  ${show(d)}`);
  console.log(`done in ${((performance.now() - t0) / 1000).toFixed(1)} s; stages ${Object.entries(r.seconds).map(([k, v]) => `${k} ${v.toFixed(1)} s`).join(', ')}`);
  console.log(`report: ${dir}/report.html`);
}

main(process.argv.slice(2)).catch((err: Error) => {
  console.error(`l1: ${err.message}`);
  process.exitCode = 2;
});
