import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmGaps } from './wasm-kernels';
import { runningWasmThreads, useThreadedWasm, WASM_THREADS_ENV, wasmThreads } from './wasm-threads';
import { FUSED_ENV, fusedEnabled } from './fused';

/** Backends seqsentry can run on, fastest first. `node-gpu`/`node` are the libtensorflow bindings. */
export type BackendChoice = 'node-gpu' | 'node' | 'wasm' | 'cpu';

/** Environment variable that forces a backend (`auto` or unset = pick the fastest usable one). */
export const BACKEND_ENV = 'SEQSENTRY_BACKEND';

const CHOICES: readonly BackendChoice[] = ['node-gpu', 'node', 'wasm', 'cpu'];
const NATIVE_PACKAGE = { 'node-gpu': '@tensorflow/tfjs-node-gpu', node: '@tensorflow/tfjs-node' } as const;

export interface EngineInfo {
  /** What seqsentry chose. */
  choice: BackendChoice;
  /** TF.js's own backend name (`tensorflow`, `wasm`, `cpu`). */
  backend: string;
  /** Why: forced by the environment, or what was tried and failed. */
  reason: string;
  /** Threads of the WASM backend (1 = the single-threaded build); absent for the others. */
  threads?: number;
}

let current: Promise<EngineInfo> | null = null;

/**
 * Set up TensorFlow.js once per process: pick the backend, close the WASM gaps, log the choice.
 * Later calls return the same result; `force` (or `$SEQSENTRY_BACKEND`) forces a backend.
 */
export function initEngine(opts: { force?: string; quiet?: boolean } = {}): Promise<EngineInfo> {
  const want = opts.force ?? process.env[BACKEND_ENV];
  if (current && opts.force && opts.force !== 'auto') {
    // One backend per process: a later, different request is an error, not silently ignored.
    return current.then((info) => {
      if (info.choice !== opts.force) throw new Error(`initEngine: backend ${info.choice} is already set up in this process; cannot switch to ${opts.force}`);
      return info;
    });
  }
  current ??= chooseBackend(want).then(
    (info) => {
      if (!opts.quiet) console.log(`[seqsentry] TensorFlow.js ${tf.version.tfjs} backend: ${info.choice} (${info.reason})${threadsNote(info.threads)}`);
      return info;
    },
    (err: unknown) => {
      current = null; // let a corrected call try again
      throw err;
    },
  );
  return current;
}

/**
 * Check the engine's environment variables (SEQSENTRY_BACKEND, SEQSENTRY_WASM_THREADS, SEQSENTRY_FUSED) without
 * starting anything, so a CLI can reject a bad value before any work; the error names the variable.
 */
export function checkEngineEnv(env: NodeJS.ProcessEnv = process.env): void {
  const want = env[BACKEND_ENV];
  if (want && want !== 'auto') parseChoice(want);
  wasmThreads(env[WASM_THREADS_ENV]);
  fusedEnabled(env[FUSED_ENV]);
}

/** ", 2 threads" for a WASM backend's thread count; "" without one. */
export function threadsNote(threads: number | undefined): string {
  return threads ? `, ${threads} thread${threads > 1 ? 's' : ''}` : '';
}

/** The info of the engine set up by `initEngine`, or null before it ran. */
export async function engineInfo(): Promise<EngineInfo | null> {
  return current;
}

async function chooseBackend(forced: string | undefined): Promise<EngineInfo> {
  registerWasmGaps();
  const want = forced && forced !== 'auto' ? parseChoice(forced) : null;
  // The threaded WASM build replaces the single-threaded one before WASM first starts (wasm-threads.ts).
  const notes: string[] = [];
  useThreadedWasm(wasmThreads(), (why) => notes.push(`threaded WASM failed to start (${why}); single-threaded`));
  const done = (choice: BackendChoice, reason: string): EngineInfo => {
    const threads = runningWasmThreads();
    return { choice, backend: tf.getBackend(), reason: [reason, ...notes].join('; '), ...(threads ? { threads } : {}) };
  };
  if (want) {
    const failure = await tryBackend(want);
    if (failure) throw new Error(`${BACKEND_ENV}=${want} cannot be used: ${failure}`);
    return done(want, `forced by ${BACKEND_ENV}`);
  }
  const tried: string[] = [];
  for (const choice of CHOICES) {
    const failure = await tryBackend(choice);
    if (!failure) return done(choice, tried.length ? tried.join('; ') : 'fastest available');
    tried.push(`${choice}: ${failure}`);
  }
  throw new Error(`no TensorFlow.js backend could start: ${tried.join('; ')}`);
}

function parseChoice(value: string): BackendChoice {
  if ((CHOICES as readonly string[]).includes(value)) return value as BackendChoice;
  throw new Error(`${BACKEND_ENV}="${value}" is not a backend; use one of auto, ${CHOICES.join(', ')}`);
}

/** Try to activate a backend; returns null on success, else why not. */
async function tryBackend(choice: BackendChoice): Promise<string | null> {
  if (choice === 'node-gpu' || choice === 'node') {
    const pkg = NATIVE_PACKAGE[choice];
    // tfjs-node-gpu on a machine without CUDA still gives a working libtensorflow CPU backend.
    const registered = choice === 'node' && tf.findBackendFactory('tensorflow');
    if (!registered) {
      try {
        require.resolve(pkg);
      } catch {
        return `${pkg} not installed`;
      }
      try {
        require(pkg);
      } catch (err) {
        return `${pkg} failed to load: ${(err as Error).message.split('\n')[0]}`;
      }
    }
    if (!tf.findBackend('tensorflow')) {
      return `${pkg} registered its backend on another copy of @tensorflow/tfjs; install version ${tf.version.tfjs}`;
    }
    try {
      if (!(await tf.setBackend('tensorflow'))) return 'tf.setBackend("tensorflow") failed';
    } catch (err) {
      return `its backend failed to start: ${(err as Error).message.split('\n')[0]}`;
    }
    if (choice === 'node-gpu' && !usesGpu()) return 'libtensorflow sees no GPU';
    return null;
  }
  const listeners = { uncaughtException: process.listeners('uncaughtException'), unhandledRejection: process.listeners('unhandledRejection') };
  try {
    return (await tf.setBackend(choice)) ? null : `tf.setBackend("${choice}") failed`;
  } catch (err) {
    return (err as Error).message;
  } finally {
    dropListenersAddedSince(listeners);
  }
}

/**
 * The WASM module (emscripten) installs process handlers that rethrow every uncaught error from its
 * own minified source line, so Node prints ~10 kB of generated code instead of the error's stack.
 * Remove what it added; Node's default handling is the right one for our CLIs, tests and notebooks.
 */
function dropListenersAddedSince(before: Record<'uncaughtException' | 'unhandledRejection', Function[]>): void {
  for (const l of process.listeners('uncaughtException')) if (!before.uncaughtException.includes(l)) process.removeListener('uncaughtException', l);
  for (const l of process.listeners('unhandledRejection')) if (!before.unhandledRejection.includes(l)) process.removeListener('unhandledRejection', l);
}

/** tfjs-node-gpu runs on the CPU silently when CUDA is missing; its backend says which (a boolean property). */
function usesGpu(): boolean {
  return (tf.backend() as unknown as { isUsingGpuDevice?: unknown }).isUsingGpuDevice === true;
}
