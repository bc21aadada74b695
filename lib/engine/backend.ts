import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmGaps } from './wasm-kernels';

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
}

let current: Promise<EngineInfo> | null = null;

/**
 * Set up TensorFlow.js once per process: pick the backend, close the WASM gaps, log the choice.
 * Later calls return the same result; `force` (or `$SEQSENTRY_BACKEND`) forces a backend.
 */
export function initEngine(opts: { force?: string; quiet?: boolean } = {}): Promise<EngineInfo> {
  current ??= chooseBackend(opts.force ?? process.env[BACKEND_ENV]).then((info) => {
    if (!opts.quiet) console.log(`[seqsentry] TensorFlow.js ${tf.version.tfjs} backend: ${info.choice} (${info.reason})`);
    return info;
  });
  return current;
}

/** The info of the engine set up by `initEngine`, or null before it ran. */
export async function engineInfo(): Promise<EngineInfo | null> {
  return current;
}

async function chooseBackend(forced: string | undefined): Promise<EngineInfo> {
  registerWasmGaps();
  const want = forced && forced !== 'auto' ? parseChoice(forced) : null;
  if (want) {
    const failure = await tryBackend(want);
    if (failure) throw new Error(`${BACKEND_ENV}=${want} cannot be used: ${failure}`);
    return { choice: want, backend: tf.getBackend(), reason: `forced by ${BACKEND_ENV}` };
  }
  const tried: string[] = [];
  for (const choice of CHOICES) {
    const failure = await tryBackend(choice);
    if (!failure) return { choice, backend: tf.getBackend(), reason: tried.length ? tried.join('; ') : 'fastest available' };
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
    if (!tf.findBackend('tensorflow')) {
      return `${pkg} registered its backend on another copy of @tensorflow/tfjs; install version ${tf.version.tfjs}`;
    }
    if (choice === 'node-gpu' && !(await hasGpu())) return 'no GPU visible to libtensorflow';
    return (await tf.setBackend('tensorflow')) ? null : 'tf.setBackend("tensorflow") failed';
  }
  try {
    return (await tf.setBackend(choice)) ? null : `tf.setBackend("${choice}") failed`;
  } catch (err) {
    return (err as Error).message;
  }
}

/** tfjs-node-gpu falls back to the CPU silently when CUDA is missing; ask its backend. */
async function hasGpu(): Promise<boolean> {
  if (!(await tf.setBackend('tensorflow'))) return false;
  const backend = tf.backend() as unknown as { isUsingGpuDevice?: () => boolean };
  return backend.isUsingGpuDevice?.() ?? true;
}
