/**
 * The GRU NIDS classifier: npm run nids [-- options]. See USAGE and lib/nids/README.md.
 * Layers: NIDS_DEFAULTS → configs/nids/<dataset>.json → configs/presets/<preset>.json "nids" → EPOCHS, … → flags.
 */
import { checkEngineEnv } from '../lib/engine';
import { checkNidsInputs, NIDS_DEFAULTS, nidsInputs, nidsPathSources, nidsRunDir, resolveNidsConfig } from '../lib/nids/config';
import { runNids } from '../lib/nids/run';
import { asUsage, checkRunDir, UsageError } from '../lib/run';
import { parseCli, runCliMain } from '../lib/run/cli';
import { submitNidsRun } from '../lib/suite/remote';

const USAGE = `usage: npm run nids [-- options]        (or the original's environment variables, below)

Trains the GRU intrusion classifier on a flow dataset and writes the run folder
(default outputs/nids/<dataset>/): best_model/, metrics.json, report.html, ….

data:
  --dataset NAME            demo-flows (default; generated if missing) | cicids2017 | kdd99 (../shared/data)
  --train-path FILE         prepared parquet (scaled_features, label, weight; a file or Spark's folder of parts)
                            instead of a raw dataset; val_df.parquet, test_df.parquet, label_indexer.json beside it
                            are used if present
  --val-path FILE           --test-path FILE
  --label-indexer-path P    label indexer: JSON, or a Spark StringIndexerModel folder
  --out DIR                 run folder (also --output-dir; default outputs/nids/<dataset>); only an empty
                            folder or a nids run folder
  --split auto|stratified|time   --max-train-rows N   --seed N
model and training:
  --epochs N  --batch-size N  --learning-rate X  --hidden-size N  --dropout X  --seq-len N
  --weight-decay X  --clipnorm X  --patience N (early stopping on val accuracy; 0 = off)
  --mode local|cluster      local (default): the run here, the num_processes shards of each step in this process;
                            cluster: the run is one job on the BullMQ queue (--queue, or REDIS_URL); a worker
                            (npm run worker -- --queue …) trains it and its run folder comes back into --out
  --queue redis://H:P       the queue for --mode cluster
  --num_processes N         data-parallel processes: each step = N batches of batch_size rows, one summed update
environment (the original's; a flag wins over its variable):
  TRAIN_PATH TEST_PATH LABEL_INDEXER_PATH OUTPUT_DIR NUM_PROCESSES EPOCHS BATCH_SIZE LEARNING_RATE HIDDEN_SIZE DROPOUT
  (underscore spellings of the flags work too: --train_path, --batch_size, --num_processes, …)
other:
  --preset NAME             config preset (default $SEQSENTRY_PRESET or "default"; "original": 200 epochs)
  --no-progress             no progress bar
  --<section.key> VALUE     any config key, e.g. --data.unseen_labels skip, --baselines.softmax_epochs 5
  -h, --help
exit codes: 0 ok, 1 the run failed, 2 bad arguments, config, input paths or run folder`;

/** Flags of the original whose config key is not just the flag with `_` for `-`. */
const ALIASES: Record<string, string> = {
  patience: 'early_stopping_patience',
  split: 'data.split',
  'max-train-rows': 'data.max_train_rows',
  out: 'output_dir',
};

/** The NIDS CLI for arguments (the environment is read too); resolves to the exit code, throws on errors (runCliMain maps them). */
export async function nidsCli(argv: string[]): Promise<number> {
  const args = parseCli(argv, NIDS_DEFAULTS, { name: 'nids', aliases: ALIASES, controls: { queue: 'value' } });
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const cfg = asUsage(() => {
    const cfg = resolveNidsConfig({ preset: args.preset, overrides: args.overrides });
    const sources = nidsPathSources(args.overrides);
    checkEngineEnv();
    checkNidsInputs(cfg, sources);
    checkRunDir(nidsRunDir(cfg), { kind: 'nids', inputs: nidsInputs(cfg), flag: sources.output_dir === 'env' ? 'OUTPUT_DIR' : '--out' });
    return cfg;
  });
  const queue = args.controls.queue ?? process.env.REDIS_URL ?? '';
  if (cfg.mode === 'cluster') return clusterRun(cfg, queue);
  if (args.controls.queue) throw new UsageError('--queue is for --mode cluster (the run as a job on the queue); --mode local runs here');
  const what = cfg.train_path ? `prepared parquet ${cfg.train_path}` : `dataset ${cfg.dataset}`;
  console.log(`GRU NIDS classifier: ${what}, preset ${cfg._meta.preset}, epochs ${cfg.epochs}, batch ${cfg.batch_size}, lr ${cfg.learning_rate}, hidden ${cfg.hidden_size}, dropout ${cfg.dropout}, seq_len ${cfg.seq_len}, ` +
    `mode ${cfg.mode}, ${cfg.num_processes} process${cfg.num_processes > 1 ? `es (global batch ${cfg.num_processes * cfg.batch_size})` : ''} → ${nidsRunDir(cfg)}`);
  const r = await runNids(cfg, { log: console.log, progress: cfg.progress ? process.stderr : null });
  const m = r.evaluation.test.metrics;
  console.log(`\nweighted F1 ${m.weighted_f1.toFixed(4)}, macro F1 ${m.macro_f1.toFixed(4)}, accuracy ${m.accuracy.toFixed(4)}${m['binary_roc_auc'] !== undefined ? `, binary ROC-AUC ${m['binary_roc_auc'].toFixed(4)}` : ''}`);
  console.log(`report: ${r.dir}/report.html`);
  return 0;
}

/** --mode cluster: the resolved run as one queue job; a worker trains it and its run folder comes back here. */
async function clusterRun(cfg: Parameters<typeof submitNidsRun>[1], queue: string): Promise<number> {
  if (!queue) throw new UsageError('--mode cluster submits the run to a job queue: give --queue redis://HOST:PORT (or REDIS_URL) and start workers there with npm run worker -- --queue redis://HOST:PORT');
  console.log(`GRU NIDS classifier, --mode cluster: submitting the run (preset ${cfg._meta.preset}, epochs ${cfg.epochs}, ${cfg.num_processes} process${cfg.num_processes > 1 ? 'es' : ''}) to ${queue}; waiting for a worker …`);
  const r = await submitNidsRun(queue, cfg);
  const m = r.metrics;
  const f = (k: string) => (typeof m[k] === 'number' ? (m[k] as number).toFixed(4) : 'n/a');
  console.log(`\ntrained on ${r.worker} in ${r.seconds.toFixed(1)} s: weighted F1 ${f('gru_classifier.test.weighted_f1')}, macro F1 ${f('gru_classifier.test.macro_f1')}`);
  console.log(`report: ${r.dir}/report.html`);
  return 0;
}

if (require.main === module) runCliMain('nids', () => nidsCli(process.argv.slice(2)));
