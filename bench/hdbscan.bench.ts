/**
 * Benchmark, not a test: hdbscan on 10,000 points × 16 dims (5 Gaussian blobs + 5% uniform noise, the
 * shape of PCA-reduced window embeddings), median of --runs (default 3) runs after one warm-up, with
 * points/s, CPU time and peak RSS; then the same on structureless uniform data, where the pruning
 * (principal-axes screen, blocks) helps least. Target: ≤ 5 s on the 2-core dev machine.
 * Run: npm run bench -- --only hdbscan (or npx tsx bench/hdbscan.bench.ts [--runs N]).
 * Peak RSS is read before bench/harness is loaded for the result lines (it brings TF.js along).
 */
import { hdbscan, type HdbscanOptions, type HdbscanResult } from '../lib/cluster';
import { createRng } from '../lib/random';

const N = 10_000;
const DIMS = 16;

/** `--runs N` as bench/run.ts passes it (≥ 3, default 3). */
function runsArg(argv: string[]): number {
  const at = argv.indexOf('--runs');
  const runs = at < 0 ? 3 : Number(argv[at + 1]);
  if (!(Number.isInteger(runs) && runs >= 3)) throw new Error(`--runs must be an integer ≥ 3, got ${argv[at + 1]}`);
  return runs;
}

function median(xs: readonly number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** 5 blobs (sd 1, centres uniform in [−20, 20]^16) and 5% uniform noise in [−25, 25]^16, seeded. */
function blobs(seed: number): Float32Array {
  const rng = createRng(seed);
  const centres = Array.from({ length: 5 }, () => Array.from({ length: DIMS }, () => rng.uniform(-20, 20)));
  const x = new Float32Array(N * DIMS);
  for (let i = 0; i < N; i++) {
    const noise = i >= N * 0.95;
    const c = centres[i % 5];
    for (let f = 0; f < DIMS; f++) x[i * DIMS + f] = noise ? rng.uniform(-25, 25) : rng.normal(c[f], 1);
  }
  return x;
}

function uniform(seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: N * DIMS }, () => rng.next());
}

interface Timing {
  workload: string;
  wall: number[];
  cpu: number[];
  last: HdbscanResult;
}

/** One warm-up call, then `runs` timed calls (wall and process CPU seconds). */
function time(workload: string, x: Float32Array, opts: HdbscanOptions, runs: number): Timing {
  let last = hdbscan(x, opts);
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    last = hdbscan(x, opts);
    wall.push((performance.now() - t0) / 1000);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1e6);
  }
  const m = median(wall);
  const noise = last.labels.reduce((s, l) => s + (l === -1 ? 1 : 0), 0);
  console.log(
    `${workload.padEnd(34)} ${m.toFixed(2).padStart(6)} s  ${Math.round(N / m).toLocaleString('en').padStart(6)} points/s  CPU ${median(cpu).toFixed(2)} s  ` +
      `(runs: ${wall.map((s) => s.toFixed(2)).join(', ')} s)  clusters ${last.nClusters}, noise ${noise}`,
  );
  return { workload, wall, cpu, last };
}

async function main(): Promise<void> {
  const runs = runsArg(process.argv.slice(2));
  console.log(`hdbscan, n = ${N.toLocaleString('en')} × ${DIMS} dims, minClusterSize 10 (minSamples 10), Node ${process.version}`);
  const opts: HdbscanOptions = { dims: DIMS, minClusterSize: 10 };
  const results = [time('hdbscan 10k×16 5 blobs + 5% noise', blobs(1), opts, runs), time('hdbscan 10k×16 uniform', uniform(2), opts, runs)];
  const rss = process.resourceUsage().maxRSS / 1024;
  console.log(`peak RSS ${rss.toFixed(0)} MiB`);
  const { emitResultLine } = await import('./harness.js');
  for (const r of results) {
    const m = median(r.wall);
    emitResultLine({
      workload: r.workload, impl: 'tfjs', median_s: m, runs_s: r.wall, cpu_s: r.cpu, throughput: N / m, unit: 'points/s',
      peak_rss_mb: rss, backend: `Node ${process.version} (no TF.js)`, detail: { n: N, ...opts, clusters: r.last.nClusters },
    });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
