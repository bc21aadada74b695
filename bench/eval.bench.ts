/**
 * Benchmark, not a test: ms for rocAuc and averagePrecision on 1,000,000 random scores, VUS-PR and the
 * whole metrics record on 100,000 points (median of 5 runs after one warm-up), plus the sort strategies
 * the ranking metrics were chosen from. Run: npm run bench -- --only eval
 */
import { rocAuc, averagePrecision, vusPr, metricsRecord } from '../lib/eval';
import { sortAscending } from '../lib/eval/sort';
import { emitResultLine, peakRssMb } from './harness';

const N = 1_000_000;
const RUNS = 5;

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Time `f` on fresh input from `make` (input creation not timed): one warm-up, then the median of RUNS. */
function time<T>(name: string, make: () => T, f: (x: T) => unknown): void {
  f(make());
  const ms: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const x = make();
    const t0 = performance.now();
    f(x);
    ms.push(performance.now() - t0);
  }
  console.log(`${name.padEnd(52)} ${median(ms).toFixed(1).padStart(7)} ms  (runs: ${ms.map((m) => m.toFixed(0)).join(', ')})`);
  // The runner's table and --json get one row per timing; `throughput` is 1 call per run.
  const s = median(ms) / 1000;
  const result = { workload: `eval: ${name.trim()}`, impl: 'tfjs' as const, median_s: s, runs_s: ms.map((m) => m / 1000), throughput: 1 / s, unit: 'calls/s', peak_rss_mb: peakRssMb(), backend: `Node ${process.version} (no TF.js)` };
  emitResultLine(result);
}

function data(): { labels: Uint8Array; scores: Float64Array } {
  const labels = new Uint8Array(N);
  const scores = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    labels[i] = Math.random() < 0.1 ? 1 : 0;
    scores[i] = Math.random() + 0.3 * labels[i];
  }
  return { labels, scores };
}

console.log(`n = ${N.toLocaleString('en')}, 10% positives, Node ${process.version}`);
time('rocAuc (Uint8Array labels, Float64Array scores)', data, (d) => rocAuc(d.labels, d.scores));
time('averagePrecision (Uint8Array, Float64Array)', data, (d) => averagePrecision(d.labels, d.scores));
time('rocAuc (number[] labels and scores)', () => { const d = data(); return { l: Array.from(d.labels), s: Array.from(d.scores) }; }, (d) => rocAuc(d.l, d.s));
time('rocAuc, scores rounded to 2 decimals (heavy ties)', () => { const d = data(); d.scores.forEach((v, i) => { d.scores[i] = Math.round(v * 100) / 100; }); return d; }, (d) => rocAuc(d.labels, d.scores));
/** 100k points with 50 anomaly events of 20–120 steps and a noisy detector that sees most of them. */
function trace(): { labels: Uint8Array; scores: Float64Array } {
  const n = 100_000;
  const labels = new Uint8Array(n);
  for (let e = 0; e < 50; e++) {
    const start = Math.floor(Math.random() * (n - 200));
    labels.fill(1, start, start + 20 + Math.floor(Math.random() * 100));
  }
  const scores = Float64Array.from(labels, (l) => Math.random() + 0.8 * l * Math.random());
  return { labels, scores };
}
time('vusPr, n = 100k, maxWindow 100, 250 thresholds', trace, (d) => vusPr(d.labels, d.scores));
time('metricsRecord, n = 100k (+ random control), budget 0.04', trace, (d) => metricsRecord(d.labels, d.scores));
time('metricsRecord, n = 100k, with validation thresholds', () => ({ t: trace(), v: trace() }), (d) => metricsRecord(d.t.labels, d.t.scores, { val: d.v }));
console.log('sort strategies on 1e6 float64 (what the metrics were chosen from):');
const rand = () => Float64Array.from({ length: N }, Math.random);
time('  radix sort (lib/eval/sort.ts)', rand, (a) => sortAscending(a));
time('  Float64Array.prototype.sort()', rand, (a) => a.sort());
time('  Uint32Array index permutation, comparator sort', rand, (a) => {
  const idx = new Uint32Array(N);
  for (let i = 0; i < N; i++) idx[i] = i;
  idx.sort((x, y) => a[y] - a[x]);
});
