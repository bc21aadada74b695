/**
 * The shared pieces of every benchmark: time a workload (warm-up, then the median of ≥ 3 runs),
 * report throughput, peak RSS and the backend, and emit one machine-readable line per result that
 * bench/run.ts collects into its table. The PyTorch peers (bench/peer/*.py) print the same line.
 */
import { createRng } from '../lib/random';
import { engineInfo, initEngine, tf, threadsNote, type HostArray } from '../lib/engine';
import { networkToOnnx, ortLabel, OrtSession, type OnnxHead } from '../lib/onnx';

/** Prefix of the one stdout line per result that bench/run.ts parses; the rest of the line is JSON. */
export const RESULT_PREFIX = '@@bench ';

/** One measured (or skipped) workload, as both implementations report it. */
export interface BenchResult {
  /** Table key, shared by ours and the peer, e.g. `gru-ae epoch b256`. */
  workload: string;
  /** Which implementation: `tfjs` (ours) or `torch` (the PyTorch peer). */
  impl: 'tfjs' | 'torch';
  /** Median wall time of one run, seconds; null when skipped. */
  median_s: number | null;
  /** Every timed run, seconds (warm-up excluded). */
  runs_s: number[];
  /**
   * Process CPU time (user + system, all threads) of each timed run, seconds. On a shared machine wall
   * time grows with other load; CPU time much less so (for one thread, it is the wall time an idle machine would give).
   */
  cpu_s?: number[];
  /** Items per second at the median (`items / median_s`). */
  throughput: number | null;
  /** What an item is: `seq/s`, `windows/s`, `flows/s`, `events/s`. */
  unit: string;
  /** Peak resident set size of the whole process so far, MiB. */
  peak_rss_mb: number;
  /** Backend, e.g. `wasm (tfjs 4.22.0, 1 thread)` or `torch 1.13.0 cpu, 2 threads`. */
  backend: string;
  /** Set when the workload did not run, with the reason. */
  skipped?: string;
  /** Free-form facts worth keeping in the JSON (shapes, batch size, final loss). */
  detail?: Record<string, unknown>;
}

export interface BenchArgs {
  /** Timed runs after the warm-up (≥ 3). */
  runs: number;
  /** Untimed warm-up runs. */
  warmup: number;
}

/** `--runs N` and `--warmup N` from argv (defaults 3 and 1); fewer than 3 timed runs is refused. */
export function benchArgs(argv: string[] = process.argv.slice(2)): BenchArgs {
  const num = (flag: string, dflt: number) => {
    const at = argv.indexOf(flag);
    if (at < 0) return dflt;
    const v = Number(argv[at + 1]);
    if (!Number.isInteger(v) || v < 0) throw new Error(`${flag} needs a non-negative integer, got ${argv[at + 1]}`);
    return v;
  };
  const runs = num('--runs', 3);
  if (runs < 3) throw new Error(`--runs must be ≥ 3 (a median of fewer says little), got ${runs}`);
  return { runs, warmup: num('--warmup', 1) };
}

/** `--<name> value` from argv, else `dflt`. */
export function flag(name: string, dflt: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : dflt;
}

/** Set up the engine for a bench, quietly. */
export async function setupEngine(): Promise<void> {
  await initEngine({ quiet: true });
}

