/**
 * ONNX Runtime (onnxruntime-node, CPU) as a scoring engine: the one place that loads it. Loading is lazy
 * so that a platform without its native binaries still trains and scores with TF.js (the caller
 * decides, lib/detectors/engine.ts). Threads: SEQSENTRY_ORT_THREADS, else 1. Measured here (2 shared
 * cores, the demo GRU-SAE, 8,192 windows): 1 thread 23 µs CPU (41–49 µs wall) per window at batch
 * ≥ 64; 2 threads 63–80 µs CPU and 135–150 µs wall: ORT's pool spins and the small per-step products
 * of a GRU do not split well. More threads pay off only for large convolutions on idle cores.
 */
import * as os from 'node:os';
import type * as Ort from 'onnxruntime-node';

export const ORT_THREADS_ENV = 'SEQSENTRY_ORT_THREADS';

let ort: typeof Ort | null = null;
let loadError: string | null = null;

/** The onnxruntime-node module, or null with `ortLoadError()` saying why. */
export function loadOrt(): typeof Ort | null {
  if (ort || loadError) return ort;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    ort = require('onnxruntime-node') as typeof Ort;
  } catch (err) {
    loadError = (err as Error).message.split('\n')[0];
  }
  return ort;
}

export function ortLoadError(): string | null {
  loadOrt();
  return loadError;
}

/** Intra-op threads: SEQSENTRY_ORT_THREADS (1 … the number of cores), default 1 (see the module comment). */
export function ortThreads(): number {
  const raw = process.env[ORT_THREADS_ENV];
  if (raw === undefined || raw === '') return 1;
  const n = Number(raw);
  const cores = Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
  if (!(Number.isInteger(n) && n >= 1 && n <= Math.max(cores, 64))) throw new Error(`${ORT_THREADS_ENV} must be an integer ≥ 1, got "${raw}"`);
  return n;
}

/** "onnxruntime-node 1.30.0 (cpu, 2 threads)". */
export function ortLabel(threads = ortThreads()): string {
  const m = loadOrt();
  return `onnxruntime-node ${m?.env.versions?.node ?? '?'} (cpu, ${threads} thread${threads > 1 ? 's' : ''})`;
}

/** One ORT session over a model in memory. */
export class OrtSession {
  private constructor(
    private readonly session: Ort.InferenceSession,
    private readonly ortModule: typeof Ort,
    readonly threads: number,
  ) {}

  /** A session for the model bytes; throws when onnxruntime-node cannot load. */
  static async create(bytes: Uint8Array, opts: { threads?: number } = {}): Promise<OrtSession> {
    const m = loadOrt();
    if (!m) throw new Error(`onnxruntime-node cannot be loaded: ${loadError}`);
    const threads = opts.threads ?? ortThreads();
    const session = await m.InferenceSession.create(bytes, {
      executionProviders: ['cpu'], intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all', executionMode: 'sequential',
    });
    return new OrtSession(session, m, threads);
  }

  get inputNames(): readonly string[] {
    return this.session.inputNames;
  }

  get outputNames(): readonly string[] {
    return this.session.outputNames;
  }

  /** Run on one float32 input `[n, ...shape]`; returns the requested outputs as float32 arrays with their shapes. */
  async run(input: Float32Array, shape: number[], outputs: readonly string[]): Promise<Record<string, { data: Float32Array; dims: number[] }>> {
    const feeds = { [this.session.inputNames[0]]: new this.ortModule.Tensor('float32', input, shape) };
    const res = await this.session.run(feeds, outputs as string[]);
    const out: Record<string, { data: Float32Array; dims: number[] }> = {};
    for (const name of outputs) {
      const t = res[name];
      out[name] = { data: t.data as Float32Array, dims: [...t.dims] };
    }
    return out;
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
