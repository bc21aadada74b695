/**
 * The GRU-SAE pipeline: npm run pipeline -- [options]; see USAGE.
 * Layers: defaults → dataset schema "encoding" → encoding preset → configs/presets/<preset>.json "gru_sae" → flags.
 */
import { checkEngineEnv } from '../lib/engine';
import { GRU_SAE_DEFAULTS, resolveGruSaeConfig, runDir } from '../lib/gru-sae/config';
import { inheritedOverrides, runPipeline, selectStages, type StageResult } from '../lib/gru-sae/pipeline';
import { GRU_SAE_STAGES, STAGE_CONFIG_KEYS } from '../lib/gru-sae/stages';
import { validateGruSaeConfig } from '../lib/gru-sae/validate';
import { runSchema, shortPath } from '../lib/gru-sae/run-schema';
import { asUsage, commandLine } from '../lib/run';
import { parseCli, runCliMain, type CliSpec } from '../lib/run/cli';

const USAGE = `usage: npm run pipeline -- [options]      (npm start -- [options] is the same)

Runs the five GRU-SAE stages (1 aggregate, 2 encode, 3 train, 4 evaluate, 5 visualise) into one run
folder (default outputs/gru-sae/<dataset>-<version>/), ending with its report.html. The original
runner's and stage scripts' flags work as they did there (README, "The original flags").

data and run folder:
  --dataset NAME            demo-sysmon (default), demo-flows, apt29, kdd99, cicids2017
  --version V               run label (default v1): names the run folder and artefacts
  --config-preset NAME      the schema + encoding pair for the dataset: basic | extended (default) | network
                            (configs/gru-sae/preset-<NAME>.json; network = flow datasets, timeline split 70/15/15)
  --schema FILE             a schema file instead of the preset's (ours or the original's format)
  --encoding_config FILE    an encoding file instead of the preset's (ours or the original's format)
  --subdir DIR              the raw files are in this subfolder of the dataset's raw folder (e.g. network-flows)
  --model gru-sae           the model (the one this pipeline builds)
  --out DIR                 run folder (also --output-dir); only an empty folder or a gru-sae run folder
  --preset NAME             config preset (configs/presets/<NAME>.json; default $SEQSENTRY_PRESET or "default";
                            "original" = the original's architecture and training defaults)
stages:
  --start-from N  --stop-at N  --skip-stages N [N ...]   which stages run (1–5); reused stages must have
                            been built with the same settings (else an error says how to rebuild)
  --continue-on-error       go on after a failed stage
encoding, model, training:
  --seq-len L  --sample-size N  --encoder-units U [U ...]  --decoder-units U [U ...]
  --max-features K          final per-step width: truncated SVD of the whole encoded row (default: off)
  --epochs E  --batch-size B  --dropout-rate R  --learning-rate LR  --max-train N  --max-val N
  --stopping-strategy standard|smart|adaptive|none  --patience P
  --min-improvement PCT     smart stopping: an improvement counts when ≥ PCT percent (default 0.5 = 0.5%)
  --<section.key> VALUE     any config key, e.g. --train.reduce_lr.enabled false, --viz.latent_method pca
  -h, --help
exit codes: 0 ok, 1 a stage failed, 2 bad arguments, config or run folder (nothing ran)`;

/** Flags of the original runner and stage scripts → dotted config keys (README, "The original flags"). */
const SPEC: CliSpec = {
  name: 'pipeline',
  aliases: {
    'output-dir': 'out',
    'config-preset': 'config_preset',
    'encoding-config': 'encoding_config',
    model: 'model.name',
    'seq-len': 'encoding.seq_len',
    'sample-size': 'encoding.sample_size',
    'max-features': 'encoding.max_features',
    'encoder-units': 'model.encoder_units',
    'decoder-units': 'model.decoder_units',
    'dropout-rate': 'model.dropout',
    'stopping-strategy': 'train.stopping.strategy',
    'min-improvement': 'train.stopping.min_improvement_pct',
    patience: 'train.stopping.patience',
    epochs: 'train.epochs',
    'batch-size': 'train.batch_size',
    'learning-rate': 'train.learning_rate',
    'max-train': 'train.max_train',
    'max-val': 'train.max_val',
  },
  lists: ['encoder-units', 'decoder-units', 'skip-stages'],
  controls: { 'start-from': 'value', 'stop-at': 'value', 'skip-stages': 'value', 'continue-on-error': 'switch' },
};
const STAGE_FLAGS = ['--start-from', '--stop-at', '--skip-stages'];

