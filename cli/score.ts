/**
 * npm run score -- --run RUN_DIR --input PATH [--out FILE]      (batch)
 * npm run score -- --run RUN_DIR --follow FILE | --stdin        (live)
 * A trained run's detector and fitted preprocessing applied to new data (lib/score); see USAGE.
 */
import * as path from 'node:path';
import { scorerSetting } from '../lib/detectors';
import { fromRoot } from '../lib/io/paths';
import { asUsage, UsageError } from '../lib/run';
import { parseCli, runCliMain } from '../lib/run/cli';
import { commandLine } from '../lib/run/provenance';
import { scoreFiles, scoreLive } from '../lib/score';

const USAGE = `usage: npm run score -- --run RUN_DIR --input PATH [PATH …] [--out FILE] [options]
       npm run score -- --run RUN_DIR --follow FILE [options]
       npm run score -- --run RUN_DIR --stdin [options] < events.csv

Scores new data with a trained run's detector and its fitted preprocessing (GRU-SAE: the raw log as
stage 1 reads it, encoded with the run's encoder state; L1: feature rows, the run's scaler, clip and
window; NIDS: raw flows, the run's feature encoder and label indexer; quickstart: demo flows). One output
row per window (NIDS: per flow) with its score and alert at the run's validation threshold (named in the
column, e.g. alert@val_q0.99); NIDS rows also give the predicted class and the class probabilities.
Scoring runs on ONNX Runtime where the network exports (SEQSENTRY_SCORER=auto|ort|tfjs).

batch:
  --input PATH …         CSV, CSV.gz or parquet files, folders of them, or globs ('data/x-*.csv'); in order
  --out FILE             the scored windows as CSV, plus FILE.summary.json (default
                         outputs/score/<run name>/<input name>.scores.csv); an existing FILE is replaced only
                         when seqsentry wrote it (its summary says so), never inside the run folder
live:
  --follow FILE          a growing CSV (header first), read as it grows, like tail -f
  --stdin                CSV with a header row, or JSON lines (one object per event), from stdin
  --emit alerts|all|none JSON lines on stdout: one per alert (default), per window, or none
  --idle-exit S          --follow: stop after S seconds without new lines (default 0: until Ctrl-C)
  --out FILE             also write every scored window as CSV (as in batch)
options:
  --detector NAME        one of the run's detectors (L1: conv1d_ae_ft (default when fine-tuned) or conv1d_ae)
  --max-batch N          most windows per engine call (default 1024 batch, 256 live; 1 = one window at a time)
  --no-progress          no progress bar
  -h, --help
exit codes: 0 ok; 1 scoring failed; 2 bad arguments, run folder, input columns or types (nothing written)
Malformed lines are reported on stderr with their line number and counted; they never stop scoring.`;

const FLAGS = { run: '', out: '', follow: '', stdin: false, detector: '', max_batch: 0, emit: 'alerts', idle_exit: 0, progress: true, chunk: 4096 };

async function main(argv: string[]): Promise<void> {
  const args = parseCli(argv, FLAGS, { name: 'score', controls: { input: 'value' }, lists: ['input'] });
  if (args.help) return console.log(USAGE);
  const a = { ...FLAGS, ...(args.overrides as Partial<typeof FLAGS>) };
  const inputs = args.controls.input ? args.controls.input.split(',').filter(Boolean) : [];
  asUsage(() => {
    scorerSetting();
    if (!a.run) throw new UsageError('--run RUN_DIR is required');
    const modes = [inputs.length > 0, !!a.follow, a.stdin].filter(Boolean).length;
    if (modes !== 1) throw new UsageError('give one of --input PATH (batch), --follow FILE or --stdin (live)');
    if (!['alerts', 'all', 'none'].includes(a.emit)) throw new UsageError(`--emit must be alerts, all or none, got "${a.emit}"`);
    if (!(a.idle_exit >= 0)) throw new UsageError(`--idle-exit must be ≥ 0, got ${a.idle_exit}`);
    if (a.max_batch && !(Number.isInteger(a.max_batch) && a.max_batch >= 1)) throw new UsageError(`--max-batch must be an integer ≥ 1, got ${a.max_batch}`);
    if (!(Number.isInteger(a.chunk) && a.chunk >= 1)) throw new UsageError(`--chunk must be an integer ≥ 1, got ${a.chunk}`);
  });
  const common = {
    runDir: fromRoot(a.run), detector: a.detector || undefined, maxBatch: a.max_batch || undefined, progress: a.progress, chunk: a.chunk,
    command: commandLine(argv),
  };
  if (inputs.length) {
    const out = a.out ? fromRoot(a.out) : fromRoot('outputs', 'score', path.basename(path.resolve(fromRoot(a.run))), `${stem(inputs[0])}.scores.csv`);
    await scoreFiles({ ...common, inputs: inputs.map((i) => fromRoot(i)), out });
    return;
  }
  await scoreLive({
    ...common, follow: a.follow ? fromRoot(a.follow) : null, stdin: a.stdin ? process.stdin : null, out: a.out ? fromRoot(a.out) : null,
    emit: a.emit as 'alerts' | 'all' | 'none', idleExitS: a.idle_exit,
    onStart: (stop) => {
      for (const s of ['SIGINT', 'SIGTERM'] as const) process.once(s, stop);
    },
  });
}

/** A name for the default output: the input's file (or folder) name without table extensions or globs. */
function stem(input: string): string {
  return path.basename(input).replace(/\*/g, '_').replace(/\.(csv\.gz|csv|gz|parquet)$/i, '') || 'input';
}

runCliMain('score', () => main(process.argv.slice(2)));
