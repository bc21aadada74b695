/**
 * Benchmark suites: npm run benchmark -- --suite SUITE [options]; see USAGE. Every (series, detector,
 * seed) is one job with its own run folder; the suite folder gets the leaderboard.
 */
import * as os from 'node:os';
import { asUsage, checkRunDir, UsageError } from '../lib/run';
import { parseCli, runCliMain } from '../lib/run/cli';
import { findSuite, parseIntList, parseList } from '../lib/suite/cli-args';
import { summaryText } from '../lib/suite/summary';
import { runLocal } from '../lib/suite/local';
import { progressWriter } from '../lib/suite/progress';
import { checkRedis, parseQueueUrl } from '../lib/suite/queue/connection';
import { formatQueueState, queueState } from '../lib/suite/queue/status';
import { runOnQueue } from '../lib/suite/queue/submit';
import { prepareSuite, runSuite, type Engine } from '../lib/suite/run-suite';
import { activePreset } from '../lib/config';

const USAGE = `usage: npm run benchmark -- --suite SUITE [options]
       npm run benchmark -- --status --queue redis://HOST:PORT

Evaluates detectors on every series of a suite (configs/suites/<SUITE>.json, or a path to a suite
file). A series suite (smd-4, demo) runs one job per (series, detector, seed), each an ordinary run
folder under <suite folder>/runs/<series>/<detector>/seed-<seed>/; a pipeline suite (apt29: the
GRU-SAE pipeline; cicids2017, kdd99: the NIDS classifier) runs that pipeline once per (dataset, seed)
in <suite folder>/runs/<dataset>/seed-<seed>/, every detector of the run on the leaderboard. Then
leaderboard.csv, leaderboard_series.csv, leaderboard.json and leaderboard.html in the suite folder.
A re-run skips jobs whose folders are complete with the same settings and redoes failed or
interrupted ones.

  --suite SUITE           suite name in configs/suites/ or a .json file
  --detectors a,b,…       series suites: a subset of the suite's detectors (conv1d_ae, pca, iforest,
                          kmeans, knn, hbos, random)
  --seeds 1,2,3           seeds (default: the suite's)
  --preset NAME           config preset (L1's settings for series suites, the pipeline's otherwise;
                          default $SEQSENTRY_PRESET or "default")
  --out DIR               suite folder (default outputs/benchmark/<suite>-<preset>)
engines:
  --workers N             local engine (default): N job processes at once (default: CPU cores)
  --retries N             retries of a job whose process crashed (default 2); job errors are final
  --queue redis://H:P     put the jobs on the BullMQ queue instead and wait for workers
                          (npm run worker -- --queue redis://H:P on any number of machines)
  --status                show the queue's state (with --queue, or REDIS_URL) and exit
  -h, --help
exit codes: 0 ok, 1 some job failed (the leaderboard is still written), 2 bad arguments, suite,
series files, detector, unreachable Redis or suite folder`;

const CONTROLS = { suite: 'value', detectors: 'value', seeds: 'value', out: 'value', 'output-dir': 'value', workers: 'value', retries: 'value', queue: 'value', status: 'switch' } as const;

async function main(argv: string[]): Promise<number | void> {
  const args = parseCli(argv, {}, { name: 'benchmark', controls: CONTROLS, lists: ['detectors', 'seeds'] });
  if (args.help) return console.log(USAGE);
  const c = args.controls;
  const queueUrl = c.queue ?? (c.status ? process.env.REDIS_URL : undefined);
  const address = queueUrl === undefined ? null : asUsage(() => parseQueueUrl(queueUrl));
  if (c.status) {
    if (!address) throw new UsageError('--status needs --queue redis://HOST:PORT (or REDIS_URL)');
    await checkRedis(address).catch((err: Error) => {
      throw new UsageError(err.message);
    });
    return console.log(formatQueueState(await queueState(address), address.shown));
  }
  if (!c.suite) throw new UsageError('--suite is required (a name in configs/suites/ or a suite file)');
  const preset = activePreset(args.preset);
  const workers = c.workers === undefined ? os.availableParallelism() : parseCount(c.workers, '--workers', 1);
  const retries = c.retries === undefined ? 2 : parseCount(c.retries, '--retries', 0);
  const prepared = asUsage(() => {
    const { suite, file } = findSuite(c.suite);
    const p = prepareSuite({
      suite, suiteFile: file, preset, out: c.out ?? c['output-dir'] ?? null,
      detectors: c.detectors === undefined ? undefined : parseList(c.detectors, '--detectors'),
      seeds: c.seeds === undefined ? undefined : parseIntList(c.seeds, '--seeds'),
    });
    checkRunDir(p.dir, { kind: 'benchmark' });
    return p;
  });
  if (address) {
    await checkRedis(address).catch((err: Error) => {
      throw new UsageError(err.message);
    });
  }
  const progress = progressWriter();
  const hooks = { onCounts: progress.update, onNote: progress.note };
  const threads = String(Math.max(1, Math.floor(os.availableParallelism() / workers)));
  const engine: Engine = address
    ? { name: `queue ${address.shown}`, run: (tasks, onRecord) => runOnQueue(address, tasks, { retries, ...hooks, onRecord: (r) => onRecord(r) }) }
    : { name: `local, ${workers} worker process(es)`, run: (tasks, onRecord) => runLocal(tasks, { workers, retries, env: { SEQSENTRY_WASM_THREADS: process.env.SEQSENTRY_WASM_THREADS ?? threads }, ...hooks, onRecord }) };
  console.log(`suite ${String(prepared.config.suite)} (preset ${preset}): ${prepared.jobs.length} jobs on ${engine.name} → ${prepared.dir}`);
  const r = await runSuite(prepared, engine, (line) => progress.note(line)).finally(() => progress.end());
  console.log(summaryText(r.board));
  const failed = r.records.filter((x) => x.status === 'failed');
  for (const f of failed) console.error(`failed: ${f.label}: ${f.error}`);
  console.log(`done in ${r.seconds.toFixed(1)} s; leaderboard: ${r.html} (and leaderboard.csv, leaderboard_series.csv, leaderboard.json)`);
  return failed.length ? 1 : 0;
}

function parseCount(raw: string, flag: string, min: number): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${flag} expects an integer ≥ ${min}, got "${raw}"`);
  return n;
}

runCliMain('benchmark', () => main(process.argv.slice(2)));