export function median(xs: readonly number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Peak RSS of this process, MiB (`maxRSS` is in KiB on Linux). */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** The backend line for results: TF.js backend as set up by initEngine, with WASM's thread count. */
export async function backendLabel(): Promise<string> {
  const info = await engineInfo();
  if (!info) return 'engine not initialised';
  return `${info.backend} (tfjs ${tf.version.tfjs}${threadsNote(info.threads)})`;
}

export interface MeasureOptions {
  workload: string;
  /** Items processed by one run (for throughput). */
  items: number;
  unit: string;
  args: BenchArgs;
  /** One run; its wall time is what is measured. */
  run: () => unknown;
  /** Called once after the last run, for `detail` (e.g. the final loss). */
  detail?: () => Record<string, unknown> | Promise<Record<string, unknown>>;
}

/** Warm up, time `args.runs` runs, print one human line and the result line, return the result. */
export async function measure(opts: MeasureOptions): Promise<BenchResult> {
  for (let i = 0; i < opts.args.warmup; i++) await opts.run();
  const runs: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < opts.args.runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await opts.run();
    runs.push((performance.now() - t0) / 1000);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1e6);
  }
  const med = median(runs);
  const result: BenchResult = {
    workload: opts.workload, impl: 'tfjs', median_s: med, runs_s: runs, cpu_s: cpu, throughput: opts.items / med, unit: opts.unit,
    peak_rss_mb: peakRssMb(), backend: await backendLabel(), detail: opts.detail ? await opts.detail() : undefined,
  };
  emit(result);
  return result;
}

/** Report a workload that could not run (missing data or module), with the reason. */
export async function skip(workload: string, unit: string, reason: string): Promise<BenchResult> {
  const result: BenchResult = {
    workload, impl: 'tfjs', median_s: null, runs_s: [], throughput: null, unit, peak_rss_mb: peakRssMb(), backend: await backendLabel(), skipped: reason,
  };
  emit(result);
  return result;
}

/** Print the human line and the machine line of a result. */
export function emit(r: BenchResult): void {
  if (r.skipped) {
    console.log(`${r.workload.padEnd(28)} skipped: ${r.skipped}`);
  } else {
    console.log(
      `${r.workload.padEnd(28)} ${fmtSeconds(r.median_s!).padStart(9)}  ${r.throughput === null ? '' : `${fmtRate(r.throughput)} ${r.unit}  `}` +
      `${r.cpu_s ? `CPU ${fmtSeconds(median(r.cpu_s))}  ` : ''}peak RSS ${r.peak_rss_mb.toFixed(0)} MiB  ${r.backend}  (runs: ${r.runs_s.map((s) => s.toFixed(2)).join(', ')} s)`,
    );
  }
  emitResultLine(r);
}

/** Only the machine-readable line (for benches that print their own human line). */
export function emitResultLine(r: BenchResult): void {
  console.log(RESULT_PREFIX + JSON.stringify(r));
}

export function fmtSeconds(s: number): string {
  return s >= 10 ? `${s.toFixed(1)} s` : s >= 0.1 ? `${s.toFixed(2)} s` : `${(s * 1000).toFixed(1)} ms`;
}

export function fmtRate(r: number): string {
  return r >= 1000 ? `${Math.round(r).toLocaleString('en')}` : r.toFixed(1);
}

/** Seeded standard-normal data `[...shape]` as a host array (the benchmarks' synthetic input). */
export function randomHostArray(shape: number[], seed: number): HostArray {
  const n = shape.reduce((a, b) => a * b, 1);
  const rng = createRng(seed);
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = rng.normal();
  return { data, shape };
}

/**
 * The model exported to ONNX (lib/onnx, the detectors' own translation and score head) in an
 * onnxruntime-node session: `score(x, batchSize)` returns one score per sample of `x` ([n, …sample]).
 */
export async function ortScorer(model: tf.LayersModel, head: OnnxHead): Promise<{ score(x: HostArray, batchSize: number): Promise<Float32Array>; label: string; release(): Promise<void> }> {
  const session = await OrtSession.create(networkToOnnx(model, head).bytes);
  return {
    label: ortLabel(session.threads),
    async score(x, batchSize) {
      const [n, ...sample] = x.shape;
      const size = sample.reduce((a, b) => a * b, 1);
      const out = new Float32Array(n);
      for (let i = 0; i < n; i += batchSize) {
        const b = Math.min(batchSize, n - i);
        const r = await session.run(x.data.subarray(i * size, (i + b) * size), [b, ...sample], ['score']);
        out.set(r.score.data, i);
      }
      return out;
    },
    release: () => session.release(),
  };
}
