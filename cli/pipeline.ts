/**
 * The GRU-SAE pipeline: npm run pipeline -- --dataset demo-sysmon --version v1 --config-preset extended
 *   [--start-from N] [--stop-at N] [--skip-stages N ...] [--seq-len L] [--sample-size N] [--max-features K]
 *   [--encoder-units U ...] [--decoder-units U ...] [--stopping-strategy S] [--min-improvement R]
 *   [--patience P] [--epochs E] [--batch-size B] [--max-train N] [--max-val N] [--out DIR]
 *   [--preset NAME] [--continue-on-error] [--<any.config.key> VALUE]
 * Layers: defaults → encoding preset → configs/presets/<preset>.json "gru_sae" → flags.
 */
import { parseArgs } from '../lib/config';
import { GRU_SAE_DEFAULTS, resolveGruSaeConfig, runDir } from '../lib/gru-sae/config';
import { runPipeline, type StageResult } from '../lib/gru-sae/pipeline';
import { GRU_SAE_STAGES } from '../lib/gru-sae/stages';

/** Short flags of the original runner → dotted config keys. */
const ALIASES: Record<string, string> = {
  'config-preset': 'config_preset',
  'seq-len': 'encoding.seq_len',
  'sample-size': 'encoding.sample_size',
  'max-features': 'encoding.max_features',
  'encoder-units': 'model.encoder_units',
  'decoder-units': 'model.decoder_units',
  'stopping-strategy': 'train.stopping.strategy',
  'min-improvement': 'train.stopping.min_improvement',
  patience: 'train.stopping.patience',
  epochs: 'train.epochs',
  'batch-size': 'train.batch_size',
  'max-train': 'train.max_train',
  'max-val': 'train.max_val',
};
const LIST_FLAGS = new Set(['encoder-units', 'decoder-units', 'skip-stages']);
const RUN_FLAGS = ['start-from', 'stop-at', 'skip-stages', 'continue-on-error', 'preset'];

const useColour = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: number, s: string) => (useColour ? `\x1b[${code}m${s}\x1b[0m` : s);

/** Rewrite aliases and space-separated lists (`--encoder-units 64 32`) into `--key=a,b` for parseArgs. */
function normalise(argv: string[]): { args: string[]; run: Record<string, string> } {
  const args: string[] = [];
  const run: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    if (!argv[i].startsWith('--')) {
      args.push(argv[i]); // a value of the previous flag (parseArgs pairs them) or a stray positional
      continue;
    }
    const [flag, inline] = argv[i].split(/=(.*)/s, 2) as [string, string?];
    const name = flag.replace(/^--/, '');
    let value = inline;
    if (LIST_FLAGS.has(name) && value === undefined) {
      const items: string[] = [];
      while (i + 1 < argv.length && !argv[i + 1].startsWith('--')) items.push(argv[++i]);
      value = items.join(',');
    }
    if (name === 'continue-on-error') {
      run[name] = 'true';
      continue;
    }
    if (RUN_FLAGS.includes(name)) {
      run[name] = value ?? argv[++i] ?? '';
      continue;
    }
    const key = ALIASES[name] ?? name;
    args.push(value === undefined ? `--${key}` : `--${key}=${value}`);
  }
  return { args, run };
}

function stageNumbers(raw: string | undefined, flag: string): number[] | undefined {
  if (raw === undefined) return undefined;
  const values = raw.split(',').filter(Boolean).map(Number);
  if (!values.length || values.some((v) => !Number.isInteger(v))) throw new Error(`--${flag} takes stage numbers 1–5, got "${raw}"`);
  return values;
}

function summary(results: StageResult[]): string {
  const rows = results.map((r) => {
    const status = r.status === 'ok' ? paint(32, 'ok') : r.status === 'failed' ? paint(31, 'FAILED') : paint(90, 'skipped');
    const note = r.error ? `  ${r.error}` : r.staleAfter ? `  (ran on artefacts older than this run: stage ${r.staleAfter} failed)` : '';
    return `  ${r.n}  ${r.name.padEnd(10)} ${status.padEnd(useColour ? 16 : 7)} ${r.seconds.toFixed(1).padStart(7)} s${note}`;
  });
  return ['stage  name       status     time', ...rows].join('\n');
}

/** Run the pipeline for command-line arguments; resolves to the exit code (0 ok, 1 a stage failed). */
async function pipelineCli(argv: string[]): Promise<number> {
  const { args, run } = normalise(argv);
  const { overrides, positional } = parseArgs(args, GRU_SAE_DEFAULTS, []);
  if (positional.length) throw new Error(`unexpected argument(s): ${positional.join(' ')}`);
  const cfg = resolveGruSaeConfig({ preset: run.preset || undefined, overrides });
  console.log(paint(1, `GRU-SAE pipeline: ${cfg.dataset} ${cfg.version} (encoding preset ${cfg.config_preset}, preset ${cfg._meta.preset}) → ${runDir(cfg)}`));
  const results = await runPipeline(cfg, GRU_SAE_STAGES, {
    startFrom: stageNumbers(run['start-from'], 'start-from')?.[0],
    stopAt: stageNumbers(run['stop-at'], 'stop-at')?.[0],
    skip: stageNumbers(run['skip-stages'], 'skip-stages'),
    continueOnError: run['continue-on-error'] === 'true',
    log: (line) => console.log(`    ${line}`),
    onStage: (event, stage, result) => {
      if (event === 'start') console.log(paint(36, `▶ stage ${stage.n}/5 ${stage.name}`));
      else if (result?.status === 'ok') console.log(paint(32, `✔ stage ${stage.n} ${stage.name} done in ${result.seconds.toFixed(1)} s`));
      else console.log(paint(31, `✘ stage ${stage.n} ${stage.name} failed: ${result?.error}`));
    },
  });
  console.log(`\n${summary(results)}`);
  const failed = results.some((r) => r.status === 'failed');
  if (!failed && results.some((r) => r.n === 5 && r.status === 'ok')) console.log(paint(1, `\nreport: ${runDir(cfg)}/report.html`));
  return failed ? 1 : 0;
}

/** Exit code 2 for bad arguments or config (nothing ran), 1 for a failed stage. */
export function runCli(argv: string[], name: string): void {
  pipelineCli(argv).then(
    (code) => (process.exitCode = code),
    (err: Error) => {
      console.error(`${name}: ${err.message}`);
      process.exitCode = 2;
    },
  );
}

if (require.main === module) runCli(process.argv.slice(2), 'pipeline');
