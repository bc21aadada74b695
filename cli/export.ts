/**
 * npm run export -- --run RUN_DIR [--out DIR]: every network detector of a trained run as ONNX
 * (model.onnx) with its fitted preprocessing (preprocessing.json), each checked against TF.js before it
 * is written (lib/onnx/export.ts). The output folder is a run folder of its own (kind export, run.json).
 */
import { fromRoot } from '../lib/io/paths';
import { exportRunFolder } from '../lib/onnx/export';
import { asUsage, UsageError } from '../lib/run';
import { parseCli, runCliMain } from '../lib/run/cli';
import { openRun } from '../lib/score';

const USAGE = `usage: npm run export -- --run RUN_DIR [--out DIR] [--samples N]

Writes every network detector of a trained run (GRU-SAE model/best; L1 model/ and finetuned/model/; NIDS
best_model/; quickstart model/) as DIR/<detector>/model.onnx (ONNX opset 17: inputs x [batch, …], outputs
reconstruction + score for the autoencoders, logits + probabilities for the classifier) with
DIR/<detector>/preprocessing.json (the run's fitted preprocessing, windows and validation threshold) and
DIR/export.json. Before writing, each model runs in onnxruntime-node on N samples (the run's own test
windows where it keeps them) and must equal TF.js within 1e-4.

options:
  --run RUN_DIR     a run folder of npm start / pipeline, l1, nids or quickstart
  --out DIR         default outputs/export/<run name>; a new folder, an empty one or an earlier export
  --samples N       samples of the parity check (default 1000)
  -h, --help
exit codes: 0 ok; 1 export failed (nothing of that detector written); 2 bad arguments or run folder`;

const FLAGS = { run: '', out: '', samples: 1000 };

async function main(argv: string[]): Promise<void> {
  const args = parseCli(argv, FLAGS, { name: 'export', aliases: { 'output-dir': 'out' } });
  if (args.help) return console.log(USAGE);
  const a = { ...FLAGS, ...(args.overrides as Partial<typeof FLAGS>) };
  const runDir = asUsage(() => {
    if (!a.run) throw new UsageError('--run RUN_DIR is required');
    if (!(Number.isInteger(a.samples) && a.samples >= 1)) throw new UsageError(`--samples must be an integer ≥ 1, got ${a.samples}`);
    return openRun(fromRoot(a.run)).runDir;
  });
  const { dir, detectors } = await exportRunFolder(runDir, { out: a.out || null, samples: a.samples });
  console.log(`export: ${detectors.length} detector${detectors.length > 1 ? 's' : ''} in ${dir}`);
}

runCliMain('export', () => main(process.argv.slice(2)));