const useColour = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: number, s: string) => (useColour ? `\x1b[${code}m${s}\x1b[0m` : s);

function stageNumbers(raw: string | undefined, flag: string): number[] | undefined {
  if (raw === undefined) return undefined;
  const values = raw.split(',').filter(Boolean).map(Number);
  if (!values.length || values.some((v) => !Number.isInteger(v))) throw new Error(`--${flag} takes stage numbers 1–5, got "${raw}"`);
  return values;
}

/** This command again with the stage flags replaced by `--start-from n` (and the preset spelt out). */
export function rebuildCommand(argv: readonly string[], preset: string, n: number): string {
  const kept: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i].split('=')[0];
    if (STAGE_FLAGS.includes(flag)) {
      if (!argv[i].includes('=')) while (i + 1 < argv.length && !argv[i + 1].startsWith('--')) i++;
      continue;
    }
    kept.push(argv[i]);
  }
  const hasPreset = kept.some((a) => a === '--preset' || a.startsWith('--preset='));
  return commandLine([...kept, ...(hasPreset ? [] : ['--preset', preset]), '--start-from', String(n)]);
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
export async function pipelineCli(argv: string[]): Promise<number> {
  const args = parseCli(argv, GRU_SAE_DEFAULTS, SPEC);
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const { cfg, stageOpts, inherited } = asUsage(() => {
    const stageOpts = {
      startFrom: stageNumbers(args.controls['start-from'], 'start-from')?.[0],
      stopAt: stageNumbers(args.controls['stop-at'], 'stop-at')?.[0],
      skip: stageNumbers(args.controls['skip-stages'], 'skip-stages'),
    };
    const selected = selectStages(GRU_SAE_STAGES, stageOpts);
    const last = Math.max(...selected.map((s) => s.n));
    const reused = GRU_SAE_STAGES.filter((s) => s.n < last && !selected.includes(s)).map((s) => s.name);
    // Reused stages keep the settings they were built with: what the user does not set comes from the folder.
    const first = resolveGruSaeConfig({ preset: args.preset, overrides: args.overrides });
    const inherited = inheritedOverrides(runDir(first), reused, STAGE_CONFIG_KEYS, args.overrides, first);
    const cfg = Object.keys(inherited).length ? resolveGruSaeConfig({ preset: args.preset, overrides: { ...inherited, ...args.overrides } }) : first;
    validateGruSaeConfig(cfg);
    checkEngineEnv();
    return { cfg, stageOpts, inherited: { keys: Object.keys(inherited), reused } };
  });
  if (inherited.keys.length) {
    const tops = [...new Set(inherited.keys.map((k) => k.split('.')[0]))];
    console.log(`reusing ${inherited.reused.join(', ')} of ${runDir(cfg)}: ${inherited.keys.length} settings not given here come from its config.json (${tops.join(', ')})`);
  }
  const schema = runSchema(cfg);
  console.log(paint(1, `GRU-SAE pipeline: ${cfg.dataset} ${cfg.version} (config preset ${cfg.config_preset}, preset ${cfg._meta.preset}) → ${runDir(cfg)}`));
  console.log(`    schema ${shortPath(schema.file)}${schema.format === 'original' ? ` (original format, over ${shortPath(schema.base!)})` : ''}, encoding ${shortPath(schema.encodingFile)}${schema.encodingFormat === 'original' ? ' (original format)' : ''}` +
    `${cfg.subdir ? `, raw files in ${schema.schema.raw_dir}` : ''}; model ${cfg.model.name} ${cfg.model.encoder_units.join(',')}/${cfg.model.decoder_units.join(',')}, dropout ${cfg.model.dropout}, ` +
    `lr ${cfg.train.learning_rate}, ${cfg.train.stopping.strategy} stopping, min improvement ${cfg.train.stopping.min_improvement_pct}%${cfg.encoding.max_features !== null ? `, max_features ${cfg.encoding.max_features}` : ''}`);
  const results = await runPipeline(cfg, GRU_SAE_STAGES, {
    ...stageOpts,
    continueOnError: args.controls['continue-on-error'] === 'true',
    rebuildCommand: (n) => rebuildCommand(argv, cfg._meta.preset, n),
    argv,
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

/** The pipeline CLI under a name (`pipeline`, `start`): exit 0 ok, 1 a stage failed, 2 bad arguments. */
export function runCli(argv: string[], name: string): void {
  runCliMain(name, () => pipelineCli(argv));
}

if (require.main === module) runCli(process.argv.slice(2), 'pipeline');
