/**
 * A queue worker: npm run worker -- --queue redis://HOST:PORT [--concurrency N]; see USAGE.
 * Start any number, on any machines that have this repository (and ../shared/data for real series).
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { fromRoot } from '../lib/io/paths';
import { asUsage, UsageError } from '../lib/run';
import { parseCli, runCliMain } from '../lib/run/cli';
import { checkRedis, parseQueueUrl } from '../lib/suite/queue/connection';
import { startWorker } from '../lib/suite/queue/worker';

const USAGE = `usage: npm run worker -- --queue redis://HOST:PORT [options]

Takes jobs (benchmark suite jobs, NIDS runs, notebooks) from the BullMQ queue "seqsentry" on that
Redis, runs each in a fresh Node process and sends back its metrics and its folder. Stop it with
Ctrl-C (running jobs finish first; a second Ctrl-C stops at once). A worker killed outright loses
nothing: its job is taken over by another worker once its lock lapses (--lock-seconds).

  --queue redis://H:P     the queue (default $REDIS_URL)
  --concurrency N         jobs at once (default 1; each job uses cores/N WASM threads)
  --work-dir DIR          where jobs write before their folders are sent back
                          (default outputs/worker/<host>-<pid>; emptied as jobs finish)
  --lock-seconds S        a job's lock lifetime; a dead worker's job restarts after about S (default 30)
  --max-stalls N          dead workers a job survives before it fails (default 3)
  -h, --help
exit codes: 0 stopped, 2 bad arguments or unreachable Redis`;

const CONTROLS = { queue: 'value', concurrency: 'value', 'work-dir': 'value', 'lock-seconds': 'value', 'max-stalls': 'value' } as const;

async function main(argv: string[]): Promise<void> {
  const args = parseCli(argv, {}, { name: 'worker', controls: CONTROLS });
  if (args.help) return console.log(USAGE);
  const c = args.controls;
  const url = c.queue ?? process.env.REDIS_URL;
  if (!url) throw new UsageError('--queue redis://HOST:PORT is required (or set REDIS_URL)');
  const address = asUsage(() => parseQueueUrl(url));
  const num = (flag: string, raw: string | undefined, def: number, min: number) => {
    if (raw === undefined) return def;
    const n = Number(raw);
    if (!(Number.isFinite(n) && n >= min)) throw new UsageError(`--${flag} expects a number ≥ ${min}, got "${raw}"`);
    return n;
  };
  const concurrency = Math.floor(num('concurrency', c.concurrency, 1, 1));
  const lockMs = num('lock-seconds', c['lock-seconds'], 30, 1) * 1000;
  const maxStalled = Math.floor(num('max-stalls', c['max-stalls'], 3, 0));
  const workDir = c['work-dir'] ? path.resolve(c['work-dir']) : fromRoot('outputs', 'worker', `${os.hostname()}-${process.pid}`);
  await checkRedis(address).catch((err: Error) => {
    throw new UsageError(err.message);
  });
  if (!process.env.SEQSENTRY_WASM_THREADS) process.env.SEQSENTRY_WASM_THREADS = String(Math.max(1, Math.floor(os.availableParallelism() / concurrency)));
  const log = (line: string) => console.log(`[worker ${process.pid}] ${new Date().toISOString().slice(11, 19)} ${line}`);
  const worker = await startWorker(address, { concurrency, workDir, lockMs, maxStalled, log });
  log(`ready on ${address.shown}: concurrency ${concurrency}, ${process.env.SEQSENTRY_WASM_THREADS} WASM thread(s) per job, work folder ${workDir}`);
  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) process.exit(130);
      stopping = true;
      log(`${signal}: finishing running jobs, then stopping (again to stop now)`);
      void worker.close().then(resolve);
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
  });
}

runCliMain('worker', () => main(process.argv.slice(2)));
