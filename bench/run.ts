/**
 * Run the benchmarks and print one table:
 *   npm run bench [-- --only <name>[,<name>…]] [--json out.json] [--runs N] [--rounds N]
 *                 [--no-peer] [--torch-threads N] [--all]
 * Each bench/<name>.bench.ts runs in a fresh process (no bench warms another's JIT or heap) and prints
 * one `@@bench {json}` line per workload (bench/harness.ts). Workloads with a PyTorch peer
 * (bench/peer/*.py, Debian's python3-torch via /usr/bin/python3) run both in the same invocation, in
 * alternating processes, `--rounds` times (default 2, order ours, peer, peer, ours: ABBA, so a drift in
 * machine load hits both sides alike); medians are over all timed runs of all rounds, and the table shows
 * the ratio ours / PyTorch. Without Python or torch it says why and runs ours only. Opt-in benches
 * (quality checks such as gru-parity) run only when named by --only or with --all.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeJson } from '../lib/io/files';
import { RESULT_PREFIX, fmtRate, fmtSeconds, median, type BenchResult } from './harness';

const DIR = __dirname;
const PYTHON = process.env.SEQSENTRY_BENCH_PYTHON ?? '/usr/bin/python3';

/** Benches that are checks rather than timings, or long: only with --only or --all. */
const OPT_IN = new Set(['gru-parity']);

/** Bench name → its PyTorch peer script and arguments. */
const PEERS: Record<string, string[]> = {
  'gru-ae': ['gru_ae.py', '--mode', 'train'],
  'gru-ae-score': ['gru_ae.py', '--mode', 'score'],
  'conv1d-ae': ['conv1d_ae.py'],
  nids: ['nids.py'],
};

/** The issues' targets: ours / PyTorch at most this (by workload prefix). */
const TARGETS: [RegExp, number][] = [
  // Issue 15: scoring through ONNX Runtime.
  [/^gru-ae score ort /, 0.7],
  [/^conv1d-ae score ort /, 0.7],
  // Issue 17 (fused kernels): training epochs.
  [/^gru-ae epoch b(64|256)$/, 2],
  [/^conv1d-ae epoch/, 2.5],
  // Issue 7: TF.js scoring.
  [/^gru-ae score /, 2],
];

interface Args {
  only: string[] | null;
  json: string | null;
  runs: number;
  rounds: number;
  peer: boolean;
  torchThreads: number;
  all: boolean;
}

function parseArgs(argv: string[], names: string[]): Args {
  const a: Args = { only: null, json: null, runs: 3, rounds: 2, peer: true, torchThreads: 2, all: false };
  const int = (flag: string, v: string | undefined, min: number) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) usage(`${flag} needs an integer ≥ ${min}, got ${v}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const f = argv[i];
    if (f === '--only') {
      a.only = (argv[++i] ?? '').split(',').filter(Boolean);
      const bad = a.only.filter((n) => !names.includes(n));
      if (!a.only.length || bad.length) usage(`--only needs one or more of: ${names.join(', ')}${bad.length ? ` (unknown: ${bad.join(', ')})` : ''}`);
    } else if (f === '--json') {
      a.json = argv[++i] ?? usage('--json needs a file name');
    } else if (f === '--runs') a.runs = int(f, argv[++i], 3);
    else if (f === '--rounds') a.rounds = int(f, argv[++i], 1);
    else if (f === '--torch-threads') a.torchThreads = int(f, argv[++i], 1);
    else if (f === '--no-peer') a.peer = false;
    else if (f === '--all') a.all = true;
    else usage(`unknown argument ${f}`);
  }
  return a;
}

function usage(msg: string): never {
  console.error(`bench: ${msg}\nusage: npm run bench [-- --only <name>[,<name>…]] [--json out.json] [--runs N] [--rounds N] [--no-peer] [--torch-threads N] [--all]`);
  process.exit(2);
}

/** Is /usr/bin/python3 with torch there? Returns the torch version, or why not. */
function detectTorch(): { ok: true; version: string } | { ok: false; why: string } {
  const r = spawnSync(PYTHON, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8', timeout: 120_000 });
  if (r.error) return { ok: false, why: `${PYTHON} cannot run (${(r.error as NodeJS.ErrnoException).code ?? r.error.message}); install Debian's python3-torch for the PyTorch peer` };
  if (r.status !== 0) {
    const last = (r.stderr || '').trim().split('\n').pop() ?? '';
    return { ok: false, why: `${PYTHON} has no usable torch (${last}); apt-get install python3-torch for the PyTorch peer` };
  }
  return { ok: true, version: r.stdout.trim() };
}

