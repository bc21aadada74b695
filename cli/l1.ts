/**
 * SmartNetGuard L1: npm run l1 -- [options]; see USAGE.
 * Layers: defaults (lib/l1/config.ts) → configs/presets/<preset>.json "l1" → flags.
 */
import * as fs from 'node:fs';
import { checkEngineEnv } from '../lib/engine';
import { L1_DEFAULTS, l1RunDir, resolveL1Config } from '../lib/l1/config';
import { l1InputPaths, loadL1Data } from '../lib/l1/01-inputs/data';
import { l1EnvOverrides, rewriteOriginalFlags } from '../lib/l1/originals';
import { runL1 } from '../lib/l1/run';
import { L1_BASELINES } from '../lib/l1/02-train-evaluate/baselines';
import { asUsage, checkRunDir, UsageError } from '../lib/run';
import { parseCli, runCliMain } from '../lib/run/cli';
import { terminalProgress } from '../lib/train';

const USAGE = `usage: npm run l1 -- [options]

SmartNetGuard L1: a Conv1D autoencoder over standardised windows, scored on every test window, with
attack ratios, event metrics under an alert budget, baselines, hard-normal fine-tuning and clusters.

inputs (one of):
  --dataset smd --entity machine-1-6    an SMD machine from ../shared/data/smd
  --train FILE --test FILE --labels FILE
                            features without labels (train, test) and one 0/1 label per test row;
                            .parquet, .csv or .csv.gz
  --header auto|yes|no      CSV header row (auto: a first row with a cell that is not a number)
run:
  --out DIR                 run folder (also --output-dir; default outputs/l1/smd-<entity> or
                            outputs/l1/<training file name>); only an empty folder or an l1 run folder
  --preset NAME             config preset (default $SEQSENTRY_PRESET or "default"; smoke = small)
  --epochs N  --window T    = --train.epochs, --preprocess.window
  --<section.key> VALUE     any config key: --train.steps_per_epoch 8, --finetune.enabled false, …
the original script's settings, as environment variables or lower-case flags (a flag wins):
  TRAIN_PATH TEST_PATH LABEL_PATH SAVE_DIR (a new SAVE_DIR/run_DD_MM_YYYY_HH-MM-SS per run) WINDOW_SIZE
  EPOCHS BATCH_SIZE STEPS_PER_EPOCH LEARNING_RATE GRAD_CLIP_NORM HUBER_DELTA USE_LAYER_NORM
  VALIDATION_FRACTION EVENT_BUDGETS_TO_REPORT FINETUNE_ENABLED FINETUNE_TOP_PCT_NORMALS (percent)
  FINETUNE_MAX_WINDOWS FINETUNE_LR_FACTOR   e.g. WINDOW_SIZE=112 npm run l1 -- …, --window-size 112
  -h, --help
exit codes: 0 ok, 1 the run failed, 2 bad arguments, config, inputs or run folder`;

/** Short flags → dotted config keys (`--train PATH` is the training file; `--train.epochs` the section). */
const ALIASES: Record<string, string> = {
  train: 'data.train', test: 'data.test', labels: 'data.labels', header: 'data.header', epochs: 'train.epochs', window: 'preprocess.window', 'output-dir': 'out',
};

/** The L1 CLI for arguments (the original's settings are read from the environment too); throws on errors (runCliMain maps them). */
export async function l1Cli(argv: string[]): Promise<void> {
  const args = asUsage(() => parseCli(rewriteOriginalFlags(argv), L1_DEFAULTS, { name: 'l1', aliases: ALIASES }));
  if (args.help) return console.log(USAGE);
  // Inputs are read and checked here, so a bad file is a bad argument (exit 2) and nothing is written.
  const { cfg, dir, data } = asUsage(() => {
    const fromEnv = l1EnvOverrides();
    const cfg = resolveL1Config({ preset: args.preset, overrides: { ...fromEnv, ...args.overrides } });
    checkEngineEnv();
    const inputs = l1InputPaths(cfg);
    const ENV = { train: 'TRAIN_PATH', test: 'TEST_PATH', labels: 'LABEL_PATH' } as const;
    for (const [flag, file] of Object.entries(inputs) as [keyof typeof ENV, string][]) {
      const envSet = cfg.dataset === null && `data.${flag}` in fromEnv && !(`data.${flag}` in args.overrides);
      if (!fs.existsSync(file)) throw new UsageError(`${envSet ? `${ENV[flag]}=${file} (environment variable)` : `--${flag} ${file}`}: file not found`);
    }
    const dir = l1RunDir(cfg);
    const saveDirFromEnv = 'save_dir' in fromEnv && !('save_dir' in args.overrides);
    checkRunDir(dir, { kind: 'l1', inputs: Object.values(inputs), flag: cfg.save_dir ? (saveDirFromEnv ? 'SAVE_DIR' : '--save-dir') : '--out' });
    return { cfg, dir, data: loadL1Data(inputs, { header: cfg.data.header }) };
  });
  console.log(`SmartNetGuard L1 (preset ${cfg._meta.preset}) → ${dir}`);
  const t0 = performance.now();
  const r = await runL1(cfg, dir, { data, callbacks: terminalProgress() });
  const b = cfg.eval.event_budgets[0];
  const m = r.metrics;
  const show = (d: string) => `${d}: roc_auc ${m[`${d}.test.roc_auc`]?.toFixed(3)}, vus_pr ${m[`${d}.test.vus_pr`]?.toFixed(3)}, event_recall@budget${b} ${m[`${d}.test.event_recall@budget${b}`]?.toFixed(3)}`;
  for (const d of ['conv1d_ae', 'conv1d_ae_ft', ...L1_BASELINES, 'random']) if (`${d}.test.roc_auc` in m) console.log(`  ${show(d)}`);
  console.log(`done in ${((performance.now() - t0) / 1000).toFixed(1)} s; stages ${Object.entries(r.seconds).map(([k, v]) => `${k} ${v.toFixed(1)} s`).join(', ')}`);
  console.log(`report: ${dir}/report.html`);
}

if (require.main === module) runCliMain('l1', () => l1Cli(process.argv.slice(2)));