/** Run one process, forwarding its output live; collect its result lines. */
function runProcess(cmd: string, args: string[], label: string): Promise<{ ok: boolean; results: BenchResult[] }> {
  return new Promise((resolve) => {
    console.log(`\n-- ${label}`);
    const child = spawn(cmd, args, { cwd: path.resolve(DIR, '..'), stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
    const results: BenchResult[] = [];
    let pending = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      pending += chunk;
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        if (line.startsWith(RESULT_PREFIX)) results.push(JSON.parse(line.slice(RESULT_PREFIX.length)) as BenchResult);
        else process.stdout.write(line + '\n');
      }
    });
    child.on('error', (err) => {
      console.error(`bench: ${label} could not start: ${err.message}`);
      resolve({ ok: false, results });
    });
    child.on('close', (code) => {
      if (pending) process.stdout.write(pending + '\n');
      if (code !== 0) console.error(`bench: ${label} exited with ${code}`);
      resolve({ ok: code === 0, results });
    });
  });
}

/** Merge the rounds of one workload × implementation: all timed runs pooled, peak RSS the maximum. */
function merge(rs: BenchResult[]): BenchResult {
  const measured = rs.filter((r) => !r.skipped && r.median_s !== null);
  if (!measured.length) return rs[0];
  const runs = measured.flatMap((r) => r.runs_s);
  const items = measured[0].throughput === null ? null : measured[0].throughput * measured[0].median_s!;
  const med = median(runs);
  const cpu = measured.flatMap((r) => r.cpu_s ?? []);
  return {
    ...measured[measured.length - 1], median_s: med, runs_s: runs, cpu_s: cpu.length ? cpu : undefined, throughput: items === null ? null : items / med,
    peak_rss_mb: Math.max(...measured.map((r) => r.peak_rss_mb)),
  };
}

interface Row {
  workload: string;
  ours: BenchResult | null;
  torch: BenchResult | null;
  ratio: number | null;
  target: number | null;
  met: boolean | null;
}

function buildRows(all: BenchResult[]): Row[] {
  const order: string[] = [];
  for (const r of all) if (!order.includes(r.workload)) order.push(r.workload);
  return order.map((workload) => {
    const pick = (impl: BenchResult['impl']) => {
      const rs = all.filter((r) => r.workload === workload && r.impl === impl);
      return rs.length ? merge(rs) : null;
    };
    const ours = pick('tfjs');
    // An ONNX Runtime row (`… score ort bN`) is compared with the peer's `… score bN`: the same work.
    const torch = pick('torch') ?? (() => {
      const rs = all.filter((r) => r.workload === workload.replace(' score ort ', ' score ') && r.impl === 'torch');
      return rs.length ? merge(rs) : null;
    })();
    const ratio = ours?.median_s && torch?.median_s ? ours.median_s / torch.median_s : null;
    const target = TARGETS.find(([re]) => re.test(workload))?.[1] ?? null;
    return { workload, ours, torch, ratio, target, met: ratio !== null && target !== null ? ratio <= target : null };
  });
}

function printTable(rows: Row[]): void {
  const head = ['workload', 'ours (median)', 'ours rate', 'PyTorch (median)', 'PyTorch rate', 'ours/PyTorch', 'target', 'CPU s ours / torch', 'peak RSS ours / torch'];
  const cells = rows.map((r) => {
    const t = (x: BenchResult | null) => (x?.skipped ? 'skipped' : x?.median_s != null ? fmtSeconds(x.median_s) : '—');
    const rate = (x: BenchResult | null) => (x?.throughput != null ? `${fmtRate(x.throughput)} ${x.unit}` : '');
    const target = r.target === null ? '' : `≤ ${r.target}× ${r.met === null ? '(no peer)' : r.met ? 'met' : 'MISSED'}`;
    const rss = [r.ours, r.torch].map((x) => (x ? `${x.peak_rss_mb.toFixed(0)} MiB` : '—')).join(' / ');
    const cpu = [r.ours, r.torch].map((x) => (x?.cpu_s?.length ? median(x.cpu_s).toFixed(2) : '—')).join(' / ');
    return [r.workload, t(r.ours), rate(r.ours), t(r.torch), rate(r.torch), r.ratio === null ? '—' : `${r.ratio.toFixed(2)}×`, target, cpu, rss];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((v, i) => v.padEnd(widths[i])).join('  ');
  console.log('\n' + line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const c of cells) console.log(line(c));
  const backends = new Set(rows.flatMap((r) => [r.ours?.backend, r.torch?.backend]).filter(Boolean));
  console.log(`\nbackends: ${[...backends].join(' | ')}`);
  console.log('ratio = median wall time ours / PyTorch; CPU s = median process CPU time per run (all threads), less sensitive to other load on the machine');
  for (const r of rows) for (const x of [r.ours, r.torch]) if (x?.skipped) console.log(`${r.workload} (${x.impl}) skipped: ${x.skipped}`);
}

async function main(): Promise<void> {
  const names = fs.readdirSync(DIR).filter((f) => f.endsWith('.bench.ts')).map((f) => f.slice(0, -'.bench.ts'.length)).sort();
  const args = parseArgs(process.argv.slice(2), names);
  const selected = args.only ?? names.filter((n) => args.all || !OPT_IN.has(n));
  const torch = args.peer ? detectTorch() : ({ ok: false, why: '--no-peer' } as const);
  const cpus = os.cpus();
  console.log(`bench: ${selected.join(', ')}; ${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(torch.ok
    ? `PyTorch peer: torch ${torch.version} via ${PYTHON}, ${args.torchThreads} threads; ${args.rounds} round(s) per workload, order ours/peer then peer/ours (ABBA)`
    : `PyTorch peer: not run (${torch.why}); ours only`);
  const common = ['--runs', String(args.runs)];
  const all: BenchResult[] = [];
  let failed = 0;
  for (const name of selected) {
    const ours = () => runProcess(process.execPath, ['--import', 'tsx', path.join(DIR, `${name}.bench.ts`), ...common], `${name} (ours)`);
    const peerSpec = PEERS[name];
    const peer = torch.ok && peerSpec
      // -B: no __pycache__ beside the peer scripts.
      ? () => runProcess(PYTHON, ['-B', path.join(DIR, 'peer', peerSpec[0]), ...peerSpec.slice(1), ...common, '--threads', String(args.torchThreads)], `${name} (PyTorch)`)
      : null;
    const rounds = peer ? args.rounds : 1;
    for (let r = 0; r < rounds; r++) {
      const order = peer ? (r % 2 === 0 ? [ours, peer] : [peer, ours]) : [ours];
      for (const run of order) {
        const { ok, results } = await run();
        if (!ok) failed++;
        all.push(...results);
      }
    }
  }
  const rows = buildRows(all);
  printTable(rows);
  if (args.json) {
    const out = {
      date: new Date().toISOString(),
      machine: { cpus: cpus.length, model: cpus[0]?.model, node: process.version, loadavg_at_end: os.loadavg() },
      args, torch, rows, results: all,
    };
    writeJson(args.json, out);
    console.log(`results written to ${args.json}`);
  }
  process.exit(failed ? 1 : 0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
